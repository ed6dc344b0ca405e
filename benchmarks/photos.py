"""Benchmark of the server's photo processing: a 12-megapixel phone photo (4000 x 3000 JPEG,
drawn in memory) checked, turned, stripped and shrunk as an upload is.

Run: .venv/bin/python benchmarks/photos.py [--runs 7]
Prints the upload's size, the median and worst time, and the peak memory of one processing
(the growth of a fresh process's peak resident set: Pillow's buffers are allocated in C, out
of tracemalloc's sight), for the phone's full photo and for the 2000 px one the phone's
canvas sends when it can.
"""
from __future__ import annotations

import argparse
import io
import random
import statistics
import resource
import subprocess
import sys
import time

from PIL import Image, ImageDraw

from facilitator.domain.photos import process


def phone_photo(width: int, height: int, seed: int = 0) -> bytes:
    """A tablecloth-like picture: paper, marker strokes, sticky notes; EXIF as a phone
    writes it (orientation, maker, GPS), at a phone's JPEG quality."""
    rng = random.Random(seed)
    picture = Image.new("RGB", (width, height), (236, 232, 220))
    # Sensor noise: without it a drawn picture compresses far better than a real photo.
    grain = Image.effect_noise((width, height), 40).convert("RGB")
    picture = Image.blend(picture, grain, 0.12)
    draw = ImageDraw.Draw(picture)
    for _ in range(400):
        x, y = rng.randrange(width), rng.randrange(height)
        colour = rng.choice([(30, 60, 160), (180, 30, 40), (20, 20, 20), (250, 210, 60)])
        if rng.random() < 0.3:
            draw.rectangle((x, y, x + width // 20, y + width // 20), fill=colour)
        else:
            draw.line((x, y, x + rng.randrange(-300, 300), y + rng.randrange(-300, 300)),
                      fill=colour, width=rng.randrange(3, 12))
    exif = Image.Exif()
    exif[0x0112], exif[0x010F] = 6, "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=92, exif=exif)
    return buffer.getvalue()


def measure(upload: bytes, runs: int) -> list[float]:
    process(upload)  # warm-up: decoders loaded once
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        process(upload)
        times.append(time.perf_counter() - start)
    return times


def peak_growth(upload: bytes) -> int:
    """Bytes by which one processing raises a fresh process's peak resident set."""
    child = subprocess.run([sys.executable, __file__, "--child"], input=upload,
                           capture_output=True, check=True)
    return int(child.stdout)


def _peak_rss() -> int:
    """This process's peak resident set in bytes. VmHWM, not ru_maxrss: Linux carries
    ru_maxrss over from the parent through fork and exec."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _child() -> None:
    upload = sys.stdin.buffer.read()
    before = _peak_rss()
    process(upload)
    print(_peak_rss() - before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child()
        return
    print("| upload | bytes | median ms | worst ms | peak MB | stored |")
    print("|---|---|---|---|---|---|")
    for label, (width, height) in (("12 MP phone photo", (4000, 3000)),
                                   ("2000 px from the phone's canvas", (2000, 1500))):
        upload = phone_photo(width, height)
        times, peak = measure(upload, args.runs), peak_growth(upload)
        stored = process(upload)
        print(f"| {label} | {len(upload):,} | {statistics.median(times) * 1000:.0f} | "
              f"{max(times) * 1000:.0f} | {peak / 2**20:.1f} | {stored.width}x{stored.height}, "
              f"{len(stored.data):,} B + thumb {len(stored.thumb):,} B |")


if __name__ == "__main__":
    main()
