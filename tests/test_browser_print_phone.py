"""Print and phone in Chromium (issue #23).

- Print, emulated at the printable width of an A4 page (portrait and landscape): no sidebar, navigation, toolbar or
  button is drawn, nothing is wider than the page, every chart is laid out at the page's width with every text inside
  it; the header names data status, selection and the link of the view.
- Print to PDF (Chromium's own, from a 1600 × 900 screen): every text of every chart (titles, ticks, legends, cell
  numbers) is in the PDF, nothing of the sidebar or a button is; the pages are converted to PNG in
  tests/artifacts/print/ to be looked at.
- The page's „Drucken / als PDF speichern“ button is reached and pressed with the keyboard and prints.
- Phone (390 × 844, touch): the menu closes after a page is chosen in it; a heatmap is replaced by the list of its
  values and bars too narrow for their numbers get the list below them; every other chart is at least 250 px high
  in its plot area; the staff-share dots carry their values.
- A filter chosen on one page is announced at the top of the next page that applies it, with a reset in one click;
  the Info sheet of a download says it in the same words.
- One page switch is one history entry, and one Back returns.
- The multiselects offer „Alle auswählen“.

Without Chromium these tests skip locally; under CI (CI=true) they fail."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import openpyxl
import pytest
from browser_support import new_context, open_page, run_number, wait_for_view
from conftest import REPO, shipped_model
from test_browser_a11y import ALL_PAGES, charts_drawn, idle

from ikoe_data.charts import style
from ikoe_ui import a11y, layout

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "tests" / "artifacts" / "print"
A4_LANDSCAPE_WIDTH = round((297 - 2 * a11y.PRINT_MARGIN_MM) / 25.4 * 96)
PRINTED = {"hochformat": a11y.PRINT_WIDTH, "querformat": A4_LANDSCAPE_WIDTH}
CHART_PAGES = [path for path, (_, charts) in ALL_PAGES.items() if charts]

PRINT_PROBLEMS = """() => {
  const problems = [];
  const shown = (el) => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const name = (el) => (el.getAttribute('aria-label') || el.innerText || el.tagName).trim().slice(0, 50);
  for (const what of ['[data-testid=stSidebar]', '[data-testid=stHeader]', 'button', '[role=tablist]',
                      '.modebar-container', '[data-testid=stPageLink]', '[data-testid=stElementToolbar]'])
    for (const el of document.querySelectorAll(what)) if (shown(el)) problems.push(`gedruckt: ${what} „${name(el)}“`);
  for (const el of document.querySelectorAll('[data-testid=stMain] *')) {
    if (el.closest('[data-testid=stDataFrame] > *') || !shown(el)) continue;  // a table clips its own cells
    const r = el.getBoundingClientRect();
    if (r.right > innerWidth + 1 || r.left < -1) problems.push(`breiter als die Seite: ${el.tagName} „${name(el)}“`);
  }
  for (const gd of document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')) {
    if (!shown(gd)) continue;
    const title = (gd.querySelector('.gtitle') || {}).textContent || 'Diagramm';
    const svg = gd.querySelector('svg.main-svg').getBoundingClientRect();
    if (gd._fullLayout.width > innerWidth) problems.push(`${title}: ${gd._fullLayout.width} px breit angelegt`);
    for (const t of gd.querySelectorAll('svg text')) {
      const r = t.getBoundingClientRect();
      if (!t.textContent.trim() || !r.width) continue;
      if (r.left < svg.left - 1 || r.right > svg.right + 1 || r.top < svg.top - 1 || r.bottom > svg.bottom + 1)
        problems.push(`${title}: Text außerhalb des Diagramms: „${t.textContent.slice(0, 40)}“`);
    }
  }
  return problems;
}"""
LAID_OUT_AT_PAGE_WIDTH = """() => [...document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')]
  .filter((gd) => gd.offsetParent).every((gd) => gd._fullLayout && gd._fullLayout.width <= innerWidth
    && Math.abs(gd.querySelector('svg.main-svg').getBoundingClientRect().width
                - gd.getBoundingClientRect().width) < 2)"""
CHART_TEXTS = """() => [...document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')]
  .filter((gd) => gd.offsetParent)
  .map((gd) => [(gd.querySelector('.gtitle') || {}).textContent || '',
                [...gd.querySelectorAll('.xtick text, .ytick text, .legendtext, .heatmaplayer text, .bartext')]
                  .flatMap((t) => { const lines = [...t.querySelectorAll('tspan.line')];  // wrapped text
                                    return (lines.length ? lines : [t]).map((line) => line.textContent.trim()); })
                  .filter(Boolean)])"""


@pytest.fixture(scope="module")
def server(shipped_server):
    return shipped_server


@pytest.mark.parametrize("orientation", PRINTED)
@pytest.mark.parametrize("path", CHART_PAGES, ids=lambda p: p.split("?")[0] or "uebersicht")
def test_a_printed_page_has_no_sidebar_or_buttons_and_every_chart_whole(server, browser, path, orientation):
    title, charts = ALL_PAGES[path]
    width = PRINTED[orientation]
    with new_context(browser, viewport={"width": width, "height": 1000}, locale="de-DE") as context:
        page = context.new_page()
        open_page(page, server, path, title, charts)
        idle(page)
        page.emulate_media(media="print")
        page.wait_for_function(LAID_OUT_AT_PAGE_WIDTH, timeout=60_000)
        idle(page)
        found = page.evaluate(PRINT_PROBLEMS)
        header = page.locator(".ikoe-print-header")
        assert header.is_visible(), "no print header"
        text = header.inner_text()
        assert "Datenstand: " in text and f"Link zu dieser Ansicht: {server}/{path}" in text, text
    assert not found, f"/{path} gedruckt ({orientation}, {width} px):\n" + "\n".join(found)


def pdf_pages(pdf) -> list[list[str]]:
    """The words of each page of the PDF (pdftotext ends every page with a form feed)."""
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return [page.split() for page in done.stdout.split("\f")[:-1]]


@pytest.mark.parametrize("landscape", [False, True], ids=["hochformat", "querformat"])
def test_handlungsziele_printed_to_a4_pdf_shows_every_chart_whole_without_sidebar(server, browser, landscape):
    """From a wide screen, as an analyst prints it, with „Alle Abschnitte“ open (the page's sections at once). The
    PDF's pages are in tests/artifacts/print/ to look at."""
    if not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        pytest.fail("poppler-utils (pdftotext, pdftoppm) is missing: .ci/run installs it")
    title, charts = ALL_PAGES["handlungsziele"]
    with new_context(browser, viewport={"width": 1600, "height": 900}, locale="de-DE") as context:
        page = context.new_page()
        open_page(page, server, f"handlungsziele?zd=I&abschnitt={urllib.parse.quote(layout.ALL_SECTIONS)}", title, 0)
        idle(page)
        charts_drawn(page)
        texts = page.evaluate(CHART_TEXTS)
        headings = page.locator("[data-testid=stMain] h2").all_inner_texts()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = f"handlungsziele-a4-{'querformat' if landscape else 'hochformat'}"
        pdf = ARTIFACTS / f"{name}.pdf"
        page.pdf(path=str(pdf), format="A4", landscape=landscape, print_background=True)
    sections = [text for text, _ in shipped_model("goals").sections()[1]]
    assert [h for h in headings if h in sections] == sections and len(texts) > charts, (headings, len(texts))
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / name)], check=True)
    printed_pages = pdf_pages(pdf)
    # no blank page within the print (Chromium may end a landscape print with one blank page: not yet explained)
    blank = [number for number, page_words in enumerate(printed_pages[:-1], 1) if not page_words]
    assert printed_pages and printed_pages[0] and not blank, f"blank pages: {blank}"
    words = [word for page_words in printed_pages for word in page_words]
    joined = " ".join(words)
    missing = []
    for chart, parts in texts:
        # every tick label, legend entry and cell number of the chart, word by word, all on one page: not cut off,
        # not split between pages
        wanted = {word for part in parts for word in part.split()}
        if not any(wanted <= set(page_words) for page_words in printed_pages):
            best = max(printed_pages, key=lambda page_words: len(wanted & set(page_words)))
            missing += [f"{chart}: „{word}“" for word in sorted(wanted - set(best))]
    assert not missing, "not whole on one page of the PDF (cut off or split?):\n" + "\n".join(missing[:30])
    for printed in ("IKÖ-Dashboard NRW", "Datenstand:", "Auswahl: Zieldimension I – Erstintegration"):
        assert printed in joined, printed
    assert re.search(r"Link zu dieser Ansicht: \S*/handlungsziele\?\s?\S*zd=I", joined), joined[:400]
    for section in sections:
        assert " ".join(section.split()) in joined, section
    for screen_only in (
        "Bildformat",
        "Excel herunterladen",
        "Zum Foliensatz hinzufügen",
        "Drucken / als PDF",
        "Werkzeuge",
    ):
        assert screen_only not in joined, screen_only


def test_the_print_button_is_reached_and_pressed_with_the_keyboard(server, browser):
    with new_context(browser, viewport={"width": 1600, "height": 900}, locale="de-DE") as context:
        context.add_init_script("window.print = () => { window.ikoePrinted = (window.ikoePrinted || 0) + 1; };")
        page = context.new_page()
        open_page(page, server, "partnernetzwerk", "Partnernetzwerk", 1)
        button = page.get_by_role("button", name=a11y.PRINT_LABEL)
        assert button.count() == 1
        button.focus()
        page.keyboard.press("Enter")
        page.keyboard.press("Space")
        assert page.evaluate("window.ikoePrinted") == 2


PLOTS = """() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stPlotlyChart]')].map((chart) => {
  const host = chart.closest('[data-testid=stElementContainer]');
  const gd = host.querySelector('.js-plotly-plot'), list = host.querySelector(':scope > .ikoe-values');
  const shown = (el) => !!el && el.getBoundingClientRect().height > 0 && getComputedStyle(el).display !== 'none';
  const heatmap = (gd.data || []).filter((t) => t.type === 'heatmap');
  const rows = new Set();
  heatmap.forEach((t) => (t.text || []).forEach((line, i) => { if ((line || []).some((v) => v)) rows.add(i); }));
  return {
    title: (gd.querySelector('.gtitle') || {}).textContent || '',
    chartShown: shown(gd), listShown: shown(list),
    heatmapRows: heatmap.length ? rows.size : null,
    listRows: list ? list.querySelectorAll('dt, li').length : 0,
    bars: (gd._fullData || []).filter((t) => t.type === 'bar' && t.visible === true && t.orientation !== 'h')
      .reduce((n, t) => n + t._length, 0),
    plotHeight: gd._fullLayout ? gd._fullLayout._size.h : 0,
    labels: [...gd.querySelectorAll('.textpoint text, .bartext')].filter(shown).length,
    marks: (gd.data || []).filter((t) => Array.isArray(t.text) && ((t.mode || '').includes('text') || t.type === 'bar'))
      .reduce((n, t) => n + t.text.filter(Boolean).length, 0),
  };
})"""


def phone_context(browser):
    return new_context(browser, viewport={"width": 390, "height": 844}, locale="de-DE", is_mobile=True, has_touch=True)


SIDEBAR_OPEN = """open => { const r = document.querySelector('[data-testid=stSidebar]').getBoundingClientRect();
  return open ? r.left >= 0 && r.width > 200 : r.right <= 1; }"""


def test_on_a_phone_the_menu_closes_after_a_page_is_chosen(server, browser):
    with phone_context(browser) as context:
        page = context.new_page()
        open_page(page, server, "", "Übersicht", 3)
        assert page.evaluate(SIDEBAR_OPEN, False)  # closed on a phone to begin with
        for title in ("Handlungsziele 2030", "Beschäftigtenanteile"):
            page.get_by_role("button", name="Seitenleiste ausklappen").tap()
            page.wait_for_function(SIDEBAR_OPEN, arg=True, timeout=30_000)
            before = run_number(page)
            page.locator(".st-key-navigation").get_by_role("link", name=title, exact=True).tap()
            wait_for_view(page, before)
            page.get_by_role("heading", name=title, level=1).wait_for()
            page.wait_for_function(SIDEBAR_OPEN, arg=False, timeout=30_000)  # the menu no longer covers the page


@pytest.mark.parametrize("path", CHART_PAGES, ids=lambda p: p.split("?")[0] or "uebersicht")
def test_on_a_phone_dense_charts_show_their_values_and_no_plot_is_lower_than_250_px(server, browser, path):
    title, charts = ALL_PAGES[path]
    with phone_context(browser) as context:
        page = context.new_page()
        open_page(page, server, path, title, charts)
        idle(page)
        page.wait_for_function(
            "h => [...document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')]"
            ".every(gd => !gd.offsetParent || gd._fullLayout._size.h >= h - 0.5)",
            arg=style.PHONE_PLOT_HEIGHT,
            timeout=60_000,
        )
        plots = page.evaluate(PLOTS)
    problems = []
    for plot in plots:
        name = plot["title"][:50]
        if plot["heatmapRows"] is not None:  # replaced by the list of its rows
            if plot["chartShown"] or not plot["listShown"] or plot["listRows"] != plot["heatmapRows"]:
                problems.append(f"{name}: Farbmatrix nicht durch ihre {plot['heatmapRows']} Zeilen ersetzt: {plot}")
            continue
        if plot["plotHeight"] < style.PHONE_PLOT_HEIGHT - 0.5:
            problems.append(f"{name}: Zeichenfläche nur {plot['plotHeight']:.0f} px hoch")
        if plot["listShown"] and plot["listRows"] != plot["bars"]:
            problems.append(f"{name}: Liste mit {plot['listRows']} statt {plot['bars']} Werten")
        if plot["marks"] and plot["labels"] < plot["marks"]:
            problems.append(f"{name}: {plot['labels']} von {plot['marks']} Werten beschriftet")
    assert not problems, f"/{path} auf dem Telefon:\n" + "\n".join(problems)


def test_a_filter_chosen_on_one_page_is_announced_on_the_next_and_resets_in_one_click(server, browser):
    with new_context(
        browser, viewport={"width": 1600, "height": 900}, locale="de-DE", accept_downloads=True
    ) as context:
        page = context.new_page()
        open_page(page, server, "massnahmen", *ALL_PAGES["massnahmen"])
        notice = page.locator("[data-testid=stMain] [data-testid=stAlertContainer]").filter(has_text="Gefiltert nach")
        assert notice.count() == 0  # nothing to announce without filters
        before = run_number(page)
        page.locator("[data-testid='stSidebar']").get_by_role("combobox", name="Art des Partners").click()
        page.get_by_role("option", name="Kommune", exact=True).click()
        page.keyboard.press("Escape")
        wait_for_view(page, before)
        assert "Gefiltert nach Art des Partners: Kommune" in notice.inner_text()
        assert "anderen Seite" not in notice.inner_text()  # chosen here
        before = run_number(page)
        page.locator(".st-key-navigation").get_by_role("link", name="Beschäftigtenanteile", exact=True).click()
        wait_for_view(page, before)
        charts_drawn(page)
        text = notice.inner_text()
        assert "Gefiltert nach Art des Partners: Kommune" in text and "auf einer anderen Seite" in text, text
        first_chart = page.locator("[data-testid=stMain] [data-testid=stPlotlyChart]").first
        top, chart = notice.bounding_box(), first_chart.bounding_box()
        assert top and chart and top["y"] < chart["y"]  # at the top of the content
        with page.expect_download(timeout=60_000) as caught:  # the Info sheet says it in the same words
            page.get_by_role("button", name="Excel herunterladen").first.click()
        book = openpyxl.load_workbook(io.BytesIO(Path(caught.value.path()).read_bytes()))
        info = dict(book["Info"].iter_rows(values_only=True))
        assert info["Wichtig"] == "Gefiltert nach Art des Partners: Kommune"
        filtered_n = page.evaluate("() => document.querySelector('.js-plotly-plot').layout.title.subtitle.text")
        before = run_number(page)
        page.locator("[data-testid=stMain]").get_by_role("button", name="Filter zurücksetzen").click()
        wait_for_view(page, before)
        charts_drawn(page)
        assert notice.count() == 0
        assert "art=" not in page.url
        assert page.locator("[data-testid='stSidebar'] [data-tag]").count() == 0
        whole_n = page.evaluate("() => document.querySelector('.js-plotly-plot').layout.title.subtitle.text")
        assert "Alle Partner" in whole_n and whole_n != filtered_n
