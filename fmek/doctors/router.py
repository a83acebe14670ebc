"""HTTP endpoints for doctors: planners of the region (or admins) manage them; a forensisch
arts reads their own record at /doctors/me."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from fmek.api.deps import RegionCode
from fmek.api.errors import error_responses
from fmek.audit.deps import ActorDep
from fmek.auth.deps import CurrentUserDep
from fmek.db import SessionDep
from fmek.doctors import service
from fmek.doctors.access import require_planner_of
from fmek.doctors.deps import DoctorDep
from fmek.doctors.models import (
    DoctorCreate,
    DoctorPublic,
    DoctorUpdate,
    FeedLink,
    RegionQualificationsOut,
    UnavailabilityCreate,
    UnavailabilityPublic,
)

router = APIRouter(tags=["doctors"])


@router.get(
    "/regions/{code}/doctors",
    response_model=list[DoctorPublic],
    responses=error_responses(401, 403, 404),
)
def list_doctors(code: RegionCode, session: SessionDep, actor: ActorDep) -> list[DoctorPublic]:
    """All doctors of the region, inactive ones included."""
    assert actor.user is not None
    require_planner_of(actor.user, code)
    return service.list_doctors(session, code, actor)


@router.get(
    "/regions/{code}/qualifications",
    response_model=RegionQualificationsOut,
    responses=error_responses(401, 403, 404, 422),
)
def region_qualifications(
    code: RegionCode,
    session: SessionDep,
    actor: ActorDep,
    notice_days: Annotated[int, Query(ge=0, le=730)] = service.EXPIRY_NOTICE_DAYS,
) -> RegionQualificationsOut:
    """Kwaliteitseisen of the region's doctors: BIG registration and qualifications with
    their valid-until dates and evidence; `expiring` lists what lapses within the notice
    period (default 90 days) or has lapsed."""
    assert actor.user is not None
    require_planner_of(actor.user, code)
    return service.region_qualifications(session, code, actor, notice_days)


@router.post(
    "/regions/{code}/doctors",
    status_code=201,
    response_model=DoctorPublic,
    responses=error_responses(401, 403, 404, 409, 422),
)
def create_doctor(
    code: RegionCode,
    doctor_in: DoctorCreate,
    session: SessionDep,
    actor: ActorDep,
    response: Response,
) -> DoctorPublic:
    assert actor.user is not None
    require_planner_of(actor.user, code)
    created = service.create_doctor(session, code, doctor_in, actor)
    response.headers["Location"] = f"/api/v1/doctors/{created.id}"
    return created


@router.get("/doctors/me", response_model=DoctorPublic, responses=error_responses(401, 404))
def my_doctor_record(session: SessionDep, user: CurrentUserDep, actor: ActorDep) -> DoctorPublic:
    """The doctor record linked to the signed-in forensisch arts."""
    return service.read_doctor(session, service.own_doctor(session, user), actor)


@router.get(
    "/doctors/{doctor_id}", response_model=DoctorPublic, responses=error_responses(401, 404)
)
def get_doctor(doctor: DoctorDep, session: SessionDep, actor: ActorDep) -> DoctorPublic:
    return service.read_doctor(session, doctor, actor)


@router.patch(
    "/doctors/{doctor_id}",
    response_model=DoctorPublic,
    responses=error_responses(401, 403, 404, 409, 422),
)
def update_doctor(
    doctor_in: DoctorUpdate, doctor: DoctorDep, session: SessionDep, actor: ActorDep
) -> DoctorPublic:
    """Change only the fields sent."""
    return service.update_doctor(session, doctor, doctor_in, actor)


@router.post(
    "/doctors/{doctor_id}/big-verification",
    response_model=DoctorPublic,
    responses=error_responses(401, 403, 404),
)
def verify_big(doctor: DoctorDep, session: SessionDep, actor: ActorDep) -> DoctorPublic:
    """Record that the BIG number was checked against the BIG register today: from then on
    the doctor may sign and review reports. Changing the number clears it."""
    return service.verify_big(session, doctor, actor)


@router.delete("/doctors/{doctor_id}", status_code=204, responses=error_responses(401, 403, 404))
def deactivate_doctor(doctor: DoctorDep, session: SessionDep, actor: ActorDep) -> Response:
    """Deactivate: the doctor is no longer rostered; past entries stay readable."""
    service.deactivate_doctor(session, doctor, actor)
    return Response(status_code=204)


@router.post(
    "/doctors/{doctor_id}/unavailability",
    status_code=201,
    response_model=UnavailabilityPublic,
    responses=error_responses(401, 403, 404, 422),
)
def add_unavailability(
    period: UnavailabilityCreate, doctor: DoctorDep, session: SessionDep, actor: ActorDep
) -> UnavailabilityPublic:
    """Add leave or unavailability; the next roster generation keeps the doctor free then."""
    return service.add_unavailability(session, doctor, period, actor)


@router.delete(
    "/doctors/{doctor_id}/unavailability/{unavailability_id}",
    status_code=204,
    responses=error_responses(401, 403, 404),
)
def remove_unavailability(
    unavailability_id: int, doctor: DoctorDep, session: SessionDep, actor: ActorDep
) -> Response:
    service.remove_unavailability(session, doctor, unavailability_id, actor)
    return Response(status_code=204)


@router.post(
    "/doctors/{doctor_id}/feed-token",
    status_code=201,
    response_model=FeedLink,
    responses=error_responses(401, 403, 404),
)
def create_feed_link(
    doctor: DoctorDep, session: SessionDep, actor: ActorDep, request: Request
) -> FeedLink:
    """A subscribable iCalendar URL with a per-doctor token (replaces any earlier one)."""
    token = service.issue_feed_token(session, doctor, actor)
    url = str(request.url_for("doctor_roster_ics", doctor_id=doctor.id))
    return FeedLink(url=f"{url}?token={token}", token=token)
