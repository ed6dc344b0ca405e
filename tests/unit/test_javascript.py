"""The pure browser modules' own tests (tests/js/*.test.mjs) under Node's built-in runner.
Without Node they skip, or fail under FACILITATOR_REQUIRE_SERVICES=1 (as CI runs them)."""
from __future__ import annotations

import os
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


def test_no_script_is_over_400_lines():
    """One job a module (issue #19): a file past 400 lines is doing several."""
    sizes = {path.name: len(path.read_text(encoding="utf-8").splitlines())
             for path in JS.glob("*.js")}
    assert sizes
    assert {name: n for name, n in sizes.items() if n > 400} == {}
