"""Helpers for live tests: a ready workshop, joined phones, socket clients."""
from __future__ import annotations

import pytest

from facilitator.domain.workshop import Role
from facilitator.extensions import db
from facilitator.extensions import socketio
from facilitator.realtime.protocol import NAMESPACE
from facilitator.services import live, roster, seating, workshops as service


def ready_workshop(user, tables=2, people_per_table=4, rounds=2, minutes=(3, 7, 15)):
    workshop = service.create(user, title="Café live", language="en")
    service.set_table_count(workshop, tables)
    for number in range(rounds):
        service.add_round(workshop, question=f"Question {number + 1}?",
                          reflection=minutes[0], sharing=minutes[1], discussion=minutes[2])
    departments = ["Sales", "Support", "IT", "Finance"]
    for t in range(tables):
        roster.add(workshop, name=f"Host {t + 1}", department=departments[t % 4], role=Role.HOST)
    for i in range((people_per_table - 1) * tables):
        roster.add(workshop, name=f"P{i + 1}", department=departments[i % 4])
    service.mark_ready(workshop)
    seating.replan(workshop, time_limit=0.2)
    live.open_workshop(workshop)
    return workshop


def join_all(workshop) -> dict[str, str]:
    """Everyone claims their name; returns name -> token."""
    tokens = {}
    for person in list(workshop.participants):
        _, token = live.claim(workshop, person.id)
        tokens[person.display_name] = token
    return tokens


def phone(app, workshop, token):
    return socketio.test_client(app, namespace=NAMESPACE, auth={
        "workshop": workshop.join_code, "view": "participant", "protocol": 1, "token": token})


def console(app, workshop, flask_client):
    return socketio.test_client(app, namespace=NAMESPACE, flask_test_client=flask_client, auth={
        "workshop": workshop.join_code, "view": "facilitator", "protocol": 1})


def received_all(client) -> list[tuple[str, object]]:
    """Every event this client got so far, as (name, payload) (kept, since get_received
    drains)."""
    log = client.__dict__.setdefault("_log", [])
    log.extend(client.get_received(NAMESPACE))
    # The test client unwraps the arguments of "message" events (as for send()).
    return [(m["name"], m["args"] if isinstance(m["args"], dict) else m["args"][0])
            for m in log]


def received(client, name):
    """Every `name` event this client got so far."""
    return [payload for event, payload in received_all(client) if event == name]


def forget(client) -> None:
    """Drop what the client received so far."""
    client.get_received(NAMESPACE)
    client.__dict__["_log"] = []


def call(client, event, payload=None):
    return client.emit(event, payload or {}, namespace=NAMESPACE, callback=True)


# Fixtures shared by the live test modules (import them by name into a module).

@pytest.fixture
def live_app(tmp_path):
    """An app without the background ticker: tests drive time themselves."""
    from tests.conftest import make_app
    app = make_app(tmp_path, TESTING_NO_TICKER=True)
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def workshop(facilitator):
    return ready_workshop(facilitator)


@pytest.fixture
def tokens(workshop):
    return join_all(workshop)


@pytest.fixture
def desk(app, client, workshop):
    from tests.conftest import sign_in
    sign_in(client)
    return console(app, workshop, client)
