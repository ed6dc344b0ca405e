"""Rate limits for socket events, per participant (or per facilitator socket), in the same
storage as the HTTP limits (memory for one process, Redis when scaled out)."""
from __future__ import annotations

from flask import current_app
from limits import parse, storage, strategies

# A phone that writes fast still stays far below these; a script flooding a table does not.
EVENT_LIMITS = {
    "note.save": parse("60/minute"),
    "note.share": parse("30/minute"),
    "note.delete": parse("60/minute"),
    "vote": parse("60/minute"),
}
DEFAULT_LIMIT = parse("240/minute")

_strategy: strategies.MovingWindowRateLimiter | None = None
_storage_uri: str | None = None


def _limiter() -> strategies.MovingWindowRateLimiter:
    global _strategy, _storage_uri
    uri = current_app.config.get("RATELIMIT_STORAGE_URI", "memory://")
    if _strategy is None or uri != _storage_uri:
        # Two deployments sharing one Redis must not share participants' budgets.
        prefix = f"LIMITS:{current_app.config.get('SOCKETIO_CHANNEL', 'facilitator')}"
        options = {"key_prefix": prefix} if uri.startswith(("redis", "rediss")) else {}
        _strategy = strategies.MovingWindowRateLimiter(
            storage.storage_from_string(uri, **options))
        _storage_uri = uri
    return _strategy


def allowed(event: str, who: str) -> bool:
    """Count one `event` by `who`; False when over its limit."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return True
    return _limiter().hit(EVENT_LIMITS.get(event, DEFAULT_LIMIT), "socket", event, who)
