"""Builders for report tests: a GGD referral with its requester and examining doctor."""

import copy
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from fmek.auth.models import Role
from fmek.forensic_reports.sample import draft_body
from reports.sample import sample_forensic_report
from tests.api.builders import referral_body
from tests.conftest import Login

API = "/api/v1"
REVIEWER = "dr. H. Smit, kinderarts-forensisch deskundige"
SIGNATURE = {
    "reviewer_name": REVIEWER,
    "author_name": "dr. E. van den Berg",
    "big_number": "19012345601",
    "qualification": "forensisch arts KNMG",
}


@dataclass(frozen=True)
class Case:
    client: TestClient
    vt: Login
    doctor: Login
    referral_id: str

    @property
    def base(self) -> str:
        return f"{API}/referrals/{self.referral_id}/report"

    def put_draft(self, body: dict[str, Any], who: Login | None = None) -> Any:
        return self.client.put(
            f"{self.base}/draft", json=body, headers=(who or self.doctor).headers
        )

    def finalise(self, body: dict[str, Any] | None = None, who: Login | None = None) -> Any:
        return self.client.post(
            f"{self.base}/finalise",
            json=SIGNATURE if body is None else body,
            headers=(who or self.doctor).headers,
        )

    def html(self, who: Login | None = None, **params: Any) -> Any:
        return self.client.get(self.base, params=params, headers=(who or self.doctor).headers)


def new_case(client: TestClient, login: Any) -> Case:
    vt = login(Role.VERTROUWENSARTS, organisation="VT-UTRECHT", name="drs. M. Jansen")
    doctor = login(Role.FORENSISCH_ARTS, region="GG2514", name="dr. E. van den Berg")
    body = referral_body(
        injuries=[{"kind": "bruise", "body_region": "buttocks", "side": "left"}],
        concerns=["physical_abuse"],
    )
    response = client.post(f"{API}/referrals", json=body, headers=vt.headers)
    assert response.status_code == 201, response.text
    referral = response.json()
    assert referral["routing"]["destination"] == "ggd"
    return Case(client, vt, doctor, referral["id"])


def good_draft(n_injuries: int = 3) -> dict[str, Any]:
    """A complete draft (three questions, clinical and evaluative conclusions)."""
    return copy.deepcopy(draft_body(sample_forensic_report(n_injuries)))
