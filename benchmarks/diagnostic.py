"""Benchmark the feedback diagnostic on 100,000 labelled French and English rows.

    .venv/bin/python benchmarks/diagnostic.py [--rows 100000] [--runs 3]

Prints the median time of import + analysis, the peak memory, and the theme
precision/recall against the generator's labels. Target: < 10 s and < 500 MB.
"""
from __future__ import annotations

import argparse
import csv
import io
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "fixtures" / "feedback")]

from make_fixtures import generate_rows  # noqa: E402

from facilitator.domain.diagnostic import diagnose, load_feedback, themes_of_response  # noqa: E402

SAME_THEME = {"subtitles": "sous-titres"}


def french_excel_export(rows: list[dict]) -> bytes:
    """The hardest common case: `;`, cp1252, day-first dates, decimal commas."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Horodateur", "Note (0-10)", "Commentaire", "Formation", "Adresse e-mail"])
    for index, row in enumerate(rows):
        score = f"{row['score']},0" if index % 3 == 0 else str(row["score"])
        writer.writerow([row["date"].strftime("%d/%m/%Y %H:%M"), score, row["comment"],
                         row["segment"], row["email"]])
    return buffer.getvalue().encode("cp1252")


def run_once(data: bytes):
    imported = load_feedback(data, filename="bench.csv")
    return imported, diagnose(imported, language="fr")


def precision_recall(rows: list[dict], imported, result) -> tuple[float, float]:
    """Micro-averaged over (response, theme) pairs; discovered themes count by name."""
    found = themes_of_response(result.mentions)
    true_positive = found_total = label_total = 0
    for response, row in zip(imported.responses, rows):
        got = {SAME_THEME.get(t, t) for t in found.get(response.content_hash, set())}
        want = {SAME_THEME.get(t, t) for t in row["labels"]}
        true_positive += len(got & want)
        found_total += len(got)
        label_total += len(want)
    return true_positive / max(found_total, 1), true_positive / max(label_total, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = generate_rows(args.rows, seed=11)
    data = french_excel_export(rows)
    print(f"{args.rows} rows, {len(data) / 1e6:.1f} MB of cp1252 CSV")

    times = []
    for _ in range(args.runs):
        imported = result = None  # let the previous run's objects go before measuring
        start = time.perf_counter()
        imported, result = run_once(data)
        times.append(time.perf_counter() - start)
    print(f"time: median {statistics.median(times):.2f} s over {args.runs} runs "
          f"(min {min(times):.2f}, max {max(times):.2f})")

    imported = result = None
    tracemalloc.start()
    imported, result = run_once(data)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"memory: peak Python allocations {traced_peak / 2**20:.0f} MiB, "
          f"process max RSS {max_rss:.0f} MiB")

    assert len(imported.responses) == args.rows, "every generated row must be accepted"
    precision, recall = precision_recall(rows, imported, result)
    print(f"NPS {result.summary.nps:+.1f} \u00b1{result.summary.margin_of_error:.2f}; "
          f"{len(result.themes)} themes; theme precision {precision:.3f}, recall {recall:.3f}")


if __name__ == "__main__":
    main()
