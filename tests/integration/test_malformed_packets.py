"""Socket packets no client library would send: each gets a clean disconnect of that one
socket, the handler threads live on, and every other phone keeps working."""
import pytest

from facilitator.extensions import socketio
from tests.integration.live_helpers import (  # noqa: F401 (fixtures)
    call, join_all, live_app, phone, tokens, workshop)


@pytest.fixture
def app(live_app):
    return live_app


RAW = {
    "nested 100,000 deep": '42/live,1["time",' + "[" * 100_000 + "]" * 100_000 + "]",
    "a 4,400-digit integer": '42/live,1["time",{"t":' + "9" * 4400 + "}]",
    "an object as the event name": '42/live,1[{"a":1},{}]',
    "a list as the event name": '42/live,1[["time"],{}]',
    "an empty event": "42/live,1[]",
    "an event that is not a list": '42/live,1{"time":1}',
    "broken JSON": '42/live,1["time",{',
}


@pytest.mark.parametrize("raw", RAW.values(), ids=RAW.keys())
def test_a_malformed_packet_disconnects_only_its_socket(app, workshop, tokens, raw, caplog):
    bad, good = phone(app, workshop, tokens["P1"]), phone(app, workshop, tokens["P2"])
    socketio.server._handle_eio_message(bad.eio_sid, raw)  # as the transport hands it over
    assert not bad.is_connected(namespace="/live")
    assert good.is_connected(namespace="/live") and call(good, "time", {"t": 1})["ok"]
    assert "Traceback" not in caplog.text
    again = phone(app, workshop, tokens["P1"])  # the device itself may come back
    assert call(again, "time", {"t": 2})["ok"]


def test_a_large_but_shallow_payload_is_still_answered(app, workshop, tokens):
    client = phone(app, workshop, tokens["P1"])
    answer = call(client, "time", {"t": 1, "pad": [[1]] * 5000})
    assert answer["ok"]
