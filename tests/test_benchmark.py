"""The benchmark runs: `benchmarks/run_benchmarks.py` at 1× with one run per measurement, into a temporary folder.

This guards the benchmark itself (it refuses to run when an analysis function has no benchmark case), not the
speed of anything: times are only measured and reported by the benchmark, never asserted in tests.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys

from conftest import REPO

from ikoe_data import analysis


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
    public = {
        name
        for name, function in inspect.getmembers(analysis, inspect.isfunction)
        if function.__module__ == analysis.__name__ and not name.startswith("_")
    }
    assert public <= measured
    assert all(record["runs"] == 1 and record["median"] >= 0 for record in run["records"])
    assert (out / "README.md").read_text(encoding="utf-8").startswith("#")
