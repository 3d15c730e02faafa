"""The committee deck (ikoe_data.deck): native charts hold exactly the frames they were built from, every slide
has its title, selection, source and notes, bad input gives German messages and never a broken file; and the real
client: LibreOffice Impress converts the deck headless to PDF with a German locale, one page per slide (page images
in tests/artifacts/deck/). Without LibreOffice that test skips locally; under CI=true a missing tool fails it."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from typing import Any

import openpyxl
import pandas as pd
import pytest
from conftest import REPO
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from ikoe_data import analysis, charts, deck, deck_store, text

SOURCE = deck.Source("Partnerbericht", "MKFFI", "Stand 30.09.2020")


def as_dict(fig) -> dict:
    return json.loads(fig.to_json())


def slide_of(fig, title: str | None = None, **changes) -> deck.Slide:
    figure = as_dict(fig)
    values = {
        "title": title or deck.figure_title(figure),
        "figure": figure,
        "selection": "Auswahl: Art des Partners: Kreis",
        "source": "Quelle: Partnerbericht (MKFFI), Stand 30.09.2020. Eigene Auswertung.",
        "facts": [f"Fakt zu {title or deck.figure_title(figure)}."],
        "page": "Übersicht",
        "sources": [SOURCE],
        "definitions": ["Partnermaßnahmen sind die im Partnerbericht beschriebenen Einzelmaßnahmen."],
    }
    values.update(changes)
    return deck.Slide(**values)  # type: ignore[arg-type]  # keyword values of mixed types


@pytest.fixture(scope="module")
def frames(ds):
    views = analysis.Views.of(ds)
    by_focus = analysis.measures_by_focus_and_group(views.partner_measures, ds.focus_areas).dropna(
        subset=["partner_group"]
    )
    groups = pd.DataFrame({"zielgruppe": ["=1+1", "Geflüchtete", "Frauen"], "n_measures": [12, 30, 7]})
    series = pd.DataFrame(
        {
            "partner": ["Stadt A", "Stadt A", "Stadt A", "Kreis B", "Kreis B"],
            "basis_label": ["Beschäftigte"] * 3 + ["Auszubildende"] * 2,
            "year": [2016, 2018, 2020, 2017, 2019],
            "share_percent": [12.5, 20.15, 24.0, 8.0, 11.25],
        }
    ).assign(share_text=lambda f: f["share_percent"].map(lambda v: f"{v:.2f} %".replace(".", ",")))
    points = pd.DataFrame({"reported": [20.15, 33.3, 8.0], "target": [25.0, 35.0, 10.0], "partner": ["A", "B", "C"]})
    matrix = analysis.partner_focus_matrix(views.partner_measures, views.partners, ds.focus_areas).head(12)
    return {"by_focus": by_focus, "groups": groups, "series": series, "points": points, "matrix": matrix}


def every_kind(frames, ds) -> list[deck.Slide]:
    src = "Quelle: Partnerbericht IKÖ, Stand 30.09.2020. Eigene Auswertung."
    benchmarks = analysis.population_benchmarks(ds)
    scatter = charts.style.figure(
        [
            {
                "type": "scatter",
                "mode": "markers",
                "x": frames["points"]["target"],
                "y": frames["points"]["reported"],
                "name": "Partner",
            }
        ],
        "Berichteter Anteil und Zielwert",
        src,
        xaxis=charts.style.axis("Zielwert (%)", ticksuffix=" %"),
        yaxis=charts.style.axis("Anteil (%)", ticksuffix=" %"),
    )
    empty = charts.horizontal_bar_chart(frames["groups"].iloc[0:0], "zielgruppe", "n_measures", "Leer", src, "Anzahl")
    return [
        slide_of(
            charts.horizontal_bar_chart(
                frames["groups"], "zielgruppe", "n_measures", "Maßnahmen je Zielgruppe", src, "Maßnahmen (Anzahl)"
            )
        ),
        slide_of(charts.measures_by_focus_chart(frames["by_focus"], src)),
        slide_of(charts.staff_share_series_chart(frames["series"], benchmarks, src)),
        slide_of(scatter),
        slide_of(
            charts.heatmap(frames["matrix"], "Maßnahmen je Partner", src, x_title="Schwerpunkt", y_title="Partner")
        ),
        slide_of(empty, title="Ein Diagramm ohne Zeilen"),
    ]


@pytest.fixture(scope="module")
def built(frames, ds):
    slides = every_kind(frames, ds)
    data = deck.build_pptx(slides, deck.DeckInfo(title="Ausschuss 12.01.", edition="Ausgelieferte Daten"))
    return slides, Presentation(io.BytesIO(data)), data


def charts_of(slide):
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def texts_of(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_deck_has_a_title_slide_one_slide_per_chart_and_a_closing_slide(built):
    slides, prs, _ = built
    assert len(prs.slides) == 1 + len(slides) + 1
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9
    first = prs.slides[0]
    assert first.shapes.title.text == "Ausschuss 12.01."
    subtitle = " ".join(texts_of(first))
    assert (
        "Datenstand: Partnerbericht: Stand 30.09.2020" in subtitle and "Datenausgabe: Ausgelieferte Daten" in subtitle
    )
    closing = prs.slides[-1]
    assert closing.shapes.title.text == "Quellen und Definitionen"
    body = " ".join(texts_of(closing))
    assert "Partnerbericht – MKFFI (Stand 30.09.2020)" in body
    assert "Partnermaßnahmen sind die im Partnerbericht beschriebenen Einzelmaßnahmen." in body


def test_each_chart_slide_has_title_selection_footer_and_notes(built):
    slides, prs, _ = built
    for slide, page in zip(slides, list(prs.slides)[1:-1]):
        assert page.shapes.title.text == slide.title
        texts = texts_of(page)
        assert "Auswahl: Art des Partners: Kreis" in texts[1]
        assert any(t.startswith("Quelle: Partnerbericht (MKFFI), Stand 30.09.2020") for t in texts)
        notes = page.notes_slide.notes_text_frame.text
        assert f"Fakt zu {slide.title}." in notes and "Seite „Übersicht“" in notes


def test_native_chart_types_and_image_fallback(built):
    _, prs, _ = built
    kinds = [[c.chart_type for c in charts_of(page)] for page in list(prs.slides)[1:-1]]
    assert kinds == [
        [XL_CHART_TYPE.BAR_CLUSTERED],
        [XL_CHART_TYPE.BAR_STACKED],
        [XL_CHART_TYPE.XY_SCATTER_LINES],
        [XL_CHART_TYPE.XY_SCATTER],
        [],
        [],
    ]
    heatmap, empty = list(prs.slides)[5], list(prs.slides)[6]
    assert [s.shape_type for s in heatmap.shapes if s.shape_type == 13]  # a picture
    assert "keine Daten" in " ".join(texts_of(empty))


def test_bar_values_equal_the_frame(built, frames):
    _, prs, _ = built
    plot = charts_of(prs.slides[1])[0].plots[0]
    got = dict(zip(plot.categories, plot.series[0].values))
    assert got == dict(zip(frames["groups"]["zielgruppe"], frames["groups"]["n_measures"].astype(float)))


def test_stacked_bar_values_equal_the_frame(built, frames):
    _, prs, _ = built
    plot = charts_of(prs.slides[2])[0].plots[0]
    categories = list(plot.categories)
    got = {
        (category, series.name): value
        for series in plot.series
        for category, value in zip(categories, series.values)
        if value is not None
    }
    table = frames["by_focus"]
    want = {(row.focus_label, row.partner_group): float(row.n_measures) for row in table.itertuples() if row.n_measures}
    assert {k: v for k, v in got.items() if v} == want
    assert set(categories) == set(table["focus_label"])


def _xy(chart) -> dict[str, list[tuple[float, float]]]:
    result = {}
    for ser in chart._chartSpace.xpath(".//c:ser"):
        name = ser.xpath("./c:tx//c:v/text()")[0]
        xs = [float(v) for v in ser.xpath("./c:xVal//c:pt/c:v/text()")]
        ys = [float(v) for v in ser.xpath("./c:yVal//c:pt/c:v/text()")]
        result[name] = list(zip(xs, ys))
    return result


def test_line_values_equal_the_frame_and_reference_lines_come_along(built, frames, ds):
    _, prs, _ = built
    chart = charts_of(prs.slides[3])[0]
    got = _xy(chart)
    for (partner, basis), part in frames["series"].groupby(["partner", "basis_label"]):
        assert got[f"{partner} ({basis})"] == list(zip(part["year"].astype(float), part["share_percent"]))
    benchmarks = analysis.population_benchmarks(ds)
    references = [name for name in got if name.startswith("NRW")]
    assert len(references) == len(benchmarks.drop_duplicates(subset=["value", "source_doc"]))
    assert chart.value_axis.tick_labels.number_format == '#,##0" %"'
    assert chart.plots[0].series[0].values  # the y values python-pptx reads back


def test_scatter_values_equal_the_frame(built, frames):
    _, prs, _ = built
    got = _xy(charts_of(prs.slides[4])[0])
    points = frames["points"]
    assert got == {"Partner": list(zip(points["target"], points["reported"]))}


def test_number_formats_and_german_language(built):
    _, _, data = built
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        chart_xml = [package.read(n).decode() for n in package.namelist() if n.startswith("ppt/charts/chart")]
        slide_xml = package.read("ppt/slides/slide2.xml").decode()
    assert all('<c:lang val="de-DE"/>' in xml for xml in chart_xml)
    assert any('<c:formatCode>#,##0.00" %"</c:formatCode>' in xml for xml in chart_xml)  # shares with two decimals
    assert any("<c:formatCode>#,##0</c:formatCode>" in xml for xml in chart_xml)  # counts
    assert 'lang="de-DE"' in slide_xml and 'lang="en-US"' not in slide_xml


def test_embedded_workbook_keeps_data_editable_and_formula_like_text_as_text(built):
    _, prs, _ = built
    chart = charts_of(prs.slides[1])[0]
    workbook = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
    cells = {cell.value: cell.data_type for row in workbook.active.iter_rows() for cell in row}
    assert cells["=1+1"] == "s"  # text, not a formula
    assert cells[30] == "n"


def test_empty_and_oversized_decks_are_refused_in_german(frames, ds):
    with pytest.raises(deck.DeckError, match="Der Foliensatz ist leer"):
        deck.build_pptx([])
    with pytest.raises(deck.DeckError, match="Der Foliensatz ist leer"):
        deck.build_pdf([])
    one = every_kind(frames, ds)[0]
    with pytest.raises(deck.DeckError, match="höchstens 50"):
        deck.build_pptx([one] * 51)


def test_fifty_charts_make_a_valid_deck(frames, ds):
    kinds = every_kind(frames, ds)
    slides = [kinds[i % 2] for i in range(deck.MAX_SLIDES)]
    prs = Presentation(io.BytesIO(deck.build_pptx(slides)))
    assert len(prs.slides) == 1 + deck.MAX_SLIDES + 1


def test_formula_like_long_and_control_character_titles(frames, ds):
    base = every_kind(frames, ds)[0]
    long_title = "Sehr langer Titel " * 120  # about 2,000 characters
    slides = [
        slide_of(charts.horizontal_bar_chart(frames["groups"], "zielgruppe", "n_measures", "x", "", "n"), t)
        for t in ('=HYPERLINK("http://x")', "+49 Anteil", "@Ausschuss", long_title, "Titel\x00mit\x07Steuerzeichen")
    ]
    prs = Presentation(io.BytesIO(deck.build_pptx([*slides, base])))
    titles = [s.shapes.title.text for s in list(prs.slides)[1:6]]
    assert titles[:3] == ['=HYPERLINK("http://x")', "+49 Anteil", "@Ausschuss"]
    assert len(titles[3]) == deck.TITLE_MAX and titles[3].endswith("…")
    assert titles[4] == "TitelmitSteuerzeichen"
    pdf = deck.build_pdf([*slides, base])
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")


def test_template_from_configuration_is_the_base(tmp_path, frames, ds):
    template: Any = Presentation()
    template.slide_width, template.slide_height = deck.SLIDE_WIDTH, deck.SLIDE_HEIGHT
    template.slide_master.shapes[0].name = "Ministeriumslogo"
    template.slides.add_slide(template.slide_layouts[0]).shapes.title.text = "Beispielfolie der Vorlage"
    path = tmp_path / "vorlage.pptx"
    template.save(path)
    assert deck.template_problem(path) == ""
    prs = Presentation(io.BytesIO(deck.build_pptx(every_kind(frames, ds)[:2], template=path)))
    assert "Ministeriumslogo" in [s.name for s in prs.slide_master.shapes]
    assert len(prs.slides) == 4
    assert all(s.shapes.title.text != "Beispielfolie der Vorlage" for s in prs.slides)


def test_unusable_template_is_named_in_german(tmp_path):
    assert "wurde nicht gefunden" in deck.template_problem(tmp_path / "fehlt.pptx")
    broken = tmp_path / "kaputt.pptx"
    broken.write_text("kein PowerPoint")
    assert "keine lesbare PowerPoint-Datei" in deck.template_problem(broken)


def test_pdf_handout_has_one_page_per_slide(built):
    slides, _, _ = built
    pdf = deck.build_pdf(slides, deck.DeckInfo(title="Ausschuss"))
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1 + len(slides) + 1


def test_store_round_trip_and_bad_links(tmp_path, monkeypatch, frames, ds):
    monkeypatch.setenv("IKOE_DECKS_DIR", str(tmp_path))
    slides = every_kind(frames, ds)[:3]
    deck_id = deck_store.save("Ausschuss", slides)
    assert deck_store.save("Ausschuss", slides) == deck_id  # same content, same link
    title, loaded = deck_store.load(deck_id)
    assert title == "Ausschuss" and [s.to_dict() for s in loaded] == [s.to_dict() for s in slides]
    with pytest.raises(deck.DeckError, match="keinen gültigen Foliensatz"):
        deck_store.load("../../etc/passwd")
    with pytest.raises(deck.DeckError, match="nicht \\(mehr\\)"):
        deck_store.load("0" * 32)
    (tmp_path / f"{'1' * 32}.json").write_text("{kaputt")
    with pytest.raises(deck.DeckError, match="beschädigt"):
        deck_store.load("1" * 32)


def test_store_is_bounded_and_keeps_the_decks_used_last(tmp_path, monkeypatch, frames, ds):
    monkeypatch.setenv("IKOE_DECKS_DIR", str(tmp_path))
    slides = every_kind(frames, ds)[:1]
    ids = [deck_store.save(f"Ausschuss {n}", slides) for n in range(3)]
    sizes = [(tmp_path / f"{deck_id}.json").stat().st_size for deck_id in ids]
    for age, deck_id in enumerate(ids):  # stored a day apart, the first one first
        os.utime(tmp_path / f"{deck_id}.json", (86_400 * (age + 1), 86_400 * (age + 1)))
    deck_store.load(ids[0])  # opening a link renews its deck
    monkeypatch.setattr(deck_store, "MAX_STORE_BYTES", sum(sizes) + 10)
    newest = deck_store.save("Ausschuss 3", slides)
    kept = {p.stem for p in tmp_path.glob("*.json")}
    assert kept == {ids[0], ids[2], newest}  # the one stored or opened longest ago is gone
    with pytest.raises(deck.DeckError, match="nicht \\(mehr\\)"):
        deck_store.load(ids[1])


ARTIFACTS = REPO / "tests" / "artifacts" / "deck"
GERMAN_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>de-DE</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>de-DE</value></prop></item>
</oor:items>
"""


def tool(name: str) -> str:
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is missing: .ci/run installs libreoffice-impress and poppler-utils; this test must run.")
    pytest.skip(f"{name} not installed (apt-get install -y libreoffice-impress poppler-utils)")


def test_libreoffice_converts_the_deck_one_page_per_slide_with_german_numbers(tmp_path, frames, ds):
    soffice, pdftotext, pdftoppm = tool("soffice"), tool("pdftotext"), tool("pdftoppm")
    shares = charts.style.figure(
        [{"type": "bar", "x": ["Stadt A", "Kreis B"], "y": [20.15, 1234.5], "name": "Anteil"}],
        "Anteile mit Einwanderungsgeschichte",
        "Quelle: Test.",
        yaxis=charts.style.axis("Anteil (%)", ticksuffix=" %"),
    )
    slides = [*every_kind(frames, ds), slide_of(shares)]
    path = tmp_path / "ausschuss.pptx"
    path.write_bytes(deck.build_pptx(slides, deck.DeckInfo(title="Ausschuss für Integration")))
    profile = tmp_path / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(GERMAN_PROFILE, encoding="utf-8")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        timeout=240,
        capture_output=True,
    )
    pdf = tmp_path / "ausschuss.pdf"
    pages = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    texts = pages.stdout.split("\f")[:-1]
    assert len(texts) == 1 + len(slides) + 1
    assert "Ausschuss für Integration" in texts[0]
    for slide, page in zip(slides, texts[1:]):
        assert slide.title in page and "Auswahl: Art des Partners: Kreis" in page
    assert "20,15 %" in texts[-2], texts[-2]
    assert "20,15 %" in texts[-2] and "1.234,50 %" in texts[-2]  # German data labels of the native chart
    assert "Quellen und Definitionen" in texts[-1]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("folie-*.png"):
        old.unlink()
    subprocess.run([pdftoppm, "-r", "60", "-png", str(pdf), str(ARTIFACTS / "folie")], check=True, timeout=120)
    assert len(list(ARTIFACTS.glob("folie-*.png"))) == len(texts)


def test_escaped_plotly_text_comes_back_literal_in_native_charts():
    escaped = "Wohlfahrt & <b>Verbände</b> $5"  # the chart builders escape data for plotly (ikoe_data.text.plot)
    literal = text.plot(escaped)
    fig = charts.style.figure(
        [{"type": "bar", "x": [literal, "B"], "y": [3, 4], "name": literal}, {"type": "bar", "x": ["B"], "y": [1]}],
        "Titel",
        "Quelle: Test.",
        barmode="stack",
    )
    figure = as_dict(fig)
    assert figure["data"][0]["x"][0] == text.plot(escaped)
    spec = deck.chart_spec(figure)
    assert spec is not None and spec.categories is not None
    assert spec.categories[0] == "Wohlfahrt & <b>Verbände</b> $5"
    assert spec.series[0].name == "Wohlfahrt & <b>Verbände</b> $5"


def test_a_chart_with_more_rows_than_a_slide_holds_is_flagged_unless_native(ds):
    from chart_gallery import shipped

    figures = {name: json.loads(fig.to_json()) for name, fig in shipped(ds).items()}
    assert deck.too_tall(figures["shares"]) and deck.too_tall(figures["goal_years"])  # images of many rows
    assert not deck.too_tall(figures["covered"])  # one slide's height
    assert deck.slide_kind(figures["zielgruppen"]) == "bar" and not deck.too_tall(figures["zielgruppen"])  # native
