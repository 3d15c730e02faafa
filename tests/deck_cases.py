"""Slides as the dashboard's pages make them: the four committee slides (growth of the network; measures per
Themenschwerpunkt with only Art = Kommune; the reported staff shares against targets for all partners; the
Handlungsziele covered per year), each with the frame the page shows in its "Tabelle" tab, and one slide of every
chart the dashboard draws (tests/chart_gallery.py). Shared by the deck tests and the deck benchmark."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from chart_gallery import SOURCE, shipped

from ikoe_data import analysis, charts, deck, labels, selection
from ikoe_data.filters import Filters, filter_partner_measures, filter_partners, filter_staff_shares
from ikoe_data.loading import Dataset

# What the pages' "Was Sie wissen müssen" boxes say, curation notes included (the deck leaves those out).
DEFINITIONS = [
    "Partnermaßnahmen sind die im Partnerbericht beschriebenen Einzelmaßnahmen, von uns gezählt und in eigenen "
    "Worten zusammengefasst.",
    "Zuordnung ohne Überschrift: Im Abschnitt „Interkulturelle Kompetenz“ (Zeilen 1916–1951) fehlt die "
    "Partnerüberschrift; der Text ist nach Inhalt und Reihenfolge dem ASB Regionalverband Ruhr zugeordnet.",
    "Ressorts sind auf die Kürzel des Abkürzungsverzeichnisses normalisiert; eine Maßnahme (Zeile 509) nennt keine "
    "Zuständigkeit, „MKV“ (Zeile 925) ist als MKW gelesen.",
    "Handlungsziele: Eine Maßnahme, die mehreren Handlungszielen zugeordnet ist, zählt bei jedem dieser Ziele.",
]
CURATION_NOTES = ("Zeilen 1916–1951", "Zeile 509", "als MKW gelesen")


@dataclass
class Case:
    slide: deck.Slide
    frame: pd.DataFrame  # what the page's "Tabelle" tab shows


def _slide(
    ds: Dataset,
    figure,
    frame: pd.DataFrame,
    filters: Filters,
    basis: tuple[str, int],
    docs: list[str],
    page: str,
    uid: str,
) -> Case:
    titles = dict(zip(ds.focus_areas["focus_area"].astype(int), ds.focus_areas["title"]))
    line = selection.selection_line(filters, basis[0], basis[1], titles)
    selection.stamp(figure, line)
    source_line = "; ".join(f"{s.title} ({s.publisher}), {s.status}" for s in deck.sources_of(ds, docs))
    slide = deck.make_slide(
        figure=figure,
        table=frame,
        page=page,
        facts=[f"Ein Satz aus „Das Wichtigste in Kürze“ der Seite {page}."],
        definitions=DEFINITIONS,
        sources=deck.sources_of(ds, docs),
        source=f"Quelle: {source_line}. Eigene Auswertung. Hinweis unter dem Diagramm.",
        selection=line,
        scope=deck.scope_line(ds, filters, line),
        edition=ds.edition_label,
        uid=uid,
    )
    return Case(slide, frame)


def committee(ds: Dataset) -> dict[str, Case]:
    views = analysis.Views.of(ds)
    partner_docs = ds.role_sources("partner_report")
    strategy_docs = ds.role_sources("strategy_report")
    everyone = Filters()
    partners = filter_partners(views.partners, everyone, ds.partner_measures)
    by_group = analysis.cumulative_partners_by_group(
        partners, until=ds.status_date(ds.current_source("partner_report"))
    )
    growth = charts.cumulative_partners_chart(
        by_group, SOURCE, partner_types=tuple(sorted(set(partners["partner_type"])))
    )
    growth_frame = labels.to_display(
        by_group, ["accession_date", "partner_group", "cumulative_partners"], table="partners"
    )

    kommune = Filters(partner_types=("Kommune",))
    measures = filter_partner_measures(views.partner_measures, ds.partners, kommune)
    by_focus = analysis.measures_by_focus_and_group(measures, ds.focus_areas)
    focus = charts.measures_by_focus_chart(by_focus, SOURCE, partner_types=tuple(sorted(set(measures["partner_type"]))))
    focus_frame = labels.to_display(
        by_focus.dropna(subset=["partner_group"]), ["focus_label", "partner_group", "n_measures"]
    )

    shares = filter_staff_shares(views.staff_shares, ds.partners, everyone)
    targets = analysis.share_targets(shares, ds.benchmarks)
    benchmarks = analysis.population_benchmarks(ds)
    share_chart = charts.share_target_chart(analysis.most_reported(targets, 40, by=["partner"]), benchmarks, SOURCE)
    share_frame = targets[["partner_label", "year_text", "share_text", "share_percent", "target_percent"]].rename(
        columns={
            "partner_label": "Partner",
            "year_text": "Jahr",
            "share_text": "Anteil (wie berichtet)",
            "share_percent": "Anteil (%)",
            "target_percent": "Zielwert (%)",
        }
    )
    share_docs = ds.source_docs_in(ds.staff_shares, benchmarks)

    strategy = views.strategy_measures
    rule = analysis.ActivityRule.of(ds)
    active = analysis.active_period(strategy, rule)
    grid = analysis.goal_year_grid(active, ds.goals, analysis.coverage_years(active, rule))
    covered = analysis.goals_covered_per_year(grid)
    coverage = charts.goals_covered_chart(covered, len(ds.goals), rule.report_year, SOURCE)
    coverage_frame = labels.to_display(
        analysis.coverage_table(covered, rule.report_year),
        ["year", "goals_covered", "year_status"],
        rename={"year_status": "Art des Werts"},
    )
    n_strategy = analysis.measure_count(strategy)
    return {
        "growth": _slide(
            ds, growth, growth_frame, everyone, ("partners", len(partners)), partner_docs, "Übersicht", "growth"
        ),
        "focus": _slide(
            ds,
            focus,
            focus_frame,
            kommune,
            ("partner_measures", len(measures)),
            partner_docs,
            "Maßnahmen nach Themenschwerpunkt",
            "focus",
        ),
        "shares": _slide(
            ds,
            share_chart,
            share_frame,
            everyone,
            ("staff_shares", int(targets["share_percent"].notna().sum())),
            share_docs,
            "Beschäftigtenanteile",
            "shares",
        ),
        "coverage": _slide(
            ds,
            coverage,
            coverage_frame,
            everyone,
            ("strategy_measures", n_strategy),
            strategy_docs,
            "Handlungsziele 2030",
            "coverage",
        ),
    }


def every_kind(ds: Dataset) -> dict[str, deck.Slide]:
    """A slide of every chart the dashboard draws (their frames are not needed here)."""
    result = {}
    for name, figure in shipped(ds).items():
        result[name] = _slide(
            ds,
            figure,
            pd.DataFrame({"a": [1]}),
            Filters(),
            ("partners", 32),
            ds.role_sources("partner_report"),
            "Galerie",
            f"kind-{name}",
        ).slide
    return result
