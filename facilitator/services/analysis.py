"""The theme analysis of a workshop's responses as plain data, shared by the server (small
sets) and the reader child process (large sets, facilitator/isolation.py), which reads the
responses from the database itself so that neither the server's memory nor its gevent hub
carries them."""
from __future__ import annotations

from typing import Any

from facilitator.domain.diagnostic import (
    Response,
    ThemeEditError,
    apply_edits,
    edit_from_dict,
    find_mentions,
    summarise,
)
from facilitator.domain.diagnostic.stages import Stage


def analyse_responses(responses: list[Response], stages: list[Stage], edits: list[dict],
                      language: str) -> dict[str, Any] | None:
    """Diagnostic.to_dict() plus `stage_names` and `skipped_edits`; None without responses."""
    if not responses:
        return None
    mentions = find_mentions(responses, stages)
    skipped = []
    for index, payload in enumerate(edits or []):
        try:  # an edit that no longer applies (new data, new stages) is skipped, not fatal
            mentions = apply_edits(mentions, [edit_from_dict(dict(payload))])
        except ThemeEditError:
            skipped.append(index)
    result = summarise(responses, mentions, language,
                       stage_order=[stage.name for stage in stages]).to_dict()
    result.pop("rejected", None)
    result["stage_names"] = [stage.name for stage in stages]
    result["skipped_edits"] = skipped
    return result


def response_columns():
    from facilitator.models.diagnostic import FeedbackResponse as R

    return (R.line, R.score, R.comment, R.date, R.segment, R.respondent, R.content_hash)


def analyse_stored(database: str, connect_args: dict, workshop_id: int, stages: list[Stage],
                   edits: list[dict], language: str) -> dict[str, Any] | None:
    """Read the workshop's responses with a connection of its own (the server's address
    and driver arguments, a PostgreSQL search_path say), then analyse them."""
    from sqlalchemy import create_engine, select
    from sqlalchemy.pool import NullPool

    from facilitator.models.diagnostic import FeedbackResponse

    engine = create_engine(database, poolclass=NullPool, connect_args=connect_args or {})
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(*response_columns()).where(
                FeedbackResponse.workshop_id == workshop_id).order_by(FeedbackResponse.id))
            responses = [Response(*row) for row in rows]
    finally:
        engine.dispose()
    return analyse_responses(responses, stages, edits, language)
