"""The facilitator's corrections to themes, applied as pure functions over mentions.

Edits are plain values the web layer can store (e.g. as JSON) and replay in order on a
fresh analysis; figures are then recomputed from the edited mentions.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .stages import UNASSIGNED
from .themes import Mention


class ThemeEditError(ValueError):
    """An edit names a theme or response that the analysis does not contain."""


@dataclass(frozen=True, slots=True)
class RenameTheme:
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class MergeThemes:
    """Fold `sources` into `into` (which may be new); it keeps `into`'s stage if any."""

    sources: tuple[str, ...]
    into: str


@dataclass(frozen=True, slots=True)
class MoveTheme:
    """Re-assign a whole theme to another journey stage."""

    theme: str
    stage: str


@dataclass(frozen=True, slots=True)
class MoveResponse:
    """Put one response (by content hash) under `theme`; only its `from_theme` clauses
    when given. `stage` defaults to the theme's current stage."""

    response: str
    theme: str
    stage: str | None = None
    from_theme: str | None = None


ThemeEdit = RenameTheme | MergeThemes | MoveTheme | MoveResponse


def apply_edits(mentions: Sequence[Mention], edits: Sequence[ThemeEdit]) -> list[Mention]:
    """Apply `edits` in order and return new mentions; the input is left untouched."""
    result = list(mentions)
    for edit in edits:
        result = _apply(result, edit)
    return result


def _apply(mentions: list[Mention], edit: ThemeEdit) -> list[Mention]:
    themes = {mention.theme for mention in mentions if mention.theme}
    if isinstance(edit, RenameTheme):
        _require(edit.old in themes, f"unknown theme {edit.old!r}")
        return [replace(m, theme=edit.new, source="edited") if m.theme == edit.old else m
                for m in mentions]
    if isinstance(edit, MergeThemes):
        missing = [name for name in edit.sources if name not in themes]
        _require(not missing, f"unknown themes {missing!r}")
        stage = _stage_of(mentions, edit.into) or _stage_of(mentions, edit.sources[0])
        sources = set(edit.sources)
        return [replace(m, theme=edit.into, stage=stage, source="edited")
                if m.theme in sources else m for m in mentions]
    if isinstance(edit, MoveTheme):
        _require(edit.theme in themes, f"unknown theme {edit.theme!r}")
        return [replace(m, stage=edit.stage, source="edited") if m.theme == edit.theme else m
                for m in mentions]
    return _move_response(mentions, edit)


def _move_response(mentions: list[Mention], edit: MoveResponse) -> list[Mention]:
    stage = edit.stage or _stage_of(mentions, edit.theme) or UNASSIGNED
    moved = False
    result = []
    for mention in mentions:
        if mention.response == edit.response and (
            edit.from_theme is None or mention.theme == edit.from_theme
        ):
            mention = replace(mention, theme=edit.theme, stage=stage, source="edited")
            moved = True
        result.append(mention)
    _require(moved, f"no commented response {edit.response!r} to move")
    return result


def _stage_of(mentions: Sequence[Mention], theme: str) -> str | None:
    for mention in mentions:
        if mention.theme == theme:
            return mention.stage
    return None


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ThemeEditError(message)


def edit_from_dict(data: dict[str, object]) -> ThemeEdit:
    """Build an edit from its JSON form: {"edit": "rename", "old": ..., "new": ...}."""
    kind = data.get("edit")
    fields = {key: value for key, value in data.items() if key != "edit"}
    if kind == "merge":
        fields["sources"] = tuple(fields.get("sources", ()))  # type: ignore[arg-type]
    classes = {"rename": RenameTheme, "merge": MergeThemes, "move_theme": MoveTheme,
               "move_response": MoveResponse}
    if kind not in classes:
        raise ThemeEditError(f"unknown edit {kind!r}")
    try:
        return classes[kind](**fields)  # type: ignore[arg-type]
    except TypeError as error:
        raise ThemeEditError(str(error)) from error
