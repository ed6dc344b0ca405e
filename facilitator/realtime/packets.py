"""Malformed Socket.IO packets get a clean disconnect, never a dead handler thread.

python-socketio decodes a packet's JSON and dispatches on its first element: a packet
nested 100,000 deep, a 4,400-digit integer or an object as the event name raises inside
the server's own threads, where nothing answers the client. These guards turn each into a
refused packet and a disconnect of that one socket.
"""
from __future__ import annotations

import json
import logging

from socketio import packet

log = logging.getLogger(__name__)

# A real event payload is shallow; this bounds JSON decoding long before Python's stack.
MAX_DEPTH = 64
MAX_INT_DIGITS = 40


class Malformed(ValueError):
    """The packet cannot be a valid event of this protocol."""


class _BoundedJSON:
    """The json module as python-socketio uses it, with bounded numbers and nesting."""

    dumps = staticmethod(json.dumps)

    @staticmethod
    def loads(text, **kwargs):
        if _depth(text) > MAX_DEPTH:
            raise Malformed("nested too deep")
        try:
            return json.loads(text, parse_int=_bounded_int, **kwargs)
        except (ValueError, RecursionError) as error:
            raise Malformed(str(error)[:80]) from None


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise Malformed("integer too long")
    return int(digits)


def _depth(text) -> int:
    """The deepest nesting of brackets outside strings; a packet with fewer brackets than
    the limit is not even scanned (str.count runs at C speed)."""
    if not isinstance(text, str) or text.count("[") + text.count("{") <= MAX_DEPTH:
        return 1
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return deepest
        elif char in "]}":
            depth -= 1
    return deepest


class GuardedPacket(packet.Packet):
    """A packet whose event is a list that starts with a string name."""

    json = _BoundedJSON

    def decode(self, encoded_packet):
        attachments = super().decode(encoded_packet)
        if self.packet_type in (packet.EVENT, packet.BINARY_EVENT):
            if not (isinstance(self.data, list) and self.data
                    and isinstance(self.data[0], str) and len(self.data[0]) <= 100):
                raise Malformed("an event is a list that starts with its name")
        return attachments


def guard(server) -> None:
    """Install the guards on a python-socketio server."""
    server.packet_class = GuardedPacket
    original = server._handle_eio_message

    def handle_message(eio_sid, data):
        try:
            return original(eio_sid, data)
        except (ValueError, TypeError, RecursionError, IndexError, KeyError) as error:
            log.info("malformed packet from %s (%s): disconnected", eio_sid, error)
            _hang_up(server, eio_sid)
            return None

    server._handle_eio_message = handle_message
    server.eio.on("message", handle_message)


def _hang_up(server, eio_sid) -> None:
    """Disconnect the socket in every namespace (its handlers run), then its transport."""
    server._binary_packet.pop(eio_sid, None)
    for namespace in list(server.manager.get_namespaces()):
        sid = server.manager.sid_from_eio_sid(eio_sid, namespace)
        if sid is not None:
            server.disconnect(sid, namespace=namespace)
    try:
        server.eio.disconnect(eio_sid)
    except Exception:  # noqa: BLE001 - already gone, or no transport (the test client)
        pass
