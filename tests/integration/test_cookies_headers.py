"""Cookies, headers and secrets: session, remember-me and participant cookies are HttpOnly and
SameSite=Lax (Secure in production); every response carries a Content-Security-Policy that
runs no inline script; join codes cannot be enumerated; participant tokens are long, random,
and stored only as hashes."""
from __future__ import annotations

import base64
import re
from http.cookies import SimpleCookie

import pytest
from sqlalchemy import String, Text, select

from facilitator.extensions import db
from facilitator.models import Participant
from facilitator.services import live
from tests.conftest import make_app
from tests.integration.live_helpers import ready_workshop

SECRET = "correct horse"


def _app(tmp_path, **overrides):
    return make_app(tmp_path, TESTING_NO_TICKER=True, **overrides)


@pytest.fixture(params=["development", "production"])
def env_app(request, tmp_path, monkeypatch):
    if request.param == "production":
        monkeypatch.setenv("FACILITATOR_ENV_NAME", "production")
    app = _app(tmp_path)
    with app.app_context():
        from facilitator.services.accounts import create_or_reset
        user, _ = create_or_reset("ana@cafe.test", SECRET, "Ana")
        app.workshop = ready_workshop(user)
        yield app
        db.session.remove()


def cookies_set(response) -> dict[str, dict]:
    """name -> attributes (lower-case keys; flags as True) of every Set-Cookie header."""
    found = {}
    for header in response.headers.getlist("Set-Cookie"):
        parsed = SimpleCookie()
        parsed.load(header)
        for name, morsel in parsed.items():
            flags = {part.strip().lower() for part in header.split(";")}
            found[name] = {"value": morsel.value, "httponly": "httponly" in flags,
                           "secure": "secure" in flags,
                           "samesite": (morsel["samesite"] or "").lower()}
    return found


def _assert_cookie(cookie: dict, production: bool) -> None:
    assert cookie["httponly"], cookie
    assert cookie["samesite"] == "lax", cookie
    assert cookie["secure"] is production, cookie


def test_the_session_and_remember_cookies_are_httponly_lax_and_secure_in_production(env_app):
    production = env_app.config["ENV_NAME"] == "production"
    response = env_app.test_client().post("/login", data={
        "email": "ana@cafe.test", "password": SECRET, "remember": "y"})
    assert response.status_code == 302
    cookies = cookies_set(response)
    assert {"session", "remember_token"} <= cookies.keys(), cookies.keys()
    for name in ("session", "remember_token"):
        _assert_cookie(cookies[name], production)


def test_the_participant_cookie_is_httponly_lax_and_secure_in_production(env_app):
    production = env_app.config["ENV_NAME"] == "production"
    code = env_app.workshop.join_code
    response = env_app.test_client().post(f"/j/{code}", data={"name": "Walk In",
                                                              "department": "Ops"})
    assert response.status_code == 302
    cookie = cookies_set(response)[f"fp_{code}"]
    _assert_cookie(cookie, production)
    # The page the phone opens never carries the token: only the HttpOnly cookie does.
    client = env_app.test_client()
    client.set_cookie(f"fp_{code}", cookie["value"], domain="cafe.test")
    page = client.get(f"/p/{code}")
    assert page.status_code == 200 and cookie["value"] not in page.get_data(as_text=True)


# Content-Security-Policy ---------------------------------------------------------------------

def _directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/login", "/healthz", "/j/ZZZZZZ", "/nowhere", "/",
                                  "/static/css/app.css", "/j/{code}", "/workshops/",
                                  "/workshops/{id}/live", "/workshops/{id}/projector"])
def test_every_response_has_a_policy_without_inline_scripts(tmp_path, path):
    app = _app(tmp_path)
    with app.app_context():
        from facilitator.services.accounts import create_or_reset
        user, _ = create_or_reset("ana@cafe.test", SECRET, "Ana")
        workshop = ready_workshop(user)
        client = app.test_client()
        client.post("/login", data={"email": "ana@cafe.test", "password": SECRET})
        response = client.get(path.format(code=workshop.join_code, id=workshop.id))
        policy = response.headers.get("Content-Security-Policy")
        assert policy, (path, response.status_code)
        directives = _directives(policy)
        scripts = directives.get("script-src", directives.get("default-src"))
        assert scripts == ["'self'"], scripts
        for forbidden in ("'unsafe-inline'", "'unsafe-eval'", "data:", "*"):
            assert forbidden not in scripts
        assert directives.get("frame-ancestors") == ["'none'"]
        assert directives.get("object-src", directives.get("default-src")) in (
            ["'self'"], ["'none'"])
        assert response.headers.get("X-Content-Type-Options") == "nosniff"
        if response.mimetype == "text/html":  # and the page itself has no inline script
            page = response.get_data(as_text=True)
            for tag in re.findall(r"<script\b[^>]*>", page):
                assert "src=" in tag or 'type="application/json"' in tag, tag
            assert not re.search(r"\son[a-z]+\s*=", page.split("<body", 1)[-1]), \
                "an inline event handler"


# Join codes and tokens --------------------------------------------------------------------

@pytest.fixture
def limited(tmp_path):
    app = _app(tmp_path, RATELIMIT_ENABLED=True)
    with app.app_context():
        from facilitator.services.accounts import create_or_reset
        user, _ = create_or_reset("ana@cafe.test", SECRET, "Ana")
        app.workshop = ready_workshop(user)
        yield app
        db.session.remove()


def _guess(number: int) -> str:
    alphabet = "346789ABCDEFGHJKMNPQRTUVWXY"
    return "".join(alphabet[(number // 27 ** i) % 27] for i in range(6))


def test_an_unknown_code_is_not_found(limited):
    response = limited.test_client().get("/j/ZZZZZZ")
    assert response.status_code == 404
    assert "ZZZZZZ" in response.get_data(as_text=True)  # the page says which code failed


def test_guessing_codes_by_posting_the_join_form_is_rate_limited(limited):
    client = limited.test_client()
    statuses = [client.post(f"/j/{_guess(n)}", data={"name": "Guess"}).status_code
                for n in range(130)]
    assert statuses[0] == 404 and 429 in statuses
    assert statuses.index(429) <= 121, statuses.index(429)
    refused = client.post(f"/j/{limited.workshop.join_code}", data={"name": "Late"})
    assert refused.status_code == 429  # the limit is per visitor, not per code
    assert "Slow down" in refused.get_data(as_text=True)


def test_the_join_limit_says_what_to_do(limited):
    client = limited.test_client()
    for n in range(121):
        response = client.post(f"/j/{_guess(n)}", data={"name": "Guess"})
    assert response.status_code == 429
    message = re.search(r"<h1>[^<]*</h1>\s*<p>([^<]*)</p>", response.get_data(as_text=True))
    assert not re.fullmatch(r"\d+ per \d+ \w+", message.group(1).strip()), message.group(1)


def test_guessing_codes_by_opening_join_pages_is_rate_limited(limited):
    client = limited.test_client()
    statuses = {client.get(f"/j/{_guess(n)}").status_code for n in range(300)}
    assert 429 in statuses


def test_the_socket_handshake_refuses_other_sites(tmp_path):
    client = _app(tmp_path).test_client()
    same = client.get("/socket.io/?EIO=4&transport=polling",
                      headers={"Origin": "http://cafe.test"})
    assert same.status_code == 200  # the check below can fail
    other = client.get("/socket.io/?EIO=4&transport=polling",
                       headers={"Origin": "https://evil.example"})
    assert other.status_code == 400


def test_participant_tokens_are_long_random_and_stored_hashed(env_app):
    workshop = env_app.workshop
    tokens = [live.claim(workshop, person.id)[1] for person in list(workshop.participants)]
    for token in tokens:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        assert len(raw) >= 32, len(raw)
    assert len(set(tokens)) == len(tokens)
    # The database holds SHA-256 digests only: no column of any table holds a raw token.
    stored = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, (String, Text))]
        for row in db.session.execute(select(*columns)) if columns else []:
            stored.extend(str(value) for value in row if value)
    for token in tokens:
        assert not any(token in value for value in stored)
    hashes = set(db.session.scalars(select(Participant.token_hash)))
    assert {live.hash_token(token) for token in tokens} <= hashes
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes if h)
