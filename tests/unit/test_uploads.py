"""The request body of a large upload is read in full, the hub given back every 256 KB."""
import io

from facilitator.web import uploads


def test_the_body_reads_the_same_bytes_and_yields_every_stretch(monkeypatch):
    yields = []
    monkeypatch.setattr(uploads, "give_back", lambda: yields.append(1))
    data = bytes(range(256)) * 4000 + b"\nlast line\n"
    body = uploads.YieldingInput(io.BytesIO(data), every=10_000)
    buffer = bytearray(4096)
    parts = [body.read(3000), body.readline(), bytes(buffer[:body.readinto(buffer)])]
    while chunk := body.read(1000):  # as the form parser reads: piece by piece
        parts.append(chunk)
    assert b"".join(parts) == data
    assert len(yields) == len(data) // 10_000


def test_only_a_body_over_the_stretch_is_wrapped():
    seen = []
    app = uploads.CooperativeBody(lambda environ, start: seen.append(environ["wsgi.input"]),
                                  every=100)
    small, large = io.BytesIO(b"x" * 50), io.BytesIO(b"x" * 500)
    app({"CONTENT_LENGTH": "50", "wsgi.input": small}, None)
    app({"CONTENT_LENGTH": "500", "wsgi.input": large}, None)
    app({"CONTENT_LENGTH": "not a number", "wsgi.input": small}, None)
    assert seen[0] is small and isinstance(seen[1], uploads.YieldingInput)
    assert seen[2] is small
