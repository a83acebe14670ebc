"""Reference data endpoints."""

from fastapi import APIRouter

from fmek.api.errors import error_responses
from fmek.auth.deps import CurrentUserDep
from fmek.db import SessionDep
from fmek.reference import service
from fmek.reference.models import OrganisationKind, OrganisationPublic, RegionPublic

router = APIRouter(tags=["reference"])


@router.get("/regions", response_model=list[RegionPublic], responses=error_responses(401))
def list_regions(session: SessionDep, _user: CurrentUserDep) -> list[RegionPublic]:
    """The 25 GGD regions with approximate centroids and neighbours."""
    return [
        RegionPublic.model_validate(r, from_attributes=True) for r in service.list_regions(session)
    ]


@router.get(
    "/organisations", response_model=list[OrganisationPublic], responses=error_responses(401, 422)
)
def list_organisations(
    session: SessionDep, _user: CurrentUserDep, kind: OrganisationKind | None = None
) -> list[OrganisationPublic]:
    return [
        OrganisationPublic.model_validate(o, from_attributes=True)
        for o in service.list_organisations(session, kind)
    ]
