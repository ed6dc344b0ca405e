"""A large request body (an upload of up to 20 MB) is read with the hub given back every
256 KB: under one gevent worker, a client that sends fast keeps the socket full, so the form
parser would otherwise read and parse the whole body without ever letting the phones'
sockets be served."""
from __future__ import annotations

import time

EVERY = 256 * 1024


def give_back() -> None:
    """Let the hub serve the other greenlets (time.sleep is gevent's under the server)."""
    time.sleep(0)


class CooperativeBody:
    """WSGI middleware: wraps the input of a request whose body is over EVERY bytes."""

    def __init__(self, app, every: int = EVERY) -> None:
        self.app, self.every = app, every

    def __call__(self, environ, start_response):
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.every and "wsgi.input" in environ:
            environ["wsgi.input"] = YieldingInput(environ["wsgi.input"], self.every)
        return self.app(environ, start_response)


class YieldingInput:
    """A request body that sleeps(0) (gevent's sleep under the server) after every `every`
    bytes read; it reads exactly what the underlying input gives."""

    def __init__(self, stream, every: int) -> None:
        self._stream, self._every, self._since = stream, every, 0

    def _count(self, size: int) -> None:
        self._since += size
        if self._since >= self._every:
            self._since = 0
            give_back()

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size) if size is not None else self._stream.read()
        self._count(len(data))
        return data

    def readline(self, size: int = -1) -> bytes:
        data = self._stream.readline(size)
        self._count(len(data))
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def __iter__(self):
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close:
            close()
