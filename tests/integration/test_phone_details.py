"""The phone's details: tablemates by name, a host's route in plain words, and the table's
shared notes (its paper tablecloth) for everyone at it."""
from facilitator.services import live
from facilitator.web.live_strings import js_strings
from tests.integration.live_helpers import ready_workshop


def test_the_phone_names_the_tablemates_and_has_the_table_notes_card(app, facilitator, client):
    workshop = ready_workshop(facilitator)
    person = next(p for p in workshop.participants if not p.is_host)
    client.post(f"/j/{workshop.join_code}", data={"claim": person.id})
    live.command(workshop, "start_round")
    page = client.get(f"/p/{workshop.join_code}").get_data(as_text=True)
    mates = [p.display_name for p in live.people_at(workshop, live.seat_of(
        workshop, person, 1), 1) if p.id != person.id]
    assert '<details id="mates"' not in page  # names are shown, not folded behind a count
    for name in mates:
        assert f"<li data-key=\"{name}\">{name}</li>" in page
    assert 'id="tablecloth"' in page and "js/phone.js" in page


def test_a_hosts_route_says_they_host_and_stay(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert js_strings()["route_you_host"] == "You host this table and stay at it"


def test_the_live_screens_name_the_channels_as_the_deliverables_do(app):
    from flask_babel import refresh

    from facilitator.domain.plenary import CHANNELS, channel_label
    for language in ("en", "fr"):
        with app.test_request_context(headers={"Accept-Language": language}):
            refresh()  # the test app's context is shared: forget the previous language
            strings = js_strings()
            for channel in CHANNELS:
                assert strings[f"channel_{channel}"] == channel_label(channel, language)
