"""The suite's own shortcuts keep tests apart and URLs right: apps share Werkzeug's compiled
URL builders, and a seeded database is copied, never shared, between tests."""
from flask import url_for

from facilitator.extensions import db
from facilitator.models import User, Workshop
from facilitator.services import workshops
from facilitator.services.accounts import create_or_reset
from tests.conftest import make_app, seeded_database


def _rule(app, endpoint):
    return next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)


def test_apps_share_url_builders_and_still_build_their_own_urls(tmp_path):
    first, second = (tmp_path / "first", tmp_path / "second")
    first.mkdir(), second.mkdir()
    one, two = make_app(first), make_app(second)
    assert _rule(one, "workshops.show")._build.__func__ is \
        _rule(two, "workshops.show")._build.__func__
    assert _rule(one, "workshops.show")._build.__self__ is _rule(one, "workshops.show")
    with two.test_request_context():
        assert url_for("workshops.show", workshop_id=7) == "/workshops/7"
        assert url_for("workshops.show", workshop_id=7, tab="x") == "/workshops/7?tab=x"
        assert url_for("static", filename="js/join.js") == "/static/js/join.js"


def _one_workshop():
    owner, _created = create_or_reset("seed@cafe.test", "correct horse", "Seed")
    workshops.create(owner, title="Seeded")


def test_a_seeded_database_is_copied_for_each_test(tmp_path):
    seeded = seeded_database("suite-fixtures", _one_workshop)
    first, second = (tmp_path / "first", tmp_path / "second")
    first.mkdir(), second.mkdir()
    with make_app(first, database=seeded).app_context():
        titles = [w.title for w in db.session.query(Workshop)]
        assert titles == ["Seeded"]
        workshops.create(db.session.query(User).one(), title="Mine only")
        db.session.remove()
    with make_app(second, database=seeded).app_context():
        assert [w.title for w in db.session.query(Workshop)] == ["Seeded"]
        db.session.remove()
