"""Every chart drawn by plotly.js in Chromium, at slide size (1600 × 900 image: layout 1066,7 × 600 at 1.5×
scale, as the camera button exports it) and at phone width (the chart's width in a 390 px viewport). Checked on the
drawn SVG: the legend and every annotation stay off the plot area, tick labels of an axis do not overlap, no text
runs out of the figure, no label is cut with "…", and the smallest text in the slide image is at least 18 px.
Screenshots land in tests/artifacts/charts/ to be looked at."""

from __future__ import annotations

import json

import pytest
from browser_support import new_context
from chart_gallery import by_group_size, shipped
from conftest import REPO
from plotly.offline import get_plotlyjs

from ikoe_data import charts

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "tests" / "artifacts" / "charts"
PHONE_CHART_WIDTH = 358  # 390 px viewport minus Streamlit's 16 px padding on each side
SIZES = {"slide": (charts.style.EXPORT_WIDTH, charts.style.EXPORT_SCALE), "phone": (PHONE_CHART_WIDTH, 1)}

GEOMETRY = """
gd => {
  const box = el => { const r = el.getBoundingClientRect(); return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom,
                       text: el.textContent, lines: Math.max(1, el.querySelectorAll('tspan.line').length)}; };
  const s = gd._fullLayout._size;
  const all = sel => [...gd.querySelectorAll(sel)].map(box).filter(b => b.x1 - b.x0 > 0 && b.y1 - b.y0 > 0);
  const sizes = [...gd.querySelectorAll('svg text')].filter(t => t.textContent.trim())
                  .map(t => parseFloat(getComputedStyle(t).fontSize));
  return {
    width: gd._fullLayout.width, height: gd._fullLayout.height,
    plot: {x0: s.l, y0: s.t, x1: s.l + s.w, y1: s.t + s.h},
    legend: all('.legend .bg').concat(all('.legend')).slice(0, 1),
    annotations: all('.annotation'),
    title: all('.gtitle').concat(all('.gtitle-subtitle')),
    xticks: all('.xtick text'), yticks: all('.ytick text'),
    axis_titles: all('.xtitle').concat(all('.ytitle')),
    texts: all('svg text'),
    smallest_font: Math.min(...sizes),
  };
}
"""


def figures(ds) -> dict:
    built = {f"shipped-{name}": fig for name, fig in shipped(ds).items()}
    for n in (0, 1, 4):
        built.update({f"groups{n}-{name}": fig for name, fig in by_group_size(n).items()})
    return built


def overlap(a: dict, b: dict, tolerance: float = 1.0) -> bool:
    return (
        min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > tolerance
        and min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > tolerance
    )


@pytest.fixture(scope="module")
def drawn(ds, browser):
    """Geometry of every figure at both sizes, drawn once."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    results = {}
    for size, (width, scale) in SIZES.items():
        with new_context(browser, viewport={"width": 1200, "height": 900}, device_scale_factor=scale) as context:
            page = context.new_page()
            page.set_content(
                f'<html><body style="margin:0"><div id="chart" style="width:{width}px"></div></body></html>'
            )
            page.add_script_tag(content=get_plotlyjs())
            for name, fig in figures(ds).items():
                spec = json.loads(fig.to_json())
                spec["layout"]["width"] = width
                if size == "slide":  # as the camera button exports it (layout.chart_and_table's image_config)
                    spec["layout"]["height"] = charts.style.image_config("x", height=charts.style.export_height(fig))[
                        "toImageButtonOptions"
                    ]["height"]
                page.set_viewport_size({"width": 1200, "height": int(spec["layout"]["height"]) + 20})
                geometry = draw(page, name, size, spec)
                page.locator("#chart").screenshot(path=str(ARTIFACTS / f"{name}-{size}.png"))
                results[(name, size)] = geometry
    return results


def draw(page, name: str, size: str, spec: dict) -> dict:
    try:
        return page.evaluate(
            "async s => { const gd = document.getElementById('chart'); await Plotly.newPlot(gd, s.data, "
            "s.layout, {displayModeBar: false}); return (" + GEOMETRY + ")(gd); }",
            spec,
        )
    except Exception as error:  # plotly.js errors arrive as playwright errors; name the figure
        raise AssertionError(f"plotly.js could not draw {name} at {size} size: {error}") from error


def problems(g: dict) -> list[str]:
    found = []
    plot = g["plot"]
    for legend in g["legend"]:
        if overlap(legend, plot):
            found.append(f"legend overlaps the plot area: {legend} / {plot}")
    for note in g["annotations"]:
        if overlap(note, plot):
            found.append(f"annotation over the plot area: {note['text'][:40]!r}")
        for other in g["legend"] + g["xticks"] + g["yticks"] + g["axis_titles"] + g["title"]:
            if overlap(note, other):
                found.append(f"annotation {note['text'][:30]!r} overlaps {other['text'][:30]!r}")
    for title in g["title"]:
        for other in [plot, *g["legend"]]:
            if overlap(title, other):
                found.append(f"title {title['text'][:30]!r} overlaps plot or legend")
    for axis in ("xticks", "yticks"):
        ticks = g[axis]
        for i, a in enumerate(ticks):
            for b in ticks[i + 1 :]:
                if overlap(a, b):
                    found.append(f"{axis} labels overlap: {a['text']!r} / {b['text']!r}")
            if "…" in a["text"] and a["lines"] < charts.style.GOAL_LABEL_LINES:
                found.append(f"{axis} label cut with an ellipsis although a wrapped line would fit: {a['text']!r}")
    for text in g["texts"]:
        if text["x0"] < -1 or text["x1"] > g["width"] + 1 or text["y0"] < -1 or text["y1"] > g["height"] + 1:
            found.append(f"text runs out of the figure: {text['text'][:40]!r}")
    return found


def test_no_overlap_cut_or_ellipsis_at_slide_and_phone_size(drawn):
    failures = {f"{name} ({size})": problems(g) for (name, size), g in drawn.items()}
    failures = {k: v for k, v in failures.items() if v}
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)


def test_slide_image_text_is_at_least_18_px(drawn):
    smallest = {
        name: g["smallest_font"] * charts.style.EXPORT_SCALE for (name, size), g in drawn.items() if size == "slide"
    }
    assert all(px >= 18 for px in smallest.values()), {n: px for n, px in smallest.items() if px < 18}
