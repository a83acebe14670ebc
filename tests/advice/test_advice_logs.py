"""Nothing of an advice request reaches the application logs: no body, query or free text."""

import logging

from fmek.auth.models import Role
from tests.advice.builders import URL, advice_body, answer_body, post, release, submit

SECRETS = [
    "123456782",
    "06-12345678",
    "Kerkstraat 12",
    "Naam: Sanne de Vries",
    "jan [at] example [dot] nl",
    "NL91.ABNA.0417.1643.00",
    "geb. 12 - 11 - 2019",
]
CLINICAL = "Spiraalfractuur tibia rechts, AO 42-A1, uniek-klinisch-zinnetje-xyz."


def test_logs_hold_no_content_of_accepted_or_refused_requests(client, login, team, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    va = login(Role.VERTROUWENSARTS)
    for secret in SECRETS:
        refused = client.post(
            URL, json=advice_body(clinical_summary=f"Gegevens: {secret}."), headers=va.headers
        )
        assert refused.status_code == 422
    unknown = client.post(URL, json={**advice_body(), "name": "Sanne de Vries"}, headers=va.headers)
    assert unknown.status_code == 422
    number = submit(client, team.requester.headers, clinical_summary=CLINICAL)
    release(client, team, number)
    client.get(URL, params={"status": "released"}, headers=team.author.headers)
    client.get(f"{URL}/{number}", headers=team.requester.headers)
    client.get(f"{URL}/123456782", headers=team.requester.headers)
    post(client, f"{number}/answer", team.author, answer_body(advice="Bel 06-12345678."))
    text = "\n".join(
        f"{r.name} {r.getMessage()} {r.args!r} {r.exc_text or ''}"
        for r in caplog.records
        if not r.name.startswith("httpx")  # the test client's own log, not the server's
    )
    assert caplog.records, "the access log should have recorded the requests"
    assert "/advice-requests/{case_number}" in text
    for secret in [*SECRETS, "Sanne", CLINICAL, "uniek-klinisch", number, "status=released"]:
        assert secret not in text
