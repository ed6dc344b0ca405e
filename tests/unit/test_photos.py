"""Tablecloth photos: what the server accepts, how it turns and shrinks them, what it refuses.
Every image is drawn in memory with Pillow."""
from __future__ import annotations

import io
import zlib
import struct

import pytest
from PIL import Image

from facilitator.domain import photos
from facilitator.domain.photos import PhotoError, process


def image_bytes(size=(64, 48), fmt="JPEG", color=(200, 30, 30), mode="RGB", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save)
    return buffer.getvalue()


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def refused(data: bytes) -> str:
    with pytest.raises(PhotoError) as caught:
        process(data)
    return caught.value.code


def test_a_big_png_is_resized_to_the_long_side_limit_and_stored_as_jpeg():
    result = process(image_bytes((4000, 1000), "PNG"))
    assert (result.width, result.height) == (photos.MAX_SIDE, 400)
    stored = opened(result.data)
    assert stored.format == "JPEG" and stored.size == (photos.MAX_SIDE, 400)
    assert max(opened(result.thumb).size) == photos.THUMB_SIDE
    assert result.content_type == "image/jpeg" and len(result.sha256) == 64


def test_a_small_photo_keeps_its_size():
    result = process(image_bytes((300, 200)))
    assert (result.width, result.height) == (300, 200)


def test_an_exif_rotated_photo_comes_out_upright_without_any_metadata():
    # A landscape sensor image whose EXIF says "rotate 90° clockwise to view" (6), with GPS.
    picture = Image.new("RGB", (200, 100), "white")
    picture.paste((255, 0, 0), (0, 0, 100, 100))   # red on the left of the sensor image
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}  # GPS
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif, quality=95)
    result = process(buffer.getvalue())
    stored = opened(result.data)
    assert stored.size == (100, 200)                 # portrait now
    top, bottom = stored.getpixel((50, 20)), stored.getpixel((50, 180))
    assert top[0] > 200 and top[1] < 80              # the red half went to the top
    assert bottom[1] > 200                           # white below
    assert not stored.getexif() and "exif" not in stored.info
    assert "icc_profile" not in stored.info
    assert b"PhoneMaker" not in result.data and b"Exif" not in result.data


def test_transparency_is_flattened_on_white():
    result = process(image_bytes((40, 40), "PNG", color=(0, 0, 0, 0), mode="RGBA"))
    assert opened(result.data).getpixel((20, 20)) >= (250, 250, 250)


@pytest.mark.parametrize("fmt", ["WEBP", "GIF"])
def test_webp_and_gif_are_accepted(fmt):
    result = process(image_bytes((120, 80), fmt))
    assert (result.width, result.height) == (120, 80)


def test_a_text_file_is_not_an_image():
    assert refused(b"Minutes of table 3: we agreed on everything.\n" * 20) == "not_image"


def test_an_svg_is_refused_even_named_jpg():
    svg = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" '
           b'height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>')
    assert refused(svg) == "not_image"


def test_html_renamed_jpg_is_refused():
    assert refused(b"<!doctype html><html><body><img src=x onerror=alert(1)></body></html>") \
        == "not_image"


def test_another_image_format_is_refused_by_content():
    assert refused(image_bytes((20, 20), "BMP")) == "not_image"
    assert refused(image_bytes((20, 20), "TIFF")) == "not_image"


def test_a_truncated_jpeg_is_refused_as_damaged():
    whole = image_bytes((800, 600), quality=95)
    assert refused(whole[: len(whole) // 2]) == "damaged"


def test_an_empty_upload_is_refused():
    assert refused(b"") == "empty"


def test_an_upload_over_the_byte_limit_is_refused_before_decoding():
    code = refused(b"\xff\xd8\xff" + b"0" * photos.MAX_UPLOAD_BYTES)
    assert code == "too_large"


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims a huge canvas: the classic decompression bomb."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 64)  # far too little data: decoding must never start
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + \
        chunk(b"IEND", b"")


def test_a_pixel_bomb_is_refused_before_decoding():
    bomb = _png_header_only(30_000, 30_000)   # 900 megapixels in a few bytes
    assert len(bomb) < 200
    assert refused(bomb) == "too_many_pixels"


def test_just_over_the_pixel_limit_is_refused_too():
    side = int(photos.MAX_PIXELS ** 0.5) + 10
    assert refused(_png_header_only(side, side)) == "too_many_pixels"


def test_the_fingerprint_is_the_uploads_so_a_resent_file_is_recognised():
    data = image_bytes()
    assert process(data).sha256 == process(data).sha256 == photos.fingerprint(data)
    assert process(image_bytes(color=(0, 0, 255))).sha256 != photos.fingerprint(data)
