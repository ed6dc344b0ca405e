"""Photos of a tablecloth or a flip chart: check an upload by its content, turn it upright,
strip its metadata (a phone's GPS position stays on the phone) and resize it, with Pillow.

Pure: bytes in, plain data out. The limits live here, once, for the services, the pages
and the phone's script.
"""
from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass, field

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 12 * 1024 * 1024      # a phone's full-size JPEG fits; the phone shrinks first
MAX_PHOTOS_PER_TABLE_ROUND = 12
MAX_PIXELS = 50_000_000                  # a 50-megapixel camera; beyond, a decompression bomb
MAX_SIDE = 1600                          # long side of the stored photo: legible on a projector
THUMB_SIDE = 320
CLIENT_SIDE = 2000                       # what the phone shrinks to before sending
CAPTION_MAX = 200
JPEG_QUALITY = 82
THUMB_QUALITY = 75
CONTENT_TYPE = "image/jpeg"
# Read by content, never by name or declared type: Pillow tries only these decoders.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")


class PhotoError(ValueError):
    """An upload refused, with a code the service turns into a sentence."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class ProcessedPhoto:
    data: bytes = field(repr=False)
    thumb: bytes = field(repr=False)
    width: int
    height: int
    sha256: str                           # of the upload: a resent file is recognised
    content_type: str = CONTENT_TYPE


def fingerprint(upload: bytes) -> str:
    return hashlib.sha256(upload).hexdigest()


def check_size(upload: bytes) -> None:
    if not upload:
        raise PhotoError("empty")
    if len(upload) > MAX_UPLOAD_BYTES:
        raise PhotoError("too_large", limit_mb=MAX_UPLOAD_BYTES // (1024 * 1024))


def process(upload: bytes) -> ProcessedPhoto:
    """The photo as stored: upright, no metadata, on white, at most MAX_SIDE px, JPEG."""
    check_size(upload)
    image = _decode(upload)
    try:
        image = _flatten(image)
    except (OSError, ValueError):  # a mode Pillow cannot turn into RGB (rare 16-bit files)
        raise PhotoError("damaged") from None
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    thumb = image.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return ProcessedPhoto(data=_jpeg(image, JPEG_QUALITY), thumb=_jpeg(thumb, THUMB_QUALITY),
                          width=image.width, height=image.height, sha256=fingerprint(upload))


def _decode(upload: bytes) -> Image.Image:
    # Pillow only warns between MAX_IMAGE_PIXELS and twice that: make the warning an error.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(upload), formats=ACCEPTED_FORMATS)
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError("too_many_pixels", limit=MAX_PIXELS // 1_000_000)
            _draft(image)
            image.load()  # the whole file is read here: a truncated one fails now
            return ImageOps.exif_transpose(image)  # upright, orientation tag gone
        except PhotoError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoError("too_many_pixels", limit=MAX_PIXELS // 1_000_000) from None
        except UnidentifiedImageError:
            raise PhotoError("not_image") from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise PhotoError("damaged") from None


def _draft(image: Image.Image) -> None:
    """JPEG decodes at 1/2, 1/4 or 1/8 scale when that still covers MAX_SIDE: a 12-megapixel
    photo then never exists at full size in memory."""
    if image.format != "JPEG":
        return
    long_side = max(image.size)
    if long_side <= MAX_SIDE:
        return
    ratio = MAX_SIDE / long_side
    image.draft("RGB", (max(1, int(image.width * ratio)), max(1, int(image.height * ratio))))


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: a transparent PNG of a drawing stays readable once a JPEG."""
    transparent = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode == "P" and "transparency" in image.info)
    if not transparent:
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _jpeg(image: Image.Image, quality: int) -> bytes:
    # No exif= nor icc_profile= argument: the saved file carries no metadata at all.
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()
