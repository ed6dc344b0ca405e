"""A seat belongs to one device until the facilitator says otherwise: claims, walk-ins,
release, erase, and what an old socket may still do afterwards (nothing)."""
import pytest

from facilitator.domain.workshop import Role
from facilitator.extensions import db
from facilitator.realtime import emit as out
from facilitator.realtime.live import VIEWERS
from facilitator.services import live, privacy, seating
from tests.conftest import make_app, sign_in
from tests.integration.live_helpers import (  # noqa: F401 (fixtures)
    call, desk, forget, join_all, live_app, phone, received, tokens, workshop)


@pytest.fixture
def app(live_app):
    return live_app


def _person(workshop, name):
    return next(p for p in workshop.participants if p.display_name == name)


def _join_cookie(client, workshop):
    return next((c.value for c in client._cookies.values()
                 if c.key == f"fp_{workshop.join_code}"), None)


def _note(client, text="Un avis privé", client_id="note-0001"):
    return call(client, "note.save", {"client_id": client_id, "text": text})


# Walk-ins -------------------------------------------------------------------------------------

def test_a_walk_in_with_a_hosts_name_is_a_new_person_and_is_told_so(app, client, workshop):
    host = _person(workshop, "Host 1")
    response = client.post(f"/j/{workshop.join_code}", data={"name": "host 1",
                                                             "department": "Sales"})
    assert response.status_code == 302 and "/p/" in response.headers["Location"]
    db.session.refresh(host)
    assert host.token_hash is None and host.role is Role.HOST
    newcomer = live.participant_by_token(workshop, _join_cookie(client, workshop))
    assert newcomer.id != host.id and newcomer.display_name == "host 1 (2)"
    assert newcomer.role is Role.PARTICIPANT and newcomer.walked_in
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "you joined as host 1 (2), a new person" in page


def test_walk_ins_stop_at_the_cap_the_facilitator_sets(app, client, workshop, facilitator):
    sign_in(client)
    client.post(f"/workshops/{workshop.id}/walk-ins", data={"cap": "2"})
    assert live.walk_in_cap(workshop) == 2
    for name in ("Ann", "Bea"):
        live.walk_in(workshop, name, "")
    with pytest.raises(live.LiveError) as error:
        live.walk_in(workshop, "Cid", "")
    assert error.value.code == "full"
    page = app.test_client().post(f"/j/{workshop.join_code}", data={"name": "Cid"})
    assert b"No more places" in page.data
    assert client.post(f"/workshops/{workshop.id}/walk-ins", data={"cap": "²"}).status_code == 302
    assert live.walk_in_cap(workshop) == 2


def test_the_default_cap_is_the_roster_plus_a_margin(app, workshop):
    assert live.walk_in_cap(workshop) == max(live.MIN_WALK_INS, 2)  # 8 people on the roster
    workshop.walk_in_cap = None
    assert live.walk_in_cap(workshop) >= 5


def test_walk_ins_from_one_address_are_rate_limited(tmp_path):
    from facilitator.services.accounts import create_or_reset
    from tests.integration.live_helpers import ready_workshop

    app = make_app(tmp_path, RATELIMIT_ENABLED=True, TESTING_NO_TICKER=True)
    with app.app_context():
        user, _ = create_or_reset("ana@cafe.test", "correct horse", "Ana")
        workshop = ready_workshop(user)
        workshop.walk_in_cap = 100
        db.session.commit()
        from facilitator.web.live import WALK_IN_RATE

        limit = int(WALK_IN_RATE.split()[0])
        statuses = [app.test_client().post(f"/j/{workshop.join_code}",
                                           data={"name": f"Bot {i}"}).status_code
                    for i in range(limit + 2)]
        assert statuses[:limit] == [302] * limit and statuses[limit:] == [429, 429]
        # Picking one's name on the list is not a walk-in: the room still gets in.
        person = _person(workshop, "P1")
        answer = app.test_client().post(f"/j/{workshop.join_code}", data={"claim": person.id})
        assert answer.status_code == 302
        db.session.remove()


def test_a_walk_in_gets_a_seat_in_every_round_without_a_re_plan(app, workshop, monkeypatch):
    def no_replan(*args, **kwargs):
        raise AssertionError("a walk-in must not re-plan the whole café")

    monkeypatch.setattr(seating, "replan", no_replan)
    person, _token = live.walk_in(workshop, "Late Larry", "Sales")
    tables = [live.seat_of(workshop, person, number) for number in (1, 2)]
    assert all(tables)
    assert tables[0] != tables[1]  # a new table each round while one is free


# Claims ---------------------------------------------------------------------------------------

def test_a_name_joined_elsewhere_needs_the_facilitators_approval(app, client, workshop,
                                                                  tokens, facilitator):
    first = phone(app, workshop, tokens["P1"])
    person = _person(workshop, "P1")
    second = app.test_client()
    page = second.get(f"/j/{workshop.join_code}").get_data(as_text=True)
    assert "Already joined on another phone?" in page
    response = second.post(f"/j/{workshop.join_code}", data={"request": person.id})
    assert response.status_code == 302
    waiting = second.get(f"/j/{workshop.join_code}").get_data(as_text=True)
    assert "Waiting for the facilitator" in waiting and 'http-equiv="refresh"' in waiting
    assert second.get(f"/p/{workshop.join_code}").status_code == 302  # not in yet
    assert first.is_connected(namespace="/live") and call(first, "sync")["ok"]

    sign_in(client)
    answer = client.post(f"/workshops/{workshop.id}/participants/{person.id}/claim",
                         data={"decision": "approve"})
    assert answer.status_code == 302
    assert second.get(f"/p/{workshop.join_code}").status_code == 200
    assert not first.is_connected(namespace="/live")
    assert not phone(app, workshop, tokens["P1"]).is_connected(namespace="/live")


def test_a_refused_claim_leaves_the_first_device_in(app, client, workshop, tokens, facilitator):
    person = _person(workshop, "P2")
    second = app.test_client()
    second.post(f"/j/{workshop.join_code}", data={"request": person.id})
    sign_in(client)
    client.post(f"/workshops/{workshop.id}/participants/{person.id}/claim",
                data={"decision": "refuse"})
    assert "Waiting" not in second.get(f"/j/{workshop.join_code}").get_data(as_text=True)
    assert phone(app, workshop, tokens["P2"]).is_connected(namespace="/live")


def test_claiming_a_joined_name_directly_is_refused(app, workshop, tokens):
    with pytest.raises(live.LiveError) as error:
        live.claim(workshop, _person(workshop, "P3").id)
    assert error.value.code == "claimed"


# Revocation -----------------------------------------------------------------------------------

def test_a_released_socket_loses_its_rights_when_the_name_is_claimed_again(app, workshop,
                                                                           tokens):
    old = phone(app, workshop, tokens["P1"])
    person = _person(workshop, "P1")
    live.revoke(workshop, person)
    _person_again, new_token = live.claim(workshop, person.id)
    answer = _note(old)
    assert answer["ok"] is False and answer["error"] == "not_joined"
    assert not old.is_connected(namespace="/live")
    assert phone(app, workshop, new_token).is_connected(namespace="/live")


def test_release_disconnects_the_old_phone_and_it_hears_nothing_after(app, client, workshop,
                                                                      tokens, facilitator):
    old = phone(app, workshop, tokens["P1"])
    forget(old)
    person = _person(workshop, "P1")
    sign_in(client)
    client.post(f"/workshops/{workshop.id}/participants/{person.id}/release")
    assert not old.is_connected(namespace="/live")
    assert not any(v.participant_id == person.id for v in VIEWERS.values())
    _again, token = live.claim(workshop, person.id)
    new = phone(app, workshop, token)
    assert call(new, "sync")["ok"]
    out.seats(workshop)  # private: each person's own seat, to their room
    assert received(new, "seat")
    assert not any(name == "seat" for name, _payload in old.__dict__.get("_log", []))


def test_erased_people_cannot_be_claimed_and_their_sockets_go(app, client, workshop, tokens,
                                                              facilitator):
    phones = [phone(app, workshop, tokens[name]) for name in ("P1", "P2")]
    sign_in(client)
    client.post(f"/workshops/{workshop.id}/personal-data/erase")
    assert not any(p.is_connected(namespace="/live") for p in phones)
    assert live.unclaimed(workshop) == []
    erased = workshop.participants[0]
    assert erased.erased
    with pytest.raises(live.LiveError) as error:
        live.claim(workshop, erased.id)
    assert error.value.code == "not_found"
    with pytest.raises(live.LiveError):
        live.request_claim(workshop, erased.id)
    page = app.test_client().get(f"/j/{workshop.join_code}").get_data(as_text=True)
    assert "Participant 1" not in page


def test_an_erased_workshop_keeps_walk_ins_working(app, workshop):
    privacy.erase(workshop)
    person, _token = live.walk_in(workshop, "Nouvelle Personne", "")
    assert not person.erased and person.display_name == "Nouvelle Personne"


# Fuzz: any sequence of joins, requests, answers, releases and erasure ------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ACTIONS = st.lists(st.tuples(
    st.sampled_from(["claim", "request", "approve", "refuse", "release", "walk_in", "erase"]),
    st.integers(min_value=0, max_value=7)), min_size=1, max_size=14)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=ACTIONS)
def test_any_sequence_keeps_one_device_per_seat(app, facilitator, steps):
    from tests.integration.live_helpers import ready_workshop

    workshop = ready_workshop(facilitator)
    sockets: dict[str, object] = {}   # token -> its socket
    pending: dict[int, str] = {}      # person id -> the token of the device that asked
    people = list(workshop.participants)
    for action, index in steps:
        person = people[index % len(people)]
        try:
            if action == "claim":
                _p, token = live.claim(workshop, person.id)
                sockets[token] = phone(app, workshop, token)
            elif action == "request":
                _p, token = live.request_claim(workshop, person.id)
                if person.token_hash == live.hash_token(token):
                    sockets[token] = phone(app, workshop, token)
                else:
                    pending[person.id] = token
            elif action in ("approve", "refuse"):
                if live.answer_claim(workshop, person, action == "approve"):
                    from facilitator.realtime.live import evict
                    evict(workshop.id, [person.id])
                    token = pending.pop(person.id)
                    sockets[token] = phone(app, workshop, token)
                else:
                    pending.pop(person.id, None)
            elif action == "release":
                live.revoke(workshop, person)
                pending.pop(person.id, None)
            elif action == "walk_in":
                walker, token = live.walk_in(workshop, person.display_name, "")
                assert walker.id != person.id and walker.walked_in
                people.append(walker)
                sockets[token] = phone(app, workshop, token)
            else:
                privacy.erase(workshop)
                pending.clear()
        except live.LiveError as error:
            assert error.code in ("claimed", "not_found", "state", "full"), error.code
            db.session.rollback()
        # Every socket may act exactly while its token is its person's current one.
        for token, client in sockets.items():
            current = live.participant_by_token(workshop, token) is not None
            if client.is_connected(namespace="/live"):
                answer = call(client, "sync")
                assert answer["ok"] is current, (action, answer)
            else:
                assert not current or not client.is_connected(namespace="/live")
        hashes = [p.token_hash for p in workshop.participants if p.token_hash]
        assert len(hashes) == len(set(hashes))
        for someone in workshop.participants:
            if someone.erased:
                assert someone.token_hash is None and someone not in live.unclaimed(workshop)
    for client in sockets.values():
        if client.is_connected(namespace="/live"):
            client.disconnect(namespace="/live")
