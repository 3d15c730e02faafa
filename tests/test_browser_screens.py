"""Every page in Chromium at slide size (1600 × 900) and phone width (390 × 844), as a user opens it: the whole
page is photographed to tests/artifacts/screens/ (to be looked at) and what can be checked on the drawn page is
checked: no chart's legend covers its plot area (it sits below it), no tick labels or heatmap cell numbers pile up,
no axis label is cut with "…" where a wrapped label would fit, every text of a chart (the selection line under
its title included) lies inside the chart, no chart is cut off at the bottom, the chart toolbar (always shown on a
touch screen) covers no title, no table toolbar covers what stands above the table, and at 390 px nothing makes
the page wider than the screen. The phone is emulated as one (touch, mobile viewport).

Without Chromium these tests skip locally; under CI (CI=true) they fail."""

from __future__ import annotations

import pytest
from browser_support import new_context, open_page
from conftest import REPO
from test_browser_a11y import ALL_PAGES, WITHOUT_FILTERS, charts_drawn, idle, screenshot_whole_page

from ikoe_data.charts import style

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "tests" / "artifacts" / "screens"
SIZES = {"folie": (1600, 900), "telefon": (390, 844)}
# A selection that names many filters: its line under each chart title is long (the case that was cut at 390 px).
LONG_SELECTION = (
    "rb=D%C3%BCsseldorf&rb=K%C3%B6ln&rb=M%C3%BCnster&art=Kommune&art=Kreis&beitritt=2012&beitritt=2020"
    "&ts=1&ts=3&zd=I&zd=II&ressort=MKFFI&ressort=MAGS"
)
STATES = [(path, size, False) for path in ALL_PAGES for size in SIZES] + [
    (path, "telefon", True) for path in ALL_PAGES if path not in WITHOUT_FILTERS
]

CHART_PROBLEMS = """lines => {
  const problems = [];
  const rect = el => el.getBoundingClientRect();
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
      && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  const visible = el => { const r = rect(el); return r.width > 0 && r.height > 0
      && getComputedStyle(el).display !== 'none' && getComputedStyle(el).visibility !== 'hidden'; };
  const piles = (els, what, name) => {
    const boxes = els.filter(visible).map(e => [e.textContent, rect(e)]);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++)
      if (overlap(boxes[i][1], boxes[j][1])) {
        problems.push(`${name}: ${what} überlappen: „${boxes[i][0]}“ / „${boxes[j][0]}“`); return; }
  };
  document.querySelectorAll('[data-testid=stMain] .js-plotly-plot').forEach((gd, i) => {
    const svg = gd.querySelector('.main-svg');
    if (!svg || !visible(svg) || !gd._fullLayout) return;  // a chart in a tab that is not shown
    const name = ((gd.querySelector('.gtitle') || {}).textContent || `Diagramm ${i + 1}`).slice(0, 60);
    const fig = rect(svg), s = gd._fullLayout._size;
    const plot = {left: fig.left + s.l, top: fig.top + s.t, right: fig.left + s.l + s.w, bottom: fig.top + s.t + s.h};
    const legend = gd.querySelector('.legend');
    if (legend && visible(legend)) {
      const l = rect(legend);
      if (overlap(l, plot)) problems.push(`${name}: Legende ${JSON.stringify(l)} über der Zeichenfläche`);
      if (l.top < plot.bottom - 1) problems.push(`${name}: Legende steht nicht unter der Zeichenfläche`);
    }
    for (const axis of ['xtick', 'ytick']) {
      const ticks = [...gd.querySelectorAll(`.${axis} text`)];
      piles(ticks, 'Achsenbeschriftungen', name);
      for (const t of ticks.filter(visible))
        if (t.textContent.includes('…') && Math.max(1, t.querySelectorAll('tspan.line').length) < lines)
          problems.push(`${name}: Beschriftung mit „…“ gekürzt, obwohl sie umbrochen passen würde: ${t.textContent}`);
    }
    piles([...gd.querySelectorAll('.heatmaplayer text')], 'Zahlen in den Zellen', name);
    for (const t of [...svg.querySelectorAll('text')].concat([...gd.querySelectorAll('.infolayer text')])) {
      if (!t.textContent.trim() || !visible(t)) continue;
      const r = rect(t);
      if (r.left < fig.left - 1 || r.right > fig.right + 1 || r.top < fig.top - 1 || r.bottom > fig.bottom + 1)
        problems.push(`${name}: Text ragt aus dem Diagramm: „${t.textContent.slice(0, 60)}“`);
    }
    const box = gd.closest('[data-testid=stElementContainer]');
    if (box && box.scrollHeight > box.clientHeight + 1) problems.push(`${name}: unten abgeschnitten`);
    const toolbar = gd.querySelector('.modebar');  // always shown on touch screens, on hover elsewhere
    if (toolbar && visible(toolbar) && getComputedStyle(toolbar).opacity !== '0')
      for (const t of gd.querySelectorAll('.gtitle, .gtitle-subtitle'))
        if (overlap(rect(toolbar), rect(t))) problems.push(`${name}: die Werkzeugleiste verdeckt den Titel`);
    const subtitle = gd.querySelector('.gtitle-subtitle');
    if (!subtitle || !/(Auswahl: |Alle |Partner: ).*n = /.test(subtitle.textContent))
      problems.push(`${name}: keine Auswahlzeile unter dem Titel`);
  });
  return problems;
}"""
TOOLBAR_OVER_CONTENT = """() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stElementToolbar]')]
  .filter(t => t.getBoundingClientRect().height > 0 && getComputedStyle(t).opacity !== '0')
  .flatMap(t => {
    const own = t.closest('[data-testid=stElementContainer]'), r = t.getBoundingClientRect();
    const before = own && own.previousElementSibling;
    if (!before) return [];
    const b = before.getBoundingClientRect();
    const what = before.innerText.slice(0, 40);
    return b.bottom > r.top + 1 && b.height > 0 ? [`Werkzeugleiste der Tabelle über „${what}“`] : [];
  })"""
PAGE_TOO_WIDE = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const wide = [...main.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
      && !e.closest('[data-testid=stDataFrame]') && getComputedStyle(e).visibility !== 'hidden')
    .map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 40)).slice(0, 5);
  if (main.scrollWidth > main.clientWidth + 1) wide.push(`Seite ${main.scrollWidth} px breit`);
  return wide;
}"""


@pytest.fixture(scope="module")
def server(shipped_server):
    return shipped_server


@pytest.mark.parametrize(
    ("path", "size", "filtered"),
    STATES,
    ids=[f"{p.split('?')[0] or 'uebersicht'}-{s}{'-auswahl' if f else ''}" for p, s, f in STATES],
)
def test_page_at_slide_and_phone_size(server, browser, path, size, filtered):
    title, charts = ALL_PAGES[path]
    width, height = SIZES[size]
    phone = {"is_mobile": True, "has_touch": True} if size == "telefon" else {}
    with new_context(browser, viewport={"width": width, "height": height}, locale="de-DE", **phone) as context:
        page = context.new_page()
        url = f"{path}{'&' if '?' in path else '?'}{LONG_SELECTION}" if filtered else path
        open_page(page, server, url, title, 0 if filtered else charts)
        idle(page)
        charts_drawn(page)
        found = page.evaluate(CHART_PROBLEMS, style.GOAL_LABEL_LINES)
        heatmaps = "[data-testid=stElementContainer]:has(> * > [data-testid=stPlotlyChart] .heatmaplayer)"
        for heatmap in page.locator(heatmaps).all():  # on a phone: a list instead
            assert heatmap.locator(".js-plotly-plot").is_visible() == (size == "folie"), f"/{url}: heatmap at {size}"
            assert heatmap.locator(":scope > .ikoe-values").is_visible() == (size == "telefon"), (
                f"/{url}: list at {size}"
            )
        if size == "telefon":
            found += [f"breiter als der Bildschirm: {w}" for w in page.evaluate(PAGE_TOO_WIDE)]
            found += page.evaluate(TOOLBAR_OVER_CONTENT)
        name = f"{path.split('?')[0] or 'uebersicht'}-{size}{'-auswahl' if filtered else ''}.png"
        screenshot_whole_page(page, ARTIFACTS / name)
    assert not found, f"/{url} bei {width} × {height}:\n" + "\n".join(found)
