"""A rehearsal plays the whole workshop with the roster's people simulated, at speed, then
resets it to ready with nothing of it left."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from facilitator.domain.run import Stage
from facilitator.domain.workshop import Phase, Role, Status
from facilitator.extensions import db
from facilitator.models import (KeyPoint, Note, Participant, Seat, Solution, Vote,
                                Workshop)
from facilitator.services import UserError, deliverables, live, rehearsal, roster, seating
from facilitator.services import workshops as service
from facilitator.services.rehearsal import AUTOPILOT_PAUSE


def design(user, tables=2, per_table=4, rounds=2, hold_notes=False):
    workshop = service.create(user, title="Café répété", language="fr", tables=tables,
                              rounds=rounds, phases=(4, 8, 20), hold_notes=hold_notes)
    for number, round_ in enumerate(workshop.rounds, start=1):
        service.update_round(workshop, round_, question=f"Question {number} ?", reflection=4,
                             sharing=8, discussion=20)
    for t in range(tables):
        roster.add(workshop, name=f"Hôte {t + 1}", department="Ventes", role=Role.HOST)
    for i in range((per_table - 1) * tables):
        roster.add(workshop, name=f"Personne {i + 1}", department=["Ventes", "IT"][i % 2])
    seating.replan(workshop, time_limit=0.2)
    return workshop


def seats_of(workshop):
    return sorted((s.round_id, s.table_id, s.participant_id, s.pinned) for s in
                  db.session.scalars(select(Seat).where(Seat.workshop_id == workshop.id)))


def count(model, workshop):
    return db.session.scalar(select(func.count()).select_from(model).where(
        model.workshop_id == workshop.id))


def play_until(workshop, stage, clock, limit=400, step=0.5):
    """Step the run's timer and the simulation on a fake clock until `stage`."""
    for _ in range(limit):
        for act in (lambda: live.tick(clock), lambda: rehearsal.play_step(workshop, clock)):
            if workshop.run.stage is stage:
                return clock
            act()
            db.session.refresh(workshop.run)
        clock += timedelta(seconds=step)
    raise AssertionError(f"never reached {stage}: {workshop.run.stage}")


def test_phases_run_at_the_chosen_speed(app, facilitator):
    workshop = design(facilitator)
    rehearsal.start(workshop, speed=40, autopilot=False)
    assert workshop.status is Status.LIVE and workshop.run.rehearsal
    live.command(workshop, "start_round")
    # A 4-minute reflection at 40x: 6 seconds.
    remaining = workshop.run.state().remaining(live.utcnow())
    assert 5 <= remaining <= 6


def test_the_whole_workshop_plays_then_resets_to_ready_leaving_nothing(app, facilitator):
    workshop = design(facilitator)
    seats_before = seats_of(workshop)
    people_before = {p.id: (p.role, p.host_table_id) for p in workshop.participants}
    rehearsal.start(workshop, speed=120, autopilot=True)
    clock = live.utcnow() + timedelta(seconds=AUTOPILOT_PAUSE + 0.1)
    clock = play_until(workshop, Stage.ROUND, clock)
    clock = play_until(workshop, Stage.ROTATION, clock)
    # Every simulated participant wrote and shared a note; every host wrote key points and
    # a solution drawn from the notes.
    notes = db.session.scalars(select(Note).where(Note.workshop_id == workshop.id)).all()
    assert len(notes) == 6 and all(n.shared for n in notes)
    assert count(KeyPoint, workshop) == 4 and count(Solution, workshop) == 2
    texts = {n.text for n in notes}
    assert {s.title.rstrip("…")[:20] for s in db.session.scalars(select(Solution))} <= {
        t[:20] for t in texts}
    clock = play_until(workshop, Stage.PLENARY, clock)
    # Votes: the autopilot opens them, each simulated participant votes, tallies revealed.
    for _ in range(40):
        clock += timedelta(seconds=1)
        rehearsal.play_step(workshop, clock)
        db.session.refresh(workshop.run)
        if workshop.run.votes_revealed:
            break
    assert workshop.run.votes_revealed and count(Vote, workshop) == 6

    rehearsal.reset(workshop)
    db.session.expire_all()
    workshop = db.session.get(Workshop, workshop.id)
    assert workshop.run is None and workshop.status is Status.READY
    assert workshop.rehearsed_at is not None
    for model in (Note, KeyPoint, Solution, Vote):
        assert count(model, workshop) == 0, model
    assert seats_of(workshop) == seats_before
    assert {p.id: (p.role, p.host_table_id) for p in workshop.participants} == people_before
    assert all(p.joined_at is None and p.token_hash is None for p in workshop.participants)
    # The deliverables know nothing of it.
    report = deliverables.build_report(workshop, images=False)
    assert not report.solutions and not report.notes
    # And the doors open as on the day.
    live.open_workshop(workshop)
    assert workshop.run.stage is Stage.LOBBY and not workshop.run.rehearsal


def test_walk_ins_and_phones_of_the_rehearsal_are_gone_after_reset(app, facilitator):
    workshop = design(facilitator)
    rehearsal.start(workshop, autopilot=False)
    walker, _token = live.walk_in(workshop, "Visiteur", "IT")
    person = next(p for p in workshop.participants if not p.is_host)
    live.claim(workshop, person.id)
    live.command(workshop, "start_round")
    rehearsal.reset(workshop)
    names = {p.display_name for p in db.session.get(Workshop, workshop.id).participants}
    assert "Visiteur" not in names and len(names) == 8
    assert db.session.get(Participant, person.id).token_hash is None


def test_a_phone_opened_as_preview_is_not_simulated(app, facilitator):
    workshop = design(facilitator)
    rehearsal.start(workshop, speed=120, autopilot=False)
    person = next(p for p in workshop.participants if not p.is_host)
    live.claim(workshop, person.id)
    live.command(workshop, "start_round")
    clock = live.utcnow()
    for _ in range(30):
        clock += timedelta(seconds=0.5)
        rehearsal.play_step(workshop, clock)
    assert not db.session.scalars(select(Note).where(Note.participant_id == person.id)).all()
    assert count(Note, workshop) == 5


def test_held_notes_are_let_through_by_the_simulated_host(app, facilitator):
    workshop = design(facilitator, hold_notes=True)
    rehearsal.start(workshop, speed=120, autopilot=True)
    clock = live.utcnow() + timedelta(seconds=AUTOPILOT_PAUSE + 0.1)
    play_until(workshop, Stage.ROTATION, play_until(workshop, Stage.ROUND, clock))
    assert count(Solution, workshop) == 2
    assert not db.session.scalars(select(Note).where(Note.held.is_(True))).all()


def test_notes_are_drawn_from_the_diagnostic_verbatims(app, facilitator):
    from facilitator.models import FeedbackImport, FeedbackResponse
    workshop = design(facilitator)
    record = FeedbackImport(workshop_id=workshop.id, filename="x.csv", status="done",
                            data=b"")
    db.session.add(record)
    db.session.flush()
    verbatim = "Le conseiller m'a rappelé le jour même, vraiment rassurant."
    db.session.add(FeedbackResponse(workshop_id=workshop.id, import_id=record.id, line=2,
                                    score=9, comment=verbatim, content_hash="h1"))
    db.session.commit()
    rehearsal.start(workshop, speed=120, autopilot=False)
    live.command(workshop, "start_round")
    live.command(workshop, "skip")
    rehearsal.play_step(workshop)
    assert {n.text for n in db.session.scalars(select(Note))} == {verbatim}


def test_no_rehearsal_once_the_doors_are_open_and_doors_refused_during_one(
        app, facilitator, signed_in):
    workshop = design(facilitator)
    rehearsal.start(workshop, autopilot=False)
    response = signed_in.post(f"/workshops/{workshop.id}/open", follow_redirects=True)
    assert "A rehearsal is running" in response.get_data(as_text=True)
    assert db.session.get(Workshop, workshop.id).run.rehearsal
    rehearsal.reset(workshop)
    live.open_workshop(workshop)
    with pytest.raises(UserError):
        rehearsal.start(workshop)


def test_a_draft_with_a_broken_checklist_cannot_be_rehearsed(app, facilitator):
    workshop = service.create(facilitator, title="Vide", tables=2, rounds=1)
    roster.add(workshop, name="Zoé")
    with pytest.raises(UserError):
        rehearsal.start(workshop)
    assert workshop.run is None


def test_the_rehearsal_pages(app, facilitator, signed_in):
    workshop = design(facilitator)
    page = signed_in.get(f"/workshops/{workshop.id}/rehearsal").get_data(as_text=True)
    assert "Start the rehearsal" in page
    response = signed_in.post(f"/workshops/{workshop.id}/rehearsal/start",
                              data={"speed": "40", "autopilot": "y"}, follow_redirects=True)
    assert "Rehearsal running" in response.get_data(as_text=True)
    person = next(p for p in workshop.participants if p.is_host)
    response = signed_in.post(f"/workshops/{workshop.id}/rehearsal/phone",
                              data={"person": person.id})
    assert response.headers["Location"].endswith(f"/p/{workshop.join_code}")
    assert workshop.join_code in response.headers["Set-Cookie"]
    response = signed_in.post(f"/workshops/{workshop.id}/rehearsal/reset",
                              follow_redirects=True)
    assert "nothing of it is left" in response.get_data(as_text=True)
    assert db.session.get(Workshop, workshop.id).status is Status.READY
