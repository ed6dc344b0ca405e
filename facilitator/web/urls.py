"""URL helpers shared by the blueprints."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request
from werkzeug.routing import IntegerConverter


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


MAX_ID = 2**63 - 1  # larger numbers are no row's id, and make SQLite overflow


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in routes: an id beyond 64 bits is a plain 404, not a database error."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def form_id(name: str) -> int | None:
    """A positive id from the form, or None when absent, malformed or out of range."""
    value = request.form.get(name, type=int)
    return value if value is not None and 0 < value <= MAX_ID else None


def query_id(name: str) -> int | None:
    """A positive id from the query string, None when absent; anything else (a "²", five
    thousand digits) is a 400 with a message, never a server error."""
    from flask import abort
    from flask_babel import gettext as _

    raw = request.args.get(name)
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 19) or not 0 < int(raw) <= MAX_ID:
        abort(400, description=_("The address names %(name)s with \"%(value)s\": a whole "
                                 "number is expected.", name=name, value=raw[:20]))
    return int(raw)
