"""The feedback diagnostic of a workshop: imported files, their accepted responses, and the
facilitator's settings (journey stages, theme edits) with the cached analysis."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (JSON, ForeignKey, Index, LargeBinary, SmallInteger, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitator.extensions import db
from facilitator.models.user import utcnow

TEXT_FIELD_LENGTH = 255  # segment and respondent id are cut to this


class FeedbackImport(db.Model):
    """One uploaded export and what became of it. The file is kept (in FeedbackFileChunk
    rows) so the facilitator can re-run it with another column mapping."""
    __tablename__ = "feedback_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"),
                                             index=True)
    filename: Mapped[str] = mapped_column(String(255), default="")
    size: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    format: Mapped[str] = mapped_column(String(10), default="")
    encoding: Mapped[str] = mapped_column(String(20), default="")
    delimiter: Mapped[str] = mapped_column(String(4), default="")
    # queued, reading, storing, analysing, needs_mapping, done, failed
    status: Mapped[str] = mapped_column(String(20), default="queued")
    progress_done: Mapped[int] = mapped_column(default=0)
    progress_total: Mapped[int | None]
    error_code: Mapped[str] = mapped_column(String(40), default="")
    error_params: Mapped[dict] = mapped_column(JSON, default=dict)
    # {"explicit": {field: column index or None} | None, "guess": ColumnGuess.to_dict()}
    mapping: Mapped[dict] = mapped_column(JSON, default=dict)
    accepted: Mapped[int] = mapped_column(default=0)  # new responses stored
    known: Mapped[int] = mapped_column(default=0)  # already imported by an earlier file
    rejected_count: Mapped[int] = mapped_column(default=0)
    rejections: Mapped[list] = mapped_column(JSON, default=list)  # [[line, code, params]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    chunks: Mapped[list[FeedbackFileChunk]] = relationship(
        order_by="FeedbackFileChunk.seq", cascade="all, delete-orphan", passive_deletes=True)

    @property
    def data(self) -> bytes:
        """The whole file, for small files and tests: the server reads a large one chunk by
        chunk (services/blobs.py)."""
        return b"".join(chunk.data for chunk in self.chunks)

    @data.setter
    def data(self, value: bytes) -> None:
        self.chunks = [FeedbackFileChunk(seq=number, data=value[start:start + FILE_CHUNK])
                       for number, start in enumerate(range(0, len(value or b""), FILE_CHUNK))]


FILE_CHUNK = 1024 * 1024


class FeedbackFileChunk(db.Model):
    """A piece of an uploaded export (1 MB), in a row of its own. SQLite rewrites a whole row
    on any update: with the file inside the import's row, each status or progress update
    copied the whole 15 MB again, on the hub that serves the phones."""
    __tablename__ = "feedback_file_chunk"

    import_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_import.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class FeedbackResponse(db.Model):
    """An accepted answer. `content_hash` (from the domain) makes re-imports idempotent."""
    __tablename__ = "feedback_response"
    __table_args__ = (UniqueConstraint("workshop_id", "content_hash"),
                      Index("ix_feedback_response_import_id", "import_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"),
                                             index=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("feedback_import.id", ondelete="CASCADE"))
    line: Mapped[int]
    score: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[date | None]
    segment: Mapped[str] = mapped_column(String(TEXT_FIELD_LENGTH), default="")
    respondent: Mapped[str] = mapped_column(String(TEXT_FIELD_LENGTH), default="")
    content_hash: Mapped[str] = mapped_column(String(64))


class WorkshopDiagnostic(db.Model):
    """Per-workshop settings and the cached analysis. `cache_key` hashes everything the
    analysis depends on (data version, stages, edits, language): a mismatch means stale."""
    __tablename__ = "workshop_diagnostic"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"),
                                             unique=True)
    stages_text: Mapped[str] = mapped_column(Text, default="")  # "" = the default stages
    edits: Mapped[list] = mapped_column(JSON, default=list)  # edit_from_dict() payloads
    data_version: Mapped[int] = mapped_column(default=0)  # bumped by imports and deletions
    cache: Mapped[dict | None] = mapped_column(JSON)
    cache_key: Mapped[str] = mapped_column(String(64), default="")
    computed_at: Mapped[datetime | None]
