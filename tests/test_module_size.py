"""No module of the data layer grows past 500 lines: a newcomer reads one module in one sitting (issue #14).
A module that grows past it is split along a real seam (see CONTRIBUTING.md), not trimmed."""

from __future__ import annotations

from conftest import REPO

LIMIT = 500


def line_counts() -> dict[str, int]:
    return {
        str(path.relative_to(REPO)): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted((REPO / "ikoe_data").rglob("*.py"))
    }


def test_no_data_layer_module_over_500_lines():
    counts = line_counts()
    assert len(counts) > 20  # the walk found the package
    too_long = {name: n for name, n in counts.items() if n > LIMIT}
    assert too_long == {}
