"""The diagnostic's engine at the tables: a host's suggested groups, the console's themes."""
import pytest

from facilitator.services import live
from tests.integration.live_helpers import (  # noqa: F401 (fixtures)
    call, console, desk, live_app, phone, ready_workshop, tokens, workshop)


@pytest.fixture
def app(live_app):
    return live_app


def mates(workshop, host="Host 1"):
    person = next(p for p in workshop.participants if p.display_name == host)
    table = live.seat_of(workshop, person, 1)
    return [p.display_name for p in live.people_at(workshop, table, 1) if not p.is_host]


def test_the_host_gets_titled_groups_to_accept_and_the_console_the_themes(
        app, workshop, tokens, desk):
    call(desk, "command", {"command": "start_round"})
    call(desk, "command", {"command": "skip"})
    texts = ["Slow support replies", "Support never answers", "The support is slow",
             "Cheaper prices", "Lower prices"]
    ids = []
    for name, text in zip(mates(workshop) * 3, texts):
        answer = call(phone(app, workshop, tokens[name]), "note.save",
                      {"client_id": f"n-{len(ids):04d}-{name}", "text": text, "share": True})
        assert answer["ok"], answer
        ids.append(answer["note"]["id"])
    host = phone(app, workshop, tokens["Host 1"])
    answer = call(host, "groups.suggest", {})
    assert answer["ok"], answer
    groups = answer["groups"]
    assert groups and all(g["title"] and len(g["note_ids"]) >= 2 for g in groups)
    support = next(g for g in groups if set(g["note_ids"]) == set(ids[:3]))
    # Accepting is the usual cluster event; the grouped notes are not suggested again.
    created = call(host, "cluster", {"action": "create", "title": support["title"],
                                     "note_ids": support["note_ids"]})
    assert created["ok"], created
    again = call(host, "groups.suggest", {})["groups"]
    assert all(set(g["note_ids"]).isdisjoint(ids[:3]) for g in again)
    # Another table's host may not ask for this table.
    assert call(phone(app, workshop, tokens["Host 2"]), "groups.suggest",
                {"table": 1})["error"] == "forbidden"
    themes = call(desk, "themes.live", {})
    assert themes["ok"] and themes["round"] == 1
    assert any(theme["notes"] >= 2 for theme in themes["themes"])
