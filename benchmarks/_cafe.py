"""What the live benchmarks (live.py, faults.py) share: a free port on 127.0.0.1, a
process's children, and seeding open workshops whose every name is claimed. Not a
benchmark itself: `make bench` skips files starting with an underscore."""
from __future__ import annotations

import os
import socket
from pathlib import Path

HOST = "127.0.0.1"
PHASE_MINUTES = (30, 60, 60)  # long phases: no phase ends by itself during a run
DEPARTMENTS = ["Sales", "Support", "IT", "Finance", "HR"]


def free_port() -> int:
    """A free port; within FACILITATOR_BENCH_PORTS ("5220-5229") when set, so that people
    sharing a machine keep to the ports they were given."""
    low, _, high = os.environ.get("FACILITATOR_BENCH_PORTS", "").partition("-")
    for port in range(int(low), int(high or low) + 1) if low else ():
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers), read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def seed_open_workshops(user, title: str, count: int, tables: int, phones: int,
                        rounds: int) -> list[tuple[object, dict]]:
    """`count` workshops (in the caller's app context) with `phones` people at `tables`
    tables, seated, doors open, every name claimed. Returns (workshop, plan entry) pairs,
    the entry holding its id, code and people with their tokens."""
    from flask import current_app

    from facilitator.services import live, roster, seating, workshops as service

    seeded = []
    for number in range(count):
        workshop = service.create(user, title=f"{title} {number + 1}", language="en")
        service.set_table_count(workshop, tables)
        for r in range(rounds):
            service.add_round(workshop, question=f"Question {r + 1}?",
                              reflection=PHASE_MINUTES[0], sharing=PHASE_MINUTES[1],
                              discussion=PHASE_MINUTES[2])
        # One roster import per workshop (the design is settled once, not once a person),
        # parsed in this process: the rows are ours, not an upload.
        rows = [f"Host {t + 1},{DEPARTMENTS[t % 5]},host" for t in range(tables)] + \
            [f"P{i + 1},{DEPARTMENTS[i % 5]},participant" for i in range(phones - tables)]
        in_child = current_app.config.get("READ_FILES_IN_CHILD", True)
        current_app.config["READ_FILES_IN_CHILD"] = False
        try:
            report = roster.import_file(
                workshop, ("name,department,role\n" + "\n".join(rows) + "\n").encode())
        finally:
            current_app.config["READ_FILES_IN_CHILD"] = in_child
        if report.problems or report.added != phones:
            raise RuntimeError(f"seeding the roster: {report.problems[:3]}")
        service.mark_ready(workshop)
        seating.replan(workshop, time_limit=0.3)
        live.open_workshop(workshop)
        people = []
        for person in list(workshop.participants):
            _, token = live.claim(workshop, person.id)
            people.append({"id": person.id, "name": person.display_name, "token": token})
        seeded.append((workshop, {"id": workshop.id, "code": workshop.join_code,
                                  "people": people}))
    return seeded
