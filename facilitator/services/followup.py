"""The loop closed: a later feedback export, imported into the workshop's follow-up, gives
every diagnostic-sourced indicator a new dated value with its margin of error. The
workshop's own diagnostic (its responses and themes) is left as it was."""
from __future__ import annotations

import io
from datetime import date
from typing import BinaryIO

from flask_babel import gettext as _
from sqlalchemy import delete, select

from facilitator import isolation
from facilitator.domain import actionplan as plan_rules
from facilitator.domain.diagnostic import FeedbackFileError, text
from facilitator.extensions import db
from facilitator.models import FollowUpImport, Indicator, IndicatorValue, Workshop
from facilitator.services import UserError, diagnostic, of_workshop

MAX_BYTES = 20 * 1024 * 1024


def import_followup(workshop: Workshop, data: bytes | BinaryIO, filename: str,
                    measured_on: date | None) -> FollowUpImport:
    """Read the export, re-measure with the workshop's stages and theme edits, and store one
    value per diagnostic-sourced indicator (None when its theme is not mentioned). `data`
    may be the request's spooled upload: it is read as a diagnostic import is, in the reader
    child with its memory and time ceiling, a large file handed over in chunks."""
    stream = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    if not size:
        raise UserError(_("The file is empty."))
    if size > MAX_BYTES:
        raise UserError(_("The file is larger than %(size)s MB.", size=MAX_BYTES // 2**20))
    if measured_on is None:
        raise UserError(_("Give the date the feedback was collected."))
    language = diagnostic.page_language()
    try:
        imported = diagnostic.read_feedback_file(stream, filename=filename)
    except FeedbackFileError as error:
        raise UserError(error.message(language)) from error
    except isolation.TooLarge as error:
        raise UserError(text("file.too_large", language, limit=error.memory_mb,
                             seconds=error.seconds)) from error
    if not imported.responses:
        raise UserError(_("No response with a score was found in this file: nothing was "
                          "measured."))
    result = measure(workshop, imported.responses)
    record = FollowUpImport(
        workshop_id=workshop.id, filename=(filename or "export")[:255], measured_on=measured_on,
        responses=result["responses"], rejected=len(imported.rejected),
        nps=float(result["nps"]), margin_of_error=float(result["margin_of_error"]))
    db.session.add(record)
    db.session.flush()
    for indicator in _measured_indicators(workshop):
        found = plan_rules.figure(result, indicator.source, indicator.theme)
        db.session.add(IndicatorValue(
            indicator=indicator, followup_id=record.id, measured_on=measured_on,
            value=found.value, margin=found.margin, respondents=found.respondents))
    db.session.commit()
    return record


def measure(workshop: Workshop, responses) -> dict:
    """The figures of new responses under the workshop's journey stages and theme edits."""
    return plan_rules.remeasure(responses, diagnostic.stages_of(workshop),
                                diagnostic.state(workshop).edits or [], workshop.language)


def _measured_indicators(workshop: Workshop) -> list[Indicator]:
    return list(db.session.scalars(select(Indicator).where(
        Indicator.workshop_id == workshop.id, Indicator.source != "manual")
        .order_by(Indicator.id)))


def delete_followup(workshop: Workshop, followup_id: int) -> None:
    """Forget an import and the values it measured."""
    record = of_workshop(FollowUpImport, workshop, followup_id)
    db.session.execute(delete(IndicatorValue).where(IndicatorValue.followup_id == record.id))
    db.session.delete(record)
    db.session.commit()
    db.session.expire_all()  # indicators loaded earlier still list the removed values
