"""Hostile files against the production server while 30 phones are live (issue 17).

Run: flock /tmp/bench.lock .venv/bin/python benchmarks/hostile_inputs.py [--phones 30]
     [--baseline 8] [--quick] [--only long header] [--repeat 5]

1. A fresh instance in a temporary folder (`facilitator db upgrade`), seeded by a setup
   subprocess: one open workshop of `--phones` people, every name claimed, and one draft
   workshop that receives the uploads.
2. The production server as deployed (gunicorn, ONE gevent worker, SQLite), on a free port
   of 127.0.0.1; stopped by PID at the end.
3. The phones (asyncio Socket.IO clients, websocket) each send the `time` event every
   second and time the acknowledgement: the round trip. Baseline: `--baseline` seconds with
   no upload. Then, for each hostile file class, the facilitator uploads the file (a real
   multipart POST with the CSRF token) while the phones keep pinging; a feedback file that
   goes to the background is followed on its progress URL until it settles.
4. Printed per class: the upload request time and the time until the import settled, the
   worst of both (target < 2 s), the server's peak memory (the gunicorn worker's VmRSS,
   sampled every 20 ms; target < 200 MB) and apart the peak of the child process that
   reads the file, the outcome (the message a facilitator reads), and the phones' round
   trip median and p95 during the upload (target p95 < 100 ms), next to the p95 of the
   4 s just before it with no upload (the machine's own noise), and the load average.
The machine is shared: the load average is printed with the figures, and medians.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _cafe import children, seed_open_workshops
from hostile_files import catalogue

sys.path.insert(0, str(Path(__file__).resolve().parent))
from live import rss_kib, server_env, sign_in, start_server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NAMESPACE = "/live"
EMAIL, PASSWORD = "bench@example.org", "bench-password-1"
PING_SECONDS = 1.0
IDLE_SECONDS = 4
TARGET_SECONDS, TARGET_MB, TARGET_P95_MS = 2.0, 200, 100


# Setup (a subprocess that imports the app) --------------------------------------------------

def setup(out: Path, phones: int) -> None:
    from facilitator import create_app
    from facilitator.services import workshops as service
    from facilitator.services.accounts import create_or_reset

    app = create_app()
    with app.app_context():
        user, _ = create_or_reset(EMAIL, PASSWORD, "Bench")
        seeded = seed_open_workshops(user, "Live café", 1, tables=5, phones=phones, rounds=3)
        target = service.create(user, title="Uploads", language="en")
        out.write_text(json.dumps({"live": seeded[0][1], "target": target.id}))


# Measuring ---------------------------------------------------------------------------------

class Sampler(threading.Thread):
    """Peak VmRSS of the worker, and of any child it runs, every 20 ms."""

    def __init__(self, worker: int):
        super().__init__(daemon=True)
        self.worker, self.peak, self.child_peak = worker, 0, 0
        self.running = True

    def run(self) -> None:
        while self.running:
            try:
                self.peak = max(self.peak, rss_kib(self.worker))
                for child in children(self.worker):
                    try:
                        self.child_peak = max(self.child_peak, rss_kib(child))
                    except OSError:
                        pass
            except OSError:
                pass
            time.sleep(0.02)


class Phones:
    def __init__(self, url: str, workshop: dict, count: int):
        self.url, self.workshop, self.count = url, workshop, count
        self.samples: list[tuple[float, float]] = []   # (sent at, round trip ms)
        self.failures = 0
        self.stop = asyncio.Event()
        self.clients = []

    async def connect(self) -> None:
        import socketio

        for person in self.workshop["people"][:self.count]:
            client = socketio.AsyncClient(reconnection=False, handle_sigint=False)
            await client.connect(self.url, namespaces=[NAMESPACE], transports=["websocket"],
                                 auth={"workshop": self.workshop["code"],
                                       "view": "participant", "protocol": 1,
                                       "token": person["token"]}, wait_timeout=15)
            self.clients.append(client)

    async def ping(self, client, offset: float) -> None:
        await asyncio.sleep(offset)
        while not self.stop.is_set():
            sent = time.monotonic()
            try:
                answer = await client.call("time", {"t": 1}, namespace=NAMESPACE, timeout=10)
                if answer and answer.get("ok"):
                    self.samples.append((sent, (time.monotonic() - sent) * 1000))
                else:
                    self.failures += 1
            except Exception:  # noqa: BLE001 - a timeout or a drop counts as a failure
                self.failures += 1
            await asyncio.sleep(PING_SECONDS)

    def between(self, start: float, end: float) -> list[float]:
        return [ms for sent, ms in self.samples if start <= sent <= end]

    async def close(self) -> None:
        for client in self.clients:
            try:
                await client.disconnect()
            except Exception:  # noqa: BLE001
                pass


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used: what the hub spent on an upload."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def upload(url: str, cookie_jar, target: int, kind: str, filename: str, data: bytes) -> dict:
    """POST the file as the browser form would; follow a background import to its end."""
    http = cookie_jar
    if kind == "roster":
        page = http.get(f"{url}/workshops/{target}/roster", timeout=30).text
        field, action = "import-file", f"{url}/workshops/{target}/roster/import"
    else:
        page = http.get(f"{url}/workshops/{target}/diagnostic/import", timeout=30).text
        field, action = "file", f"{url}/workshops/{target}/diagnostic/import"
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    started = time.monotonic()
    answer = http.post(action, data={"csrf_token": token}, files={field: (filename, data)},
                       allow_redirects=False, timeout=300)
    request_s = time.monotonic() - started
    outcome, settled_s = f"HTTP {answer.status_code}", request_s
    location = answer.headers.get("Location", "")
    found = re.search(r"/imports/(\d+)", location)
    if found:
        progress_url = f"{url}/workshops/{target}/diagnostic/imports/{found.group(1)}/progress"
        while time.monotonic() - started < 300:
            state = http.get(progress_url, timeout=30).json()
            if not state.get("running"):
                outcome = f"{state.get('status')}: {state.get('message') or ''}"
                break
            time.sleep(0.1)
        settled_s = time.monotonic() - started
    elif answer.status_code in (200, 400):
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", answer.text))
        said = re.search(r"(The file[^.]*\.|A roster holds[^.]*\.|[^.]*more than[^.]*\.)", text)
        outcome += ": " + (said.group(1).strip() if said else "page shown")
    return {"request_s": request_s, "settled_s": settled_s, "outcome": outcome[:110]}


async def measure(url: str, plan: dict, cookie_jar, worker: int, args) -> int:
    # The files first: building them blocks this process's event loop for seconds (the
    # sparse workbook), long enough for the server to drop phones that miss their pings.
    chosen = [(name, kind, filename, build()) for name, kind, filename, build
              in catalogue(args.quick)
              if not args.only or any(word in name for word in args.only)]
    phones = Phones(url, plan["live"], args.phones)
    await phones.connect()
    tasks = [asyncio.create_task(phones.ping(c, i * PING_SECONDS / len(phones.clients)))
             for i, c in enumerate(phones.clients)]
    # Warm-up: one small good file of each kind, so that the first hostile class is not
    # charged with the server's first pages (template compiling, lazy imports).
    for kind, filename, data in (("feedback", "warm-up.csv", b"score;comment\n9;ok\n"),
                                 ("roster", "warm-up.csv", b"name,department,role\n"
                                  b"Warm Up,Sales,participant\n")):
        await asyncio.to_thread(upload, url, cookie_jar, plan["target"], kind, filename, data)
    await asyncio.sleep(2)
    start = time.monotonic()
    await asyncio.sleep(args.baseline)
    baseline = phones.between(start, time.monotonic())
    print(f"\n{len(phones.clients)} phones, `time` every {PING_SECONDS * 1000:.0f} ms each; "
          f"baseline {args.baseline:.0f} s: median {statistics.median(baseline):.1f} ms, "
          f"p95 {percentile(baseline, 0.95):.1f} ms ({len(baseline)} round trips)")
    rows = []
    for name, kind, filename, data in chosen * args.repeat:
        quiet = time.monotonic()
        await asyncio.sleep(IDLE_SECONDS)  # the phones alone, just before: a local baseline
        idle = phones.between(quiet, time.monotonic())
        sampler = Sampler(worker)
        sampler.start()
        begin, cpu_before = time.monotonic(), cpu_seconds(worker)
        result = await asyncio.to_thread(upload, url, cookie_jar, plan["target"], kind,
                                         filename, data)
        await asyncio.sleep(0.5)  # the phones' answers that were in flight
        sampler.running = False
        result["server_cpu"] = cpu_seconds(worker) - cpu_before
        during = phones.between(begin, time.monotonic())
        rows.append((name, len(data), result, sampler.peak / 1024, sampler.child_peak / 1024,
                     statistics.median(during) if during else float("nan"),
                     percentile(during, 0.95), percentile(idle, 0.95),
                     os.getloadavg()[0]))
    phones.stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    await phones.close()
    print(f"\n{'file class':24} {'size':>8} {'request':>8} {'settled':>8} {'worst':>7} "
          f"{'server':>8} {'reader':>8} {'rt med':>7} {'rt p95':>7} {'idle p95':>8} "
          f"{'load':>5}  outcome")
    for name, size, result, peak, child, median, p95, idle_p95, load in rows:
        worst = max(result["request_s"], result["settled_s"])
        flags = ("" if worst < TARGET_SECONDS else " >2s") + \
            ("" if peak < TARGET_MB else " >200MB") + ("" if p95 < TARGET_P95_MS else " >100ms")
        print(f"{name:24} {size / 1e6:7.2f}M {result['request_s']:7.2f}s "
              f"{result['settled_s']:7.2f}s {worst:6.2f}s {peak:6.0f}MB {child:6.0f}MB "
              f"{median:6.1f}ms {p95:6.1f}ms {idle_p95:7.1f}ms {load:5.1f}  "
              f"cpu {result['server_cpu']:.2f}s  {result['outcome']}{flags}")
    if args.repeat > 1:
        print(f"\nmedians of {args.repeat} uploads per class")
        print(f"{'file class':24} {'worst':>7} {'server':>8} {'rt p95':>7} {'idle p95':>8} "
              f"{'cpu':>6}")
        for name, *_ in chosen:
            mine = [row for row in rows if row[0] == name]
            worst = statistics.median(max(r[2]["request_s"], r[2]["settled_s"]) for r in mine)
            print(f"{name:24} {worst:6.2f}s {statistics.median(r[3] for r in mine):6.0f}MB "
                  f"{statistics.median(r[6] for r in mine):6.1f}ms "
                  f"{statistics.median(r[7] for r in mine):7.1f}ms "
                  f"{statistics.median(r[2]['server_cpu'] for r in mine):5.2f}s")
    print(f"\nphone failures (no answer within 10 s or refused): {phones.failures}")
    print("server = the gunicorn worker's peak VmRSS; reader = the peak of the child process "
          "that parses the file (RLIMIT_AS 768 MB, 60 s CPU).")
    return phones.failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=30)
    parser.add_argument("--baseline", type=float, default=8)
    parser.add_argument("--quick", action="store_true", help="smaller files")
    parser.add_argument("--only", nargs="*", help="only the classes whose name has a word")
    parser.add_argument("--repeat", type=int, default=1,
                        help="upload each class this many times; print the medians")
    parser.add_argument("--role", default="bench")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.role == "setup":
        setup(Path(args.out), args.phones)
        return
    import requests

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="facilitator-hostile-") as folder:
        folder = Path(folder)
        instance = folder / "instance"
        instance.mkdir()
        env = server_env(instance, {})
        subprocess.run([str(BIN / "facilitator"), "db", "upgrade"], cwd=ROOT, env=env,
                       check=True, capture_output=True)
        plan_file = folder / "plan.json"
        subprocess.run([sys.executable, __file__, "--role", "setup", "--out", str(plan_file),
                        "--phones", str(args.phones)], cwd=ROOT, env=env, check=True)
        plan = json.loads(plan_file.read_text())
        server = start_server("gevent", env, folder, threads=1, connections=1000)
        try:
            cookie = sign_in(server.url)
            jar = requests.Session()
            for pair in cookie.split("; "):
                name, _, value = pair.partition("=")
                jar.cookies.set(name, value)
            failures = asyncio.run(measure(server.url, plan, jar, server.worker, args))
        finally:
            server.stop()
            log = server.log.read_text()
            if "Traceback" in log or "WORKER TIMEOUT" in log or failures:
                print("server log has errors:\n" + log[-3000:])
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
