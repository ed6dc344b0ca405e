"""Client processes for benchmarks/live.py: the simulated phones are shared out among
several forked processes, each running its own asyncio loop, so that the client is not the
bottleneck. The coordinator calls every process's `op_<name>` method over a pipe and gets
back its answer with the CPU seconds and wall seconds the process spent on it. Not a
benchmark itself (`make bench` skips files starting with an underscore)."""
from __future__ import annotations

import asyncio
import math
import multiprocessing
import os
import signal
import sys
import time
import traceback
from itertools import count

PHONES_PER_PROCESS = 250      # one asyncio process keeps up with about this many phones


def client_processes(phones: int, workshops: int, requested: int | None = None,
                     cores: int | None = None) -> int:
    """How many client processes: `requested` when given, else one per 250 phones, at most
    one per core and one per workshop (a workshop's phones and console share a process, so
    that a fan-out is timed on one clock), and at least one."""
    if requested:
        return max(1, min(requested, workshops))
    cores = cores or os.cpu_count() or 1
    return max(1, min(math.ceil(phones / PHONES_PER_PROCESS), cores, workshops))


def share(workshops: int, processes: int) -> list[list[int]]:
    """Workshop indices per process, dealt round-robin: workshops that act one after the
    other (staggered commands, the vote storm's windows) land on different processes."""
    return [list(range(k, workshops, processes)) for k in range(processes)]


def _cpu() -> float:
    return sum(os.times()[:2])


# The child's side ------------------------------------------------------------------------------

def _child(conn, factory) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the coordinator decides when to stop
    try:
        asyncio.run(_serve(conn, factory))
    finally:
        conn.close()


async def _serve(conn, factory) -> None:
    loop = asyncio.get_running_loop()
    inbox: asyncio.Queue = asyncio.Queue()

    def readable() -> None:
        try:
            inbox.put_nowait(conn.recv())
        except (EOFError, OSError):
            loop.remove_reader(conn.fileno())
            inbox.put_nowait((None, "exit", {}))

    loop.add_reader(conn.fileno(), readable)
    worker = factory()
    tasks = set()

    async def handle(message_id, op, kwargs) -> None:
        cpu, wall = _cpu(), time.monotonic()
        try:
            value = await getattr(worker, "op_" + op)(**kwargs)
            answer = (message_id, True, value, _cpu() - cpu, time.monotonic() - wall)
        except Exception as error:  # noqa: BLE001 - the coordinator reports it
            answer = (message_id, False, f"{type(error).__name__}: {error}\n"
                      f"{traceback.format_exc(limit=4)}", _cpu() - cpu,
                      time.monotonic() - wall)
        try:
            conn.send(answer)
        except (BrokenPipeError, OSError):
            pass

    while True:
        message_id, op, kwargs = await inbox.get()
        if op == "exit":
            for task in tasks:
                task.cancel()
            if message_id is not None:
                conn.send((message_id, True, None, 0.0, 0.0))
            return
        task = asyncio.ensure_future(handle(message_id, op, kwargs))
        tasks.add(task)
        task.add_done_callback(tasks.discard)


# The coordinator's side ------------------------------------------------------------------------

class WorkerFailed(RuntimeError):
    pass


class ClientPool:
    """`factories[k]()` builds process k's worker (inside its own event loop); `call(op,
    ...)` runs `worker.op_<op>(**kwargs)` in every process at once and returns the answers
    in process order. Each process's CPU and wall seconds are summed per op in `busy[op]`."""

    def __init__(self, factories: list) -> None:
        context = multiprocessing.get_context("fork")   # before any event loop runs here
        self.conns, self.processes = [], []
        for factory in factories:
            mine, theirs = context.Pipe()
            process = context.Process(target=_child, args=(theirs, factory), daemon=True)
            process.start()
            theirs.close()
            self.conns.append(mine)
            self.processes.append(process)
        self.pending: dict[int, asyncio.Future] = {}
        self.owner: dict[int, int] = {}
        self.ids = count(1)
        self.busy: dict[str, list[list[float]]] = {}   # op -> [[cpu, wall] per process]
        self.started = time.monotonic()
        self.loop = None

    def __len__(self) -> int:
        return len(self.processes)

    def attach(self) -> None:
        """Listen to every pipe from the running event loop."""
        self.loop = asyncio.get_running_loop()
        for k, conn in enumerate(self.conns):
            self.loop.add_reader(conn.fileno(), self._readable, k)

    def _readable(self, k: int) -> None:
        try:
            message_id, ok, value, cpu, wall = self.conns[k].recv()
        except (EOFError, OSError):
            self.loop.remove_reader(self.conns[k].fileno())
            for message_id, owner in list(self.owner.items()):
                if owner == k and not self.pending[message_id].done():
                    self.pending[message_id].set_exception(
                        WorkerFailed(f"client process {k} exited"))
            return
        future = self.pending.pop(message_id, None)
        self.owner.pop(message_id, None)
        if future is None or future.done():
            return
        if ok:
            future.set_result((value, cpu, wall))
        else:
            future.set_exception(WorkerFailed(f"client process {k}: {value}"))

    async def call(self, op: str, each: list[dict] | None = None, **kwargs) -> list:
        """`op` in every process (with `each[k]` merged into process k's arguments)."""
        futures = []
        for k, conn in enumerate(self.conns):
            message_id = next(self.ids)
            future = self.loop.create_future()
            self.pending[message_id] = future
            self.owner[message_id] = k
            conn.send((message_id, op, {**kwargs, **(each[k] if each else {})}))
            futures.append(future)
        answers = await asyncio.gather(*futures)
        slot = self.busy.setdefault(op, [[0.0, 0.0] for _ in self.conns])
        for k, (_value, cpu, wall) in enumerate(answers):
            slot[k][0] += cpu
            slot[k][1] += wall
        return [value for value, _cpu, _wall in answers]

    def stop(self) -> None:
        """Ask every process to exit, then kill (by PID) those still running."""
        if self.loop is not None:
            for conn in self.conns:
                try:
                    self.loop.remove_reader(conn.fileno())
                except (ValueError, OSError):
                    pass
        for conn in self.conns:
            try:
                conn.send((None, "exit", {}))
            except (BrokenPipeError, OSError):
                pass
        for process in self.processes:
            process.join(timeout=10)
            if process.is_alive():
                print(f"client process {process.pid} did not exit: killing it", file=sys.stderr)
                process.kill()
                process.join(timeout=5)
        for conn in self.conns:
            conn.close()
