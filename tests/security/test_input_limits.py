"""Every string and list a client sends has a limit, and odd numbers never become a 500
(issue probes: ``If-Match: "²"``, a 5,000-digit If-Match, ``doctor=²`` on the pin form)."""

from typing import Any

import pytest

from fmek.auth.models import Role
from fmek.main import create_app
from fmek.settings import Settings
from tests.referrals.builders import referral_body
from tests.web.test_planner_web import csrf_of, sign_in

URL = "/api/v1/referrals"
BOUNDED_FORMATS = {"date", "date-time", "uuid", "time", "binary"}


def _unbounded(spec: dict[str, Any]) -> set[str]:
    schemas = spec["components"]["schemas"]
    seen: set[str] = set()
    gaps: set[str] = set()

    def walk(schema: dict[str, Any], where: str) -> None:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                walk(schemas[name], name)
            return
        for key in ("anyOf", "oneOf", "allOf"):
            for sub in schema.get(key, []):
                walk(sub, where)
        kind = schema.get("type")
        if (
            kind == "string"
            and not {"enum", "const", "maxLength", "pattern"} & schema.keys()
            and schema.get("format") not in BOUNDED_FORMATS
        ):
            gaps.add(f"{where}: string")
        if kind == "array":
            if "maxItems" not in schema:
                gaps.add(f"{where}: list")
            walk(schema.get("items", {}), f"{where}[]")
        for name, sub in schema.get("properties", {}).items():
            walk(sub, f"{where}.{name}")
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            if "maxProperties" not in schema:
                gaps.add(f"{where}: object")
            walk(extra, f"{where}{{}}")

    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for content in operation.get("requestBody", {}).get("content", {}).values():
                if "multipart/form-data" not in str(content) and "Body_" not in str(content):
                    walk(content["schema"], f"{method.upper()} {path} body")
            for parameter in operation.get("parameters", []):
                walk(parameter["schema"], f"{method.upper()} {path} {parameter['name']}")
    return gaps


def test_every_string_and_list_in_the_api_has_a_maximum(engine):
    app = create_app(Settings(database_url=str(engine.url), cookie_secure=False), engine=engine)
    gaps = _unbounded(app.openapi())
    # the photo upload's file part is bounded by the body limit (11 MB), not by a schema
    gaps.discard("Body_add_photo_api_v1_advice_requests__case_number__photos_post.file: string")
    assert gaps == set()


@pytest.mark.usefixtures("session")
def test_a_list_longer_than_its_limit_is_422_not_stored(client, login):
    vt = login(Role.VERTROUWENSARTS)
    body = referral_body(questions=["injury_cause"] * 41)
    response = client.post(URL, json=body, headers=vt.headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "questions"


@pytest.mark.parametrize(
    "if_match",
    ['"²"'.encode(), ('"' + "9" * 5000 + '"').encode(), b'"1\xd9\xa3"', b'W/"-1"'],
)
def test_odd_if_match_values_are_422_not_500(client, login, if_match):
    vt = login(Role.VERTROUWENSARTS)
    planner = login(Role.GGD_PLANNER, region="GG2514")
    referral = client.post(URL, json=referral_body(), headers=vt.headers).json()
    response = client.post(
        f"{URL}/{referral['id']}/transitions",
        json={"to": "scheduled"},
        headers={**planner.headers, "If-Match": if_match},  # type: ignore[dict-item]
    )
    assert response.status_code == 422, response.text
    assert [str(p).lower() for p in response.json()["detail"][0]["loc"]] == ["header", "if-match"]


@pytest.mark.parametrize("doctor", ["²", "٣", "9" * 12])
def test_an_odd_doctor_on_the_pin_form_is_a_message_not_a_500(client, login, doctor):
    planner = login(Role.GGD_PLANNER, region="GG2514")
    sign_in(client, planner.token)
    page = client.get("/planning/regions/GG2514?week=2030-W10")
    response = client.post(
        "/planning/regions/GG2514/pin",
        data={
            "csrf": csrf_of(page.text),
            "position_id": "GG2514:2030-03-04T08:00:00+01:00:day:primary",
            "doctor": doctor,
            "week": "2030-W10",
        },
    )
    assert response.status_code == 200
    assert "Kies eerst een arts." in response.text or "Niet opgeslagen" in response.text


def test_no_error_body_repeats_an_identifier_the_client_sent(client, login):
    vt = login(Role.VERTROUWENSARTS)
    body = referral_body()
    body["123456782"] = "x"
    body["child"]["Jan Jansen, Kerkstraat 12"] = "y"
    response = client.post(URL, json=body, headers=vt.headers)
    assert response.status_code == 422
    assert "123456782" not in response.text and "Kerkstraat" not in response.text
    assert {tuple(d["loc"][-1:]) for d in response.json()["detail"]} == {
        ("<field name withheld: it looks like an identifier>",)
    }
    planner = login(Role.GGD_PLANNER, region="GG2514")
    for path in (
        "/api/v1/roster-jobs/123456782",
        "/api/v1/coverage-pools/123456782",
        "/api/v1/referrals/123456782",
    ):
        answer = client.get(path, headers=planner.headers)
        assert answer.status_code in (404, 405), path
        assert "123456782" not in answer.text, path
