"""The committee deck (ikoe_data.deck) as a committee would see it: one deck of the four committee slides and one
slide of every chart the dashboard draws, opened with python-pptx (native chart types, values equal to the
dashboard's tables, data labels, explicit sizes ≥ 14 pt, the filter in the subtitle, continued charts), converted
once by LibreOffice Impress with a German locale and read back (pdftotext -bbox-layout: no two text lines overlap,
nothing outside the page, no footer cut with „…“; PDFium: no text under 14 pt; page images in
tests/artifacts/deck/), and the PDF handout and previews checked the same way. Without LibreOffice the conversion
tests skip locally; under CI=true they fail."""

from __future__ import annotations

import collections
import datetime as dt
import html
import io
import itertools
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from conftest import REPO
from deck_cases import CURATION_NOTES, committee, every_kind
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from ikoe_data import charts, deck, text

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
TITLE = "Integrationsausschuss: Interkulturelle Öffnung und Teilhabe- und Integrationsstrategie 2030"
ARTIFACTS = REPO / "tests" / "artifacts" / "deck"


@pytest.fixture(scope="module")
def cases(ds):
    return committee(ds)


@pytest.fixture(scope="module")
def kinds(ds):
    return every_kind(ds)


@pytest.fixture(scope="module")
def slides(cases, kinds):
    """The four committee slides first, then every kind of chart."""
    return [case.slide for case in cases.values()] + list(kinds.values())


@pytest.fixture(scope="module")
def plan(slides):
    return deck.plan_deck(
        slides, deck.DeckInfo(title=TITLE, created=dt.date(2026, 12, 1), edition="Ausgelieferte Daten")
    )


@pytest.fixture(scope="module")
def pptx_bytes(plan):
    return deck.write_pptx(plan)


@pytest.fixture(scope="module")
def prs(pptx_bytes):
    return Presentation(io.BytesIO(pptx_bytes))


def pages_of(plan, prs, slide: deck.Slide) -> list[Any]:
    """The PowerPoint slides of one deck slide (several where it continues)."""
    return [prs.slides[number] for number, page in enumerate(plan.pages, start=1) if page.slide.uid == slide.uid]


def charts_of(page) -> list[Any]:
    found = []
    for shape in page.shapes:
        if shape.shape_type == 6:  # a group: the dots chart with its row labels
            found += [s.chart for s in shape.shapes if s.has_chart]
        elif shape.has_chart:
            found.append(shape.chart)
    return found


def texts_of(page) -> list[str]:
    found = []
    for shape in page.shapes:
        inner = list(shape.shapes) if shape.shape_type == 6 else [shape]
        found += [s.text_frame.text for s in inner if s.has_text_frame]
    return found


def xy_points(chart) -> dict[str, list[tuple[float, float]]]:
    result = {}
    for ser in chart._chartSpace.iter(f"{C}ser"):
        name = ser.findtext(f"{C}tx//{C}v")
        xs = [float(v) for v in ser.xpath("./c:xVal//c:pt/c:v/text()")]
        ys = [float(v) for v in ser.xpath("./c:yVal//c:pt/c:v/text()")]
        result[name] = list(zip(xs, ys))
    return result


# --------------------------------------------------------------------------- python-pptx: the committee slides


def test_the_four_committee_slides_are_native_charts_of_the_right_kind(plan, prs, cases):
    kinds = {
        name: [c.chart_type for page in pages_of(plan, prs, case.slide) for c in charts_of(page)]
        for name, case in cases.items()
    }
    assert set(kinds["growth"]) == {XL_CHART_TYPE.AREA_STACKED}
    assert set(kinds["focus"]) == {XL_CHART_TYPE.BAR_CLUSTERED}  # only Kommunen: one series, one bar per area
    assert set(kinds["shares"]) == {XL_CHART_TYPE.XY_SCATTER} and len(kinds["shares"]) >= 2
    assert set(kinds["coverage"]) == {XL_CHART_TYPE.COLUMN_CLUSTERED}
    for page in (p for case in cases.values() for p in pages_of(plan, prs, case.slide)):
        assert not [s for s in page.shapes if s.shape_type == 13], "a committee slide is a picture"


def test_growth_values_equal_the_table(plan, prs, cases):
    chart = charts_of(pages_of(plan, prs, cases["growth"].slide)[0])[0]
    plot = chart.plots[0]
    days = [
        dt.date(1899, 12, 30) + dt.timedelta(days=float(c)) if not isinstance(c, dt.date) else c
        for c in plot.categories
    ]
    values = {s.name: dict(zip(days, s.values)) for s in plot.series}
    frame = cases["growth"].frame
    for row in frame.itertuples(index=False):
        day, group, count = row[0].date(), row[1], row[2]
        assert values[group][day] == float(count), (day, group)
    assert chart.value_axis.maximum_scale >= frame.groupby(frame.columns[0])[frame.columns[2]].sum().max()


def growth_totals(frame: pd.DataFrame) -> dict[dt.date, str]:
    """The network's total on 1 January of every year after the first date and on the last date, from the table."""
    per_day = frame.groupby(frame.columns[0])[frame.columns[2]].sum().sort_index()
    days = [d.date() for d in per_day.index]
    marks = [dt.date(y, 1, 1) for y in range(days[0].year + 1, days[-1].year + 1) if dt.date(y, 1, 1) < days[-1]]
    return {m: str(int(per_day.iloc[max(i for i, d in enumerate(days) if d <= m)])) for m in [*marks, days[-1]]}


def dlbl_texts(ser) -> dict[int, str]:
    return {
        int(lbl.find(f"{C}idx").get("val")): "".join(lbl.xpath(".//a:t/text()"))
        for lbl in ser.findall(f"{C}dLbls/{C}dLbl")
        if lbl.find(f"{C}delete") is None
    }


def test_growth_shows_the_network_total_at_each_year_above_the_stack(plan, prs, cases):
    """One number per year above the stacked areas (not one per band): the total on 1 January and on the last
    date, as labels of a series without line or marks that is no entry of the legend."""
    chart = charts_of(pages_of(plan, prs, cases["growth"].slide)[0])[0]
    days = [dt.date(1899, 12, 30) + dt.timedelta(days=float(c)) for c in chart.plots[0].categories]
    (ser,) = chart._chartSpace.findall(f".//{C}lineChart/{C}ser")
    assert ser.findtext(f"{C}tx/{C}v") == "Insgesamt"
    assert ser.find(f"{C}spPr/{A}ln/{A}noFill") is not None and ser.find(f"{C}marker/{C}symbol").get("val") == "none"
    labels = {days[i]: text for i, text in dlbl_texts(ser).items()}
    want = growth_totals(cases["growth"].frame)
    assert set(labels.items()) <= set(want.items()) and len(labels) >= len(want) - 2, (labels, want)
    assert max(want) in labels  # the current total is always shown
    anchors = {days[int(p.get("idx"))]: float(p.findtext(f"{C}v")) for p in ser.findall(f"{C}val//{C}pt")}
    assert all(anchors[d] >= float(t) for d, t in labels.items())  # above the stack, never inside it
    deleted = chart._chartSpace.find(f".//{C}legend/{C}legendEntry")
    assert deleted.find(f"{C}idx").get("val") == ser.find(f"{C}idx").get("val")
    assert deleted.find(f"{C}delete").get("val") == "1"


def test_line_chart_points_carry_their_values(plan, prs, kinds):
    """Every line's points are labelled where the label stands free; the last point of every line always."""
    spec = kinds["series"].spec()
    assert spec is not None and spec.kind == "line"
    chart = charts_of(pages_of(plan, prs, kinds["series"])[0])[0]
    series = chart._chartSpace.findall(f".//{C}ser")[: len(spec.series)]
    for drawn, ser in zip(spec.series, series):
        labels = dlbl_texts(ser)
        ys = [float(v) for v in ser.xpath("./c:yVal//c:pt/c:v/text()")]
        assert len(ys) - 1 in labels, (drawn.name, labels)
        for index, text_ in labels.items():
            assert text_ == labels_format(ys[index]), (drawn.name, index, text_)
        assert all(lbl.find(f"{C}dLblPos") is not None for lbl in ser.findall(f"{C}dLbls/{C}dLbl"))


def labels_format(value: float) -> str:
    return f"{value:,.2f} %".replace(",", "X").replace(".", ",").replace("X", ".")


def test_kommune_slide_values_series_name_labels_and_filter(plan, prs, cases):
    page = pages_of(plan, prs, cases["focus"].slide)[0]
    chart = charts_of(page)[0]
    plot = chart.plots[0]
    assert [s.name for s in plot.series] == ["Kommunen"]  # what is drawn, not „Kommunen und Kreise“
    frame = cases["focus"].frame
    want = {area: float(n) for area, n in zip(frame.iloc[:, 0], frame.iloc[:, 2]) if n}
    got = {" ".join(c.split()): v for c, v in zip(plot.categories, plot.series[0].values) if v is not None}
    assert got == want
    labels = chart._chartSpace.findall(f".//{C}dLbl")
    assert len(labels) == len(want)  # a data label on every bar
    assert chart.value_axis.maximum_scale > max(want.values())
    scope = "Nur Partner der Art Kommune (4 Partner: "
    runs = [r for shape in page.shapes if shape.has_text_frame for p in shape.text_frame.paragraphs for r in p.runs]
    assert any(r.text.startswith(scope) and r.font.size.pt >= 18 for r in runs), [r.text for r in runs]


def test_coverage_bars_mark_lower_bounds_and_continuation_with_labels_and_the_37_line(plan, prs, cases):
    chart = charts_of(pages_of(plan, prs, cases["coverage"].slide)[0])[0]
    plot = chart.plots[0]
    frame = cases["coverage"].frame
    got = {(int(c), s.name): v for s in plot.series for c, v in zip(plot.categories, s.values) if v is not None}
    kinds = {name: name for name in frame.iloc[:, 2]}
    assert {(y, kinds[k]) for y, _, k in frame.itertuples(index=False)} >= set()
    assert sorted((y, v) for (y, _), v in got.items()) == sorted(
        (int(y), float(n)) for y, n, _ in frame.itertuples(index=False)
    )
    fills = [s._element.find(f"{C}spPr/{A}pattFill") for s in plot.series]
    assert sum(f is not None for f in fills) == 2 and len({f.get("prst") for f in fills if f is not None}) == 2
    assert chart.value_axis.maximum_scale >= 40  # 36 and 37 stand below the axis's end
    lines = chart._chartSpace.findall(f".//{C}lineChart/{C}ser")
    assert [line.findtext(f"{C}tx/{C}v") for line in lines] == ["alle 37 Handlungsziele"]
    assert lines[0].find(f".//{C}dLbl/{C}showSerName").get("val") == "1"  # the line is labelled
    assert all(
        s._element.find(f".//{C}dLbls") is not None or s._element.find(f".//{C}dLbl") is not None for s in plot.series
    )


def test_all_fourteen_staff_shares_continue_over_readable_slides_with_one_scale(plan, prs, cases):
    pages = pages_of(plan, prs, cases["shares"].slide)
    assert len(pages) >= 2
    titles = [page.shapes.title.text for page in pages]
    assert titles == [f"{cases['shares'].slide.title} ({i}/{len(pages)})" for i in range(1, len(pages) + 1)]
    drawn, scales = [], set()
    for page in pages:
        chart = charts_of(page)[0]
        scales.add((chart.category_axis.minimum_scale, chart.category_axis.maximum_scale))
        points = xy_points(chart)
        drawn += [
            x
            for name, pts in points.items()
            if name
            in {"Beschäftigte", "Auszubildende/Anwärter*innen", "Neueinstellungen", "einzelne Organisationseinheit"}
            for x, y in pts
            if y > 0
        ]
    assert len(scales) == 1
    frame = cases["shares"].frame
    assert sorted(drawn) == sorted(frame["Anteil (%)"].dropna().astype(float))
    assert len(drawn) == 14


def test_every_kind_has_a_native_form(plan, prs, kinds):
    forms = {}
    for name, slide in kinds.items():
        pages = pages_of(plan, prs, slide)
        forms[name] = {c.chart_type for page in pages for c in charts_of(page)} | (
            {"table"} if any(s.has_table for page in pages for s in page.shapes) else set()
        )
        assert not [s for page in pages for s in page.shapes if s.shape_type == 13], name
    assert forms["partner_focus"] == forms["goal_years"] == forms["ressorts"] == {"table"}
    assert forms["zielgruppen"] == {XL_CHART_TYPE.BAR_CLUSTERED}
    assert forms["status"] == {XL_CHART_TYPE.BAR_STACKED}
    assert forms["series"] == {XL_CHART_TYPE.XY_SCATTER_LINES}
    assert forms["per_goal"] == {XL_CHART_TYPE.COLUMN_CLUSTERED}


def test_heatmap_tables_hold_the_numbers_with_colour_scaled_cells(plan, prs, kinds):
    pages = pages_of(plan, prs, kinds["partner_focus"])
    tables = [s.table for page in pages for s in page.shapes if s.has_table]
    spec = kinds["partner_focus"].spec()
    numbers = [v for row in spec.table.values for v in row if v]
    shown = [int(c.text) for t in tables for r in list(t.rows)[1:] for c in list(r.cells)[1:] if c.text]
    assert sorted(shown) == sorted(int(v) for v in numbers)
    colours = {
        c._tc.find(f"{A}tcPr/{A}solidFill/{A}srgbClr").get("val")
        for t in tables
        for r in list(t.rows)[1:]
        for c in list(r.cells)[1:]
        if c.text
    }
    assert len(colours) > 5  # colours scale with the numbers


def test_a_table_whose_columns_fit_beside_narrower_labels_is_split_by_rows_only(plan, prs, kinds):
    """Goals × years: the row labels give way so that every slide holds all years (a goal is read across its
    row); the ressorts' abbreviations do not fit beside the labels unbroken, so that table continues in column
    groups and no abbreviation is hyphenated („M-KW“)."""
    years = [str(c) for c in kinds["goal_years"].spec().table.columns]
    pages = pages_of(plan, prs, kinds["goal_years"])
    headers = [[c.text for c in list(s.table.rows[0].cells)[1:]] for page in pages for s in page.shapes if s.has_table]
    assert len(pages) > 1 and headers == [years] * len(pages)
    ressorts = [c.text for page in pages_of(plan, prs, kinds["ressorts"]) for s in page.shapes if s.has_table
                for c in list(s.table.rows[0].cells)[1:]]  # fmt: skip
    assert sorted(set(ressorts)) == sorted(str(c) for c in kinds["ressorts"].spec().table.columns)


def test_value_axes_tick_in_whole_steps(prs):
    """Tick labels are written without decimals, so a step of 2.5 would read 3, 5, 8, 10, 13 beside bars of 7
    and 17 (measures per goal): every axis steps by a whole number."""
    units = [
        float(unit.get("val"))
        for page in prs.slides
        for chart in charts_of(page)
        for unit in chart._chartSpace.iter(f"{C}majorUnit")
    ]
    assert units and all(u == int(u) for u in units), sorted(set(units))


def test_a_dots_label_clears_the_other_marks_of_its_row(plan, prs, cases):
    """A reported share's label stands beside its mark where no other mark of the row (target, local population
    share) stands: Stadt Solingen's 20,15 % goes left, its target 25 % and population share 33,3 % are right."""
    from ikoe_data.deck import chart_layout, measure, spec

    sides: collections.Counter[str] = collections.Counter()
    for page in plan.pages:
        if page.spec is None or page.spec.kind != "dots":
            continue
        layout = chart_layout.bar_layout(page.spec, page.chart)
        low, high, _ = spec.value_axis(page.spec)
        scale = layout.plot.width / (high - low)
        for row, category in enumerate(page.spec.categories):
            lead = next(s for s in page.spec.series if s.values[row] is not None)
            at = (lead.values[row] - low) * scale
            side = chart_layout.dots_label_side(page.spec, lead, row, layout.plot)
            sides[side] += 1
            width = measure.text_width(chart_layout.data_label(page.spec, lead, row), deck.MIN_PT)
            span = {"right": (at + 4, at + 4 + width), "left": (at - 4 - width, at - 4)}.get(side)
            others = [(s.values[row] - low) * scale for s in page.spec.series if s is not lead and s.values[row]]
            assert span is None or not [x for x in others if span[0] < x < span[1]], (category, side)
            if category.startswith("Stadt Solingen"):
                assert side == "left"
    assert sides["left"] >= 2 and sides["right"] >= 10
    page = pages_of(plan, prs, cases["shares"].slide)[-1]
    positions = [p.get("val") for p in charts_of(page)[0]._chartSpace.iter(f"{C}dLblPos")]
    assert positions.count("l") == 1  # Solingen's, in the file as drawn


def test_closing_notes_name_their_slides_without_implying_others():
    """A note under two charts on slides 2 and 4 says „Folien 2 und 4“, never „2–4“ (slide 3 has another)."""
    from ikoe_data.deck import plan as plan_module

    assert plan_module._numbers(["2", "4"]) == "Folien 2 und 4"
    assert plan_module._numbers(["4", "5", "6", "9"]) == "Folien 4–6 und 9"
    assert plan_module._numbers(["7"]) == "Folie 7"


def test_every_explicit_text_size_is_at_least_14_pt(pptx_bytes):
    with zipfile.ZipFile(io.BytesIO(pptx_bytes)) as package:
        for name in package.namelist():
            if re.match(r"ppt/(slides/slide|charts/chart)\d+\.xml$", name):
                sizes = [int(s) for s in re.findall(rb' sz="(\d+)"', package.read(name))]
                assert sizes and min(sizes) >= 1400, (name, min(sizes))


def test_data_labels_on_bar_charts_of_up_to_twenty_categories(plan, prs):
    for number, page in enumerate(plan.pages, start=1):
        for chart in charts_of(prs.slides[number]):
            if chart.chart_type in (XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.COLUMN_CLUSTERED):
                bars = [v for s in chart.plots[0].series for v in s.values if v is not None]
                if len(chart.plots[0].categories) <= 20:
                    labelled = chart._chartSpace.findall(f".//{C}barChart//{C}dLbl")
                    assert len([lbl for lbl in labelled if lbl.find(f"{C}delete") is None]) == len(bars), (
                        page.title.lines
                    )


def test_titles_and_text_blocks_do_not_overlap_on_any_slide(plan):
    for page in plan.pages:
        boxes = [page.title.box] + [b.box for b in page.blocks] + [page.chart, page.footer.box]
        for upper, lower in itertools.pairwise(boxes):
            assert upper.bottom <= lower.top + 0.01, page.title.lines
        assert page.footer.box.bottom <= deck.frame.HEIGHT_PT


def test_footer_is_shortened_by_the_rule_and_the_closing_slide_cites_in_full(plan, prs, slides):
    closing_first = len(plan.pages) + 2
    for page in plan.pages:
        footer = " ".join(page.footer.lines)
        assert footer.startswith("Quelle:") and not footer.endswith("…")
        assert len(page.footer.lines) <= 2
        if "Vollständige" in footer:
            assert footer.endswith(f"Folie {closing_first}.")
    closing = " ".join(t for page in list(prs.slides)[closing_first - 1 :] for t in texts_of(page))
    for source in {s for slide in slides for s in slide.sources}:
        assert source.citation() in " ".join(closing.split())


def test_closing_slides_hold_sources_and_definitions_but_no_curation_notes(plan, prs):
    closing = " ".join(t for page in list(prs.slides)[len(plan.pages) + 1 :] for t in texts_of(page))
    assert "Partnermaßnahmen sind die im Partnerbericht beschriebenen Einzelmaßnahmen" in " ".join(closing.split())
    for note in CURATION_NOTES:
        assert note not in closing
    assert not deck.CURATION.search(closing)


def test_title_slide_states_date_status_and_edition(prs):
    first = " ".join(texts_of(prs.slides[0]))
    assert "Integrationsausschuss:" in first and "Erstellt am 01.12.2026" in first
    assert "Datenstand: Partnerbericht IKÖ: " in first and "Datenausgabe: Ausgelieferte Daten" in first


def test_speaker_notes_hold_the_facts_and_the_full_caption(plan, prs, cases):
    page = pages_of(plan, prs, cases["focus"].slide)[0]
    notes = page.notes_slide.notes_text_frame.text
    assert "Ein Satz aus „Das Wichtigste in Kürze“" in notes and "Hinweis unter dem Diagramm." in notes


def bare_slide(figure, table):
    """A slide of `figure` and `table` with nothing else around it (no facts, definitions, sources or scope)."""
    return deck.make_slide(
        figure=figure, table=table, page="Test", facts=[], definitions=[], sources=[], source="Quelle: Test.",
        selection="Alle", scope="", edition="",
    )  # fmt: skip


def test_embedded_workbooks_keep_formula_like_text_as_text(ds):
    frame = pd.DataFrame({"zielgruppe": ["=1+1", "Geflüchtete"], "n_measures": [12, 30]})
    fig = charts.horizontal_bar_chart(frame, "zielgruppe", "n_measures", "Zielgruppen", "Quelle: Test.", "Maßnahmen")
    slide = bare_slide(fig, frame)
    prs = Presentation(io.BytesIO(deck.build_pptx([slide])))
    chart = charts_of(prs.slides[1])[0]
    workbook = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
    cells = {cell.value: cell.data_type for row in workbook.active.iter_rows() for cell in row}
    assert cells["=1+1"] == "s" and cells[30] == "n"


def test_number_formats_and_german_language(pptx_bytes):
    with zipfile.ZipFile(io.BytesIO(pptx_bytes)) as package:
        chart_xml = [package.read(n).decode() for n in package.namelist() if n.startswith("ppt/charts/chart")]
        slide_xml = package.read("ppt/slides/slide2.xml").decode()
    assert all('<c:lang val="de-DE"/>' in xml for xml in chart_xml)
    assert any('<c:formatCode>#,##0.00" %"</c:formatCode>' in xml for xml in chart_xml)
    assert 'lang="de-DE"' in slide_xml and 'lang="en-US"' not in slide_xml


# --------------------------------------------------------------------------- text rules and bad input


def test_bidi_and_control_characters_never_reach_a_slide(kinds):
    slide = kinds["zielgruppen"]
    hostile = deck.Slide(
        **{
            **slide.__dict__,
            "title": "Anteil\u202e 52 %\u2066x\u2069\u200f\u061c\x07",
            "note": "Notiz \u202dmit\u202c Steuerung\u200e",
        }
    )
    prs = Presentation(io.BytesIO(deck.build_pptx([hostile], deck.DeckInfo(title="Titel\u202e rückwärts"))))
    everything = " ".join(t for page in prs.slides for t in texts_of(page))
    assert not deck.BIDI_CONTROLS.search(everything) and "\x07" not in everything
    assert prs.slides[1].shapes.title.text.startswith("Anteil 52 %x")
    assert "Titel rückwärts" in everything and "Notiz mit Steuerung" in everything


def test_formula_like_long_and_shortened_titles(kinds):
    base = kinds["per_goal"]  # one slide each
    titles = ['=HYPERLINK("http://x")', "+49 Anteil", "Sehr langer Titel " * 20]
    made = [deck.Slide(**{**base.__dict__, "title": t, "uid": str(i)}) for i, t in enumerate(titles)]
    prs = Presentation(io.BytesIO(deck.build_pptx(made)))
    shown = [s.shapes.title.text for s in list(prs.slides)[1:4]]
    assert shown[:2] == titles[:2]
    assert len(shown[2]) == deck.TITLE_MAX and shown[2].endswith("…")


def test_empty_and_oversized_decks_are_refused_in_german(kinds):
    with pytest.raises(deck.DeckError, match="Der Foliensatz ist leer"):
        deck.build_pptx([])
    with pytest.raises(deck.DeckError, match="Der Foliensatz ist leer"):
        deck.build_pdf([])
    with pytest.raises(deck.DeckError, match="höchstens 50"):
        deck.build_pptx([kinds["zielgruppen"]] * 51)


def test_a_chart_without_rows_says_so(ds):
    empty = pd.DataFrame({"zielgruppe": [], "n_measures": []})
    fig = charts.horizontal_bar_chart(empty, "zielgruppe", "n_measures", "Leer", "Quelle: Test.", "Anzahl")
    slide = bare_slide(fig, empty)
    assert slide.kind == "empty"
    prs = Presentation(io.BytesIO(deck.build_pptx([slide])))
    assert "keine Daten" in " ".join(texts_of(prs.slides[1]))


def test_a_figure_without_a_native_chart_form_becomes_the_table_of_its_data():
    import plotly.graph_objects as go

    frame = pd.DataFrame({"Bereich": ["A", "B"], "Anteil": [0.4, 0.6]})
    pie = go.Figure([{"type": "pie", "labels": ["A", "B"], "values": [0.4, 0.6]}], layout={"title": {"text": "Torte"}})
    slide = bare_slide(pie, frame)
    assert slide.kind == "table"
    prs = Presentation(io.BytesIO(deck.build_pptx([slide])))
    table = next(s.table for s in prs.slides[1].shapes if s.has_table)
    assert [[c.text for c in r.cells] for r in table.rows] == [["Bereich", "Anteil"], ["A", "0,4"], ["B", "0,6"]]


def test_escaped_plotly_text_comes_back_literal():
    literal = text.plot("Wohlfahrt & <b>Verbände</b> $5")
    fig = charts.style.figure(
        [{"type": "bar", "x": [literal, "B"], "y": [3, 4], "name": literal}, {"type": "bar", "x": ["B"], "y": [1]}],
        "Titel",
        "Quelle: Test.",
        barmode="stack",
    )
    spec = deck.chart_spec(fig.to_plotly_json() | {"data": [t.to_plotly_json() for t in fig.data]})
    assert spec is not None and spec.categories is not None
    assert spec.categories[0] == "Wohlfahrt & <b>Verbände</b> $5" == spec.series[0].name


def test_audience_definitions_drop_the_curation_notes_of_every_page(ds):
    from ikoe_data import pages
    from ikoe_data.analysis import Views
    from ikoe_data.filters import Filters
    from ikoe_data.pages import model as m

    edition = m.Edition(ds.edition, ds.edition_label)
    views = Views.of(ds)
    definitions = [
        d
        for spec in pages.PAGES
        if spec.build is not None
        for d in spec.build(
            m.PageInput(ds, views, Filters(), {}, edition, (edition,), lambda _: ds)
        ).plain_definitions()
    ]
    notes = [d for d in definitions if d.startswith(("Ressorts sind auf die Kürzel", "Zuordnung ohne Überschrift"))]
    assert len(notes) == 2  # the pages carry these notes for data stewards
    kept = deck.for_audience(definitions)
    assert not set(notes) & set(kept)
    assert any("zählen bei jedem" in d for d in kept) and any(d.startswith("Umsetzungsstand:") for d in kept)
    assert len(kept) >= len(definitions) - 4  # only curation notes are left out


def test_template_from_configuration_is_the_base(tmp_path, kinds):
    template: Any = Presentation()
    template.slide_width, template.slide_height = deck.SLIDE_WIDTH, deck.SLIDE_HEIGHT
    template.slide_master.shapes[0].name = "Ministeriumslogo"
    template.slides.add_slide(template.slide_layouts[0]).shapes.title.text = "Beispielfolie der Vorlage"
    path = tmp_path / "vorlage.pptx"
    template.save(path)
    assert deck.template_problem(path) == ""
    prs = Presentation(io.BytesIO(deck.build_pptx([kinds["zielgruppen"]], template=path)))
    assert "Ministeriumslogo" in [s.name for s in prs.slide_master.shapes]
    assert all(s.shapes.title.text != "Beispielfolie der Vorlage" for s in prs.slides)


def test_unusable_template_is_named_in_german(tmp_path):
    assert "wurde nicht gefunden" in deck.template_problem(tmp_path / "fehlt.pptx")
    broken = tmp_path / "kaputt.pptx"
    broken.write_text("kein PowerPoint")
    assert "keine lesbare PowerPoint-Datei" in deck.template_problem(broken)


# --------------------------------------------------------------------------- PDF handout and previews


@pytest.fixture(scope="module")
def handout(plan):
    return deck.write_pdf(plan)


@pytest.fixture(scope="module")
def handout_file(handout, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("handout") / "handout.pdf"
    path.write_bytes(handout)
    return path


def font_sizes(pdf: bytes) -> list[collections.Counter]:
    """Font sizes of the characters on every page (PDFium)."""
    import pypdfium2
    import pypdfium2.raw as raw

    document = pypdfium2.PdfDocument(pdf)
    sizes = []
    for page in document:
        textpage = page.get_textpage()
        sizes.append(
            collections.Counter(
                round(raw.FPDFText_GetFontSize(textpage, i), 1)
                for i in range(textpage.count_chars())
                if textpage.get_text_range(i, 1).strip()
            )
        )
    return sizes


def test_handout_has_the_same_slides_left_aligned_titles_and_no_text_under_14_pt(plan, handout):
    sizes = font_sizes(handout)
    assert len(sizes) == plan.total
    assert all(min(page) >= 14 for page in sizes)
    for page in plan.pages:
        assert page.title.box.left == deck.frame.MARGIN


def test_handout_title_is_flush_left_with_ordinary_word_spaces(handout_file):
    """The two-line deck title is set flush left with ordinary spaces, not justified with wide gaps."""
    out = subprocess.run(
        [tool("pdftotext"), "-f", "1", "-l", "1", "-bbox-layout", str(handout_file), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = [
        [(float(x0), float(x1), float(y1) - float(y0), html.unescape(w)) for x0, y0, x1, y1, w in words]
        for words in (
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', line)
            for line in re.findall(r"<line .*?</line>", out, re.S)
        )
    ]
    title = [words for words in lines if words and " ".join(w[3] for w in words) in TITLE and len(words) > 3]
    assert len(title) == 2 and " ".join(w[3] for words in title for w in words) == TITLE
    for words in title:
        assert abs(words[0][0] - deck.frame.MARGIN) < 1
        gaps = [b[0] - a[1] for a, b in itertools.pairwise(words)]
        assert max(gaps) < 0.35 * words[0][2], gaps


def test_previews_are_the_handout_pages_as_images(plan):
    shown = deck.previews(plan)
    assert sum(len(v) for v in shown.values()) == len(plan.pages)
    assert all(png.startswith(b"\x89PNG") for pages in shown.values() for png in pages)


# --------------------------------------------------------------------------- LibreOffice, read back

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


@pytest.fixture(scope="module")
def converted(pptx_bytes, tmp_path_factory) -> Path:
    """The deck converted once by LibreOffice Impress (German locale) to PDF; its pages as PNG artifacts."""
    soffice, pdftoppm = tool("soffice"), tool("pdftoppm")
    folder = tmp_path_factory.mktemp("libreoffice")
    path = folder / "ausschuss.pptx"
    path.write_bytes(pptx_bytes)
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(GERMAN_PROFILE, encoding="utf-8")
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder),
        str(path),
    ]
    subprocess.run(command, check=True, timeout=400, capture_output=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("folie-*.png"):
        old.unlink()
    pdf = folder / "ausschuss.pdf"
    subprocess.run([pdftoppm, "-r", "50", "-png", str(pdf), str(ARTIFACTS / "folie")], check=True, timeout=300)
    return pdf


def text_lines(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Every page's text lines with their boxes, as pdftotext -bbox-layout reads them."""
    out = subprocess.run([tool("pdftotext"), "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    pages = []
    for page in out.stdout.split("<page ")[1:]:
        lines = []
        for match in re.finditer(
            r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', page, re.S
        ):
            words = " ".join(html.unescape(w) for w in re.findall(r">([^<]*)</word>", match.group(5)))
            x0, y0, x1, y1 = (float(match.group(i)) for i in range(1, 5))
            lines.append((x0, y0, x1, y1, words))
        pages.append(lines)
    return pages


def overlaps(lines: list[tuple[float, float, float, float, str]]) -> list[tuple[str, str]]:
    """Pairs of lines whose boxes overlap. pdftotext's boxes are the font's bounding box (about 1.3 × the size,
    while the glyphs of Arial/Liberation Sans reach 1.12 × the size from descender to ascender): boxes of lines set
    one below the other overlap by up to 15 % of their height before any two glyphs could touch."""
    found = []
    for i, (x0, y0, x1, y1, a) in enumerate(lines):
        for u0, v0, u1, v1, b in lines[i + 1 :]:
            slack = max(1.5, 0.15 * min(y1 - y0, v1 - v0))
            if min(x1, u1) - max(x0, u0) > 1.5 and min(y1, v1) - max(y0, v0) > slack:
                found.append((a, b))
    return found


def test_libreoffice_draws_every_slide_without_overlap_or_text_outside_the_page(converted, plan):
    pages = text_lines(converted)
    assert len(pages) == plan.total
    for number, lines in enumerate(pages, start=1):
        assert not overlaps(lines), (number, overlaps(lines)[:3])
        for x0, y0, x1, y1, words in lines:
            assert x0 >= 0 and y0 >= 0 and x1 <= deck.frame.WIDTH_PT + 0.5 and y1 <= deck.frame.HEIGHT_PT + 0.5, words


def test_libreoffice_renders_no_text_under_14_pt_and_german_numbers(converted, plan, cases):
    sizes = font_sizes(converted.read_bytes())
    assert all(min(page) >= 13.95 for page in sizes), [min(p) for p in sizes]
    pages = text_lines(converted)
    shares = next(n for n, page in enumerate(plan.pages) if page.slide.uid == cases["shares"].slide.uid)
    words = " ".join(w for line in pages[shares + 1] for w in [line[4]])
    assert "10,42 %" in words  # German decimals as LibreOffice writes them with the format codes


def test_libreoffice_and_the_handout_show_the_totals_and_line_values(converted, handout_file, plan, cases, kinds):
    for pdf in (converted, handout_file):
        pages = text_lines(pdf)
        growth = next(n for n, page in enumerate(plan.pages) if page.slide.uid == cases["growth"].slide.uid)
        words = {w for line in pages[growth + 1] for w in line[4].split()}
        ticks = {str(t) for t in range(0, 60, 5)}
        totals = set(growth_totals(cases["growth"].frame).values()) - ticks
        assert totals and len(totals & words) >= len(totals) - 1, (pdf.name, totals - words)
        series = next(n for n, page in enumerate(plan.pages) if page.slide.uid == kinds["series"].uid)
        text_ = " ".join(line[4] for line in pages[series + 1])
        assert "11,78 %" in text_ and "25,00 %" in text_, (pdf.name, text_)


def test_libreoffice_footers_are_never_cut(converted, plan):
    pages = text_lines(converted)
    for number, page in enumerate(plan.pages, start=1):
        footer_top = page.footer.box.top - 2
        footer = " ".join(
            w
            for *_, y0, _, w in [
                (x0, y0, x1, y1, w)
                for x0, y0, x1, y1, w in pages[number]
                if y0 >= footer_top and x0 < deck.frame.WIDTH_PT - deck.frame.MARGIN - deck.frame.NUMBER_WIDTH
            ]
        )
        assert footer.startswith("Quelle:") and not footer.rstrip().endswith("…"), footer


def test_libreoffice_sets_the_bottom_axis_title_above_the_legend(converted, plan, cases):
    """The legend gets the rows LibreOffice sets it in (its symbols as wide as a line's where a reference line is
    among the entries): the axis title under a chart („Jahr“ under the goals covered per year) stands above the
    legend, not down between its entries."""
    from ikoe_data.deck import chart_layout

    pages = text_lines(converted)
    checked = set()
    for number, page in enumerate(plan.pages, start=1):
        spec = page.spec
        if spec is None or spec.kind in ("dots", "table") or not chart_layout.legend_names(spec):
            continue
        middle = page.chart.top + page.chart.height / 2
        below = [line for line in pages[number] if line[1] > middle]
        names = chart_layout.legend_names(spec)
        legend = [line for line in below if any(n == line[4] or n.startswith(line[4] + " ") for n in names)]
        titles = [
            line for line in below if line[4] in (spec.x_title, spec.y_title) and line[2] - line[0] > line[3] - line[1]
        ]
        assert legend, (number, names)
        for title in titles:
            assert title[3] <= min(line[1] for line in legend) + 1.5, (number, title, legend[:2])
            checked.add(page.slide.uid)
    assert cases["coverage"].slide.uid in checked and len(checked) >= 5


def test_handout_draws_every_slide_without_overlap(handout_file, plan):
    pages = text_lines(handout_file)
    assert len(pages) == plan.total
    for number, lines in enumerate(pages, start=1):
        assert not overlaps(lines), (number, overlaps(lines)[:3])


# --------------------------------------------------------------------------- stored decks (links)


@pytest.fixture
def decks(tmp_path, monkeypatch):
    monkeypatch.setenv("IKOE_DECKS_DIR", str(tmp_path))
    return tmp_path


def test_store_round_trip_and_bad_links(decks, kinds):
    slides = [kinds["zielgruppen"], kinds["covered"]]
    from ikoe_data import deck_store

    deck_id = deck_store.save("Ausschuss", slides, session="s1", client="10.0.0.1")
    assert deck_store.deck_id("Ausschuss", slides) == deck_id  # the link is known before it is stored
    assert deck_store.save("Ausschuss", slides, session="s1", client="10.0.0.1") == deck_id  # same content, same link
    title, loaded = deck_store.load(deck_id)
    import json

    assert title == "Ausschuss"
    assert json.loads(json.dumps([s.to_dict() for s in loaded])) == json.loads(
        json.dumps([s.to_dict() for s in slides])
    )
    with pytest.raises(deck.DeckError, match="keinen gültigen Foliensatz"):
        deck_store.load("../../etc/passwd")
    with pytest.raises(deck.DeckError, match="nicht \\(mehr\\)"):
        deck_store.load("0" * 32)
    (decks / f"{'1' * 32}.json").write_text("{kaputt")
    with pytest.raises(deck.DeckError, match="beschädigt"):
        deck_store.load("1" * 32)


def test_a_link_of_the_first_format_still_opens(decks, ds):
    import json

    from chart_gallery import shipped

    from ikoe_data import deck_store

    figure = json.loads(shipped(ds)["zielgruppen"].to_json())
    old = {"version": 1, "title": "Alt", "slides": [{"title": "Zielgruppen", "figure": figure, "selection": "Alle",
                                                      "source": "Quelle: Test."}]}  # fmt: skip
    (decks / f"{'2' * 32}.json").write_text(json.dumps(old), encoding="utf-8")
    title, slides = deck_store.load("2" * 32)
    assert title == "Alt" and slides[0].kind == "bar"
    assert deck.build_pptx(slides).startswith(b"PK")


def test_a_deck_flood_from_one_session_and_client_leaves_another_users_link_working(decks, kinds, caplog, monkeypatch):
    from ikoe_data import deck_store

    monkeypatch.setattr(deck_store, "MAX_STORE_BYTES", 400_000)  # a small folder, so that a flood would fill it
    base = kinds["zielgruppen"]
    colleague = deck_store.save("Ausschuss der Kollegin", [base], session="colleague", client="10.0.0.7")
    refused = 0
    with caplog.at_level("WARNING", logger="ikoe.deck_store"):
        for n in range(200):  # a changing title: every deck is new
            try:
                deck_store.save(f"Flut {n}", [base] * 5, session="flood", client="10.0.0.66")
            except deck_store.BudgetExceeded:
                refused += 1
    assert refused >= 200 - deck_store.SESSION_DECKS
    assert deck_store.load(colleague)[0] == "Ausschuss der Kollegin"
    assert any("deck not stored" in r.message for r in caplog.records if r.name == "ikoe.deck_store")
    # new sessions from the same client: the client's budget holds them too
    stored_from_new_sessions = 0
    for n in range(deck_store.CLIENT_DECKS):
        try:
            deck_store.save(f"Flut neu {n}", [base], session=f"flood-{n}", client="10.0.0.66")
            stored_from_new_sessions += 1
        except deck_store.BudgetExceeded:
            pass
    assert stored_from_new_sessions < deck_store.CLIENT_DECKS
    assert deck_store.load(colleague)[0] == "Ausschuss der Kollegin"


def test_only_decks_past_their_retention_make_room(decks, kinds, monkeypatch):
    from ikoe_data import deck_store

    base = [kinds["zielgruppen"]]
    ids = [deck_store.save(f"Ausschuss {n}", base, session=f"s{n}", client=f"c{n}") for n in range(3)]
    sizes = sum((decks / f"{i}.json").stat().st_size for i in ids)
    old = 86_400 * (deck_store.RETENTION_DAYS + 5)
    os.utime(decks / f"{ids[0]}.json", (os.path.getmtime(decks / f"{ids[0]}.json") - old,) * 2)
    monkeypatch.setattr(deck_store, "MAX_STORE_BYTES", sizes + 10)
    newest = deck_store.save("Ausschuss 3", base, session="s3", client="c3")  # room: the expired deck goes
    assert {p.stem for p in decks.glob("*.json")} == {ids[1], ids[2], newest}
    with pytest.raises(deck_store.BudgetExceeded, match="voll"):  # only young decks left: none is removed
        deck_store.save("Ausschuss 4", base, session="s4", client="c4")
    assert {p.stem for p in decks.glob("*.json")} == {ids[1], ids[2], newest}
