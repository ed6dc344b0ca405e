"""Benchmark the diagnostic's service layer on 100,000 rows: import (read, store, analyse),
a cached page view, a theme edit (full recompute) and a re-import of the same file.

    .venv/bin/python benchmarks/diagnostic_web.py [--rows 100000] [--database sqlite|URL]

Runs on a throw-away SQLite file unless a database URL is given. Prints the wall time of each
step and the process's peak resident memory (with --trace, also traced Python allocations).
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "fixtures" / "feedback"), str(ROOT / "benchmarks")]

from diagnostic import french_excel_export  # noqa: E402
from make_fixtures import generate_rows  # noqa: E402

from facilitator import create_app  # noqa: E402
from facilitator.extensions import db  # noqa: E402


def measure(label: str, action):
    """Wall time of `action`, and the process's peak RSS so far (tracemalloc would triple
    the time of this allocation-heavy code, so it is only used with --trace)."""
    tracing = "--trace" in sys.argv
    if tracing:
        tracemalloc.start()
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    memory = f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:6.0f} MB"
    if tracing:
        memory += f", Python peak {tracemalloc.get_traced_memory()[1] / 2**20:6.1f} MB"
        tracemalloc.stop()
    print(f"{label:<38} {seconds:7.2f} s   {memory}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--trace", action="store_true", help="also trace Python allocations")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="diag-bench-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}" if args.database == "sqlite" else args.database
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url,
                      "SERVER_NAME": "bench.test", "DIAGNOSTIC_INLINE_BYTES": 10**9})
    data = french_excel_export(generate_rows(args.rows))
    print(f"{args.rows} rows, {len(data) / 2**20:.1f} MB of cp1252 CSV, database {url}")
    with app.test_request_context():
        from facilitator.services import diagnostic as service
        from facilitator.services import workshops
        from facilitator.services.accounts import create_or_reset

        db.create_all()
        user, _ = create_or_reset("bench@cafe.test", "bench-password", "Bench")
        workshop = workshops.create(user, title="Bench", language="fr")

        def import_once():
            record = service.start_import(workshop, data, "bench.csv")
            service.process_import(record.id)
            return record

        record = measure("import: read + store + analyse", import_once)
        print(f"  accepted {record.accepted}, rejected {record.rejected_count}, "
              f"status {record.status}")
        measure("page view (cached analysis)", lambda: service.analysis(workshop))
        measure("key_figures (cached)", lambda: service.key_figures(workshop))
        name = service.analysis(workshop)["themes"][0]["name"]
        measure("theme rename (full recompute)",
                lambda: service.add_edit(workshop, {"edit": "rename", "old": name,
                                                    "new": name + " (renamed)"}))
        again = measure("re-import of the same file", import_once)
        print(f"  new {again.accepted}, already imported {again.known}")


if __name__ == "__main__":
    main()
