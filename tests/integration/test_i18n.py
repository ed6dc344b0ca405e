"""The French catalogue covers every string of the code and templates, and pages speak the
language they should: the visitor's choice, else the browser's, or the workshop's."""
from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "facilitator" / "translations"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}  # as in `make translations`
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")  # %(n)s, %(s).1f
REFRESH = ("run `make translations` (or the pybabel extract/update commands it lists), then "
           "translate the new entries in facilitator/translations/fr/LC_MESSAGES/messages.po")


def _ids(message_id) -> tuple[str, ...]:
    return message_id if isinstance(message_id, tuple) else (message_id,)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, set[str]]:
    """msgid -> files using it, read from the code the way babel.cfg tells pybabel to.

    Templates are parsed with the Jinja extensions the app enables (``do``): without them the
    extractor silently skips a template it cannot parse.
    """
    from tests.conftest import make_app

    jinja_extensions = ",".join(sorted(make_app(tmp_path_factory.mktemp("i18n"),
                                                create_tables=False).jinja_env.extensions))
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, "babel.cfg")
    for pattern, method in method_map:
        if method == "jinja2":
            options = options_map.setdefault(pattern, {})
            known = [e for e in options.get("extensions", "").split(",") if e.strip()]
            options["extensions"] = ",".join(known + [jinja_extensions])
    found: dict[str, set[str]] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            ROOT, method_map, options_map, keywords=KEYWORDS):
        msgid = _ids(message)[0]  # a plural is catalogued under its singular
        if msgid:
            found.setdefault(msgid, set()).add(filename)
    return found


def fetch(app, client, path, method="get", **kwargs) -> str:
    """The page at `path`, unescaped, from a request in its own app context as in production.

    The `app` fixture keeps one app context open for the whole test, and Flask-Babel caches
    the locale on `g` (so do the views, with g.workshop_language): without a fresh context the
    first request's language would stick to every later one.
    """
    with app.app_context():
        response = getattr(client, method)(path, **kwargs)
        return html.unescape(response.get_data(as_text=True))


def _catalogue(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


def test_every_template_with_strings_is_extracted(extracted):
    seen = {name for names in extracted.values() for name in names}
    templates = [path.relative_to(ROOT).as_posix() for path in (ROOT / "templates").rglob("*.html")
                 if re.search(r"\b_\(", path.read_text(encoding="utf-8"))]
    skipped = sorted(name for name in templates if name not in seen)
    assert not skipped, (f"the extractor found no string in {skipped}: a template it cannot "
                         "parse is skipped silently (a missing Jinja extension in babel.cfg?)")


def test_every_string_has_a_french_translation(extracted):
    catalogue = _catalogue("fr")
    missing = []
    for msgid in sorted(extracted):
        entry = catalogue.get(msgid)
        strings = [s for s in _ids(entry.string)] if entry is not None else []
        if entry is None or entry.fuzzy or not all(s.strip() for s in strings):
            missing.append(f"  {msgid!r}  ({', '.join(sorted(extracted[msgid]))})")
    assert not missing, (f"{len(missing)} string(s) without a French translation (missing, "
                         f"empty or fuzzy) — {REFRESH}:\n" + "\n".join(missing))


def test_the_english_catalogue_knows_every_string(extracted):
    catalogue = _catalogue("en")
    missing = sorted(msgid for msgid in extracted if catalogue.get(msgid) is None)
    assert not missing, f"not in en/messages.po — {REFRESH}:\n" + "\n".join(map(repr, missing))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_translations_keep_the_placeholders(language):
    wrong = []
    for entry in _catalogue(language):
        if not entry.id:
            continue
        expected = {name for msgid in _ids(entry.id) for name in PLACEHOLDER.findall(msgid)}
        for string in _ids(entry.string):
            if string and set(PLACEHOLDER.findall(string)) != expected:
                wrong.append(f"  {_ids(entry.id)[0]!r} -> {string!r}")
    assert not wrong, "placeholders differ between msgid and msgstr:\n" + "\n".join(wrong)


def test_sign_in_page_follows_the_browser_language(app, client):
    page = fetch(app, client, "/login", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert '<html lang="fr">' in page
    for text in ("Se connecter", "Mot de passe", "Maintenir la connexion",
                 "Réservé aux facilitateurs.", "Je participe : rejoindre un atelier"):
        assert text in page
    assert "Password" not in page

    page = fetch(app, client, "/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in page
    for text in ("Sign in", "Password", "Keep me signed in", "For facilitators."):
        assert text in page
    assert "Mot de passe" not in page


def test_a_flash_message_is_translated(app, client, facilitator):
    page = fetch(app, client, "/login", method="post", headers={"Accept-Language": "fr"},
                 data={"email": "ana@cafe.test", "password": "nope"})
    assert "E-mail ou mot de passe incorrect." in page


def test_poster_speaks_the_workshop_language(app, signed_in, facilitator):
    from facilitator.services import workshops

    french = workshops.create(facilitator, title="Café client", language="fr",
                              date_=date(2026, 12, 10), place="Lyon")
    english = workshops.create(facilitator, title="Customer café", language="en")
    # The browser asks for English: the French workshop's poster stays French, and back.
    page = fetch(app, signed_in, f"/workshops/{french.id}/poster",
                 headers={"Accept-Language": "en"})
    assert '<html lang="fr">' in page
    assert "Scannez pour rejoindre l'atelier depuis votre téléphone" in page
    assert "saisissez le code" in page and "décembre" in page and "Scan to join" not in page
    page = fetch(app, signed_in, f"/workshops/{english.id}/poster",
                 headers={"Accept-Language": "fr"})
    assert '<html lang="en">' in page
    assert "Scan to join from your phone, no account needed" in page
    assert "Scannez" not in page


def test_design_pages_speak_french(app, signed_in, facilitator):
    from facilitator.services import workshops

    workshop = workshops.create(facilitator, title="Café client", language="fr")
    page = fetch(app, signed_in, f"/workshops/{workshop.id}", headers={"Accept-Language": "fr"})
    for text in ("Cadrage", "Parcours de préparation", "Liste de contrôle", "Affiche à imprimer", "Brouillon",
                 "L'atelier a un titre.", "Ajoutez au moins une table.", "Se déconnecter"):
        assert text in page
    page = fetch(app, signed_in, f"/workshops/{workshop.id}/tables",
                 headers={"Accept-Language": "fr"})
    assert "Définir le nombre de tables" in page and "Aucune table pour l'instant." in page


def test_language_switch_overrides_the_browser(app, client):
    with app.app_context():
        response = client.post("/language/fr", data={"next": "/login"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    page = fetch(app, client, "/login", headers={"Accept-Language": "en"})
    assert '<html lang="fr">' in page and "Se connecter" in page and "Mot de passe" in page
    fetch(app, client, "/language/en", method="post", data={"next": "/login"})
    page = fetch(app, client, "/login", headers={"Accept-Language": "fr"})
    assert '<html lang="en">' in page and "Sign in" in page and "Mot de passe" not in page
