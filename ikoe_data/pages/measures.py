"""Maßnahmen nach Themenschwerpunkt: with which measures the partners drive intercultural opening, in which focus
areas, and what is done."""

from __future__ import annotations

from .. import analysis, charts, facts, labels
from ..filters import filter_partner_measures
from .common import (
    CHART_ROWS,
    FUNDSTELLE_NOTE,
    Context,
    capped_note,
    chart_source,
    chart_view,
    partner_types,
    selection_line,
    source_line,
    table_view,
    with_fundstelle,
)
from .model import Block, Count, Facts, Heading, PageInput, PageModel

TITLE = "Maßnahmen nach Themenschwerpunkt"
QUESTION = (
    "Mit welchen Maßnahmen treiben die Partner die interkulturelle Öffnung voran, in welchen Themenschwerpunkten, "
    "und was ist umgesetzt?"
)


def build(inp: PageInput) -> PageModel:
    ds, filters, views = inp.ds, inp.filters, inp.views
    sources = ds.role_sources("partner_report")
    measures = filter_partner_measures(views.partner_measures, ds.partners, filters)
    type_labels = dict(zip(ds.measure_types["measure_type"], ds.measure_types["label"]))
    source = chart_source(ds, sources)
    has_data = not measures.empty
    basis = Count("partner_measures", len(measures))
    ctx = Context.of(ds, filters, sources)
    partner_labels = dict(zip(views.partners["partner"], views.partners["partner_label"]))

    by_focus = analysis.measures_by_focus_and_group(measures, ds.focus_areas)
    partners_shown = ds.partners[ds.partners["partner_id"].isin(measures["partner_id"])]
    matrix = analysis.partner_focus_matrix(measures, partners_shown, ds.focus_areas)
    charted = analysis.top_rows(matrix, CHART_ROWS)
    type_matrix = analysis.partner_measure_type_matrix(measures, ds.measure_types) if has_data else matrix.iloc[0:0]
    charted_types = analysis.top_rows(type_matrix, CHART_ROWS)
    status = analysis.status_by_focus(measures, ds.focus_areas)
    blocks: list[Block] = [
        Facts(tuple(facts.measure_facts(measures, type_labels))),
        Heading("Maßnahmen je Themenschwerpunkt und Partnergruppe"),
        chart_view(
            ctx,
            key="by_focus",
            name="Maßnahmen je Themenschwerpunkt",
            figure=charts.measures_by_focus_chart(by_focus, source, partner_types=partner_types(measures))
            if has_data
            else None,
            table=labels.to_display(
                by_focus.dropna(subset=["partner_group"]), ["focus_label", "partner_group", "n_measures"]
            ),
            count=basis,
        ),
        Heading("Partner × Themenschwerpunkt"),
        chart_view(
            ctx,
            key="heatmap",
            name="Partner nach Themenschwerpunkt",
            figure=charts.heatmap(
                charted,
                "Maßnahmen je Partner und Themenschwerpunkt",
                source,
                x_title="Themenschwerpunkt",
                y_title="Partner",
                row_hover=[partner_labels.get(p, p) for p in charted.index],
            )
            if has_data
            else None,
            table=matrix.reset_index().rename(columns={"partner": "Partner"}),
            note=capped_note(charted, matrix),
            count=basis,
        ),
        Heading("Partner × Maßnahmenart"),
        chart_view(
            ctx,
            key="types",
            name="Partner nach Maßnahmenart",
            figure=charts.heatmap(
                charted_types,
                "Maßnahmenarten je Partner",
                source,
                x_title="Maßnahmenart",
                y_title="Partner",
                row_hover=[partner_labels.get(p, p) for p in charted_types.index],
                subtitle=f"{charts.style.CELL_NUMBER}: Anzahl der Maßnahmen; eine Maßnahme mehrerer Arten zählt bei "
                "jeder",
            )
            if has_data
            else None,
            table=type_matrix.reset_index().rename(columns={"partner": "Partner"}),
            note="Eine Maßnahme kann mehreren Arten zugeordnet sein und zählt dann bei jeder. "
            + capped_note(charted_types, type_matrix),
            count=basis,
        ),
        Heading("Umsetzungsstand"),
        chart_view(
            ctx,
            key="status",
            name="Umsetzungsstand Partnermaßnahmen",
            figure=charts.status_chart(status, source) if has_data else None,
            table=labels.to_display(status, ["focus_label", "status_label", "n_measures"]),
            count=basis,
        ),
        Heading("Alle Maßnahmen"),
        table_view(
            key="drill",
            name="Partnermaßnahmen",
            table=labels.to_display(
                with_fundstelle(ds, measures),
                [
                    "measure_id",
                    "partner_label",
                    "partner_type",
                    "focus_label",
                    "title",
                    "summary",
                    "measure_type_labels",
                    "status_label",
                    "fundstelle",
                ],
                table="partner_measures",
            ),
            sources=sources,
            caption=f"Quelle: {source_line(ds, sources)}. {FUNDSTELLE_NOTE} Titel und Zusammenfassungen in eigenen "
            "Worten.",
            table_selection=selection_line(ds, filters, Count("partner_measures", len(measures))),
        ),
    ]
    return PageModel(
        title=TITLE,
        question=QUESTION,
        blocks=tuple(blocks),
        section_tabs=True,
        definitions=(
            "**Zählung:** Jede im Partnerbericht beschriebene Einzelmaßnahme ist eine Zeile (Aufzählungspunkte, "
            "benannte Absätze, Unterüberschriften). Ein Partnereintrag ohne eigene Maßnahme („keine weiteren "
            "Maßnahmen“) zählt als eine Zeile, damit der Eintrag sichtbar bleibt.",
            "**Themenschwerpunkte 1–5** sind die Kapitel des Berichts; „Weitere Maßnahmen“ ist der sechste Abschnitt.",
            "**Maßnahmenarten** stammen aus einer eigenen Taxonomie, gebildet aus allen Quellen (u. a. Folien des "
            "Kreises Heinsberg zu den Säulen eines IKÖ-Konzepts und dem MSO-Leitfaden zu Kooperationsformaten); siehe "
            "„Daten & Methodik“.",
            "**Umsetzungsstand:** durchgeführt (im Berichtszeitraum), laufend (dauerhafte Praxis), geplant, "
            "abgesagt/verschoben (oft wegen der Corona-Pandemie). Die Zuordnung beruht auf dem Wortlaut des Berichts.",
            "**Zuordnung ohne Überschrift:** Im Abschnitt „Interkulturelle Kompetenz“ steht nach dem Eintrag der "
            "Stadt Jülich ein Absatz ohne Partnerüberschrift; er ist nach Inhalt und Reihenfolge dem ASB "
            "Regionalverband Ruhr zugeordnet (Fundstelle „Abschnitt ohne Überschrift nach „Stadt Jülich““).",
        ),
    )
