"""Photos through the API: scrubbed before storage, never the original bytes, LECK-only reads."""

import io

from PIL import Image
from sqlmodel import select

from fmek.advice import attachments
from fmek.advice.models import AdvicePhoto
from fmek.auth.models import Role
from tests.advice.builders import URL, count, release, submit

SECRET = b"Kerkstraat-12-Jan-Jansen"


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 20), (220, 20, 20))
    exif = Image.Exif()
    exif[0x013B] = SECRET.decode()  # Artist
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, comment=SECRET)
    return buffer.getvalue()


def upload(client, who, number, data: bytes, name: str = "foto.jpg"):  # type: ignore[no-untyped-def]
    return client.post(
        f"{URL}/{number}/photos",
        files={"file": (name, data, "image/jpeg")},
        headers=who.headers,
    )


def test_photo_is_scrubbed_and_served_only_to_leck(client, team, login, session) -> None:
    number = submit(client, team.requester.headers)
    original = jpeg_with_exif()
    assert SECRET in original
    response = upload(client, team.requester, number, original)
    assert response.status_code == 201, response.text
    meta = response.json()
    assert meta["media_type"] == "image/jpeg" and (meta["width"], meta["height"]) == (40, 20)
    session.rollback()
    stored = session.exec(select(AdvicePhoto)).one()
    assert SECRET not in stored.content and stored.content != original
    listed = client.get(f"{URL}/{number}/photos", headers=team.author.headers)
    assert [p["id"] for p in listed.json()] == [meta["id"]]
    served = client.get(f"{URL}/{number}/photos/{meta['id']}", headers=team.author.headers)
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/jpeg"
    assert served.headers["cache-control"] == "no-store"
    assert SECRET not in served.content
    for who in (team.requester, login(Role.FORENSISCH_ARTS), login(Role.ADMIN)):
        assert client.get(f"{URL}/{number}/photos", headers=who.headers).status_code in (403, 404)
        assert client.get(
            f"{URL}/{number}/photos/{meta['id']}", headers=who.headers
        ).status_code in (403, 404)
    view = client.get(f"{URL}/{number}", headers=team.author.headers).json()
    assert view["photo_count"] == 1


def test_not_an_image_and_too_large_are_refused(client, team, session, monkeypatch) -> None:
    number = submit(client, team.requester.headers)
    text = upload(client, team.requester, number, b"Naam: Sanne de Vries", "foto.jpg")
    assert text.status_code == 422
    assert text.json()["detail"][0]["type"] == "photo_not_an_image"
    assert text.json()["detail"][0]["loc"] == ["body", "file"]
    assert "Sanne" not in text.text
    monkeypatch.setattr(attachments, "MAX_PHOTO_BYTES", 100)
    big = upload(client, team.requester, number, jpeg_with_exif())
    assert big.status_code == 422
    assert big.json()["detail"][0]["type"] == "photo_too_large"
    assert count(session, AdvicePhoto) == 0


def test_only_the_requester_uploads_and_only_before_release(client, team, login) -> None:
    number = submit(client, team.requester.headers)
    assert upload(client, team.author, number, jpeg_with_exif()).status_code == 403
    other = login(Role.VERTROUWENSARTS, organisation="VT-ZEELAND")
    assert upload(client, other, number, jpeg_with_exif()).status_code == 404
    release(client, team, number)
    late = upload(client, team.requester, number, jpeg_with_exif())
    assert late.status_code == 409
    assert late.json()["detail"][0]["type"] == "invalid_state"
