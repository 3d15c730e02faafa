"""A hostile edition: markdown, HTML, LaTeX, directives and links in every free text column of every table.
Imported like any edition, every page shows the values as literal text (AppTest and Chromium): no element,
link, image, style or formula from data, and no request leaves the browser. Control characters and overlong
text are refused at import (tests/test_import_hygiene.py)."""

from __future__ import annotations

import json
import re

import pytest
from browser_support import new_context, streamlit_server
from conftest import REPO
from streamlit.testing.v1 import AppTest

from ikoe_data import editions, load_all, pages, schema

EDITION = "2024-01-01"
ARTIFACTS = REPO / "tests" / "artifacts"  # screenshots when the folder exists (ignored by git)
PAYLOAD = (
    "**F** ![i](https://example.org/i.png) [l](https://example.org/l) <b>h</b> "
    "<img src=https://example.org/x.png> :red[r] :material/home: $x^2$ <span style='color:red'>s</span> %{x}"
)
BROWSER_PAGES = [spec.url_path for spec in pages.PAGES if spec.build is not None]  # every page that shows data
FILE_PAYLOAD = "**F** <b>h<b> <img src=x> [l] $x^2$ %{x}.txt"
RAW_MARKERS = ["![i](https://", "[l](https://", "<b>h</b>", "<img", ":red[", ":material/home", "$x^2$", "<span"]


def hostile_columns(table: schema.Table) -> list[str]:
    referenced = {(t, c) for other in schema.TABLES for col in other.columns if col.ref for t, c in [col.ref]}
    return [
        c.name
        for c in table.columns
        if c.kind == "str"
        and c.enum is None
        and c.ref is None
        and c.name not in table.key
        and (table.name, c.name) not in referenced
    ]


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile") / "editions"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IKOE_EDITIONS_DIR", str(root))
        frames = {name: frame.copy() for name, frame in load_all(REPO / "datasets").tables.items()}
        touched = 0
        for table in schema.TABLES:
            frame = frames[table.name]
            for column in hostile_columns(table):
                filled = frame[column].notna()
                # a source's file is a plain file name (the validator refuses folders): markup without "/" or ":"
                payload = FILE_PAYLOAD if (table.name, column) == ("sources", "file") else PAYLOAD
                frame.loc[filled, column] = [f"{payload} {i}" for i in range(int(filled.sum()))]
                touched += 1
        assert touched >= 30
        editions.store_edition(frames, EDITION, {"source_file": "feindlich.xlsx"})
    return root


def test_every_page_shows_hostile_text_literally(hostile_store, monkeypatch):
    monkeypatch.setenv("IKOE_EDITIONS_DIR", str(hostile_store))
    monkeypatch.delenv("IKOE_DATA_STEWARD_TOKEN", raising=False)
    first = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90).run()
    assert first.sidebar.selectbox(key="edition").value == EDITION
    seen = 0
    for script in [spec.script for spec in pages.PAGES if spec.build is not None]:
        app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90).run()
        app.switch_page(script).run()
        assert not app.exception, (script, [e.value for e in app.exception])
        texts = [
            str(getattr(e, "value", ""))  # elements of these kinds carry a value; blocks would not
            for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader")
            for e in app.get(kind)
        ]
        for text in texts:
            if "example.org" in text:
                seen += 1
            assert not [m for m in RAW_MARKERS if re.search(r"(?<!\\)" + re.escape(m), text)], (script, text[:300])
        for chart in app.get("plotly_chart"):
            figure = json.loads(chart.proto.spec)
            # layout.meta keeps the plain texts for the deck; plotly.js shows it only through %{meta} templates
            figure.get("layout", {}).pop("meta", None)
            spec = json.dumps(figure)
            assert "%{meta" not in spec, script
            assert "<b>h</b>" not in spec and "<img" not in spec and "<span" not in spec, script
            assert "$x^2$" not in spec and "%{x} " not in spec.replace("%{x}<", ""), script
    assert seen >= 3  # the hostile values did reach sentences and captions


@pytest.mark.browser
def test_hostile_edition_in_the_browser(hostile_store, browser):
    env = {"IKOE_EDITIONS_DIR": str(hostile_store), "IKOE_DATA_STEWARD_TOKEN": None}
    with (
        streamlit_server(env) as base,
        new_context(browser, viewport={"width": 1600, "height": 900}) as context,
    ):
        page = context.new_page()
        requests: list[str] = []
        visible: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        for path in BROWSER_PAGES:
            page.goto(f"{base}/{path}")
            page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=90_000)
            page.get_by_role("heading", level=1).first.wait_for(timeout=90_000)
            page.wait_for_function(  # every chart drawn: its labels are in the DOM to be checked
                "() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'))",
                timeout=60_000,
            )
            injected = page.evaluate(
                """() => [...document.querySelectorAll(
                    "a[href*='example.org'], img[src*='example.org'], [style*='color:red'], " +
                    "[style*='color: red'], .katex, svg a")].map(e => e.outerHTML.slice(0, 200))"""
            )
            assert injected == [], (path, injected)
            assert page.locator("[data-testid='stException']").count() == 0
            visible += page.locator("[data-testid='stMarkdownContainer']").all_inner_texts()
            if ARTIFACTS.is_dir():
                page.screenshot(path=ARTIFACTS / f"hostile-{path or 'uebersicht'}.png", full_page=True)
    assert not [url for url in requests if not url.startswith((base, "data:", "blob:"))]
    assert any("![i](https:" in text.replace("\u2060", "") for text in visible)  # shown literally


def test_chart_source_note_is_escaped_exactly_once(monkeypatch):
    """A source title with markup characters reads literally in the chart: escaped once by the title block, not
    twice (which would show "&amp;" on the slide), and plain in the figure's deck texts."""
    from ikoe_data import charts
    from ikoe_data.pages import common

    ds = load_all()
    doc = str(ds.tables["sources"]["source_doc"].iloc[0])
    monkeypatch.setattr(type(ds), "short_title", lambda self, source_doc: "Bericht A & B <b>x</b>")
    note = common.chart_source(ds, [doc])
    fig = charts.style.figure([], "Titel", note)
    shown = json.dumps(fig.to_plotly_json()["layout"], ensure_ascii=False)
    assert "Bericht A &amp; B &lt;b&gt;x&lt;/b&gt;" in shown
    assert "&amp;amp;" not in shown and "&amp;lt;" not in shown
    assert "Bericht A & B <b>x</b>" in fig.layout.meta["source"]
