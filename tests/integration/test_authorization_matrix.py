"""Who may reach what: every HTTP route and every Socket.IO event, tried by six actors.

The actors: anonymous, a participant of another table, a participant of another workshop,
the host of another table, another facilitator, and the right actor. Only the right one
succeeds; a refusal changes nothing in the database. The route and event lists are read from
the app itself (`app.url_map`, the /live handlers), so a new route or event without a rule
here fails `test_every_route_is_classified` / `test_every_socket_event_is_classified`.

Who owns an HTTP route (ROUTE_OWNER):

| kind          | who succeeds                        | everyone else gets                    |
|---------------|-------------------------------------|---------------------------------------|
| public        | anyone                              | -                                     |
| signed_in     | any signed-in facilitator           | 302 to /login                         |
| owned         | the facilitator owning the workshop | 302 to /login (no session), 404 (another facilitator, or the owner naming another workshop's table/round/person/import) |
| participant   | a joined participant (fp_<CODE>)    | 302 to /j/<CODE> (no token, another workshop's token, a released one) |
| share         | whoever holds the share token       | 404 (unknown or revoked token, a file that is not public) |
| member        | the owner, or anyone who joined     | 404 (anyone else: an id tells nothing) |
| phone         | a joined participant, for their own table (JSON) | 401 (not joined here); 403/409 for another table's or a refused change |
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import g, url_for
from sqlalchemy import select

from facilitator.extensions import db
from facilitator.models import Participant
from facilitator.services import deliverables
from facilitator.services import diagnostic as diagnostic_service
from facilitator.services import live, workshops as workshops_service
from facilitator.services import notes as notes_service
from facilitator.services.accounts import create_or_reset
from tests.conftest import make_app
from tests.integration.live_helpers import join_all, ready_workshop

FEEDBACK = Path(__file__).parent.parent / "fixtures" / "feedback"

# Actors ------------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
OTHER_TABLE = "participant of another table"
OTHER_WORKSHOP = "participant of another workshop"
OTHER_HOST = "host of another table"
OTHER_FACILITATOR = "another facilitator"
RIGHT = "right actor"
WRONG_ACTORS = (ANONYMOUS, OTHER_TABLE, OTHER_WORKSHOP, OTHER_HOST, OTHER_FACILITATOR)

# Volatile bookkeeping that a read may legitimately touch (presence), never authorisation.
VOLATILE_COLUMNS = {"last_seen_at"}


# The world: two facilitators, two live workshops, joined phones, a share link, an import --

@dataclass
class World:
    app: object
    ana: int
    bob: int
    workshop: int
    other: int                      # Bob's workshop
    code: str
    other_code: str
    tokens: dict[str, str]          # Ana's workshop: name -> token
    other_tokens: dict[str, str]
    share_token: str
    other_share_token: str
    ids: dict[str, int] = field(default_factory=dict)          # Ana's sub-objects
    foreign_ids: dict[str, int] = field(default_factory=dict)  # Bob's sub-objects
    plan_token: str = ""            # Ana's action plan link

    def person(self, name: str) -> Participant:
        return db.session.scalar(select(Participant).where(
            Participant.workshop_id == self.workshop, Participant.display_name == name))


def mate_of_host_1(workshop) -> str:
    """A (non-host) participant seated at Host 1's table in round 1."""
    host = next(p for p in workshop.participants if p.display_name == "Host 1")
    table = live.seat_of(workshop, host, 1)
    return next(p.display_name for p in live.people_at(workshop, table, 1) if not p.is_host)


def away_from_host_1(workshop) -> str:
    """A (non-host) participant seated at another table than Host 1's in round 1."""
    host = next(p for p in workshop.participants if p.display_name == "Host 1")
    table = live.seat_of(workshop, host, 1)
    return next(p.display_name for p in workshop.participants
                if not p.is_host and live.seat_of(workshop, p, 1) != table)


def _import(workshop) -> int:
    data = (FEEDBACK / "utf8_bom.csv").read_bytes()
    record = diagnostic_service.start_import(workshop, data, "feedback.csv")
    diagnostic_service.process_import(record.id)
    return record.id


def _png(color=(40, 90, 160)) -> bytes:
    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), color).save(buffer, "PNG")
    return buffer.getvalue()


def _photo(workshop) -> int:
    """A photo of Host 1's table in round 1, added by the facilitator."""
    from facilitator.services import photos
    host = next(p for p in workshop.participants if p.display_name == "Host 1")
    return photos.add(workshop, host.host_table, workshop.rounds[0], None, _png()).id


def _pair_rule(workshop, person_id: int) -> dict[str, int]:
    """A second participant and an "apart in round 1" rule for the two (the matrix's
    add_pair_rule posts "never" for them: a change). The plan never seats them together,
    so the rule makes no re-plan that would move the other actors."""
    from facilitator.domain.workshop import PairKind
    from facilitator.services import seating
    first = db.session.get(Participant, person_id)
    rounds = range(1, len(workshop.rounds) + 1)
    second = next(p for p in workshop.participants if not p.is_host and p.id != person_id and all(
        live.seat_of(workshop, p, r) != live.seat_of(workshop, first, r) for r in rounds))
    rule = seating.add_pair_rule(workshop, first, second, PairKind.APART_FIRST_ROUND)
    return {"other_person_id": second.id, "rule_id": rule.id}


def _follow_up(workshop) -> int:
    from datetime import date

    from facilitator.services import followup
    data = (FEEDBACK / "utf8_bom.csv").read_bytes()
    return followup.import_followup(workshop, data, "later.csv", date(2027, 3, 1)).id


def build_world() -> World:
    """Ana's live workshop ("Ana's secret café") and Bob's, both with everyone joined."""
    ana, _ = create_or_reset("ana@cafe.test", "correct horse", "Ana")
    bob, _ = create_or_reset("bob@cafe.test", "battery staple", "Bob")
    mine = ready_workshop(ana)
    workshops_service.update(mine, title="Ana's secret café")
    theirs = ready_workshop(bob)
    tokens, other_tokens = join_all(mine), join_all(theirs)
    world = World(app=None, ana=ana.id, bob=bob.id, workshop=mine.id, other=theirs.id,
                  code=mine.join_code, other_code=theirs.join_code, tokens=tokens,
                  other_tokens=other_tokens, share_token=deliverables.share(mine),
                  other_share_token=deliverables.share(theirs))
    for key, workshop in (("ids", mine), ("foreign_ids", theirs)):
        getattr(world, key).update(
            table_id=workshop.tables[0].id, round_id=workshop.rounds[0].id,
            person_id=next(p.id for p in workshop.participants if not p.is_host),
            import_id=_import(workshop))
        person = db.session.get(Participant, getattr(world, key)["person_id"])
        seat = live.seat_of(workshop, person, 1)
        getattr(world, key)["move_table"] = next(t.id for t in workshop.tables if t != seat)
        getattr(world, key)["photo_id"] = _photo(workshop)
        getattr(world, key).update(_pair_rule(workshop, getattr(world, key)["person_id"]))
        getattr(world, key)["followup_id"] = _follow_up(workshop)
    from facilitator.services import actionplan
    world.plan_token = actionplan.share(mine)
    world.ids["mate"] = world.person(mate_of_host_1(mine)).id
    world.names = {"mate": mate_of_host_1(mine), "away": away_from_host_1(mine)}
    return world


def db_state(workshop_id: int | None = None) -> dict:
    """Every row (or every row of one workshop), without presence timestamps."""
    state = {}
    for table in db.metadata.sorted_tables:
        query = select(table)
        if workshop_id is not None:
            if "workshop_id" in table.c:
                query = query.where(table.c.workshop_id == workshop_id)
            elif table.name == "workshop":
                query = query.where(table.c.id == workshop_id)
        rows = db.session.execute(query.order_by(*table.primary_key.columns)).mappings()
        state[table.name] = [{k: v for k, v in row.items() if k not in VOLATILE_COLUMNS}
                             for row in rows]
    return state


def send(client, method: str, url: str, **kwargs):
    # The tests share one app context; Flask-Login caches the user on `g`, so a request must
    # not see the previous client's user (in production each request has its own context).
    g.pop("_login_user", None)
    response = client.open(url, method=method, **kwargs)
    g.pop("_login_user", None)
    return response


# HTTP actors -------------------------------------------------------------------------------

def http_client(world: World, actor: str, kind: str):
    """A test client acting as `actor`; for the right actor, as the route's rightful user.
    Kept per world: signing in (scrypt) is the slow part of the matrix."""
    key = (actor, kind if actor == RIGHT else None)
    cache = world.__dict__.setdefault("_clients", {})
    if key not in cache:
        cache[key] = _new_client(world, actor, kind)
    return cache[key]


def _new_client(world: World, actor: str, kind: str):
    client = world.app.test_client()
    host = "cafe.test"
    if actor == OTHER_TABLE:
        client.set_cookie(f"fp_{world.code}", world.tokens[world.names["away"]], domain=host)
    elif actor == OTHER_HOST:
        client.set_cookie(f"fp_{world.code}", world.tokens["Host 2"], domain=host)
    elif actor == OTHER_WORKSHOP:
        # Their own cookie, and their token replayed under this workshop's cookie name.
        token = world.other_tokens["P1"]
        client.set_cookie(f"fp_{world.other_code}", token, domain=host)
        client.set_cookie(f"fp_{world.code}", token, domain=host)
    elif actor == OTHER_FACILITATOR:
        assert send(client, "POST", "/login", data={
            "email": "bob@cafe.test", "password": "battery staple"}).status_code == 302
    elif actor == RIGHT and kind in (SIGNED_IN, OWNED):
        assert send(client, "POST", "/login", data={
            "email": "ana@cafe.test", "password": "correct horse"}).status_code == 302
    elif actor == RIGHT and kind in (PARTICIPANT, MEMBER):
        client.set_cookie(f"fp_{world.code}", world.tokens[world.names["mate"]], domain=host)
    return client


# Route table -------------------------------------------------------------------------------

PUBLIC, SIGNED_IN, OWNED, PARTICIPANT, SHARE = ("public", "signed_in", "owned", "participant",
                                                "share")
MEMBER, PHONE = "member", "phone"

ROUTE_OWNER = {
    "static": PUBLIC,
    "main.index": PUBLIC,
    "main.healthz": PUBLIC,
    "main.join": PUBLIC,
    "main.set_language": PUBLIC,
    "auth.login": PUBLIC,
    "live.join": PUBLIC,               # the join code is shown on the projector
    "auth.logout": SIGNED_IN,
    "workshops.index": SIGNED_IN,      # lists only one's own workshops (checked below)
    "workshops.new": SIGNED_IN,
    "live.phone": PARTICIPANT,
    "deliverables.shared": SHARE,
    "deliverables.shared_file": SHARE,
    "actionplan.shared": SHARE, "actionplan.shared_change": SHARE,
    "actionplan.shared_download": SHARE,
    "photos.image": MEMBER, "photos.thumb": MEMBER,
    "photos.phone_list": PHONE, "photos.phone_upload": PHONE, "photos.phone_delete": PHONE,
    "photos.console_upload": OWNED, "photos.console_delete": OWNED,
    **{endpoint: OWNED for endpoint in (
        "workshops.show", "workshops.edit", "workshops.delete", "workshops.duplicate",
        "workshops.mark_ready", "workshops.personal_data", "workshops.erase_personal_data",
        "workshops.qr_svg", "workshops.poster", "workshops.tables",
        "workshops.table_count", "workshops.edit_table", "workshops.delete_table",
        "workshops.rounds", "workshops.edit_round", "workshops.delete_round",
        "workshops.move_round", "workshops.roster", "workshops.import_roster",
        "workshops.edit_person", "workshops.delete_person", "workshops.seating",
        "workshops.plan_seating", "workshops.move_person", "workshops.unpin_seating",
        "workshops.add_pair_rule", "workshops.delete_pair_rule",
        "workshops.rehearsal", "workshops.start_rehearsal", "workshops.reset_rehearsal",
        "workshops.rehearsal_phone",
        "live.console", "live.projector", "live.open_doors", "live.release",
        "live.answer_claim", "live.walk_in_cap",
        "deliverables.index", "deliverables.download", "deliverables.settings",
        "deliverables.share", "deliverables.routes_pdf",
        "diagnostic.show", "diagnostic.imports", "diagnostic.import_report",
        "diagnostic.import_progress", "diagnostic.mapping", "diagnostic.rejected_csv",
        "diagnostic.delete_import", "diagnostic.themes", "diagnostic.rename_theme",
        "diagnostic.merge_themes", "diagnostic.move_theme", "diagnostic.undo_edit",
        "diagnostic.reset_edits", "diagnostic.stages", "diagnostic.reset_stages",
        "diagnostic.questions", "diagnostic.add_question", "diagnostic.present",
        "actionplan.index", "actionplan.change", "actionplan.share", "actionplan.download",
        "actionplan.follow_up", "actionplan.delete_follow_up")},
}
JSON_ENDPOINTS = {"diagnostic.import_progress", "main.healthz", "photos.phone_list",
                  "photos.phone_upload", "photos.phone_delete"}

# What the right actor posts; refused actors post the same, so a refusal is not a bad form.
STAGES = {"stages-0-key": "", "stages-0-name": "Apprendre",
          "stages-0-description": "formateurs, plateforme, cours, vidéos"}


def _theme_names(world: World) -> list[str]:
    """The workshop's themes as the diagnostic names them now (an import may rename)."""
    from facilitator.models import Workshop
    result = diagnostic_service.analysis(db.session.get(Workshop, world.workshop))
    names = [theme["name"] for theme in (result or {}).get("themes", [])]
    return names + ["(no theme)"] * (3 - len(names))


def form_data(endpoint: str, world: World, ids: dict) -> dict:
    themes = _theme_names(world) if endpoint in (
        "diagnostic.rename_theme", "diagnostic.merge_themes", "diagnostic.move_theme") else []
    forms = {
        "auth.login": {"email": "ana@cafe.test", "password": "correct horse"},
        "main.set_language": {"next": "/"},
        "main.join": {"code": world.code},
        "live.join": {"name": "Walk In", "department": "Ops"},
        "workshops.new": {"title": "Brand new", "language": "en", "mode": "question"},
        "workshops.edit": {"title": "Hijacked", "language": "en", "mode": "question"},
        "workshops.tables": {"add-name": "Extra", "add-theme": "", "add-capacity": ""},
        "workshops.table_count": {"count-count": "3"},
        "workshops.edit_table": {"name": "Hijacked", "theme": "", "capacity": ""},
        "workshops.rounds": {"add-question": "Extra?", "add-reflection": "3",
                             "add-sharing": "5", "add-discussion": "10"},
        "workshops.edit_round": {"question": "Hijacked?", "reflection": "3", "sharing": "5",
                                 "discussion": "10"},
        "workshops.roster": {"add-name": "Intruder", "add-department": "Ops",
                             "add-role": "participant", "add-host_table": "0"},
        "workshops.import_roster": {"import-file": (io.BytesIO(
            b"name,department,role\nZoe Import,Ops,participant\n"), "roster.csv")},
        "workshops.edit_person": {"name": "Hijacked", "department": "", "role": "participant",
                                  "host_table": "0"},
        "workshops.duplicate": {"tables": "y", "roster": "y"},
        "workshops.start_rehearsal": {"speed": "40", "autopilot": "y"},
        "workshops.rehearsal_phone": {"person": ids["person_id"]},
        "workshops.move_person": {"person": ids["person_id"], "round": ids["round_id"],
                                  "table": ids["move_table"]},
        "workshops.add_pair_rule": {"first": ids["person_id"], "second": ids["other_person_id"],
                                    "kind": "never"},
        "deliverables.settings": {"next_steps": "Hijacked", "show_names": "y"},
        "live.answer_claim": {"decision": "approve"},
        "live.walk_in_cap": {"cap": "7"},
        "deliverables.share": {"revoke": "1"},
        "actionplan.change": {"op": "add_action", "title": "Hijacked action",
                              "status": "planned"},
        "actionplan.shared_change": {"op": "add_action", "title": "Hijacked action",
                                     "status": "planned"},
        "actionplan.share": {"revoke": "1"},
        "actionplan.follow_up": {"file": (io.BytesIO(
            (FEEDBACK / "surveymonkey.csv").read_bytes()), "later.csv"),
            "measured_on": "2027-06-01"},
        "diagnostic.imports": {"file": (io.BytesIO(
            (FEEDBACK / "surveymonkey.csv").read_bytes()), "more.csv")},
        "diagnostic.mapping": {"score": "2", "comment": "3", "date": "1", "segment": "4",
                               "respondent": "0"},
        "diagnostic.rename_theme": {"old": themes[0] if themes else "", "new": "Hijacked"},
        "diagnostic.merge_themes": {"sources": themes[1:3], "into": "Merged"},
        "diagnostic.move_theme": {"theme": themes[0] if themes else "", "stage": "after"},
        "diagnostic.stages": STAGES,
        "diagnostic.add_question": {"question": "Hijacked question?"},
        "photos.console_upload": {"photo": (io.BytesIO(_png((200, 10, 10))), "cloth.png"),
                                  "table": "1", "round": "1"},
        "photos.phone_upload": {"photo": (io.BytesIO(_png((10, 200, 10))), "cloth.png")},
    }
    return forms.get(endpoint, {})


def route_params(world: World, ids: dict) -> dict:
    return {"workshop_id": world.workshop, "table_id": ids["table_id"],
            "round_id": ids["round_id"], "person_id": ids["person_id"],
            "import_id": ids["import_id"], "direction": "down", "lang": "fr",
            "filename": "css/app.css", "code": world.code, "token": world.share_token,
            "photo_id": ids["photo_id"], "rule_id": ids["rule_id"],
            "followup_id": ids["followup_id"]}


NAMES = {"deliverables.download": "data.json", "deliverables.shared_file": "summary.pdf",
         "actionplan.download": "action-plan.csv",
         "actionplan.shared_download": "action-plan.ics"}


def url_of(world: World, endpoint: str, ids: dict | None = None, **extra) -> str:
    rule = next(r for r in world.app.url_map.iter_rules() if r.endpoint == endpoint)
    params = route_params(world, ids or world.ids)
    values = {arg: params[arg] for arg in rule.arguments if arg in params}
    if "name" in rule.arguments:
        values["name"] = NAMES[endpoint]
    if endpoint.startswith("actionplan.shared"):  # the action plan has its own link
        values["token"] = world.plan_token
    values.update(extra)
    with world.app.test_request_context():
        return url_for(endpoint, **values)


def route_cases(app) -> list[tuple[str, str]]:
    cases = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            cases.append((rule.endpoint, method))
    return sorted(cases)


def _app(tmp_path):
    return make_app(tmp_path, TESTING_NO_TICKER=True, DIAGNOSTIC_INLINE_BYTES=10 ** 8)


def _built(app) -> World:
    with app.app_context():
        world = build_world()
        world.app = app
        db.session.remove()
    return world


@pytest.fixture(scope="module")
def _refusals_world(tmp_path_factory):
    return _built(_app(tmp_path_factory.mktemp("refusals")))


@pytest.fixture(scope="module")
def _right_world(tmp_path_factory):
    return _built(_app(tmp_path_factory.mktemp("right")))


def _within(world: World):
    with world.app.app_context():
        yield world
        db.session.rollback()
        db.session.remove()


@pytest.fixture
def shared_world(_refusals_world):
    """One world for every refusal: a refusal changes nothing, which each case checks."""
    yield from _within(_refusals_world)


@pytest.fixture
def right_world(_right_world):
    """One world walked through by the right actor, destructive requests last."""
    yield from _within(_right_world)


@pytest.fixture
def world(tmp_path):
    yield from _within(_built(_app(tmp_path)))


# Classification ----------------------------------------------------------------------------

def test_every_route_is_classified(tmp_path):
    app = _app(tmp_path)
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    unclassified = endpoints - ROUTE_OWNER.keys()
    assert not unclassified, (
        f"routes without an authorisation rule: {sorted(unclassified)}; add each to "
        "ROUTE_OWNER (and to the matrix) in tests/integration/test_authorization_matrix.py")
    assert not ROUTE_OWNER.keys() - endpoints, "rules for routes that no longer exist"


def _all_route_cases():
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return route_cases(_app(Path(folder)))


ROUTE_CASES = _all_route_cases()


# Refusals ----------------------------------------------------------------------------------

def _location(response) -> str:
    from urllib.parse import urlsplit
    return urlsplit(response.headers.get("Location", "")).path


def _refused_without_session(response, endpoint: str) -> bool:
    if endpoint in JSON_ENDPOINTS and response.status_code in (401, 404):
        return True
    return response.status_code == 302 and _location(response) == "/login"


def _wrong(endpoint: str, actor: str) -> bool:
    kind = ROUTE_OWNER.get(endpoint)
    # Public routes have no wrong actor (the right-actor test checks they answer); any
    # facilitator may list and create workshops (their own: checked below).
    return kind != PUBLIC and not (kind == SIGNED_IN and actor == OTHER_FACILITATOR)


@pytest.mark.parametrize("endpoint,method,actor", [
    (endpoint, method, actor) for endpoint, method in ROUTE_CASES for actor in WRONG_ACTORS
    if _wrong(endpoint, actor)])
def test_only_the_right_actor_reaches_a_route(shared_world, endpoint, method, actor):
    world, kind = shared_world, ROUTE_OWNER.get(endpoint)
    if kind is None:
        pytest.fail(f"{endpoint} has no authorisation rule in ROUTE_OWNER")
    client = http_client(world, actor, kind)
    url = url_of(world, endpoint)
    if kind == SHARE:  # nobody can use an unknown token; the real one is the right actor
        url = url.replace(world.share_token, "not-the-token-" + actor.replace(" ", "-"))
        url = url.replace(world.plan_token, "not-the-token-" + actor.replace(" ", "-"))
    before = db_state()
    response = send(client, method, url, data=form_data(endpoint, world, world.ids))
    status = response.status_code
    if kind in (OWNED, SIGNED_IN) and actor == OTHER_FACILITATOR:
        assert status == 404, f"{actor} {method} {url}: {status}"
    elif kind in (OWNED, SIGNED_IN):
        assert _refused_without_session(response, endpoint), \
            f"{actor} {method} {url}: {status} {response.headers.get('Location')}"
    elif kind == PARTICIPANT:
        if actor in (OTHER_TABLE, OTHER_HOST):  # joined here: they see their own phone
            assert status == 200
            name = world.names["away"] if actor == OTHER_TABLE else "Host 2"
            assert f'"name": "{name}"' in response.get_data(as_text=True)
        else:
            assert status == 302 and _location(response) == f"/j/{world.code}", status
    elif kind == SHARE:
        assert status == 404
    elif kind == MEMBER:  # anyone who joined here may look; nobody else learns anything
        assert status == (200 if actor in (OTHER_TABLE, OTHER_HOST) else 404), (actor, status)
    elif kind == PHONE:
        if actor in (OTHER_TABLE, OTHER_HOST):  # joined: their own table only, or a refusal
            assert status in ((200, 409) if method == "GET" else (403, 409)), (actor, status)
        else:
            assert status == 401 and response.is_json, (actor, status)
    assert status != 500
    assert db_state() == before, f"{actor} {method} {url} changed the database"


FOREIGN_ID_ENDPOINTS = sorted({endpoint for endpoint, _ in ROUTE_CASES
                               if ROUTE_OWNER.get(endpoint) == OWNED} & {
    "workshops.edit_table", "workshops.delete_table", "workshops.edit_round",
    "workshops.delete_round", "workshops.move_round", "workshops.edit_person",
    "workshops.delete_person", "workshops.move_person", "live.release", "live.answer_claim",
    "diagnostic.import_report", "diagnostic.import_progress", "diagnostic.mapping",
    "diagnostic.rejected_csv", "diagnostic.delete_import", "photos.console_delete",
    "workshops.add_pair_rule", "workshops.delete_pair_rule", "actionplan.delete_follow_up"})


@pytest.mark.parametrize("endpoint,method", [c for c in ROUTE_CASES
                                             if c[0] in FOREIGN_ID_ENDPOINTS])
def test_the_owner_cannot_reach_another_workshops_objects_through_their_own(
        shared_world, endpoint, method):
    """/workshops/<mine>/tables/<theirs>: the table, round, person or import must be mine."""
    world = shared_world
    client = http_client(world, RIGHT, OWNED)
    url = url_of(world, endpoint, world.foreign_ids)
    before = db_state()
    response = send(client, method, url,
                    data=form_data(endpoint, world, world.foreign_ids))
    if endpoint in ("workshops.move_person", "workshops.add_pair_rule"):  # ids in the form
        assert response.status_code == 404
    else:
        assert response.status_code == 404, (method, url, response.status_code)
    assert db_state() == before


def test_another_facilitator_sees_only_their_own_workshops(shared_world):
    page = send(http_client(shared_world, OTHER_FACILITATOR, SIGNED_IN), "GET",
                "/workshops/").get_data(as_text=True)
    assert "Café live" in page and "Ana&#39;s secret café" not in page
    mine = send(http_client(shared_world, RIGHT, SIGNED_IN), "GET",
                "/workshops/").get_data(as_text=True)
    assert "Ana&#39;s secret café" in mine  # the check above can fail


def test_share_links_are_per_workshop_and_stop_at_revocation(world):
    client = world.app.test_client()
    assert send(client, "GET", f"/d/{world.share_token}").status_code == 200
    for private in ("data.json", "csv.zip"):
        assert send(client, "GET", f"/d/{world.share_token}/{private}").status_code == 404
    page = send(client, "GET", f"/d/{world.other_share_token}").get_data(as_text=True)
    assert "Ana&#39;s secret café" not in page  # Bob's link shows Bob's workshop only
    from facilitator.models import Workshop
    deliverables.revoke_share(db.session.get(Workshop, world.workshop))
    assert send(client, "GET", f"/d/{world.share_token}").status_code == 404
    assert send(client, "GET", f"/d/{world.share_token}/summary.pdf").status_code == 404


def test_a_released_or_foreign_token_does_not_open_the_phone(world):
    client = world.app.test_client()
    name = world.names["mate"]
    client.set_cookie(f"fp_{world.code}", world.tokens[name], domain="cafe.test")
    assert send(client, "GET", f"/p/{world.code}").status_code == 200
    from facilitator.models import Workshop
    live.revoke(db.session.get(Workshop, world.workshop), world.person(name))
    response = send(client, "GET", f"/p/{world.code}")
    assert response.status_code == 302 and _location(response) == f"/j/{world.code}"
    # Bob's participant replaying their token under this workshop's cookie name: no entry.
    client.set_cookie(f"fp_{world.code}", world.other_tokens["P1"], domain="cafe.test")
    assert send(client, "GET", f"/p/{world.code}").status_code == 302
    # ...and the join page does not treat them as joined either.
    assert send(client, "GET", f"/j/{world.code}").status_code == 200


def test_a_participant_cannot_claim_a_name_from_another_workshop(world):
    before = db_state()
    client = world.app.test_client()
    response = send(client, "POST", f"/j/{world.code}",
                    data={"claim": world.foreign_ids["person_id"]})
    assert response.status_code == 200 and "not on the roster" in response.get_data(as_text=True)
    assert f"fp_{world.code}" not in {c.key for c in client._cookies.values()}
    assert db_state() == before


# The right actor ---------------------------------------------------------------------------

# POSTs whose success must show in the database (the others are idempotent here: opening an
# open workshop, marking a live one ready, logging in or out, choosing a language, joining
# by code, unpinning when nothing is pinned).
# live.answer_claim: no second device asked for a name here, so there is nothing to approve.
NO_CHANGE = {"auth.login", "auth.logout", "main.set_language", "main.join", "live.answer_claim",
             "live.open_doors", "workshops.mark_ready", "workshops.unpin_seating",
             # the world's workshop is live: no rehearsal starts, none to reset or preview
             "workshops.start_rehearsal", "workshops.reset_rehearsal",
             "workshops.rehearsal_phone",
             "diagnostic.undo_edit", "diagnostic.reset_edits", "diagnostic.reset_stages"}
OK_STATUSES = {"GET": {200}, "POST": {200, 302}}
# Redirects that are the page's answer for the right actor, not a refusal.
REDIRECTS = {"main.index": "/login", "live.join": "/p/",
             "diagnostic.mapping": "/workshops/"}


# Requests that destroy what later ones need come last, in this order.
# The seat move first: it names a seat that other design changes would move.
EARLY = ["workshops.move_person"]
DESTRUCTIVE = ["workshops.edit_person", "live.release",
               "workshops.delete_person", "workshops.erase_personal_data",
               "workshops.delete_round", "workshops.delete_table", "diagnostic.delete_import",
               "actionplan.delete_follow_up", "actionplan.share",
               "deliverables.share", "workshops.delete", "auth.logout"]


def _right_order(case: tuple[str, str]):
    endpoint, method = case
    rank = DESTRUCTIVE.index(endpoint) if endpoint in DESTRUCTIVE else (
        -2 if endpoint in EARLY else -1)
    return (method != "GET", rank, case)


# The phone's photo routes need a running round: test_a_host_uses_the_phone_photo_routes.
@pytest.mark.parametrize("endpoint,method", sorted(
    (c for c in ROUTE_CASES if ROUTE_OWNER.get(c[0]) != PHONE), key=_right_order))
def test_the_right_actor_succeeds(right_world, endpoint, method):
    world = right_world
    kind = ROUTE_OWNER.get(endpoint)
    if kind is None:
        pytest.fail(f"{endpoint} has no authorisation rule in ROUTE_OWNER")
    client = http_client(world, RIGHT, kind)  # public routes: an anonymous visitor
    url = url_of(world, endpoint)
    before = db_state()
    response = send(client, method, url, data=form_data(endpoint, world, world.ids))
    status = response.status_code
    if endpoint == "deliverables.shared_file" and status == 503:
        pytest.skip("PDF fonts missing on this machine")
    allowed = OK_STATUSES[method] | ({302} if endpoint in REDIRECTS else set())
    assert status in allowed, (method, url, status, response.get_data(as_text=True)[:300])
    if status == 302 and kind not in (PUBLIC,) and endpoint != "auth.logout":
        assert _location(response) != "/login", f"the right actor was sent to sign in: {url}"
    if status == 302 and method == "GET":
        assert _location(response).startswith(REDIRECTS[endpoint])
    if method == "POST" and endpoint not in NO_CHANGE:
        assert db_state() != before, f"{method} {url} answered {status} but changed nothing"



def test_a_host_uses_the_phone_photo_routes(world):
    """The right actor of the phone's photo routes: Host 1, once round 1 runs."""
    from facilitator.models import Workshop
    live.command(db.session.get(Workshop, world.workshop), "start_round")
    client = world.app.test_client()
    client.set_cookie(f"fp_{world.code}", world.tokens["Host 1"], domain="cafe.test")
    covered = {e for e, _ in ROUTE_CASES if ROUTE_OWNER.get(e) == PHONE}
    assert covered == {"photos.phone_list", "photos.phone_upload", "photos.phone_delete"}
    listed = send(client, "GET", url_of(world, "photos.phone_list"))
    assert listed.status_code == 200 and [p["id"] for p in listed.get_json()["photos"]] == [
        world.ids["photo_id"]]
    before = db_state()
    added = send(client, "POST", url_of(world, "photos.phone_upload"),
                 data=form_data("photos.phone_upload", world, world.ids))
    assert added.status_code == 200 and db_state() != before
    before = db_state()
    removed = send(client, "POST", url_of(world, "photos.phone_delete",
                                          photo_id=added.get_json()["photo"]["id"]))
    assert removed.status_code == 200 and db_state() != before

# Socket.IO ---------------------------------------------------------------------------------
#
# Who may send each /live event (docs/realtime.md):
#   everyone     any connected viewer (time, sync)
#   self         a participant, about their own notes and votes only (note.*, vote): another
#                participant's request touches nothing of theirs
#   host         the table's host, or the facilitator (cluster, note.organise, key_point,
#                solution)
#   facilitator  the workshop's facilitator console (commands, moves, plenary, votes rules)
#   connection   connect/disconnect: checked by the connection tests

EVERYONE_EVENT, SELF, HOST, FACILITATOR_EVENT, CONNECTION = (
    "everyone", "self", "host", "facilitator", "connection")
EVENT_OWNER = {
    "connect": CONNECTION, "disconnect": CONNECTION,
    "time": EVERYONE_EVENT, "sync": EVERYONE_EVENT,
    "note.save": SELF, "note.share": SELF, "note.delete": SELF, "vote": SELF,
    "cluster": HOST, "note.organise": HOST, "key_point": HOST, "solution": HOST,
    "note.review": HOST, "slide": FACILITATOR_EVENT, "groups.suggest": HOST,
    "themes.live": FACILITATOR_EVENT,
    "command": FACILITATOR_EVENT, "auto_advance": FACILITATOR_EVENT,
    "move": FACILITATOR_EVENT, "absent": FACILITATOR_EVENT,
    "host.replace": FACILITATOR_EVENT, "broadcast": FACILITATOR_EVENT,
    "plenary": FACILITATOR_EVENT, "vote.rules": FACILITATOR_EVENT,
    "solution.merge": FACILITATOR_EVENT, "solution.qualify": FACILITATOR_EVENT,
}

READ_ONLY = {"time", "sync", "groups.suggest", "themes.live"}  # answer, change nothing

# Socket actors: the six of the matrix, plus the viewers that are wrong for some events.
SAME_TABLE = "participant of this table"   # a non-host at Host 1's table
PROJECTOR = "the facilitator's projector"
CONSOLE = "the facilitator's console"
RELEASED = "a released device"


def live_events() -> set[str]:
    from facilitator.extensions import socketio
    return set(socketio.server.handlers["/live"])


def test_every_socket_event_is_classified(tmp_path):
    _app(tmp_path)
    events = live_events()
    assert not events - EVENT_OWNER.keys(), (
        f"/live events without an authorisation rule: {sorted(events - EVENT_OWNER.keys())}; "
        "add each to EVENT_OWNER and SOCKET_CASES")
    assert not EVENT_OWNER.keys() - events, "rules for events that no longer exist"
    covered = {case.event for case in SOCKET_CASES}
    assert covered == {e for e, kind in EVENT_OWNER.items() if kind != CONNECTION}


class RecordingClient:
    """Wraps Flask-SocketIO's test client to keep the connect_error code."""

    @staticmethod
    def connect(app, auth, flask_client=None):
        from flask_socketio.test_client import SocketIOTestClient
        from socketio import packet

        from facilitator.extensions import socketio

        class Client(SocketIOTestClient):
            refusal = None

            def connect(self, namespace=None, query_string=None, headers=None, auth=None):
                inner = self.socketio.server._send_packet

                def record(eio_sid, pkt):
                    if pkt.packet_type == packet.CONNECT_ERROR and eio_sid == self.eio_sid:
                        self.refusal = (pkt.data or {}).get("message")
                    inner(eio_sid, pkt)
                self.socketio.server._send_packet = record
                try:
                    g.pop("_login_user", None)
                    return super().connect(namespace, query_string, headers, auth)
                finally:
                    self.socketio.server._send_packet = inner
                    g.pop("_login_user", None)

        return Client(app, socketio, namespace="/live", auth=auth,
                      flask_test_client=flask_client)


def socket_as(world: World, who: str, *, code: str | None = None, token: str | None = None,
              view: str = "participant", flask_client=None):
    auth = {"workshop": code or world.code, "view": view, "protocol": 1}
    if token is not None:
        auth["token"] = token
    return RecordingClient.connect(world.app, auth, flask_client)


def emit(client, event: str, payload):
    g.pop("_login_user", None)
    return client.emit(event, payload, namespace="/live", callback=True)


def signed_in_client(world: World, email: str, password: str):
    client = world.app.test_client()
    assert send(client, "POST", "/login", data={"email": email, "password": password}
                ).status_code == 302
    return client


def socket_actors(world: World) -> dict:
    """Every persona, connected. The released device joins, then the facilitator releases it."""
    from facilitator.models import Workshop
    workshop = db.session.get(Workshop, world.workshop)
    ana = http_client(world, RIGHT, OWNED)          # signed in once per world
    bob = http_client(world, OTHER_FACILITATOR, OWNED)
    spare = world.person(world.names["spare"])
    _, token = live.claim(workshop, spare.id)
    actors = {
        "Host 1": socket_as(world, "Host 1", token=world.tokens["Host 1"]),
        SAME_TABLE: socket_as(world, SAME_TABLE, token=world.tokens[world.names["mate"]]),
        OTHER_TABLE: socket_as(world, OTHER_TABLE, token=world.tokens[world.names["away"]]),
        OTHER_HOST: socket_as(world, OTHER_HOST, token=world.tokens["Host 2"]),
        OTHER_WORKSHOP: socket_as(world, OTHER_WORKSHOP, code=world.other_code,
                                  token=world.other_tokens["P1"]),
        OTHER_FACILITATOR: socket_as(world, OTHER_FACILITATOR, code=world.other_code,
                                     view="facilitator", flask_client=bob),
        CONSOLE: socket_as(world, CONSOLE, view="facilitator", flask_client=ana),
        PROJECTOR: socket_as(world, PROJECTOR, view="projector", flask_client=ana),
        RELEASED: socket_as(world, RELEASED, token=token),
    }
    for name, client in actors.items():
        assert client.is_connected("/live"), (name, client.refusal)
    live.revoke(workshop, spare)
    return actors


@dataclass
class SocketCase:
    event: str
    variant: str
    stage: str                       # "round" (round 1, sharing) or "plenary"
    payload: object                  # a function of the world's ids, or a dict
    right: str                       # who succeeds with this very payload
    target: object = None            # rows a "self" event must leave alone (default: all)

    @property
    def id(self) -> str:
        return f"{self.event}:{self.variant}"


def _mate_rows(world: World) -> dict:
    from facilitator.models import Note, Vote
    mate = world.ids["mate"]
    return {"notes": [(n.id, n.text, n.table_id, n.consolidated) for n in db.session.scalars(
                select(Note).where(Note.participant_id == mate).order_by(Note.id))],
            "votes": [(v.solution_id, v.dots) for v in db.session.scalars(
                select(Vote).where(Vote.participant_id == mate).order_by(Vote.id))]}


SOCKET_CASES = [
    SocketCase("time", "clock", "round", {"t": 1}, SAME_TABLE),
    SocketCase("sync", "snapshot", "round", {}, SAME_TABLE),
    SocketCase("note.save", "edit", "round",
               lambda ids: {"client_id": "mate-edit-0001", "text": "Hijacked"}, SAME_TABLE,
               _mate_rows),
    SocketCase("note.share", "share", "round",
               lambda ids: {"client_ids": ["mate-share-0001"]}, SAME_TABLE, _mate_rows),
    SocketCase("note.delete", "delete", "round",
               lambda ids: {"client_id": "mate-delete-0001"}, SAME_TABLE, _mate_rows),
    SocketCase("cluster", "create", "round", lambda ids: {
        "action": "create", "title": "Hijack", "note_ids": [ids["free_note"]], "table": 1,
        "round": 1}, "Host 1"),
    SocketCase("cluster", "rename", "round", lambda ids: {
        "action": "rename", "id": ids["cluster_rename"], "title": "Hijacked"}, "Host 1"),
    SocketCase("cluster", "delete", "round", lambda ids: {
        "action": "delete", "id": ids["cluster_delete"]}, "Host 1"),
    SocketCase("note.organise", "star", "round", lambda ids: {
        "note_id": ids["star_note"], "starred": True}, "Host 1"),
    SocketCase("note.review", "release", "round", lambda ids: {
        "note_id": ids["held_note"], "action": "release"}, "Host 1"),
    SocketCase("slide", "etiquette", "lobby", {"index": 3}, CONSOLE),
    SocketCase("groups.suggest", "read", "round", {"table": 1, "round": 1}, "Host 1"),
    SocketCase("themes.live", "read", "round", {}, CONSOLE),
    SocketCase("key_point", "add", "round", lambda ids: {
        "action": "add", "text": "Hijack", "table": 1, "round": 1}, "Host 1"),
    SocketCase("key_point", "update", "round", lambda ids: {
        "action": "update", "id": ids["point_update"], "text": "Hijacked"}, "Host 1"),
    SocketCase("key_point", "delete", "round", lambda ids: {
        "action": "delete", "id": ids["point_delete"]}, "Host 1"),
    SocketCase("solution", "add", "round", lambda ids: {
        "action": "add", "title": "Hijack", "table": 1, "round": 1}, "Host 1"),
    SocketCase("solution", "update", "round", lambda ids: {
        "action": "update", "id": ids["solution_update"], "field": "title",
        "value": "Hijacked"}, "Host 1"),
    SocketCase("solution", "delete", "round", lambda ids: {
        "action": "delete", "id": ids["solution_delete"]}, "Host 1"),
    SocketCase("command", "extend", "round", {"command": "extend", "seconds": 60}, CONSOLE),
    SocketCase("auto_advance", "off", "round", {"enabled": False}, CONSOLE),
    SocketCase("broadcast", "message", "round", {"text": "Hijacked"}, CONSOLE),
    SocketCase("move", "move", "round", lambda ids: {
        "participant_id": ids["movable"], "table": ids["movable_to"]}, CONSOLE),
    SocketCase("absent", "absent", "round", lambda ids: {
        "participant_id": ids["absentee"], "absent": True}, CONSOLE),
    SocketCase("host.replace", "replace", "round", lambda ids: {
        "table": 2, "participant_id": ids["new_host"]}, CONSOLE),
    SocketCase("vote.rules", "rules", "plenary", {"dots": 4, "max_per_solution": 2}, CONSOLE),
    SocketCase("plenary", "open", "plenary", {"action": "open_votes"}, CONSOLE),
    SocketCase("vote", "vote", "plenary", lambda ids: {
        "solution_id": ids["vote_for"], "dots": 1}, SAME_TABLE, _mate_rows),
    SocketCase("solution.qualify", "qualify", "plenary", lambda ids: {
        "id": ids["qualify"], "impact": "high", "effort": "low", "owner": "Hijacker",
        "horizon": "short"}, CONSOLE),
    SocketCase("solution.merge", "merge", "plenary", lambda ids: {
        "source": ids["merge_source"], "target": ids["merge_target"]}, CONSOLE),
]


def _socket_world(stage: str) -> World:
    """Ana's workshop in round 1's sharing phase (notes, clusters, key points, solutions at
    Host 1's table), or in the plenary with four solutions; Bob's stays in its lobby."""
    from facilitator.models import Workshop
    from facilitator.services import synthesis

    world = build_world()
    workshop = db.session.get(Workshop, world.workshop)
    personas = {world.names["mate"], world.names["away"]}
    others = sorted(p.display_name for p in workshop.participants
                    if not p.is_host and p.display_name not in personas)
    world.names.update(spare=others[0])
    ids = world.ids
    host = world.person("Host 1")
    ids["table"] = host.host_table.number
    live.revoke(workshop, world.person(others[0]))  # claimed afresh by each test
    if stage == "lobby":
        return world
    live.command(workshop, "start_round")
    round_ = workshop.rounds[0]
    actor = synthesis.Actor(name="Host 1", participant=host)
    if stage == "plenary":
        titles = ("vote_for", "qualify", "merge_source", "merge_target")
        for title in titles:
            ids[title] = synthesis.add_solution(workshop, actor, host.host_table, round_,
                                                title).id
        for command in ("rotate", "start_round", "rotate"):
            live.command(workshop, command)
        assert workshop.run.stage.value == "plenary"
        return world
    live.command(workshop, "skip")  # sharing
    mate = world.person(world.names["mate"])
    for client_id, share in (("mate-free-0001", True), ("mate-star-0001", True),
                             ("mate-held-0001", True),
                             ("mate-edit-0001", False), ("mate-share-0001", False),
                             ("mate-delete-0001", False)):
        notes_service.save_note(workshop, mate, client_id, client_id, share=share)
    from facilitator.models import Note
    notes = {n.client_id: n.id for n in db.session.scalars(
        select(Note).where(Note.participant_id == mate.id))}
    ids.update(free_note=notes["mate-free-0001"], star_note=notes["mate-star-0001"],
               held_note=notes["mate-held-0001"])
    db.session.get(Note, ids["held_note"]).held = True  # as if the workshop held notes
    db.session.commit()
    table = host.host_table
    for key in ("cluster_rename", "cluster_delete"):
        ids[key] = synthesis.create_cluster(workshop, actor, table, round_, key, []).id
    for key in ("point_update", "point_delete"):
        ids[key] = synthesis.add_key_point(workshop, actor, table, round_, key).id
    for key in ("solution_update", "solution_delete"):
        ids[key] = synthesis.add_solution(workshop, actor, table, round_, key).id
    movable, absentee, new_host = (world.person(name) for name in others[1:4])
    seat = live.seat_of(workshop, movable, 1)
    ids.update(movable=movable.id, absentee=absentee.id, new_host=new_host.id,
               movable_to=next(t.number for t in workshop.tables if t != seat),
               other_table=world.person("Host 2").host_table.number)
    return world


def world_fixture(stage: str):
    """A module-scoped fixture: the socket world at `stage` (lobby, round or plenary)."""
    @pytest.fixture(scope="module")
    def built(tmp_path_factory):
        app = _app(tmp_path_factory.mktemp(f"sockets-{stage}"))
        with app.app_context():
            world = _socket_world(stage)
            world.app = app
            db.session.remove()
        return world
    return built


_round_world = world_fixture("round")
_lobby_world = world_fixture("lobby")
_plenary_world = world_fixture("plenary")


def _right_actors(case: SocketCase) -> set[str]:
    kind = EVENT_OWNER[case.event]
    if kind == EVERYONE_EVENT:
        return {"Host 1", SAME_TABLE, OTHER_TABLE, OTHER_HOST, CONSOLE, PROJECTOR,
                OTHER_WORKSHOP, OTHER_FACILITATOR}  # each in their own workshop
    return {case.right} | ({CONSOLE} if kind == HOST else set())


@pytest.mark.parametrize("case", SOCKET_CASES, ids=lambda case: case.id)
def test_only_the_right_actor_succeeds_over_the_socket(request, case):
    world = request.getfixturevalue(f"_{case.stage}_world")
    with world.app.app_context():
        try:
            _check_socket_case(world, case)
        finally:
            db.session.rollback()
            db.session.remove()


def _check_socket_case(world: World, case: SocketCase) -> None:
    kind = EVENT_OWNER[case.event]
    payload = case.payload(world.ids) if callable(case.payload) else case.payload
    if case.event == "vote":  # its own precondition, whatever the order of the cases
        from facilitator.models import Workshop
        from facilitator.services import plenary
        plenary.set_voting(db.session.get(Workshop, world.workshop), open_=True)
    # Anonymous: no connection at all, whichever view it asks for.
    for view in ("participant", "facilitator", "projector"):
        anonymous = socket_as(world, ANONYMOUS, view=view, flask_client=world.app.test_client())
        assert not anonymous.is_connected("/live"), view
    actors = socket_actors(world)
    target = case.target or (lambda w: db_state(w.workshop))
    before = target(world)
    for name, client in actors.items():
        if name in _right_actors(case):
            continue
        answer = emit(client, case.event, payload)
        assert isinstance(answer, dict) and "ok" in answer, (name, answer)
        if name == RELEASED:  # a phone's event: cut off; a console's: not a phone's anyway
            allowed = ("not_joined", "forbidden") if kind == FACILITATOR_EVENT else (
                "not_joined",)
            assert answer["ok"] is False and answer["error"] in allowed, (name, answer)
        elif name in (OTHER_WORKSHOP, OTHER_FACILITATOR):
            # On their own workshop's socket: whatever they do there, nothing here changes,
            # and naming this workshop's objects finds nothing.
            if answer["ok"] is False:
                assert answer["error"] in ("forbidden", "not_found", "invalid", "not_now",
                                           "state"), (name, answer)
        elif kind == SELF and name in ("Host 1", SAME_TABLE, OTHER_TABLE, OTHER_HOST):
            pass  # their own notes and votes; the target rows below must not move
        else:
            assert answer["ok"] is False and answer["error"] == "forbidden", (name, answer)
        assert target(world) == before, f"{name} changed the database with {case.id}"
    answer = emit(actors[case.right], case.event, payload)
    assert answer["ok"] is True, (case.right, answer)
    if case.event not in READ_ONLY:
        assert target(world) != before, f"{case.id} by {case.right} changed nothing"


# Connections -------------------------------------------------------------------------------

def test_connections_are_refused_to_those_who_do_not_belong(world):
    from facilitator.models import Workshop
    workshop = db.session.get(Workshop, world.workshop)
    bob = signed_in_client(world, "bob@cafe.test", "battery staple")
    ana = signed_in_client(world, "ana@cafe.test", "correct horse")
    mate = world.tokens[world.names["mate"]]
    refused = {
        "anonymous phone": (dict(), "not_joined"),
        "anonymous console": (dict(view="facilitator", flask_client=world.app.test_client()),
                              "forbidden"),
        "anonymous projector": (dict(view="projector", flask_client=world.app.test_client()),
                                "forbidden"),
        "another workshop's token": (dict(token=world.other_tokens["P1"]), "not_joined"),
        "a forged token": (dict(token="x" * 43), "not_joined"),
        "a participant asking for the console": (dict(token=mate, view="facilitator"),
                                                 "forbidden"),
        "another facilitator's console": (dict(view="facilitator", flask_client=bob),
                                          "forbidden"),
        "another facilitator's projector": (dict(view="projector", flask_client=bob),
                                            "forbidden"),
        "the facilitator as a phone, without a token": (dict(flask_client=ana), "not_joined"),
        "an unknown workshop": (dict(code="ZZZZZZ", token=mate), "unknown_workshop"),
    }
    for label, (options, code) in refused.items():
        client = socket_as(world, label, **options)
        assert not client.is_connected("/live"), label
        assert client.refusal == code, (label, client.refusal)
    # The checks above can fail: the rightful viewers do connect.
    assert socket_as(world, "mate", token=mate).is_connected("/live")
    assert socket_as(world, "ana", view="facilitator", flask_client=ana).is_connected("/live")
    # A released token is refused at once, and a device already connected is cut off.
    connected = socket_as(world, "mate", token=mate)
    live.revoke(workshop, world.person(world.names["mate"]))
    again = socket_as(world, "mate again", token=mate)
    assert not again.is_connected("/live") and again.refusal == "not_joined"
    answer = emit(connected, "sync", {})
    assert answer["ok"] is False and answer["error"] == "not_joined"


def test_snapshots_and_events_never_carry_another_tables_or_private_notes(request):
    """What a phone receives: its own notes, its table's shared notes; nothing else."""
    world = request.getfixturevalue("_round_world")
    with world.app.app_context():
        from tests.integration.live_helpers import received
        away = socket_as(world, OTHER_TABLE, token=world.tokens[world.names["away"]])
        other_host = socket_as(world, OTHER_HOST, token=world.tokens["Host 2"])
        mate = socket_as(world, SAME_TABLE, token=world.tokens[world.names["mate"]])
        answer = emit(mate, "note.save", {"client_id": "mate-secret-0001",
                                          "text": "A private thought"})
        assert answer["ok"], answer
        answer = emit(mate, "note.save", {"client_id": "mate-table-0001",
                                          "text": "For table one only", "share": True})
        assert answer["ok"], answer
        for client in (away, other_host):
            seen = repr(received(client, "note")) + repr(emit(client, "sync", {}))
            for text in ("A private thought", "For table one only", "mate-free-0001",
                         "mate-star-0001"):
                assert text not in seen, text
        assert "For table one only" in repr(emit(socket_as(
            world, "Host 1", token=world.tokens["Host 1"]), "sync", {}))  # can fail
        db.session.rollback()
        db.session.remove()
