"""Accessibility in the real browser (issue 13): axe-core on every page, document language, German framework
texts, keyboard walk with visible focus, and phone width (390 × 844) with screenshots.

Without Chromium these tests skip locally; under CI (CI=true) a missing browser is a failure.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from browser_support import new_context, open_page
from test_browser import PAGES

pytestmark = pytest.mark.browser

ALL_PAGES = {**PAGES, "foliensatz": ("Foliensatz", 0), "barrierefreiheit": ("Erklärung zur Barrierefreiheit", 0)}
# Filters that leave data on every page (Köln has Kreise and Kommunen with measures in focus area 1).
FILTERED = "rb=Köln&ts=1&zd=I"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# English texts of the framework that must not be seen or spoken in the standard views.
ENGLISH = [
    "Deploy",
    "Rerun",
    "Clear cache",
    "Record screen",
    "Download plot as a PNG",
    "Download plot",
    "Zoom in",
    "Zoom out",
    "Autoscale",
    "Reset axes",
    "Pan",
    "Show/hide columns",
    "Download as CSV",
    "Skip to main content",
    "Main menu",
    "Collapse sidebar",
    "Fullscreen",
    "Clear all",
    "Choose an option",
    "Help for",
    "Remove ",
    "Link to heading",
    "— start",
    "— end",
    "Made with Streamlit",
    "Drag and drop file here",
    "Browse files",
    "per file",
]
FOCUS_VISIBLE = """el => {
    const visible = e => { const s = getComputedStyle(e);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && !s.outlineColor.endsWith(', 0)'); };
    // Radio buttons, checkboxes and slider thumbs hide their input in a 1-px box: the ring belongs to the
    // nearest enclosing element that can be seen (label, thumb).
    let target = el;
    const small = e => { const b = e.getBoundingClientRect(); return b.width < 8 || b.height < 8; };
    while (small(target) && target.parentElement) target = target.parentElement;
    // A table's cells are drawn on a canvas: the ring goes around the table.
    target = el.closest('[data-testid=stDataFrame]') || target;
    return visible(target);
}"""
DESCRIBE = """el => [el.tagName, el.getAttribute('aria-label') || '', (el.innerText || '').trim().slice(0, 40),
    el.closest('[data-testid]') ? el.closest('[data-testid]').dataset.testid : ''].join(' | ')"""


@pytest.fixture(scope="module")
def server(shipped_server):
    return shipped_server


@pytest.fixture
def page(browser):
    with new_context(browser, viewport={"width": 1440, "height": 1200}, locale="de-DE") as context:
        yield context.new_page()


@pytest.fixture
def phone(browser):
    with new_context(browser, viewport={"width": 390, "height": 844}, locale="de-DE") as context:
        yield context.new_page()


def idle(page) -> None:
    """The script has finished and no finite animation (Streamlit fades elements in and out) is running."""
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running'"
        " || a.effect.getComputedTiming().iterations === Infinity)",
        timeout=60_000,
    )


def charts_drawn(page) -> None:
    """No element is still a loading skeleton (Streamlit loads the plotly bundle lazily) and every chart is drawn."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stMain] [data-testid=stSkeleton]')"
        " && [...document.querySelectorAll('.js-plotly-plot')]"
        ".every(p => p.querySelector('.main-svg .cartesianlayer'))",
        timeout=90_000,
    )


def open_all(page) -> None:
    """Open every expander and switch every chart/table pair to its table."""
    # handles, not `.all()`: its locators are nth(i) of the closed ones, which shift as each one opens
    for summary in page.locator("[data-testid='stExpander'] details:not([open]) > summary").element_handles():
        summary.click()
    for tab in page.get_by_role("tab", name="Tabelle").all():
        tab.click()
    # the pointer off the last table: its toolbar's hover tooltip sits in an overlay outside the landmarks
    page.locator("[data-testid='stMain'] h1").first.hover()
    idle(page)
    page.locator("[data-testid='stExpander'] details[open]").first.wait_for(state="attached", timeout=30_000)


def axe_findings(page, where: str) -> tuple[list[str], list[str]]:
    """(critical/serious, moderate/minor) violations as lines naming rule, impact, element and page."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    severe: list[str] = []
    other: list[str] = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            line = (
                f"{where}: {violation['id']} ({violation['impact']}) at {node['target']}: {node['html'][:160]}"
                f" – {node.get('failureSummary', '')[:300]}"
            )
            (severe if violation["impact"] in ("critical", "serious") else other).append(line)
    return severe, other


def english_texts(page) -> list[str]:
    """Framework texts from ENGLISH that are visible or spoken (text, labels, titles, placeholders)."""
    seen = page.evaluate(
        """() => { const parts = [document.body.innerText];
        document.querySelectorAll('*').forEach(e => { for (const a of ['aria-label', 'title', 'placeholder',
            'data-title', 'alt']) { const v = e.getAttribute(a); if (v) parts.push(v); } });
        return parts.join('\\n'); }"""
    )
    return [text for text in ENGLISH if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", seen)]


# pages that apply no shared filter (the partner page shows one whole partner)
WITHOUT_FILTERS = ("methodik", "foliensatz", "barrierefreiheit", "partner?id=14")
STATES = [(path, False) for path in ALL_PAGES] + [(path, True) for path in ALL_PAGES if path not in WITHOUT_FILTERS]


@pytest.mark.parametrize(
    ("path", "filtered"), STATES, ids=[f"{p or 'uebersicht'}-{'mit' if f else 'ohne'}-filter" for p, f in STATES]
)
def test_every_page_is_accessible_and_german(page, server, path, filtered):
    """axe-core finds no critical or serious violation, before and after opening every expander and table tab;
    the document is German, no English framework text is visible or spoken, the statement is linked."""
    title, charts = ALL_PAGES[path]
    url = f"{path}{'&' if '?' in path else '?'}{FILTERED}" if filtered else path
    open_page(page, server, url, title, 0 if filtered else charts)  # filters may leave a chart without data
    idle(page)
    charts_drawn(page)
    page.wait_for_function("document.documentElement.lang === 'de'", timeout=30_000)
    for where in ("stMain", "stSidebar"):
        link = page.locator(f"[data-testid='{where}'] a", has_text="Erklärung zur Barrierefreiheit")
        assert link.count() == 1, f"/{url}: no link to the accessibility statement in {where}"
    for chart in page.locator("[data-testid='stPlotlyChart']").all():  # text alternative from the chart's data
        assert chart.get_attribute("role") == "figure"
        assert chart.get_attribute("aria-label").startswith("Das Diagramm „")

    severe, other = axe_findings(page, f"/{url}")
    if page.locator("[data-testid='stExpander'], [role='tab']").count():
        open_all(page)
        more_severe, more_other = axe_findings(page, f"/{url} (Aufklappbereiche und Tabellen geöffnet)")
        severe, other = severe + more_severe, other + more_other
    assert not severe, "axe-core found critical/serious violations:\n" + "\n".join(severe)
    assert not other, "axe-core found moderate/minor violations (fix them):\n" + "\n".join(other)

    if page.locator("[data-testid='stDataFrame']").count():  # its toolbar appears on hover
        page.locator("[data-testid='stDataFrame']").first.hover()
    if page.get_by_role("tab", name="Diagramm").count():  # back to a chart, and show its toolbar
        page.get_by_role("tab", name="Diagramm").first.click()
        page.locator(".js-plotly-plot").first.hover()
        page.locator(".modebar-btn").first.wait_for(state="attached", timeout=30_000)
        labels = page.locator(".modebar-btn").evaluate_all("els => els.map(e => e.getAttribute('data-title'))")
        sized = {label for label in labels if re.fullmatch(r"Als Bild herunterladen \(PNG, 1600 × \d+\)", label)}
        assert sized, labels  # 1600 × 900, taller where a chart's rows need it
        assert set(labels) - sized == {
            "Ausschnitt vergrößern (Rahmen ziehen)",
            "Vergrößern",
            "Verkleinern",
            "Achsen zurücksetzen",
        }, labels
    page.get_by_role("button", name="Hauptmenü").click()
    page.get_by_role("menu").first.wait_for(timeout=30_000)
    found = english_texts(page)
    page.keyboard.press("Escape")
    assert not found, f"/{url}: English framework texts visible or spoken: {found}"


def test_statement_states_what_bitv_requires(page, server):
    open_page(page, server, "methodik", "Daten & Methodik", 0)
    page.locator("[data-testid='stMain'] a", has_text="Erklärung zur Barrierefreiheit").click()
    page.get_by_role("heading", name="Erklärung zur Barrierefreiheit", level=1).wait_for(timeout=60_000)
    idle(page)
    for part in (
        "Stand der Vereinbarkeit",
        "Nicht barrierefreie Inhalte",
        "Barrieren melden",
        "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen",
        "Geprüft wurde zuletzt",
    ):
        assert page.get_by_text(part).count() >= 1, part


def walk(page, stops: int) -> list[tuple[str, bool]]:
    """Press Tab `stops` times; the focused element after each press and whether its focus ring is visible."""
    seen = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        if focused.count() == 0:
            seen.append(("(nichts fokussiert)", True))
            continue
        seen.append((focused.evaluate(DESCRIBE), focused.evaluate(FOCUS_VISIBLE)))
    return seen


@pytest.mark.parametrize("path", ["partnernetzwerk"])  # 47 Tab stops to the content before the skip link
def test_skip_link_reaches_the_main_content_within_five_stops(page, server, path):
    title, charts = ALL_PAGES[path]
    open_page(page, server, path, title, charts)
    idle(page)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text().strip() == "Zum Inhalt springen"
    assert skip.evaluate(FOCUS_VISIBLE), "the skip link has no visible focus"
    page.keyboard.press("Enter")
    first_control = page.locator(
        "[data-testid='stMain'] :is(a[href], button, input, select, textarea, [tabindex='0'], [role='tab'])"
        ":not([tabindex='-1']):visible"
    ).first
    for _stop in range(2, 6):  # stop 1 was the skip link
        page.keyboard.press("Tab")
        if page.evaluate("el => el === document.activeElement", first_control.element_handle()):
            break
    else:
        pytest.fail(f"/{path}: 5 Tab stops did not reach the main content's first control")


@pytest.mark.parametrize("path", ["", "partnernetzwerk"], ids=lambda p: p or "uebersicht")
def test_every_focused_control_shows_a_visible_outline(page, server, path):
    title, charts = ALL_PAGES[path]
    open_page(page, server, path, title, charts)
    idle(page)
    seen = walk(page, 60)
    invisible = [name for name, visible in seen if not visible]
    assert not invisible, f"/{path}: focused without a visible outline:\n" + "\n".join(invisible)
    if path == "partnernetzwerk":  # the controls the issue found without a visible focus
        for control in ("stPageLink", "stSlider", "stRadio", "stDataFrame"):
            assert any(control in name for name, _ in seen), f"the walk did not pass {control}: {seen}"


def test_no_keyboard_trap_in_charts(page, server):
    open_page(page, server, "", "Übersicht", 3)
    idle(page)
    chart = page.locator("[data-testid='stPlotlyChart']").first
    chart.hover()
    chart.locator(".modebar-btn").first.focus()
    inside = "el => !!document.activeElement.closest('[data-testid=stPlotlyChart]')"
    for _ in range(12):
        page.keyboard.press("Tab")
        if not page.evaluate(inside, None):
            break
    else:
        pytest.fail("Tab does not leave the chart")
    chart.locator(".modebar-btn").first.focus()
    for _ in range(12):
        page.keyboard.press("Shift+Tab")
        if not page.evaluate(inside, None):
            break
    else:
        pytest.fail("Shift+Tab does not leave the chart")


WORDS_BROKEN = """() => [...document.querySelectorAll('[data-testid=stMain] :is(h1, h2)')].flatMap(h => {
    const broken = [];
    const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        for (const m of node.nodeValue.matchAll(/\\S+/g)) {
            const range = document.createRange();
            range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (tops.size > 1) broken.push(m[0]);
        }
    }
    if (h.scrollWidth > h.clientWidth + 1) broken.push(`(${h.textContent} ist breiter als der Bildschirm)`);
    return broken;
})"""


def screenshot_whole_page(page, path) -> None:
    """Streamlit scrolls inside its main element, not the document: grow the viewport to the content's height
    (same width, so the layout stays), take the picture, restore the viewport."""
    size = page.viewport_size
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(height, 16_000)})
    idle(page)
    charts_drawn(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    idle(page)


@pytest.mark.parametrize("path", ALL_PAGES, ids=lambda p: p or "uebersicht")
def test_phone_width(phone, server, path):
    """390 × 844: titles break between words, active filters are visible without the sidebar, nothing is wider
    than the screen (legends, labels and the selection line of every chart, and the screenshots to look at:
    test_browser_screens)."""
    title, _ = ALL_PAGES[path]
    open_page(phone, server, f"{path}{'&' if '?' in path else '?'}{FILTERED}", title, 0)
    idle(phone)
    charts_drawn(phone)
    sidebar = phone.locator("[data-testid='stSidebar']").bounding_box()
    assert sidebar is None or sidebar["x"] + sidebar["width"] <= 1  # closed (Streamlit has no aria-expanded on it)
    assert phone.evaluate(WORDS_BROKEN) == []
    if path not in WITHOUT_FILTERS:  # pages with shared filters
        assert phone.locator("[data-testid='stMain']").get_by_text("Gefiltert nach ").first.is_visible()
    wide = phone.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stMain] *')].filter(e => e.getBoundingClientRect().right"
        " > window.innerWidth + 1 && !e.closest('[data-testid=stDataFrame], .js-plotly-plot'))"
        ".map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 40)).slice(0, 5)"
    )
    assert wide == [], f"/{path}: wider than the screen at 390 px: {wide}"
