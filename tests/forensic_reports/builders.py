"""Builders for report tests: a GGD referral with its requester, examining doctor and a second
forensisch arts of the same GGD who reviews; both have verified doctor records."""

import copy
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from fmek.auth.models import Role
from fmek.clock import utcnow
from fmek.doctors.models import Doctor
from fmek.forensic_reports.sample import draft_body
from fmek.referrals.models import Referral
from reports.sample import EXAMINED_AT, sample_forensic_report
from tests.conftest import Login
from tests.referrals.builders import referral_body

API = "/api/v1"
AUTHOR_BIG = "19012345601"
REVIEWER_BIG = "19076543201"


def add_doctor(
    engine: Engine,
    who: Login,
    big_number: str,
    *,
    verified: bool = True,
    region: str = "GG2514",
    name: str | None = None,
) -> int:
    """A doctor record linked to `who` (BIG verified unless told otherwise); returns its id."""
    with Session(engine) as s:
        doctor = Doctor(
            name=name or who.user.name,
            big_number=big_number,
            region=region,
            qualifications=["child_forensic"],
            contract_hours=36,
            user_id=who.user.id,
            big_verified_at=utcnow() if verified else None,
        )
        s.add(doctor)
        s.commit()
        assert doctor.id is not None
        return doctor.id


@dataclass(frozen=True)
class Case:
    client: TestClient
    vt: Login
    doctor: Login
    reviewer: Login
    referral_id: str

    @property
    def base(self) -> str:
        return f"{API}/referrals/{self.referral_id}/report"

    def put_draft(self, body: dict[str, Any], who: Login | None = None) -> Any:
        return self.client.put(
            f"{self.base}/draft", json=body, headers=(who or self.doctor).headers
        )

    def finalise(self, body: dict[str, Any] | None = None, who: Login | None = None) -> Any:
        """Submit for review (to the case's reviewer unless `body` says otherwise)."""
        return self.client.post(
            f"{self.base}/finalise",
            json={"reviewer_user_id": self.reviewer.user.id, "place": "Utrecht"}
            if body is None
            else body,
            headers=(who or self.doctor).headers,
        )

    def review(
        self, decision: str = "approve", remark: str | None = None, who: Login | None = None
    ) -> Any:
        body: dict[str, Any] = {"decision": decision}
        if remark is not None:
            body["remark"] = remark
        return self.client.post(
            f"{self.base}/review", json=body, headers=(who or self.reviewer).headers
        )

    def sign(self) -> dict[str, Any]:
        """Submit the current draft and have the reviewer approve it: the final version."""
        submitted = self.finalise()
        assert submitted.status_code == 200, submitted.text
        approved = self.review()
        assert approved.status_code == 200, approved.text
        result: dict[str, Any] = approved.json()
        return result

    def html(self, who: Login | None = None, **params: Any) -> Any:
        return self.client.get(self.base, params=params, headers=(who or self.doctor).headers)


def new_case(
    client: TestClient,
    login: Any,
    engine: Engine,
    *,
    author_verified: bool | None = True,
    child_birth_date: str | None = None,
) -> Case:
    """`author_verified`: the author's doctor record has a verified BIG number (True), an
    unverified one (False), or the author has no doctor record at all (None). The child is
    five years old unless `child_birth_date` says otherwise."""
    vt = login(Role.VERTROUWENSARTS, organisation="VT-UTRECHT", name="drs. M. Jansen")
    doctor = login(Role.FORENSISCH_ARTS, region="GG2514", name="dr. E. van den Berg")
    reviewer = login(Role.FORENSISCH_ARTS, region="GG2514", name="dr. H. Smit")
    body = referral_body(
        injuries=[{"kind": "bruise", "body_region": "buttocks", "side": "left"}],
        concerns=["physical_abuse"],
    )
    if child_birth_date is not None:
        body["child"]["birth_date"] = child_birth_date
    response = client.post(f"{API}/referrals", json=body, headers=vt.headers)
    assert response.status_code == 201, response.text
    referral = response.json()
    assert referral["routing"]["destination"] == "ggd", referral["routing"]
    requested_before_sample(engine, referral["id"])
    # Doctor records after the referral: with doctors but no roster, planning would escalate it.
    if author_verified is not None:
        add_doctor(engine, doctor, AUTHOR_BIG, verified=author_verified)
    add_doctor(engine, reviewer, REVIEWER_BIG)
    return Case(client, vt, doctor, reviewer, referral["id"])


def requested_before_sample(engine: Engine, referral_id: str) -> None:
    """Date the request (and a stated last incident) before the sample's examination, as in a
    real case: the sample report's moments are fixed, the test's referral is made just now."""
    with Session(engine) as s:
        referral = s.get(Referral, referral_id)
        assert referral is not None
        referral.submitted_at = EXAMINED_AT - timedelta(days=2)
        if referral.last_incident_at is not None:
            referral.last_incident_at = EXAMINED_AT - timedelta(days=3)
        s.add(referral)
        s.commit()


def good_draft(n_injuries: int = 3) -> dict[str, Any]:
    """A complete draft (three questions, clinical and evaluative conclusions)."""
    return copy.deepcopy(draft_body(sample_forensic_report(n_injuries)))
