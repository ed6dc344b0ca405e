"""Read uploaded files in a child process with a memory and time ceiling.

Parsing a feedback export or a roster is pure CPU: in the server process it would hold the
one gevent hub (every phone's socket) for as long as it runs, and a hostile file could take
all the memory. Here a fresh interpreter reads the bytes under RLIMIT_AS and RLIMIT_CPU,
reports progress on stderr, and hands back the parsed result (a pickle in a temporary
file); the server only waits, cooperatively. Errors the file causes come back as the same
exceptions the parsers raise.
"""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from typing import BinaryIO

MEMORY_MB = 768
CPU_SECONDS = 60
WALL_SECONDS = 120
NICENESS = 10
# A small text file (CSV, TSV, JSON) parses in milliseconds and cannot inflate: starting an
# interpreter for it would cost more than it protects. A workbook is a zip: always apart.
IN_PROCESS_BYTES = 64 * 1024
CHUNK = 1024 * 1024  # a large file goes to the child by this much


def worth_a_child(data: bytes) -> bool:
    """Whether reading these bytes may cost enough to need the child process."""
    return len(data) > IN_PROCESS_BYTES or data[:2] == b"PK"


class TooLarge(Exception):
    """Reading the file hit the memory or time ceiling."""

    def __init__(self, memory_mb: int, seconds: int) -> None:
        super().__init__(f"over {memory_mb} MB or {seconds} s")
        self.memory_mb, self.seconds = memory_mb, seconds


def run(task: str, data: bytes | BinaryIO | Callable[[BinaryIO], None], options: dict,
        progress: Callable[[int, int | None], None] | None = None, *,
        memory_mb: int = MEMORY_MB, cpu_seconds: int = CPU_SECONDS,
        wall_seconds: int = WALL_SECONDS, always: bool = False):
    """Run TASKS[task](data, **options) in a child process and return its result, or
    raise what it raised (TooLarge past the ceilings). A small text file is read here
    (worth_a_child), unless `always`. `data` may be an open file (the request's spooled
    upload) or a function that writes the bytes into the child's input file (chunks from
    the database): a large file then goes to the child in chunks, never whole in the
    server's memory, and the hub serves the phones between two chunks."""
    if hasattr(data, "read"):
        data = _from_stream(data)
    if not callable(data) and not always and not worth_a_child(data):
        return TASKS[task](data, progress=progress, **options)
    with tempfile.TemporaryDirectory(prefix="facilitator-read-") as folder:
        source, result = os.path.join(folder, "in"), os.path.join(folder, "out")
        with open(source, "wb") as handle:
            # The options pickled, then the file's bytes raw: no second copy in memory.
            pickle.dump((task, options), handle, protocol=pickle.HIGHEST_PROTOCOL)
            if callable(data):
                data(handle)
            else:
                handle.write(data)
        command = [sys.executable, "-m", "facilitator.isolation", source, result,
                   str(memory_mb), str(cpu_seconds)]
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, env=_child_env())
        timer = threading.Timer(wall_seconds, child.kill)
        timer.start()
        try:
            _follow(child, progress)
            returncode = child.wait()
        finally:
            timer.cancel()
            if child.poll() is None:
                child.kill()
                child.wait()
        if returncode != 0 or not os.path.exists(result):
            raise TooLarge(memory_mb, cpu_seconds)
        with open(result, "rb") as handle:
            ok, value = pickle.load(handle)
    if ok:
        return value
    raise value


def _from_stream(stream: BinaryIO) -> bytes | Callable[[BinaryIO], None]:
    """A small file's bytes; for a larger one, a function copying the rest chunk by chunk."""
    head = stream.read(IN_PROCESS_BYTES + 1)
    if len(head) <= IN_PROCESS_BYTES:
        return head

    def copy(handle: BinaryIO) -> None:
        handle.write(head)
        while chunk := stream.read(CHUNK):
            handle.write(chunk)
            time.sleep(0)  # gevent's under the server: the phones between two chunks
    return copy


def _child_env() -> dict:
    env = dict(os.environ)
    # The child imports only the pure domain: make sure it finds this very package.
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def _follow(child: subprocess.Popen, progress) -> None:
    """Relay the child's "done total" progress lines; anything else is ignored."""
    for line in child.stderr:
        parts = line.split()
        if progress and len(parts) == 3 and parts[0] == b"progress":
            try:
                done, total = int(parts[1]), int(parts[2])
            except ValueError:
                continue
            progress(done, None if total < 0 else total)


# The child --------------------------------------------------------------------------------

def _feedback(data: bytes, progress=None, **options):
    from facilitator.domain.diagnostic import load_feedback

    return load_feedback(data, progress=progress or _report_progress, **options)


def _roster(data: bytes, progress=None, **options):
    from facilitator.domain.roster import parse_roster

    return parse_roster(data, **options)


def _analyse(data: bytes, progress=None, *, database: str, connect_args: dict,
             workshop_id: int, stages, edits, language: str):
    """The theme analysis of a workshop's stored responses, read here from the database:
    the server never holds them, and the hub never waits for the analysis."""
    from facilitator.services.analysis import analyse_stored

    return analyse_stored(database, connect_args, workshop_id, stages, edits, language)


TASKS = {"feedback": _feedback, "roster": _roster, "analyse": _analyse}


def _report_progress(done: int, total: int | None) -> None:
    sys.stderr.write(f"progress {done} {-1 if total is None else total}\n")
    sys.stderr.flush()


def _limit(memory_mb: int, cpu_seconds: int) -> None:
    import resource

    # The server's sockets come first: on a busy machine the reader waits for spare CPU.
    os.nice(NICENESS)
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def _child(source: str, result: str, memory_mb: int, cpu_seconds: int) -> int:
    _limit(memory_mb, cpu_seconds)
    with open(source, "rb") as handle:
        task, options = pickle.load(handle)
        data = handle.read()
    try:
        outcome = (True, TASKS[task](data, **options))
    except MemoryError:
        return 3
    except Exception as error:  # noqa: BLE001 - handed back to the parent to raise
        outcome = (False, error)
    del data
    with open(result, "wb") as handle:
        pickle.dump(outcome, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
