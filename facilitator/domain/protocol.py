"""The live protocol's version: phones, consoles and the server agree on it at connect.
It lives below the services (their snapshots carry it) and the socket layer (it checks it)."""

PROTOCOL_VERSION = 1
