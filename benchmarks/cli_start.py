"""Start-up time of the command line: `facilitator --help`.

Listing the commands must not build the app (every module, Alembic, ReportLab...). Runs
`facilitator --help` and, interleaved as the yardstick, a bare `python -c "import flask"`
(which any command pays), then prints both medians and their ratio: on a shared, noisy
machine the ratio says more than the seconds.
Target: `facilitator --help` under 1 s; the ratio under 3.

    .venv/bin/python benchmarks/cli_start.py [--runs 7]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=os.environ)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    help_times, flask_times = [], []
    for _ in range(runs):
        help_times.append(timed([str(BIN / "facilitator"), "--help"]))
        flask_times.append(timed([sys.executable, "-c", "import flask"]))
    help_median, flask_median = statistics.median(help_times), statistics.median(flask_times)
    print(f"facilitator --help: median {help_median:.2f} s over {runs} runs "
          f"(min {min(help_times):.2f} s)")
    print(f"python -c 'import flask': median {flask_median:.2f} s")
    print(f"ratio: {help_median / flask_median:.1f}x  load average: "
          f"{os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
