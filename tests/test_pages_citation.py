"""„Zitieren“ and „Link kopieren“ on every analysis page (issue #19), through Streamlit's AppTest over the page
registry: every view drawn with its downloads offers both, the citation is the view's (`common.view_citation`:
sources, selection, „Eigene Auswertung“, data status, access date, link) and the link reopens the page. Copying
them in a real browser: tests/test_browser_citation.py."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest
from conftest import REPO, open_section, shipped_model
from line_numbers import line_references
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Code

from ikoe_data import loading, pages
from ikoe_data.filters import Filters
from ikoe_data.pages.model import Choice, View
from ikoe_ui import layout

# every page drawn from a model, as it opens and with a choice in its link
CASES: list[tuple[str, dict[str, str]]] = [(spec.key, {}) for spec in pages.PAGES if spec.build is not None] + [
    ("partner_page", {"id": "14"}),
    ("search", {"q": "Sprachförderung"}),
]


@pytest.fixture(autouse=True)
def _as_shipped(store):
    """No imported editions and no steward token: the dashboard as shipped."""


def _popovers(app: AppTest, label: str) -> list[str]:
    """The text offered to copy in each popover `label`, in page order."""
    found = [block for block in app.main.get("popover") if block.proto.popover.label == label]
    return [code.value for block in found for code in block.get("code") if isinstance(code, Code)]


@pytest.mark.parametrize(("key", "query"), CASES, ids=[f"{k}{'?' if q else ''}{q or ''}" for k, q in CASES])
def test_every_view_of_every_analysis_page_offers_its_citation_and_link(key, query):
    spec = pages.page(key)
    before = dt.date.today()
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    for name, value in query.items():
        app.query_params[name] = value
    app.run()
    if key != "overview":
        app.switch_page(spec.script).run()
    assert not app.exception, [e.value for e in app.exception]
    model = shipped_model(key, **query)
    named = {c.key: str(c.value) for c in model.blocks if isinstance(c, Choice) and c.link == "value"}
    sections = model.sections()[1] if model.section_tabs else [("", model.blocks)]
    ds = loading.load_all(REPO / "datasets")
    cited = []
    for index, (heading, blocks) in enumerate(sections):
        if index:  # a page with section tabs draws the open section only; the link names any but the first
            open_section(app, heading)
        views = [block for block in blocks if isinstance(block, View)]
        drawn = [view for view in views if view.chart or view.downloads]  # layout: a view's downloads row
        links = _popovers(app, "Link kopieren")
        assert len(links) == len(drawn) and len(set(links)) <= 1
        if not drawn:
            continue
        link = links[0]  # the page's path, with the link's choices and each choice whose link names its option
        address = urlsplit(link)
        assert address.path == f"/{spec.url_path}"
        section = {layout.SECTION_KEY: heading} if index else {}
        assert dict(parse_qsl(address.query)) == {**named, **query, **section}
        citations = _popovers(app, "Zitieren")
        dates = {before, dt.date.today()}  # the access date is the day of the run
        for view, citation in zip(drawn, citations, strict=True):
            expected = {pages.common.view_citation(view, ds, Filters(), link, day) for day in dates}
            assert citation in expected, (key, view.key, citation)
            assert citation.startswith(f"IKÖ-Dashboard NRW: {view.download_title}. Auswahl: ")
            assert "Eigene Auswertung nach: " in citation and citation.endswith(f" unter {link}.")
            assert line_references(citation) == []
        cited += drawn
    assert cited, f"{key}: no view to cite"
    assert cited == [view for view in model.views() if view.chart or view.downloads]  # every view, in some section
