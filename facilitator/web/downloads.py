"""A file a signed-in person (or a link's holder) downloads: shown in the browser or saved,
never kept by a shared cache. Missing PDF fonts answer 503 (web/errors.py)."""
from __future__ import annotations

from flask import Response


def private_file(content: bytes | str, mimetype: str, filename: str, *, inline: bool,
                 cache: str = "private, no-store") -> Response:
    disposition = "inline" if inline else "attachment"
    return Response(content, mimetype=mimetype, headers={
        "Content-Disposition": f'{disposition}; filename="{filename}"', "Cache-Control": cache})
