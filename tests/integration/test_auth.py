from tests.conftest import sign_in


def test_sign_in_then_out(client, facilitator):
    response = sign_in(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/workshops/")
    assert client.get("/workshops/").status_code == 200
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/workshops/").status_code == 302


def test_wrong_password_is_refused_with_a_message(client, facilitator):
    response = sign_in(client, password="wrong password")
    assert response.status_code == 200
    assert b"Wrong email or password" in response.data
    assert client.get("/workshops/").status_code == 302


def test_email_is_case_insensitive(client, facilitator):
    assert sign_in(client, email="ANA@Cafe.test").status_code == 302


def test_pages_need_a_signed_in_facilitator(client):
    response = client.get("/workshops/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_next_parameter_cannot_redirect_to_another_site(client, facilitator):
    response = client.post("/login?next=//evil.test/x",
                           data={"email": "ana@cafe.test", "password": "correct horse"})
    assert response.headers["Location"].endswith("/workshops/")
    response = client.post("/logout")
    response = client.post("/login?next=/workshops/new",
                           data={"email": "ana@cafe.test", "password": "correct horse"})
    assert response.headers["Location"].endswith("/workshops/new")


def test_passwords_are_hashed_with_a_modern_scheme(tmp_path):
    from tests.conftest import make_app
    from facilitator.services.accounts import create_or_reset

    # Without the suite's cheap hash, as every real install runs.
    app = make_app(tmp_path, TESTING_PASSWORD_HASH=None)
    with app.app_context():
        facilitator, _ = create_or_reset("ana@cafe.test", "correct horse", "Ana")
        assert facilitator.password_hash.startswith("scrypt:")
        assert "correct horse" not in facilitator.password_hash


def test_the_cheap_test_hash_is_ignored_outside_tests(tmp_path):
    from tests.conftest import make_app
    from facilitator.services.accounts import create_or_reset

    app = make_app(tmp_path, TESTING=False)
    assert app.config["TESTING_PASSWORD_HASH"].startswith("pbkdf2:")
    with app.app_context():
        user, _ = create_or_reset("ana@cafe.test", "correct horse", "Ana")
        assert user.password_hash.startswith("scrypt:") and user.check_password("correct horse")


def test_csrf_rejects_a_form_without_token(tmp_path):
    from tests.conftest import make_app
    from facilitator.services.accounts import create_or_reset

    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        create_or_reset("ana@cafe.test", "correct horse")
    client = app.test_client()
    response = client.post("/login", data={"email": "ana@cafe.test", "password": "correct horse"})
    assert response.status_code == 400
    assert b"expired" in response.data
    assert client.get("/workshops/").status_code == 302


def test_csrf_accepts_the_form_with_its_token(tmp_path):
    import re

    from tests.conftest import make_app
    from facilitator.services.accounts import create_or_reset

    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        create_or_reset("ana@cafe.test", "correct horse")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": "ana@cafe.test", "password": "correct horse",
                                           "csrf_token": token})
    assert response.status_code == 302


def test_sign_in_is_rate_limited_with_a_clear_message(tmp_path):
    from tests.conftest import make_app

    app = make_app(tmp_path, RATELIMIT_ENABLED=True)
    client = app.test_client()
    codes = [client.post("/login", data={"email": "x@y.test", "password": "nope"}).status_code
             for _ in range(11)]
    assert codes[:10] == [200] * 10
    assert codes[10] == 429
    page = client.post("/login", data={"email": "x@y.test", "password": "nope"})
    assert b"Too many sign-in attempts" in page.data


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_check_answers_503_when_the_database_is_gone(tmp_path):
    from tests.conftest import make_app

    app = make_app(tmp_path, create_tables=False,
                   DATABASE_URL=f"sqlite:///{tmp_path}/missing/dir/x.sqlite3")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "error" and body["database"] == "unreachable"


def test_a_database_out_of_reach_gives_a_clear_503_page(tmp_path):
    from tests.conftest import make_app

    app = make_app(tmp_path, create_tables=False,
                   DATABASE_URL=f"sqlite:///{tmp_path}/missing/dir/x.sqlite3")
    response = app.test_client().post("/login", data={"email": "a@b.test", "password": "x"},
                                      headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert b"nothing was half-saved" in response.data


def _cookies(client) -> dict[str, tuple[str, str]]:
    return {cookie.key: (cookie.value, cookie.domain) for cookie in client._cookies.values()}


def _replay(app, cookies: dict[str, tuple[str, str]]):
    from flask import g

    g.pop("_login_user", None)  # one app context for every client: forget who signed in
    other = app.test_client()
    for name, (value, domain) in cookies.items():
        other.set_cookie(name, value, domain=domain)
    return other.get("/workshops/").status_code


def test_a_copied_session_cookie_stops_working_at_sign_out(app, client, facilitator):
    sign_in(client)
    copied = _cookies(client)
    assert _replay(app, copied) == 200
    client.post("/logout")
    assert _replay(app, copied) == 302


def test_a_copied_remember_me_cookie_stops_working_at_sign_out(app, client, facilitator):
    client.post("/login", data={"email": "ana@cafe.test", "password": "correct horse",
                                "remember": "y"})
    remember = {k: v for k, v in _cookies(client).items() if k == "remember_token"}
    assert remember and _replay(app, remember) == 200
    client.post("/logout")
    assert _replay(app, remember) == 302


def test_a_new_password_signs_out_every_device(app, client, facilitator):
    from flask import g

    from facilitator.services.accounts import create_or_reset

    client.post("/login", data={"email": "ana@cafe.test", "password": "correct horse",
                                "remember": "y"})
    copied = _cookies(client)
    create_or_reset("ana@cafe.test", "a brand new horse")
    g.pop("_login_user", None)
    assert client.get("/workshops/").status_code == 302
    assert _replay(app, copied) == 302
