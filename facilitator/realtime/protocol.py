"""The realtime protocol's constants and payload checks, in one place (docs/realtime.md).

A payload check returns the cleaned values or raises `Invalid` naming the field, so a
handler answers `{"ok": false, "error": "invalid", "message": ...}`, never a traceback.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from facilitator.domain.protocol import PROTOCOL_VERSION  # noqa: F401 (below services too)

NAMESPACE = "/live"
VIEWS = ("participant", "facilitator", "projector")
CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_SHARE_BATCH = 100
MAX_INT = 2**63 - 1  # what the databases store


def _check_text(name: str, value: str) -> None:
    """Text the databases can store: valid UTF-8 (no lone surrogate), no NUL character."""
    if "\x00" in value:
        raise Invalid(name, "nul")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Invalid(name, "text") from None


class Invalid(ValueError):
    """`problem` is a code (see PROBLEMS); the socket layer words it in the page's language."""

    def __init__(self, field: str, problem: str, **params):
        super().__init__(f"{field}: {problem} {params or ''}".strip())
        self.field, self.problem, self.params = field, problem, params


@dataclass(frozen=True)
class Field:
    kind: type
    required: bool = True
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    pattern: re.Pattern | None = None
    choices: tuple | None = None
    items: "Field | None" = None


def check(payload, schema: dict[str, Field]) -> dict:
    """Validate `payload` (from a client: anything) against `schema`; unknown keys are ignored."""
    if payload is None:
        payload = {}
    if not isinstance(payload, dict):
        raise Invalid("payload", "object")
    return {name: _value(name, payload.get(name), spec) for name, spec in schema.items()
            if name in payload or spec.required}


def _value(name: str, value, spec: Field):
    if value is None:
        if spec.required:
            raise Invalid(name, "required")
        return None
    if spec.kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise Invalid(name, "integer")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
        raise Invalid(name, "range")
    if isinstance(value, str):
        _check_text(name, value)
    if spec.kind is not int and not isinstance(value, spec.kind):
        raise Invalid(name, "type")
    if spec.max_length is not None and len(value) > spec.max_length:
        raise Invalid(name, "too_long", limit=spec.max_length)
    if spec.minimum is not None and value < spec.minimum:
        raise Invalid(name, "below", limit=spec.minimum)
    if spec.maximum is not None and value > spec.maximum:
        raise Invalid(name, "above", limit=spec.maximum)
    if spec.pattern is not None and not spec.pattern.match(value):
        raise Invalid(name, "form")
    if spec.choices is not None and value not in spec.choices:
        raise Invalid(name, "choice")
    if spec.items is not None:
        return [_value(f"{name}[{i}]", item, spec.items) for i, item in enumerate(value)]
    return value
