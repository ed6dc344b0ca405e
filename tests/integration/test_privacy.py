"""A workshop's personal data can be exported and erased; deleting a workshop deletes
its notes, votes, seats and tokens."""
import json

from sqlalchemy import func, select

from facilitator.extensions import db
from facilitator.models import Note, Participant, Seat, Solution, Vote, Workshop
from facilitator.services import demo_run
from facilitator.services.demo import _design
from tests.conftest import sign_in


def finished(user):
    workshop = _design(user, "Café privé", None)
    demo_run.play(workshop)
    db.session.commit()
    return workshop


def count(model, workshop_id):
    return db.session.scalar(select(func.count(model.id)).where(
        model.workshop_id == workshop_id))


def test_export_lists_each_persons_data(signed_in, facilitator):
    workshop = finished(facilitator)
    response = signed_in.get(f"/workshops/{workshop.id}/personal-data.json")
    assert response.status_code == 200 and "attachment" in response.headers[
        "Content-Disposition"]
    data = json.loads(response.data)
    people = {p["name"]: p for p in data["people"]}
    assert set(people) == {p.display_name for p in workshop.participants}
    writer = next(p for p in data["people"] if p["notes"])
    assert writer["email"].endswith("@academia-demo.test") and writer["joined_at"]
    assert sum(p["dots_placed"] for p in data["people"]) > 0


def test_erase_removes_names_emails_and_devices_but_keeps_the_ideas(signed_in, facilitator):
    workshop = finished(facilitator)
    notes_before = count(Note, workshop.id)
    names_before = {p.display_name for p in workshop.participants}
    signed_in.post(f"/workshops/{workshop.id}/personal-data/erase")
    db.session.expire_all()
    people = workshop.participants
    assert not names_before & {p.display_name for p in people}
    assert all(p.email == "" and p.token_hash is None for p in people)
    assert count(Note, workshop.id) == notes_before
    export = json.loads(signed_in.get(f"/workshops/{workshop.id}/personal-data.json").data)
    assert not names_before & {p["name"] for p in export["people"]}


def test_deleting_a_workshop_deletes_its_notes_votes_seats_and_tokens(signed_in, facilitator):
    workshop = finished(facilitator)
    workshop_id = workshop.id
    assert count(Note, workshop_id) and count(Vote, workshop_id) and count(Seat, workshop_id)
    signed_in.post(f"/workshops/{workshop_id}/delete")
    db.session.expire_all()
    assert db.session.get(Workshop, workshop_id) is None
    for model in (Note, Vote, Seat, Solution, Participant):
        assert count(model, workshop_id) == 0, model.__name__


def test_another_facilitator_cannot_export_or_erase(client, facilitator, other_facilitator):
    workshop = finished(facilitator)
    sign_in(client, "bob@cafe.test", "battery staple")
    assert client.get(f"/workshops/{workshop.id}/personal-data.json").status_code == 404
    assert client.post(f"/workshops/{workshop.id}/personal-data/erase").status_code == 404
    db.session.expire_all()
    assert all(p.email for p in workshop.participants)
