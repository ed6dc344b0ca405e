"""Benchmark scripts loaded as modules, for the tests that drive or check them."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def load_benchmark(filename: str, name: str) -> ModuleType:
    """`benchmarks/<filename>` as module `name`, as when run as a script: its folder on the
    path, for the helpers the scripts share (_cafe.py, hostile_files.py)."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / filename)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module
