"""URL helpers shared by the blueprints."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request


def safe_next(target: str | None) -> str | None:
    """Only a local path may be a redirect target: no open redirect to another site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def external_base() -> str:
    """The address phones use: BASE_URL when set (behind a proxy), else this request's host."""
    return (current_app.config.get("BASE_URL") or request.host_url).rstrip("/")
