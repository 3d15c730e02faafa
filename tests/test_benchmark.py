"""The benchmark runs: `benchmarks/run_benchmarks.py` at 1× with one run per measurement, into a temporary folder.

This guards the benchmark itself (it refuses to run when an analysis function has no benchmark case), not the
speed of anything: times are only measured and reported by the benchmark, never asserted in tests.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import subprocess
import sys

from conftest import REPO

from ikoe_data import analysis


def public_analysis_functions() -> set[str]:
    """Every public function defined in a module of the analysis package (exported or not)."""
    modules = [
        importlib.import_module(f"{analysis.__name__}.{m.name}") for m in pkgutil.iter_modules(analysis.__path__)
    ]
    return {
        name
        for module in modules
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    }


def test_analysis_package_exports_every_public_function():
    public = public_analysis_functions()
    assert len(public) > 25  # the walk found the modules
    assert public <= set(analysis.__all__)


def test_benchmark_runs_at_1x_and_covers_every_analysis_function(tmp_path):
    out = tmp_path / "results"
    command = [sys.executable, "benchmarks/run_benchmarks.py", "--sizes", "1", "--repeats", "1", "--budget", "0"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout, whichever one `pip install -e .` points to
    result = subprocess.run(
        [*command, "--out", str(out)], cwd=REPO, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (run,) = results["results"]
    measured = {record["name"] for record in run["records"]}
    assert public_analysis_functions() <= measured
    assert all(record["runs"] == 1 and record["median"] >= 0 for record in run["records"])
    assert (out / "README.md").read_text(encoding="utf-8").startswith("#")
