"""The suite cannot pass for the wrong reason: under CI a missing prerequisite fails instead of skipping."""

from __future__ import annotations

import conftest
import pytest


def test_missing_seeds_skip_locally_and_fail_under_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "SEEDS", tmp_path / "missing")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Source documents not found"):
        conftest.require_seeds()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI runs on a clean clone"):
        conftest.require_seeds()


def test_present_seeds_are_returned(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "SEEDS", tmp_path)
    assert conftest.require_seeds() == tmp_path
