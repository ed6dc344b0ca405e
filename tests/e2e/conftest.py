"""Browser tests: a real server process on 127.0.0.1 and Debian's chromium via Playwright.

The server runs the app with a temporary instance folder and the demo workshop; each test
gets the base URL. Without chromium the tests skip, or fail under
FACILITATOR_REQUIRE_SERVICES=1 (as CI runs them).
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("FACILITATOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-background-networking",
                 "--disable-gpu", "--disable-dev-shm-usage"]
REQUIRE = os.environ.get("FACILITATOR_REQUIRE_SERVICES") == "1"
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
DEMO_EMAIL, DEMO_PASSWORD = "demo@facilitator.test", "cafe-demo"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.slow)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _facilitator(*args, env) -> str:
    result = subprocess.run([str(BIN / "facilitator"), *args], env=env, capture_output=True,
                            text=True, timeout=120, cwd=ROOT)
    if result.returncode != 0:
        raise RuntimeError(f"facilitator {' '.join(args)} failed: {result.stderr[-2000:]}")
    return result.stdout


@pytest.fixture(scope="session")
def chromium_path():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing (Debian package chromium)"
        if REQUIRE:
            pytest.fail(message + " and FACILITATOR_REQUIRE_SERVICES=1")
        pytest.skip(message)
    return CHROMIUM


def _server_env(instance: Path) -> dict:
    env = {**os.environ, "FACILITATOR_INSTANCE_PATH": str(instance),
           "FACILITATOR_SECRET_KEY": "e2e-secret", "FACILITATOR_RATELIMIT_ENABLED": "false"}
    for name in ("FACILITATOR_DATABASE_URL", "FACILITATOR_ENV_NAME", "FACILITATOR_MESSAGE_QUEUE"):
        env.pop(name, None)  # a development server on its own SQLite file
    return env


@pytest.fixture(scope="session")
def seeded_instance(tmp_path_factory, chromium_path):
    """An instance folder migrated and seeded with the demo, made once a session: each
    server starts from a copy (migrating and seeding took 30-50 s a test on a busy machine).
    Returns (folder, join code of the demo workshop)."""
    instance = tmp_path_factory.mktemp("e2e-template") / "instance"
    env = _server_env(instance)
    _facilitator("db", "upgrade", env=env)
    seeded = _facilitator("demo", "--if-empty", env=env)
    code = next(line.rsplit("(code ", 1)[1].rstrip(")") for line in seeded.splitlines()
                if "(code " in line)
    return instance, code


@pytest.fixture
def server(tmp_path, seeded_instance):
    """A fresh app with the demo workshop, served on a free port. Yields (base_url, code)."""
    template, code = seeded_instance
    shutil.copytree(template, tmp_path / "instance")  # the commands closed it: no WAL left
    env = _server_env(tmp_path / "instance")
    port = _free_port()
    env.update(HOST="127.0.0.1", PORT=str(port))
    log = open(tmp_path / "server.log", "w")
    process = subprocess.Popen(
        [str(BIN / "facilitator"), "run", "--host", "127.0.0.1", "--port", str(port),
         "--no-reload", "--no-debugger", "--with-threads"],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process)
        yield base, code
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_healthy(base: str, process, seconds: float = 120) -> None:
    # Starting the app (imports and create_app) took 32-42 s under nice at load 10-13, on main
    # as on this branch: 30 s made every later browser test an error on a busy machine.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited while starting")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer /healthz in time")


@pytest.fixture
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page, base: str) -> None:
    page.goto(base + "/login")
    page.fill("#email", DEMO_EMAIL)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button.primary[type=submit]")
    page.wait_for_url("**/workshops/**")


def open_doors(browser, base: str, workshop_id: int):
    """The facilitator signs in (English pages) and opens the doors; returns the console,
    confirming every dialog."""
    desk = browser.new_context(viewport=DESKTOP, locale="en-US").new_page()
    desk.on("dialog", lambda dialog: dialog.accept())
    sign_in(desk, base)
    desk.goto(f"{base}/workshops/{workshop_id}")
    desk.get_by_role("button", name="Open the doors").click()
    desk.wait_for_url("**/live")
    return desk


def screenshot(page, name: str) -> None:
    """Kept by CI under artifacts/screenshots/ and used in the README."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
