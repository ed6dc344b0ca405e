"""A whole workshop in real browsers, as its users run it.

A facilitator creates a workshop through the form, sets three tables, imports an NPS export
on the diagnostic and reads the NPS, takes two questions from the question bank as rounds,
imports a roster (cp1252, ";"), marks the workshop ready and opens the doors. Twelve
participants join from phone-sized pages (half by the QR link, half by typing the code) and
three hosts from phones and a tablet. Two rounds run through their three phases with a
rotation between them; one phone loses its connection mid-round and its note arrives once,
another reloads. Hosts group notes and write key points and solutions; round 2 shows the
handover card. The plenary presents tables, phones vote, the projector shows the ranking.
Both PDFs are downloaded and read back.

Interface strings come from the pages' own `#strings` JSON, ids and data attributes, so the
test holds whatever the catalogue says.
"""
from __future__ import annotations

import io
import json
import re
import sqlite3
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout, expect

from tests.e2e.conftest import DESKTOP, PHONE, screenshot, sign_in

TIMEOUT = 15_000
RECONNECT = 40_000  # Socket.IO's backoff after an outage: 1 s doubling, up to 15 s ± 50 %
TABLET = {"width": 820, "height": 1180}
PROJECTOR = {"width": 1280, "height": 720}
FEEDBACK = Path(__file__).resolve().parents[1] / "fixtures" / "feedback"
FEEDBACK_FILE = "excel_fr_cp1252.csv"

HOSTS = [("Camille Rousseau", "Ventes"), ("Théo Girard", "Support client"),
         ("Inès Fabre", "Pédagogie")]
PARTICIPANTS = [
    ("Léa Moreau", "Ventes"), ("Hugo Lambert", "Ventes"), ("Chloé Bonnet", "Ventes"),
    ("Lucas Mercier", "Support client"), ("Manon Faure", "Support client"),
    ("Nathan Blanc", "Support client"),
    ("Jade Chevalier", "Pédagogie"), ("Louis Garnier", "Pédagogie"), ("Zoé Perrin", "Pédagogie"),
    ("Éloïse Morel", "Finances"), ("Gabriel Roux", "Finances"), ("Sarah Fournier", "Finances"),
]


# Helpers ------------------------------------------------------------------------------------

def query(instance: Path, sql: str, *params):
    with sqlite3.connect(instance / "facilitator.sqlite3") as connection:
        return connection.execute(sql, params).fetchall()


def seats(instance: Path, workshop_id: int, round_number: int) -> dict[str, int]:
    return dict(query(instance,
                      "SELECT p.display_name, t.number FROM seat s JOIN participant p "
                      "ON p.id = s.participant_id JOIN cafe_table t ON t.id = s.table_id "
                      "JOIN round r ON r.id = s.round_id WHERE r.number = ? AND r.workshop_id = ?",
                      round_number, workshop_id))


def says(page, key, **params) -> str:
    """A live page's interface string (in the page's language), formatted as the page does."""
    text = page.evaluate("k => JSON.parse(document.getElementById('strings').textContent)[k]", key)
    assert text is not None, f"no string {key!r} on {page.url}"
    return re.sub(r"%\((\w+)\)s", lambda m: str(params[m.group(1)]), text)


def flat(text: str) -> str:
    return " ".join(text.split())


def roster_csv(path: Path) -> Path:
    """Excel's French export: ';' separated, Windows-1252, CRLF, French headers."""
    lines = ["nom;service;rôle"]
    lines += [f"{name};{department};hôte" for name, department in HOSTS]
    lines += [f"{name};{department};participant" for name, department in PARTICIPANTS]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def open_phone(browser, base: str, code: str, name: str, *, by_code: bool, viewport=PHONE):
    context = browser.new_context(viewport=viewport, locale="fr-FR", has_touch=True,
                                  is_mobile=viewport["width"] < 700)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    if by_code:
        page.goto(base + "/join")
        page.fill("#code", code.lower())
        page.locator("form[action$='/join'] button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/j/" + code))
    else:
        page.goto(f"{base}/j/{code}")
    option = page.locator("#claim-list label.claim-option", has_text=name)
    expect(option).to_have_count(1)
    option.locator("input[type=radio]").check()
    page.locator("form.claim button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/p/" + code))
    expect(page.locator("#lobby")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#lobby .lobby-hello")).to_contain_text(name)
    return page


def close_rotation_card(page):
    button = page.locator("#rotation-ok")
    if button.is_visible():
        try:
            button.click(timeout=3000)
        except PlaywrightTimeout:
            pass  # it closed by itself meanwhile


def share(page, text: str):
    page.fill("#note-text", text)
    page.click("#save-share")
    expect(page.locator("#note-list li", has_text=text)).to_have_attribute(
        "data-state", "shared", timeout=TIMEOUT)


def command(desk, name: str):
    button = desk.locator(f"#controls [data-command={name}]")
    expect(button).to_be_enabled(timeout=TIMEOUT)
    button.click()


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return flat(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages))


# The test ----------------------------------------------------------------------------------

def test_a_whole_workshop_from_design_to_deliverables(server, browser, tmp_path):
    base, _demo_code = server
    instance = tmp_path / "instance"
    desk_context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    desk = desk_context.new_page()
    desk.on("dialog", lambda dialog: dialog.accept())
    sign_in(desk, base)

    # 1. Design: a new workshop through the form ------------------------------------------
    desk.goto(base + "/workshops/new")
    desk.fill("#title", "Café des apprenants")
    desk.fill("#place", "Lyon, salle Rhône")
    desk.select_option("#language", "fr")
    desk.select_option("#mode", "question")
    desk.fill("#brief", "Améliorer le parcours des apprenants, de l'inscription au certificat.")
    desk.fill("#tables", "2")  # a third comes with the table-count form below
    desk.fill("#rounds", "2")  # their questions come from the question bank below
    desk.locator("form button[type=submit].primary").click()
    desk.wait_for_url(re.compile(r".*/workshops/\d+$"))
    workshop_id = int(desk.url.rsplit("/", 1)[1])
    expect(desk.locator("h1")).to_have_text("Café des apprenants")
    code = query(instance, "SELECT join_code FROM workshop WHERE id = ?", workshop_id)[0][0]
    expect(desk.locator(".join-card .code-display")).to_have_text(code)
    expect(desk.locator(".badge-draft")).to_be_visible()

    # Three tables, with the table-count form.
    desk.goto(f"{base}/workshops/{workshop_id}/tables")
    desk.fill("#count-count", "3")
    desk.locator("form[action$='/tables/count'] button[type=submit]").click()
    expect(desk.locator("table.data tbody tr")).to_have_count(3, timeout=TIMEOUT)

    # The feedback export, on the diagnostic.
    desk.goto(f"{base}/workshops/{workshop_id}/diagnostic/")
    desk.set_input_files("form[data-upload] input[type=file]", str(FEEDBACK / FEEDBACK_FILE))
    desk.locator("form[data-upload] button[type=submit]").click()
    desk.wait_for_url(re.compile(r".*/diagnostic/imports/\d+(/mapping)?$"), timeout=TIMEOUT)
    if desk.url.endswith("/mapping"):  # columns to confirm: the guess is right for this file
        desk.locator("form.mapping-form button[type=submit]").click()
        desk.wait_for_url(re.compile(r".*/diagnostic/imports/\d+$"), timeout=TIMEOUT)
    expect(desk.locator(".report dl.metrics dd").first).to_have_text("40", timeout=TIMEOUT)
    expect(desk.locator(".report")).to_contain_text("cp1252")
    desk.goto(f"{base}/workshops/{workshop_id}/diagnostic/")
    expected = json.loads((FEEDBACK / "labels.json").read_text(encoding="utf-8"))[FEEDBACK_FILE]
    expect(desk.locator(".nps-value")).to_have_text(f"{expected['nps']:+.0f}")
    expect(desk.locator("dl.classes dd").first).to_have_text(str(expected["responses"]))
    screenshot(desk, "full-diagnostic")

    # Two questions from the question bank, as rounds 1 and 2.
    chosen = []
    for number in (1, 2):
        desk.goto(f"{base}/workshops/{workshop_id}/diagnostic/questions")
        suggestions = desk.locator("ol.bank li.suggestion")
        expect(suggestions.first).to_be_visible()
        pick = next(s for s in (suggestions.nth(i) for i in range(suggestions.count()))
                    if flat(s.locator("textarea").input_value()) not in chosen)
        chosen.append(flat(pick.locator("textarea").input_value()))
        button = pick.locator("button[type=submit]")
        expect(button).to_contain_text(str(number))  # "Add as round N": the next unwritten
        button.click()
        desk.wait_for_url(re.compile(r".*/diagnostic/questions(#rounds)?$"))
        expect(desk.locator("#rounds .round-item .question").nth(number - 1)).to_have_text(
            chosen[-1])
    questions = [flat(q) for (q,) in query(
        instance, "SELECT question FROM round WHERE workshop_id = ? ORDER BY number", workshop_id)]
    assert questions == chosen
    expect(desk.locator("#rounds .round-item .question")).to_have_text(questions)

    # The roster, imported from a file.
    desk.goto(f"{base}/workshops/{workshop_id}/roster")
    desk.set_input_files("#import-file", str(roster_csv(tmp_path / "liste-cafe.csv")))
    desk.locator("form[action$='/roster/import'] button[type=submit]").click()
    report = desk.locator("section.report")
    expect(report).to_be_visible(timeout=TIMEOUT)
    expect(report.locator("p").first).to_contain_text("15")
    expect(report).to_contain_text("cp1252")
    expect(report.locator("table")).to_have_count(0)  # no row refused
    rows = desk.locator("section.card table.data tbody tr")
    expect(rows).to_have_count(15)
    expect(desk.locator("table.data .tag-host")).to_have_count(3)
    for name, department in HOSTS + PARTICIPANTS:
        expect(rows.filter(has_text=name)).to_contain_text(department)
    hosts = dict(query(instance, "SELECT p.display_name, t.number FROM participant p JOIN "
                       "cafe_table t ON t.id = p.host_table_id WHERE p.workshop_id = ?",
                       workshop_id))
    assert sorted(hosts.values()) == [1, 2, 3], hosts

    # The checklist complete, the doors open.
    desk.goto(f"{base}/workshops/{workshop_id}")
    expect(desk.locator("ul.checklist li.blocking")).to_have_count(0)
    # No separate "ready" click: opening the doors is the checklist's last step.
    expect(desk.locator(f"form[action$='/workshops/{workshop_id}/ready']")).to_have_count(0)
    expect(desk.locator("section.card ol.questions li")).to_have_count(2)
    screenshot(desk, "full-workshop-page")
    desk.locator(f"form[action$='/workshops/{workshop_id}/open'] button").click()
    desk.wait_for_url(f"**/workshops/{workshop_id}/live")
    expect(desk.locator("#connection")).to_have_attribute("data-state", "connected",
                                                          timeout=TIMEOUT)
    projector = desk_context.new_page()
    projector.set_viewport_size(PROJECTOR)
    projector.goto(f"{base}/workshops/{workshop_id}/projector")
    expect(projector.locator("#scene-lobby")).to_be_visible()
    expect(projector.locator(".p-code")).to_have_text(code)

    # 2. Twelve participants and three hosts join ------------------------------------------
    round1 = seats(instance, workshop_id, 1)
    round2 = seats(instance, workshop_id, 2)
    assert len(round1) == len(round2) == 15
    phones = {}
    for index, (name, _department) in enumerate(PARTICIPANTS):
        phones[name] = open_phone(browser, base, code, name, by_code=index % 2 == 1)
    for index, (name, _department) in enumerate(HOSTS):
        phones[name] = open_phone(browser, base, code, name, by_code=False,
                                  viewport=TABLET if index == 0 else PHONE)
    expect(desk.locator("#presence-count")).to_have_text(
        says(desk, "connected_of", connected=15, joined=15), timeout=TIMEOUT)
    expect(projector.locator("#p-joined")).to_have_text(
        says(projector, "joined_count", count=15), timeout=TIMEOUT)
    host_at = {number: name for name, number in hosts.items()}
    guests1 = {n: sorted(p for p, t in round1.items() if t == n and p not in hosts)
               for n in (1, 2, 3)}

    # 3. Round 1 ---------------------------------------------------------------------------
    command(desk, "start_round")
    for name, page in phones.items():
        expect(page.locator("#question")).to_have_text(questions[0], timeout=TIMEOUT)
        expect(page.locator("#table-number")).to_have_text(str(round1[name]), timeout=TIMEOUT)
        expect(page.locator("#phase-name")).to_have_text(says(page, "phase_reflection"))
        expect(page.locator("#countdown")).to_have_text(re.compile(r"^\d\d:\d\d$"))
        if name in hosts:
            expect(page.locator("#host-tools")).to_be_visible(timeout=TIMEOUT)
        else:
            expect(page.locator("#host-tools")).to_be_hidden()
    expect(desk.locator("#run-title")).to_have_text(says(desk, "phase_reflection"))
    expect(projector.locator("#p-question")).to_have_text(questions[0], timeout=TIMEOUT)
    expect(projector.locator("#p-phase")).to_have_text(says(projector, "phase_reflection"))
    screenshot(phones[PARTICIPANTS[0][0]], "full-phone-round")
    screenshot(desk, "full-console-round")
    screenshot(projector, "full-projector-round")

    # Reflection: one private note per table, kept on the phone's list, not shared.
    private = {n: guests1[n][0] for n in (1, 2, 3)}
    for n, name in private.items():
        page = phones[name]
        page.fill("#note-text", f"Idée de {name} : un tuteur joignable dès l'inscription")
        page.click("#save-note")
        expect(page.locator("#note-list li").first).to_have_attribute("data-state", "saved",
                                                                      timeout=TIMEOUT)
        expect(page.locator("#save-share")).to_be_hidden()  # no sharing during reflection

    # Sharing.
    command(desk, "skip")
    for page in phones.values():
        expect(page.locator("#phase-name")).to_have_text(says(page, "phase_sharing"),
                                                         timeout=TIMEOUT)
    for n, name in private.items():
        item = phones[name].locator("#note-list li").first
        item.locator("[data-action=share]").click()
        expect(item).to_have_attribute("data-state", "shared", timeout=TIMEOUT)

    # One phone loses the network and writes a note: it waits, then arrives once.
    offline_name = guests1[2][1]
    offline = phones[offline_name]
    offline_text = f"{offline_name} : le certificat arrive trop tard"
    offline.context.set_offline(True)
    expect(offline.locator("#offline-notes")).to_be_visible(timeout=TIMEOUT)
    offline.fill("#note-text", offline_text)
    offline.click("#save-share")
    waiting = offline.locator("#note-list li", has_text=offline_text)
    expect(waiting).to_have_attribute("data-state", "pending", timeout=TIMEOUT)
    expect(waiting.locator(".state-text")).to_have_text(says(offline, "note_pending"))
    expect(offline.locator("#connection")).to_have_attribute("data-state", "offline",
                                                             timeout=TIMEOUT)
    waiting.scroll_into_view_if_needed()
    screenshot(offline, "full-phone-offline")

    # Meanwhile everyone else shares a note.
    for n in (1, 2, 3):
        for name in guests1[n]:
            if name not in private.values() and name != offline_name:
                share(phones[name], f"{name} : trop de mots de passe pour commencer")

    host2 = phones[host_at[2]]
    expect(host2.locator(".host-note", has_text=offline_text)).to_have_count(0)
    offline.context.set_offline(False)
    expect(waiting).to_have_attribute("data-state", "shared", timeout=RECONNECT)
    expect(offline.locator("#offline-notes")).to_be_hidden()
    expect(offline.locator("#connection")).to_have_attribute("data-state", "connected")
    expect(host2.locator(".host-note", has_text=offline_text)).to_have_count(1, timeout=TIMEOUT)
    stored = query(instance, "SELECT n.table_id IS NOT NULL FROM note n JOIN participant p "
                   "ON p.id = n.participant_id WHERE p.display_name = ? AND n.text = ?",
                   offline_name, offline_text)
    assert stored == [(1,)], stored  # saved and shared exactly once

    # One phone reloads mid-round: same table, same notes.
    reloader = phones[private[3]]
    reloader.reload()
    expect(reloader.locator("#table-number")).to_have_text(str(round1[private[3]]),
                                                            timeout=TIMEOUT)
    expect(reloader.locator("#phase-name")).to_have_text(says(reloader, "phase_sharing"))
    expect(reloader.locator("#note-list li", has_text="un tuteur joignable")).to_have_attribute(
        "data-state", "shared", timeout=TIMEOUT)

    # Hosts: every shared note of the table, grouped, a key point and a solution.
    key_points, solutions = {}, {}
    for n in (1, 2, 3):
        host = phones[host_at[n]]
        notes = host.locator(".host-note")
        expect(notes).to_have_count(len(guests1[n]), timeout=TIMEOUT)
        notes.nth(0).locator(".note-check").check()
        notes.nth(1).locator(".note-check").check()
        host.fill(".sel-group input", f"Premiers pas, table {n}")
        host.locator(".sel-group button").click()
        expect(host.locator(".cluster .host-note")).to_have_count(2, timeout=TIMEOUT)
        key_points[(1, n)] = f"Table {n} : l'accueil humain manque la première semaine"
        host.fill(".kp-add textarea", key_points[(1, n)])
        host.locator(".kp-add button").click()
        expect(host.locator(".kp textarea")).to_have_value(key_points[(1, n)], timeout=TIMEOUT)
        solutions[(1, n)] = f"Appel de bienvenue sous 48 h (table {n})"
        host.fill(".sol-add input", solutions[(1, n)])
        host.locator(".sol-add button").click()
        expect(host.locator(".solution")).to_have_count(1, timeout=TIMEOUT)
    screenshot(phones[host_at[1]], "full-host-tools")
    screenshot(phones[host_at[2]], "full-host-phone")
    cards = desk.locator(".syn-card")
    expect(cards).to_have_count(3, timeout=TIMEOUT)
    for n in (1, 2, 3):
        expect(cards.nth(n - 1)).to_contain_text(solutions[(1, n)], timeout=TIMEOUT)

    # Discussion, then the rotation.
    command(desk, "skip")
    for page in phones.values():
        expect(page.locator("#phase-name")).to_have_text(says(page, "phase_discussion"),
                                                         timeout=TIMEOUT)
    command(desk, "rotate")
    expect(projector.locator("#scene-rotation")).to_be_visible(timeout=TIMEOUT)
    for name, page in phones.items():
        expect(page.locator("#rotation")).to_be_visible(timeout=TIMEOUT)
        key = "stay_at_table" if name in hosts else "go_to_table"
        expect(page.locator("#rotation-title")).to_have_text(
            says(page, key, number=round2[name]))
    assert all(round2[name] == number for name, number in hosts.items())
    mover = next(name for name, _d in PARTICIPANTS if round2[name] != round1[name])
    screenshot(phones[mover], "full-phone-rotation")
    screenshot(projector, "full-projector-rotation")

    # 4. Round 2: the handover card ------------------------------------------------------
    command(desk, "start_round")
    for name, page in phones.items():
        close_rotation_card(page)
        expect(page.locator("#question")).to_have_text(questions[1], timeout=TIMEOUT)
        expect(page.locator("#table-number")).to_have_text(str(round2[name]), timeout=TIMEOUT)
        expect(page.locator("#phase-name")).to_have_text(says(page, "phase_reflection"))
        if name in hosts or round2[name] != round1[name]:
            card = page.locator("#handover")
            expect(card).to_be_visible(timeout=TIMEOUT)
            expect(card).to_contain_text(key_points[(1, round2[name])])
            expect(card).to_contain_text(solutions[(1, round2[name])])
            title = "handover_host_title" if name in hosts else "handover_guest_title"
            expect(page.locator("#handover-title")).to_have_text(says(page, title))
    screenshot(phones[mover], "full-phone-handover")
    command(desk, "skip")
    guests2 = {n: sorted(p for p, t in round2.items() if t == n and p not in hosts)
               for n in (1, 2, 3)}
    for n in (1, 2, 3):
        share(phones[guests2[n][0]], f"{guests2[n][0]} : une appli pour suivre sa progression")
        host = phones[host_at[n]]
        expect(host.locator(".solution")).to_have_count(0, timeout=TIMEOUT)  # a new synthesis
        expect(host.locator(".host-note")).to_have_count(1, timeout=TIMEOUT)
        key_points[(2, n)] = f"Table {n} : suivre sa progression sur mobile"
        host.fill(".kp-add textarea", key_points[(2, n)])
        host.locator(".kp-add button").click()
        expect(host.locator(".kp textarea")).to_have_value(key_points[(2, n)], timeout=TIMEOUT)
        solutions[(2, n)] = f"Tableau de bord mobile (table {n})"
        host.fill(".sol-add input", solutions[(2, n)])
        host.locator(".sol-add button").click()
        expect(host.locator(".solution")).to_have_count(1, timeout=TIMEOUT)
    for n in (1, 2, 3):
        expect(cards.nth(n - 1)).to_contain_text(solutions[(2, n)], timeout=TIMEOUT)
    command(desk, "skip")
    expect(desk.locator("#run-title")).to_have_text(says(desk, "phase_discussion"),
                                                    timeout=TIMEOUT)

    # 5. Plenary ---------------------------------------------------------------------------
    command(desk, "plenary")
    expect(desk.locator("#plenary-panel")).to_be_visible(timeout=TIMEOUT)
    expect(projector.locator("#scene-plenary")).to_be_visible(timeout=TIMEOUT)
    desk.locator("#pl-tables [data-pl=next]").click()
    expect(projector.locator("#pp-table")).to_be_visible(timeout=TIMEOUT)
    expect(projector.locator("#pp-host")).to_contain_text(host_at[1])
    expect(projector.locator("#pp-rounds")).to_contain_text(solutions[(1, 1)])
    expect(projector.locator("#pp-rounds")).to_contain_text(solutions[(2, 1)])
    screenshot(projector, "full-projector-plenary")
    desk.click("#pl-open")
    expect(desk.locator("#pl-vote-state")).to_have_attribute("data-open", "yes", timeout=TIMEOUT)
    ballots = {  # voter -> the solution they give a dot to
        PARTICIPANTS[0][0]: solutions[(1, 1)], PARTICIPANTS[3][0]: solutions[(1, 1)],
        PARTICIPANTS[6][0]: solutions[(1, 1)], PARTICIPANTS[9][0]: solutions[(2, 2)],
        PARTICIPANTS[10][0]: solutions[(2, 2)], HOSTS[2][0]: solutions[(1, 3)],
    }
    for name, title in ballots.items():
        page = phones[name]
        items = page.locator(".vote-item")
        expect(items).to_have_count(6, timeout=TIMEOUT)
        item = items.filter(has_text=title)
        item.locator("[data-dots='1']").click()
        expect(item.locator(".vote-dots .dot.on")).to_have_count(1, timeout=TIMEOUT)
    voter = phones[PARTICIPANTS[0][0]]
    screenshot(voter, "full-phone-vote")
    expect(voter.locator(".vote-tally:visible")).to_have_count(0)  # no tallies before the reveal
    expect(desk.locator("#pl-total")).to_have_text(says(desk, "total_dots", count=len(ballots)),
                                                   timeout=TIMEOUT)
    desk.click("#pl-reveal")
    expect(projector.locator("#pp-results")).to_be_visible(timeout=TIMEOUT)
    ranking = projector.locator("#pp-ranking li")
    expect(ranking).to_have_count(6, timeout=TIMEOUT)
    expect(ranking.nth(0)).to_contain_text(solutions[(1, 1)])
    expect(ranking.nth(0).locator(".pp-votes")).to_have_text("3")
    expect(ranking.nth(1)).to_contain_text(solutions[(2, 2)])
    expect(ranking.nth(1).locator(".pp-votes")).to_have_text("2")
    screenshot(projector, "full-projector-ranking")

    # 6. The two PDFs ------------------------------------------------------------------
    desk.goto(f"{base}/workshops/{workshop_id}/deliverables")
    texts = {}
    for name in ("summary.pdf", "detailed.pdf"):
        href = desk.locator(f"a[href$='/deliverables/{name}']").get_attribute("href")
        response = desk_context.request.get(base + href, timeout=60_000)
        assert response.ok, (name, response.status)
        assert response.headers["content-type"].startswith("application/pdf")
        texts[name] = pdf_text(response.body())
    for name, text in texts.items():
        for question in questions:
            assert question in text, (name, question)
    assert key_points[(1, 1)] in texts["summary.pdf"]
    for title in solutions.values():
        assert title in texts["detailed.pdf"], title
    assert solutions[(1, 1)] in texts["summary.pdf"]
    desk_context.close()
