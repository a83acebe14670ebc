"""Photo scrubbing: nothing but upright pixels survives; anything else is refused."""

import hashlib
import io
import struct
import zlib

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from fmek.advice.photos import PhotoRejected, RejectionReason, ScrubbedImage, scrub_image

SECRETS = [
    b"SecretCam",
    b"Model-X-1234",
    b"Jan Jansen",
    b"MAKERNOTE-SERIAL-998877",
    b"COMMENT-Kerkstraat-12",
    b"XMP-Sanne-de-Vries",
    b"GPS 52.3676 4.9041",
]
RED, BLUE = (220, 20, 20), (20, 20, 220)


def two_halves(width: int = 40, height: int = 20) -> Image.Image:
    """Left half red, right half blue: orientation shows in where the colours end up."""
    image = Image.new("RGB", (width, height), BLUE)
    image.paste(RED, (0, 0, width // 2, height))
    return image


def exif_with_secrets(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0110] = "Model-X-1234"  # Model
    exif[0x013B] = "Jan Jansen"  # Artist
    exif[0x0112] = orientation
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0x927C] = b"MAKERNOTE-SERIAL-998877"  # MakerNote
    exif_ifd[0x9286] = b"ASCII\x00\x00\x00GPS 52.3676 4.9041"  # UserComment
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (52.0, 22.0, 3.36)
    gps[3] = "E"
    gps[4] = (4.0, 54.0, 14.76)
    return exif


def icc_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def jpeg_with_metadata(orientation: int = 1) -> bytes:
    buffer = io.BytesIO()
    two_halves().save(
        buffer,
        format="JPEG",
        quality=95,
        exif=exif_with_secrets(orientation),
        comment=b"COMMENT-Kerkstraat-12",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">XMP-Sanne-de-Vries</x:xmpmeta>',
        icc_profile=icc_profile(),
    )
    return buffer.getvalue()


def png_with_metadata(image: Image.Image | None = None, orientation: int = 1) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jan Jansen")
    info.add_itxt("Location", "GPS 52.3676 4.9041", lang="nl", tkey="Locatie")
    info.add_text("Comment", "COMMENT-Kerkstraat-12", zip=True)
    info.add_text("XML:com.adobe.xmp", "XMP-Sanne-de-Vries")
    buffer = io.BytesIO()
    (image or two_halves()).save(
        buffer,
        format="PNG",
        pnginfo=info,
        exif=exif_with_secrets(orientation),
        icc_profile=icc_profile(),
    )
    return buffer.getvalue()


def reopen(scrubbed: ScrubbedImage) -> Image.Image:
    image = Image.open(io.BytesIO(scrubbed.content))
    image.load()
    return image


def png_with_claimed_size(width: int, height: int) -> bytes:
    """A valid 1x1 PNG whose header claims another size (a decompression bomb's shape)."""
    buffer = io.BytesIO()
    Image.new("L", (1, 1)).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    ihdr = bytes(data[12:16]) + struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(ihdr))
    return bytes(data)


@pytest.mark.parametrize("make", [jpeg_with_metadata, png_with_metadata])
def test_the_originals_really_carry_the_secrets(make: object) -> None:
    data = make()  # type: ignore[operator]
    visible = str(Image.open(io.BytesIO(data)).info).encode()  # zTXt is compressed in the file
    assert all(secret in data or secret in visible for secret in SECRETS)
    assert Image.open(io.BytesIO(data)).info.get("icc_profile")


@pytest.mark.parametrize(
    ("make", "media_type", "fmt"),
    [(jpeg_with_metadata, "image/jpeg", "JPEG"), (png_with_metadata, "image/png", "PNG")],
)
def test_no_metadata_survives(make: object, media_type: str, fmt: str) -> None:
    scrubbed = scrub_image(make())  # type: ignore[operator]
    assert scrubbed.media_type == media_type
    for secret in SECRETS:
        assert secret not in scrubbed.content
    markers = (
        b"Exif",
        b"ICC_PROFILE",
        b"iCCP",
        b"eXIf",
        b"http://ns.adobe.com",
        b"tEXt",
        b"iTXt",
        b"zTXt",
    )
    for marker in markers:
        assert marker not in scrubbed.content
    image = reopen(scrubbed)
    assert image.format == fmt
    assert dict(image.getexif()) == {}
    assert set(image.info) <= {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi"}
    assert image.info.get("dpi") in (None, (1, 1))
    assert "xmp" not in image.info and "XML:com.adobe.xmp" not in image.info


def test_png_output_has_only_the_essential_chunks() -> None:
    content = scrub_image(png_with_metadata()).content
    chunks = []
    position = 8
    while position < len(content):
        (length,) = struct.unpack(">I", content[position : position + 4])
        chunks.append(content[position + 4 : position + 8])
        position += 12 + length
    assert set(chunks) == {b"IHDR", b"IDAT", b"IEND"}


@pytest.mark.parametrize("make", [jpeg_with_metadata, png_with_metadata])
def test_orientation_is_applied_to_the_pixels(make: object) -> None:
    # Orientation 6: the camera was turned, the viewer rotates 90° clockwise.
    scrubbed = scrub_image(make(orientation=6))  # type: ignore[operator]
    assert (scrubbed.width, scrubbed.height) == (20, 40)
    image = reopen(scrubbed).convert("RGB")
    top, bottom = image.getpixel((10, 5)), image.getpixel((10, 35))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[0] > 150 > top[2]  # the red left half is now on top
    assert bottom[2] > 150 > bottom[0]


def test_upright_image_keeps_its_size_and_colours() -> None:
    scrubbed = scrub_image(png_with_metadata())
    image = reopen(scrubbed).convert("RGB")
    assert (scrubbed.width, scrubbed.height) == (40, 20)
    assert image.getpixel((5, 10)) == RED
    assert image.getpixel((35, 10)) == BLUE


def test_result_describes_the_stored_bytes_not_the_original() -> None:
    original = jpeg_with_metadata()
    scrubbed = scrub_image(original)
    assert scrubbed.content != original
    assert scrubbed.sha256 == hashlib.sha256(scrubbed.content).hexdigest()
    assert "content" not in repr(scrubbed)


def test_palette_png_with_transparency_keeps_its_alpha() -> None:
    image = Image.new("P", (8, 8), 0)
    image.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    image.paste(1, (4, 0, 8, 8))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", transparency=0)
    result = reopen(scrub_image(buffer.getvalue()))
    assert result.mode == "RGBA"
    assert result.getpixel((0, 0)) == (255, 0, 0, 0)
    assert result.getpixel((6, 0)) == (0, 0, 255, 255)


def test_format_is_judged_by_content() -> None:
    # A PNG is stored as a PNG whatever it was called; a file of text is no image.
    assert scrub_image(png_with_metadata()).media_type == "image/png"
    with pytest.raises(PhotoRejected) as caught:
        scrub_image(b"Jan Jansen, Kerkstraat 12, photo.jpg")
    assert caught.value.reason is RejectionReason.NOT_AN_IMAGE
    assert "Jan Jansen" not in str(caught.value)


def encoded_as(fmt: str) -> bytes:
    buffer = io.BytesIO()
    two_halves().save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: encoded_as("GIF"), RejectionReason.UNSUPPORTED_FORMAT),
        (lambda: encoded_as("WEBP"), RejectionReason.UNSUPPORTED_FORMAT),
        (lambda: encoded_as("BMP"), RejectionReason.UNSUPPORTED_FORMAT),
        (lambda: b"", RejectionReason.NOT_AN_IMAGE),
        (lambda: b"%PDF-1.7\n", RejectionReason.NOT_AN_IMAGE),
        (lambda: jpeg_with_metadata()[:400], RejectionReason.UNREADABLE),
        (lambda: jpeg_with_metadata()[:-200], RejectionReason.UNREADABLE),
        (lambda: png_with_metadata()[:-40], RejectionReason.UNREADABLE),
        (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, RejectionReason.UNREADABLE),
        (lambda: b"\xff\xd8\xff" + b"garbage" * 10, RejectionReason.UNREADABLE),
        (lambda: png_with_claimed_size(8000, 6000), RejectionReason.TOO_MANY_PIXELS),
        (lambda: png_with_claimed_size(100_000, 100_000), RejectionReason.TOO_MANY_PIXELS),
    ],
)
def test_refused(make: object, reason: RejectionReason) -> None:
    with pytest.raises(PhotoRejected) as caught:
        scrub_image(make())  # type: ignore[operator]
    assert caught.value.reason is reason


def test_too_many_bytes_is_refused_before_reading() -> None:
    data = jpeg_with_metadata()
    with pytest.raises(PhotoRejected) as caught:
        scrub_image(data, max_bytes=len(data) - 1)
    assert caught.value.reason is RejectionReason.TOO_LARGE
    assert scrub_image(data, max_bytes=len(data)).media_type == "image/jpeg"


def test_pixel_limit_is_configurable() -> None:
    with pytest.raises(PhotoRejected) as caught:
        scrub_image(png_with_metadata(), max_pixels=40 * 20 - 1)
    assert caught.value.reason is RejectionReason.TOO_MANY_PIXELS
    assert scrub_image(png_with_metadata(), max_pixels=40 * 20).width == 40
