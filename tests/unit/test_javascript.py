"""The pure browser modules' own tests (tests/js/*.test.mjs) under Node's built-in runner.
Without Node they skip, or fail under FACILITATOR_REQUIRE_SERVICES=1 (as CI runs them)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_pure_scripts_pass_their_node_tests():
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        message = "node is missing (Debian package nodejs)"
        if os.environ.get("FACILITATOR_REQUIRE_SERVICES") == "1":
            pytest.fail(message + " and FACILITATOR_REQUIRE_SERVICES=1")
        pytest.skip(message)
    files = sorted(str(path) for path in (ROOT / "tests" / "js").glob("*.test.mjs"))
    assert files
    result = subprocess.run([node, "--test", *files], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


JS = ROOT / "static" / "js"
STATIC_IMPORT = re.compile(r'^import\s*\{[^}]*\}\s*from\s*"\./([\w-]+\.js)";', re.M)
PRELOADS = re.compile(r'\{%\s*for name in "([^"]*)"\.split\(\)\s*%\}\s*'
                      r'<link rel="modulepreload"', re.S)


def _imported_by(entry: str) -> set[str]:
    """Every module `entry` imports, directly or not (not the ones it imports on demand)."""
    seen: set[str] = set()
    waiting = [entry]
    while waiting:
        for name in STATIC_IMPORT.findall((JS / waiting.pop()).read_text(encoding="utf-8")):
            assert (JS / name).exists(), f"{name} is imported but missing"
            if name not in seen:
                seen.add(name)
                waiting.append(name)
    return seen


@pytest.mark.parametrize("page", ["phone", "console", "projector"])
def test_a_live_page_preloads_exactly_the_modules_its_script_imports(page):
    template = (ROOT / "templates" / "live" / f"{page}.html").read_text(encoding="utf-8")
    preloads = PRELOADS.findall(template)
    assert len(preloads) == 1, "one modulepreload list before the page's module"
    assert set(preloads[0].split()) == _imported_by(f"{page}.js")


def test_no_script_does_more_than_one_screenful_of_jobs():
    sizes = {path.name: len(path.read_text(encoding="utf-8").splitlines())
             for path in JS.glob("*.js")}
    assert sizes
    assert {name: n for name, n in sizes.items() if n > 400} == {}
