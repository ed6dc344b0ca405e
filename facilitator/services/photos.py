"""Photos of a table's tablecloth or flip chart, per round: who may add and remove them, the
per-table limit, a resent file stored once, and what screens are told about them."""
from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from facilitator.domain import photos as rules
from facilitator.domain.photos import PhotoError
from facilitator.domain.run import Stage
from facilitator.domain.workshop import Status
from facilitator.extensions import db
from facilitator.models import Participant, Photo, Round, Table, Workshop
from facilitator.services.live import LiveError, epoch_ms, participant_by_token, seat_of

# Where the web layer serves a photo (web/photos.py); screens get these paths, not ids alone.
IMAGE_PATH = "/photos/{id}"
THUMB_PATH = "/photos/{id}/thumb"


def add(workshop: Workshop, table: Table, round_: Round, uploader: Participant | None,
        upload: bytes, caption: str = "") -> Photo:
    """Store a photo for this table and round. `uploader` None is the facilitator. The same
    file sent twice (a retry on weak Wi-Fi) gives back the photo stored the first time."""
    caption = _caption(caption)
    _require_may_add(workshop, table, round_, uploader)
    _checked(rules.check_size, upload)
    existing = _already_stored(table, round_, upload)
    if existing is not None:
        return existing
    _require_room(table, round_)  # before the slow part: a full table costs nothing more
    image = _checked(rules.process, upload)
    # Taking the table's row serialises this table's uploads (SQLite takes the write lock
    # here; PostgreSQL a row lock), so two phones at once cannot both pass the limit.
    db.session.execute(update(Table).where(Table.id == table.id).values(number=Table.number))
    existing = _already_stored(table, round_, upload)
    if existing is not None:
        db.session.rollback()
        return existing
    _require_room(table, round_)
    photo = Photo(workshop_id=workshop.id, table_id=table.id, round_id=round_.id,
                  participant_id=uploader.id if uploader else None, caption=caption,
                  content_type=image.content_type, width=image.width, height=image.height,
                  data=image.data, thumb=image.thumb, sha256=image.sha256)
    db.session.add(photo)
    db.session.commit()
    return photo


def _already_stored(table: Table, round_: Round, upload: bytes) -> Photo | None:
    return db.session.scalar(select(Photo).where(
        Photo.table_id == table.id, Photo.round_id == round_.id,
        Photo.sha256 == rules.fingerprint(upload)))


def _require_room(table: Table, round_: Round) -> None:
    if count(table, round_) >= rules.MAX_PHOTOS_PER_TABLE_ROUND:
        db.session.rollback()
        raise LiveError("too_many", _(
            "This table already has %(limit)s photos for this round: delete one first.",
            limit=rules.MAX_PHOTOS_PER_TABLE_ROUND))


def delete(workshop: Workshop, photo_id: int, actor: Participant | None) -> Photo:
    """The person who added it, the table's host or the facilitator (actor None)."""
    photo = get(workshop, photo_id)
    if actor is not None and photo.participant_id != actor.id and not actor.hosts(photo.table_id):
        raise LiveError("forbidden", _("Only the person who added this photo, the table's host "
                                       "or the facilitator can remove it."))
    db.session.delete(photo)
    db.session.commit()
    return photo


def get(workshop: Workshop, photo_id: int) -> Photo:
    photo = db.session.get(Photo, photo_id)
    if photo is None or photo.workshop_id != workshop.id:
        raise LiveError("not_found", _("This photo no longer exists."))
    return photo


def viewable(photo_id: int, user_id: int | None,
             join_token: Callable[[str], str | None]) -> Photo | None:
    """The photo when this viewer may see it: the workshop's facilitator (`user_id`), or
    anyone who joined the workshop on this device (`join_token(join_code)` reads the join
    cookie). None for a missing photo too: one answer, so ids tell nothing."""
    photo = db.session.get(Photo, photo_id)
    if photo is None:
        return None
    workshop = db.session.get(Workshop, photo.workshop_id)
    if user_id is not None and user_id == workshop.owner_id:
        return photo
    joined = participant_by_token(workshop, join_token(workshop.join_code)) is not None
    return photo if joined else None


def count(table: Table, round_: Round) -> int:
    return db.session.scalar(select(func.count(Photo.id)).where(
        Photo.table_id == table.id, Photo.round_id == round_.id)) or 0


def of_table(table: Table, round_: Round | None = None) -> list[Photo]:
    """A table's photos, for one round or every round, oldest first."""
    query = select(Photo).join(Round, Photo.round_id == Round.id).where(Photo.table_id == table.id)
    if round_ is not None:
        query = query.where(Photo.round_id == round_.id)
    return list(db.session.scalars(query.order_by(Round.number, Photo.created_at, Photo.id)))


def of_workshop(workshop: Workshop) -> list[Photo]:
    """Every photo, by round then table, oldest first."""
    return list(db.session.scalars(
        select(Photo).join(Round, Photo.round_id == Round.id)
        .join(Table, Photo.table_id == Table.id).where(Photo.workshop_id == workshop.id)
        .order_by(Round.number, Table.number, Photo.created_at, Photo.id)))


def with_images(photos: list[Photo]) -> list[Photo]:
    """The same photos with their deferred image bytes loaded (for the PDF), in one query."""
    from sqlalchemy.orm import undefer
    if not photos:
        return []
    loaded = {p.id: p for p in db.session.scalars(
        select(Photo).where(Photo.id.in_([p.id for p in photos])).options(undefer(Photo.data)))}
    return [loaded[p.id] for p in photos if p.id in loaded]


# Who may add -------------------------------------------------------------------------------

def may_add(workshop: Workshop, table: Table, round_: Round, person: Participant | None) -> bool:
    try:
        _require_may_add(workshop, table, round_, person)
    except LiveError:
        return False
    return True


def _require_may_add(workshop: Workshop, table: Table, round_: Round,
                     person: Participant | None) -> None:
    if table.workshop_id != workshop.id or round_.workshop_id != workshop.id:
        raise LiveError("not_found", _("There is no such table or round."))
    if person is None:
        return  # the facilitator: any table, any round, even afterwards
    run = workshop.run
    if person.hosts(table.id):
        played = run.round_number if run is not None else 0
        live_now = workshop.status in (Status.LIVE, Status.PLENARY)
        if not live_now or not 1 <= round_.number <= played:
            raise LiveError("not_now", _("Photos are added to a round once it has started."))
        return
    if not workshop.participant_photos:
        raise LiveError("forbidden", _("Only the table's host can add photos."))
    running = run is not None and run.stage is Stage.ROUND and run.round_number == round_.number
    if not running:
        raise LiveError("not_now", _("Photos are added during the round."))
    seat = seat_of(workshop, person, round_.number)
    if seat is None or seat.id != table.id:
        raise LiveError("forbidden", _("You can add photos only to the table you sit at."))


def table_for(workshop: Workshop, person: Participant, round_: Round) -> Table | None:
    """The table a participant adds photos to in this round: a host's own, else their seat."""
    if person.is_host and person.host_table_id:
        return next((t for t in workshop.tables if t.id == person.host_table_id), None)
    return seat_of(workshop, person, round_.number)


def current_round(workshop: Workshop, number: int | None = None) -> Round:
    """The round named, else the one running (or the last one played)."""
    run = workshop.run
    if number is None:
        number = min(run.round_number, len(workshop.rounds)) if run is not None else 0
    if not 1 <= number <= len(workshop.rounds):
        raise LiveError("not_now", _("Photos are added to a round once it has started."))
    return workshop.rounds[number - 1]


def locate(workshop: Workshop, table_number: int | None,
           round_number: int | None) -> tuple[Table, Round]:
    table = next((t for t in workshop.tables if t.number == table_number), None)
    if table is None or round_number is None or not 1 <= round_number <= len(workshop.rounds):
        raise LiveError("not_found", _("There is no such table or round."))
    return table, workshop.rounds[round_number - 1]


# Refusals in words ------------------------------------------------------------------------

def _caption(text: str) -> str:
    text = " ".join((text or "").split())
    if len(text) > rules.CAPTION_MAX:
        raise LiveError("invalid", _("A caption is at most %(limit)s characters.",
                                     limit=rules.CAPTION_MAX))
    return text


def _checked(step, upload: bytes):
    try:
        return step(upload)
    except PhotoError as error:
        raise LiveError(error.code, photo_error_message(error)) from error


def photo_error_message(error: PhotoError) -> str:
    messages = {
        "empty": lambda: _("The file is empty: take the photo again."),
        "too_large": lambda: _("The photo is larger than %(limit)s MB: take it again at a lower "
                               "resolution.", limit=rules.MAX_UPLOAD_BYTES // (1024 * 1024)),
        "not_image": lambda: _("This file is not a photo: send a JPEG, PNG, WebP or GIF image."),
        "damaged": lambda: _("This photo is damaged or incomplete: take it again."),
        "too_many_pixels": lambda: _("This image is too large (over %(limit)s megapixels).",
                                     limit=rules.MAX_PIXELS // 1_000_000),
    }
    return messages.get(error.code, messages["damaged"])()


# What screens see --------------------------------------------------------------------------

def photo_payload(photo: Photo, tables: dict[int, int] | None = None,
                  rounds: dict[int, int] | None = None) -> dict:
    """Small on purpose: paths to fetch the images, never the images themselves."""
    return {"id": photo.id,
            "table": tables[photo.table_id] if tables else photo.table.number,
            "round": rounds[photo.round_id] if rounds else photo.round.number,
            "caption": photo.caption, "width": photo.width, "height": photo.height,
            "url": IMAGE_PATH.format(id=photo.id), "thumb": THUMB_PATH.format(id=photo.id),
            "by": photo.participant_id, "at": epoch_ms(photo.created_at)}


def table_payload(workshop: Workshop, table: Table, round_: Round) -> dict:
    return {"table": table.number, "round": round_.number,
            "photos": [photo_payload(p) for p in of_table(table, round_)],
            "max": rules.MAX_PHOTOS_PER_TABLE_ROUND, "client_side": rules.CLIENT_SIDE}


def by_table(workshop: Workshop, round_: Round | None = None) -> dict[int, list[dict]]:
    """Every table's photos (one round, or all), by table id, in one query: the board and the
    plenary show thumbnails of many tables at once."""
    tables = {t.id: t.number for t in workshop.tables}
    rounds = {r.id: r.number for r in workshop.rounds}
    query = select(Photo).where(Photo.workshop_id == workshop.id)
    if round_ is not None:
        query = query.where(Photo.round_id == round_.id)
    found: dict[int, list[dict]] = {}
    for photo in db.session.scalars(query.order_by(Photo.created_at, Photo.id)):
        found.setdefault(photo.table_id, []).append(photo_payload(photo, tables, rounds))
    for listed in found.values():
        listed.sort(key=lambda p: p["round"])  # stable: oldest first within a round
    return found


def for_person(workshop: Workshop, person: Participant) -> dict | None:
    """What a phone shows: its table's photos for the running round, when it may add."""
    run = workshop.run
    if run is None or run.stage is not Stage.ROUND:
        return None
    round_ = workshop.rounds[run.round_number - 1]
    table = table_for(workshop, person, round_)
    if table is None or not may_add(workshop, table, round_, person):
        return None
    return {**table_payload(workshop, table, round_), "may_add": True}


def allowed(workshop: Workshop, person: Participant) -> bool:
    """Whether this person may ever add photos (the phone asks each new round for details)."""
    return person.is_host or workshop.participant_photos
