"""Scrubbing photos attached to anonymous LECK advice requests.

A photo of an injury carries more than pixels: EXIF (camera, owner, date, GPS position),
maker notes, XMP/IPTC, comments, PNG text chunks and ICC profile descriptions can all point to
the child, the family or the place. The original bytes are therefore never stored: the image is
decoded, turned upright, and re-encoded from its pixel data alone into a fresh JPEG or PNG.

Only JPEG and PNG are accepted, recognised by content (magic bytes and decoder), never by file
name or declared media type. Size and pixel count are checked before decoding so that a
decompression bomb is refused without being expanded.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass, field
from enum import StrEnum

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000
JPEG_QUALITY = 90

_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Image formats that are recognised but refused (so the message can say "unsupported").
_OTHER_IMAGE_MAGICS = (b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*", b"\x00\x00\x01\x00")


class RejectionReason(StrEnum):
    TOO_LARGE = "too_large"
    NOT_AN_IMAGE = "not_an_image"
    UNSUPPORTED_FORMAT = "unsupported_format"
    TOO_MANY_PIXELS = "too_many_pixels"
    UNREADABLE = "unreadable"


_MESSAGES = {
    RejectionReason.TOO_LARGE: "de foto is te groot (the photo file is too large)",
    RejectionReason.NOT_AN_IMAGE: "het bestand is geen afbeelding (the file is not an image)",
    RejectionReason.UNSUPPORTED_FORMAT: (
        "alleen JPEG en PNG worden geaccepteerd (only JPEG and PNG are accepted)"
    ),
    RejectionReason.TOO_MANY_PIXELS: (
        "de foto heeft te veel pixels (the image has too many pixels)"
    ),
    RejectionReason.UNREADABLE: (
        "de foto is beschadigd of onvolledig (the image is damaged or truncated)"
    ),
}


class PhotoRejected(ValueError):
    """A photo that is not stored. The message names the reason, never the content."""

    def __init__(self, reason: RejectionReason) -> None:
        super().__init__(_MESSAGES[reason])
        self.reason = reason


@dataclass(frozen=True)
class ScrubbedImage:
    """The only form in which an advice photo is stored."""

    content: bytes = field(repr=False)
    media_type: str
    width: int
    height: int
    sha256: str


def scrub_image(
    data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_pixels: int = DEFAULT_MAX_PIXELS
) -> ScrubbedImage:
    """Re-encode a JPEG or PNG from its pixels only, upright, without any metadata.

    Raises PhotoRejected for anything else: too many bytes or pixels, other formats,
    non-images, damaged or truncated files.
    """
    if len(data) > max_bytes:
        raise PhotoRejected(RejectionReason.TOO_LARGE)
    expected = _sniff(data)
    with warnings.catch_warnings():
        # A decompression-bomb warning is a refusal here, not a note in the log.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            _check_structure(data, expected, max_pixels)
            with Image.open(io.BytesIO(data), formats=[expected]) as original:
                original.load()
                icc_profile = original.info.get("icc_profile")
                upright = _upright(original)
        except PhotoRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise PhotoRejected(RejectionReason.TOO_MANY_PIXELS) from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise PhotoRejected(RejectionReason.UNREADABLE) from exc

    pixels = _to_output_mode(_to_srgb(upright, icc_profile), expected)
    # A new image from raw pixel data: no info dict, no EXIF, no ICC, no text chunks.
    clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    buffer = io.BytesIO()
    if expected == "JPEG":
        clean.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        media_type = "image/jpeg"
    else:
        clean.save(buffer, format="PNG", optimize=True)
        media_type = "image/png"
    content = buffer.getvalue()
    return ScrubbedImage(
        content=content,
        media_type=media_type,
        width=clean.width,
        height=clean.height,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _sniff(data: bytes) -> str:
    """The Pillow format name for the content, by magic bytes; the file name plays no part."""
    if data.startswith(_JPEG_MAGIC):
        return "JPEG"
    if data.startswith(_PNG_MAGIC):
        return "PNG"
    webp = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    heif_or_avif = data[4:8] == b"ftyp"
    if webp or heif_or_avif or data.startswith(_OTHER_IMAGE_MAGICS):
        raise PhotoRejected(RejectionReason.UNSUPPORTED_FORMAT)
    raise PhotoRejected(RejectionReason.NOT_AN_IMAGE)


def _check_structure(data: bytes, expected: str, max_pixels: int) -> None:
    """Read the header and verify the file (PNG chunk CRCs) without decoding the pixels."""
    try:
        with Image.open(io.BytesIO(data), formats=[expected]) as probe:
            width, height = probe.size
            if width <= 0 or height <= 0:
                raise PhotoRejected(RejectionReason.UNREADABLE)
            if width * height > max_pixels:
                raise PhotoRejected(RejectionReason.TOO_MANY_PIXELS)
            probe.verify()
    except UnidentifiedImageError as exc:
        raise PhotoRejected(RejectionReason.UNREADABLE) from exc


def _upright(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation to the pixels, since the tag that says it is dropped."""
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)  # an animated PNG or multi-picture JPEG keeps its first frame only
    try:
        upright = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, KeyError, TypeError):
        return image.copy()  # unreadable EXIF: keep the pixels as stored
    return upright if upright is not None else image.copy()


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Bake an embedded colour profile into the pixels; the profile itself is not kept."""
    if not icc_profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=output_mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # an unusable profile: keep the pixels as they are
    return converted if converted is not None else image


def _to_output_mode(image: Image.Image, fmt: str) -> Image.Image:
    """The pixel mode the output format stores plainly (no palette, no CMYK)."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if fmt == "JPEG":
        return image if image.mode in ("L", "RGB") else image.convert("RGB")
    if image.mode in ("L", "LA", "RGB", "RGBA", "I;16"):
        return image
    if image.mode == "1":
        return image.convert("L")
    return image.convert("RGBA" if has_alpha else "RGB")
