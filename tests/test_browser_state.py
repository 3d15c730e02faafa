"""The shared filter state in a real browser: the sidebar, the URL and the data agree after every page switch,
reload and back/forward; a link reopens the same view (filters, partner profile, chosen tab) in a fresh browser;
chart images and Excel downloads state their selection."""

from __future__ import annotations

import io
import re
import urllib.parse
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from browser_support import VIEW_DRAWN, open_combobox, open_page, run_number, wait_for_view
from conftest import REPO
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from ikoe_data import analysis, labels, load_all, selection
from ikoe_data.filters import Filters, filter_partner_measures, filter_partners, filter_staff_shares

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "tests" / "artifacts"
NAV = {  # title in the navigation: url path
    "Übersicht": "",
    "Partnernetzwerk": "partnernetzwerk",
    "Beschäftigtenanteile": "beschaeftigtenanteile",
    "Maßnahmen nach Themenschwerpunkt": "massnahmen",
    "Suche": "suche",
}
LABELS = {"Art des Partners": "art", "Regierungsbezirk": "rb"}


@pytest.fixture(scope="module")
def server(shipped_server):
    return shipped_server


@pytest.fixture(scope="module")
def data():
    ds = load_all(REPO / "datasets")
    return ds, analysis.Views.of(ds)


# Every message from the browser reaches the server 300 ms late, as from a busy server: the sidebar and the address
# bar change at once, the page only after the rerun. (Under load the walk once read the chart of the run before.)
# `ikoeUnsent` counts the messages still held back.
SLOW_SERVER = """(() => {
  const send = WebSocket.prototype.send;
  window.ikoeUnsent = 0;
  WebSocket.prototype.send = function (message) {
    window.ikoeUnsent += 1;
    setTimeout(() => { window.ikoeUnsent -= 1; send.call(this, message); }, 300);
  };
})();"""


def new_tab(browser, slow: bool = False):
    context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="de-DE", accept_downloads=True)
    if slow:
        context.add_init_script(SLOW_SERVER)
    return context, context.new_page()


def settle(page, after: int = 0) -> None:
    """Wait until the page shows the view in the address bar (see browser_support.wait_for_view) and every chart
    is drawn."""
    wait_for_view(page, after)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p.layout)", timeout=60_000
    )


def chips(page) -> dict[str, list[str]]:
    """The values shown in the sidebar's multiselects, by URL key."""
    shown = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(
            '[data-testid="stSidebar"] [data-testid="stMultiSelect"]')].map(w => [
                w.querySelector('[data-testid="stWidgetLabel"]').innerText.trim(),
                [...w.querySelectorAll('[data-tag]')].map(t => t.getAttribute('aria-label'))]))"""
    )
    return {LABELS[label]: values for label, values in shown.items() if label in LABELS}


def url_state(page) -> tuple[str, dict[str, list[str]]]:
    parts = urllib.parse.urlsplit(page.url)
    return parts.path.strip("/"), urllib.parse.parse_qs(parts.query)


def shown_number(page, path: str) -> int:
    """A number that depends on the filters: the basis n of the first chart, or the hits of the search."""
    if path == "suche":
        text = page.get_by_text(re.compile(r"^\d[\d.]* Treffer")).first.inner_text()
        found = re.match(r"[\d.]+", text)
        assert found, text
        return int(found.group().replace(".", ""))
    lines = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(p => p.layout.title.subtitle.text)"
    ) or [page.locator("[data-testid='stAlertContentInfo']").first.inner_text()]
    basis = re.search(r"n = ([\d.]+)", lines[0])
    assert basis, lines[0]
    return int(basis.group(1).replace(".", ""))


def expected_number(data, path: str, chosen: dict[str, list[str]]) -> int:
    ds, views = data
    filters = Filters(partner_types=tuple(chosen.get("art", ())), regierungsbezirke=tuple(chosen.get("rb", ())))
    if path in ("", "partnernetzwerk"):
        return len(filter_partners(views.partners, filters, ds.partner_measures))
    if path == "beschaeftigtenanteile":  # the chart counts the figures with a share, as the main facts do
        return int(filter_staff_shares(views.staff_shares, ds.partners, filters)["share_percent"].notna().sum())
    measures = filter_partner_measures(views.partner_measures, ds.partners, filters)
    if path == "massnahmen":
        return len(measures)
    pool = views.search_pool
    pool = pool[pool["measure_id"].isin(measures["measure_id"]) | pool["kind"].ne("Partnermaßnahme")]
    return len(pool)


def assert_agree(page, data, path: str, chosen: dict[str, list[str]]) -> None:
    page.wait_for_function("path => location.pathname.replace(/^\\/+|\\/+$/g, '') === path", arg=path, timeout=60_000)
    settle(page)
    url_path, params = url_state(page)
    assert url_path == path
    assert chips(page) == chosen, f"sidebar on /{path}"
    assert {key: params.get(key, []) for key in chosen} == chosen, f"URL on /{path}"
    assert shown_number(page, path) == expected_number(data, path, chosen), f"data on /{path}"


def choose(page, label: str, option: str) -> None:
    before = run_number(page)
    open_combobox(page.locator("[data-testid='stSidebar']"), label)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    page.locator(f"[data-testid='stSidebar'] [data-tag][aria-label='{option}']").wait_for(timeout=30_000)
    settle(page, before)


def choose_at_once(page, label: str, option: str) -> None:
    """Choose without waiting for the rerun, as a quick user does."""
    open_combobox(page.locator("[data-testid='stSidebar']"), label)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def go(page, title: str) -> None:
    page.locator(".st-key-navigation").get_by_role("link", name=title, exact=True).click()


@pytest.mark.parametrize("slow", [False, True], ids=["prompt-server", "slow-server"])
def test_two_page_switch_walks_keep_sidebar_url_and_data_equal(browser, server, data, slow):
    context, page = new_tab(browser, slow)
    try:
        open_page(page, server, "partnernetzwerk", "Partnernetzwerk", 1)
        choose(page, "Art des Partners", "Kommune")
        choose(page, "Regierungsbezirk", "Düsseldorf")
        chosen = {"art": ["Kommune"], "rb": ["Düsseldorf"]}
        assert_agree(page, data, "partnernetzwerk", chosen)
        walk = ["Übersicht", "Beschäftigtenanteile", "Maßnahmen nach Themenschwerpunkt"]
        walk += ["Partnernetzwerk", "Maßnahmen nach Themenschwerpunkt", "Suche"]
        for title in walk:
            go(page, title)
            assert_agree(page, data, NAV[title], chosen)
        page.reload()
        assert_agree(page, data, "suche", chosen)
        page.go_back()
        assert_agree(page, data, "massnahmen", chosen)
        page.go_forward()
        assert_agree(page, data, "suche", chosen)
        choose(page, "Regierungsbezirk", "Köln")  # adds to what is shown
        chosen = {"art": ["Kommune"], "rb": ["Düsseldorf", "Köln"]}
        assert_agree(page, data, "suche", chosen)
        go(page, "Übersicht")
        assert_agree(page, data, "", chosen)
        page.go_back()
        assert_agree(page, data, "suche", chosen)
    finally:
        context.close()


def test_one_back_returns_from_a_page_that_does_not_apply_the_filters(browser, server):
    """A page switch is one history entry, also to a page without the partner filters (Streamlit carried them
    over, then dropped them with an entry of its own, so Back stayed on the page)."""
    context, page = new_tab(browser)
    try:
        open_page(page, server, "partnernetzwerk", "Partnernetzwerk", 1)
        choose(page, "Regierungsbezirk", "Köln")
        entries = page.evaluate("history.length")
        before = run_number(page)
        go(page, "Handlungsziele 2030")
        settle(page, before)
        assert url_state(page) == ("handlungsziele", {})  # no partner filter on a page that does not apply it
        assert page.evaluate("history.length") == entries + 1
        before = run_number(page)
        page.go_back()
        settle(page, before)
        assert url_state(page) == ("partnernetzwerk", {"rb": ["Köln"]})
        assert chips(page)["rb"] == ["Köln"]
    finally:
        context.close()


def test_choices_and_page_switches_faster_than_the_reruns_all_arrive(browser, server, data):
    """Filters chosen and pages switched while the reruns are still on their way (slow server): the page that
    finally shows applies every choice."""
    context, page = new_tab(browser, slow=True)
    try:
        open_page(page, server, "partnernetzwerk", "Partnernetzwerk", 1)
        choose_at_once(page, "Art des Partners", "Kommune")
        choose_at_once(page, "Regierungsbezirk", "Düsseldorf")
        go(page, "Übersicht")
        chosen = {"art": ["Kommune"], "rb": ["Düsseldorf"]}
        assert_agree(page, data, "", chosen)
        choose_at_once(page, "Regierungsbezirk", "Köln")
        go(page, "Beschäftigtenanteile")
        chosen = {"art": ["Kommune"], "rb": ["Düsseldorf", "Köln"]}
        assert_agree(page, data, "beschaeftigtenanteile", chosen)
        go(page, "Suche")
        go(page, "Partnernetzwerk")
        assert_agree(page, data, "partnernetzwerk", chosen)
    finally:
        context.close()


# The whole view at once, in one look at the page: the address bar is on `path` with the chosen filters, the last
# run drew that view (browser_support.VIEW_DRAWN), the sidebar shows the chosen filters and the search reports the
# expected number of hits.
AGREEING_SEARCH = (
    """([path, chosen, hits]) => {
  const drawn = """
    + VIEW_DRAWN
    + """;
  if (location.pathname.replace(/^\\/+|\\/+$/g, "") !== path || !drawn(0)) return false;
  const shown = Object.fromEntries([...document.querySelectorAll(
      '[data-testid="stSidebar"] [data-testid="stMultiSelect"]')].map(w => [
          w.querySelector('[data-testid="stWidgetLabel"]').innerText.trim(),
          [...w.querySelectorAll('[data-tag]')].map(t => t.getAttribute('aria-label'))]));
  const labels = {art: "Art des Partners", rb: "Regierungsbezirk"};
  const params = new URLSearchParams(location.search);
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  if (!Object.entries(chosen).every(([key, values]) =>
      same(shown[labels[key]] || [], values) && same(params.getAll(key), values))) return false;
  return [...document.querySelectorAll("li")].some(li => li.innerText.startsWith(hits + " Treffer"));
}"""
)


def test_back_forward_back_faster_than_the_reruns_ends_on_an_agreeing_view(browser, server, data):
    """Back, forward, back before the server has drawn either step: the view ends on the page of the last step
    (Suche), with sidebar, URL and data agreeing.

    With Streamlit's default message cache this stopped the page for good in about one run of twenty: the answer to
    the last step referred to a chart the browser had forgotten meanwhile ("Cached ForwardMsg MISS", README
    "Browser back and forward"; `.streamlit/config.toml` keeps them longer). On the way to Suche Streamlit's frontend
    may still show Partnernetzwerk for a moment (the run answering the forward step sets the address bar to its
    page), so the test does not take the address bar of some moment as its target, and it reads URL, sidebar and
    data in one look at the page."""
    context, page = new_tab(browser, slow=True)
    try:
        open_page(page, server, "partnernetzwerk", "Partnernetzwerk", 1)
        choose(page, "Art des Partners", "Kommune")
        chosen = {"art": ["Kommune"], "rb": []}
        for title in ["Übersicht", "Suche", "Partnernetzwerk"]:
            go(page, title)
            assert_agree(page, data, NAV[title], chosen)
        page.go_back()
        page.go_forward()
        page.go_back()
        page.wait_for_function("() => window.ikoeUnsent === 0", timeout=30_000)  # every step is on its way
        hits = labels.format_number(expected_number(data, "suche", chosen))
        try:
            page.wait_for_function(AGREEING_SEARCH, arg=["suche", chosen, hits], timeout=60_000)
        except PlaywrightTimeoutError:
            pytest.fail(f"no agreeing view of /suche with {hits} hits: URL {url_state(page)}, sidebar {chips(page)}")
    finally:
        context.close()


def test_a_link_with_filters_partner_profile_and_table_tab_opens_the_same_view(browser, server):
    context, page = new_tab(browser)
    try:
        open_page(page, server, "partnernetzwerk", "Partnernetzwerk", 1)
        choose(page, "Art des Partners", "Kommune")
        before = run_number(page)
        page.get_by_role("combobox", name="Partner wählen").click()
        page.keyboard.type("Solingen")
        page.get_by_role("option", name="Stadt Solingen").click()
        settle(page, before)
        assert page.get_by_text("Stadt Solingen · Kommune").count() == 1
        page.get_by_role("tab", name="Tabelle").first.click()
        page.wait_for_function("() => location.search.includes('Tabelle')", timeout=30_000)
        settle(page)
        link = page.url
    finally:
        context.close()
    _, params = urllib.parse.urlsplit(link)[2], urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    assert params["art"] == ["Kommune"] and params["partner"] == ["Stadt Solingen"]
    assert "Tabelle" in [value for values in params.values() for value in values]

    context, page = new_tab(browser)
    try:
        page.goto(link)
        settle(page)
        assert chips(page) == {"art": ["Kommune"], "rb": []}
        assert page.get_by_text("Stadt Solingen · Kommune").count() == 1
        tab = page.get_by_role("tab", name="Tabelle").first
        assert tab.get_attribute("aria-selected") == "true"
        assert page.url == link
    finally:
        context.close()


def test_a_link_of_the_earlier_format_keeps_every_filter_in_the_address_bar(browser, server, data):
    """`?ts=1&zd=I&von=2015` (the earlier format) opens filtered and the address bar then shows the same filters in
    today's format, also those the page does not apply; the binding alone would drop them as invalid."""
    context, page = new_tab(browser)
    try:
        page.goto(f"{server}/massnahmen?rb=K%C3%B6ln&ts=1&zd=I&von=2015")
        settle(page)
        _, params = url_state(page)
        assert params == {
            "rb": ["Köln"],
            "ts": ["1 – Beschäftigtenanteil"],
            "zd": ["I – Erstintegration"],
            "beitritt": ["2015", str(data[0].partners["accession_date"].dt.year.max())],
        }
        assert chips(page) == {"art": [], "rb": ["Köln"]}
        focus = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']", has_text="Themenschwerpunkt")
        assert focus.locator("[data-tag]").first.get_attribute("aria-label") == "1 – Beschäftigtenanteil"
    finally:
        context.close()


def test_the_downloaded_chart_image_states_its_selection(browser, server):
    context, page = new_tab(browser)
    try:
        open_page(page, server, "partnernetzwerk?art=Kreis&rb=K%C3%B6ln", "Partnernetzwerk", 1)
        before = run_number(page)
        page.get_by_text("SVG", exact=True).click()  # image format in the sidebar, not in the URL
        settle(page, before)
        plot = page.locator(".js-plotly-plot").first
        plot.hover()
        with page.expect_download(timeout=60_000) as caught:
            plot.locator(".modebar-btn[data-title^='Als Bild herunterladen']").first.click()
        svg = Path(caught.value.path()).read_text(encoding="utf-8")
        assert caught.value.suggested_filename.endswith(".svg")
        line = "Auswahl: Regierungsbezirk Köln · Art: Kreis · n = 1 Partner"  # wrapped as on screen, all of it
        assert all(piece in svg for piece in selection.wrapped(line)), selection.wrapped(line)
        # the one group left keeps its legend, named by what it holds (only Kreise chosen, not „Kommunen und Kreise“)
        assert ">Kreise<" in svg and "Kommunen und Kreise" not in svg
    finally:
        context.close()


EXCEL_PAGES = {
    "?art=Kommune&ts=1+%E2%80%93+Besch%C3%A4ftigtenanteil&zd=I+%E2%80%93+Erstintegration": "Übersicht",
    "partnernetzwerk?art=Kommune": "Partnernetzwerk",
    "beschaeftigtenanteile": "Beschäftigtenanteile",  # unfiltered: dated rows beside "Jahr nicht genannt"
    "partner?id=14": "Partnerprofil",
    "massnahmen?art=Kommune": "Maßnahmen nach Themenschwerpunkt",
    "handlungsziele?zd=I+%E2%80%93+Erstintegration": "Handlungsziele 2030",
    # sections of the pages with section tabs that hold the long tables and the amounts (each opened by its link)
    "massnahmen?art=Kommune&abschnitt=Alle+Ma%C3%9Fnahmen": "Maßnahmen nach Themenschwerpunkt",
    "handlungsziele?abschnitt=Mittel%3A+Betr%C3%A4ge+im+Umsetzungsbericht": "Handlungsziele 2030",
    "handlungsziele?zd=I+%E2%80%93+Erstintegration&abschnitt=Alle+Strategiema%C3%9Fnahmen": "Handlungsziele 2030",
    "suche?art=Kommune&q=Ausbildung": "Suche",
    "methodik": "Daten & Methodik",
}
NUMBER_HEADERS = re.compile(r"jahr|nr\.|zeile|^handlungsziel$", re.IGNORECASE)


@pytest.mark.parametrize(
    "path", EXCEL_PAGES, ids=lambda p: (p.split("?")[0] or "uebersicht") + ("-abschnitt" if "abschnitt=" in p else "")
)
def test_every_excel_download_has_plain_years_ids_and_lines_and_states_selection_and_sources(
    browser, server, data, path
):
    ds, _ = data
    titles = {f"{row.title} ({row.publisher})" for row in ds.sources.itertuples()}
    context, page = new_tab(browser)
    try:
        open_page(page, server, path, EXCEL_PAGES[path], 0)
        buttons = page.get_by_role("button", name="Excel herunterladen")
        buttons.first.wait_for(timeout=60_000)
        page.get_by_text("Bildformat für Diagramm-Downloads").wait_for(timeout=60_000)  # the run has ended
        settle(page)
        for index in range(buttons.count()):
            with page.expect_download(timeout=60_000) as caught:
                buttons.nth(index).click()
            book = openpyxl.load_workbook(io.BytesIO(Path(caught.value.path()).read_bytes()))
            sheet = book["Daten"]
            for column in sheet.iter_cols(min_row=1, max_row=min(sheet.max_row, 50)):
                header = column[0].value
                for cell in column[1:]:
                    if isinstance(cell.value, (int, float)) and NUMBER_HEADERS.search(str(header)):
                        assert "#,##" not in cell.number_format, (caught.value.suggested_filename, header)
                    assert not (isinstance(cell.value, str) and cell.value.isdigit()), (header, cell.value)
            info: dict[str, list[Any]] = {}
            for key, value in book["Info"].iter_rows(values_only=True):
                info.setdefault(key, []).append(value)
            assert set(info["Quelle"]) <= titles and info["Quelle"]
            if "art=" in path:
                assert any("Art des Partners: Kommune" in line for line in info["Filter"])
            if path == "methodik":
                assert info["Filter"] == ["keine (alle Daten)"]
            assert info["Auswahl"][0].startswith(("Auswahl: ", "Alle ", "Partner: "))
            link = urllib.parse.urlsplit(info["Link zur Ansicht"][0])
            assert isinstance(info["Zeilen"][0], int) and f"{link.scheme}://{link.netloc}" == server
            assert link.path == "/" + path.split("?")[0], link  # reopens this page (not /massnahmen/massnahmen)
            shown = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
            assert urllib.parse.parse_qs(link.query) == shown  # with exactly the address bar's parameters
    finally:
        context.close()


def test_walk_at_slide_and_phone_size_for_screenshots(browser, server):
    """Screenshots of a filtered view at slide size and phone width, for looking at (tests/artifacts)."""
    ARTIFACTS.mkdir(exist_ok=True)
    for name, size in {"slide": (1600, 900), "phone": (390, 844)}.items():
        context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="de-DE")
        page = context.new_page()
        try:
            open_page(page, server, "?art=Kreis&rb=K%C3%B6ln", "Übersicht", 3)
            settle(page)
            page.screenshot(path=str(ARTIFACTS / f"state-uebersicht-{name}.png"), full_page=True)
            assert page.get_by_text("Auswahl: Regierungsbezirk Köln · Art: Kreis").count() >= 1
        finally:
            context.close()
