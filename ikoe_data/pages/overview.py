"""Übersicht: growth of the network, what the partners report, and how broadly the state covers the 37 goals."""

from __future__ import annotations

from .. import analysis, charts, edition_comparison, facts, labels
from ..filters import filter_partner_measures, filter_partners, filter_strategy_measures
from ..text import md
from .common import SEVERAL_GOALS, Context, chart_source, chart_view, comparison, partner_types
from .model import Block, Caption, Count, Facts, Heading, Metric, Metrics, PageInput, PageModel

TITLE = "Übersicht"
QUESTION = (
    "Wie ist das Partnernetzwerk gewachsen, was berichten die Partner, und wie breit deckt die Landesregierung die "
    "37 Handlungsziele der Strategie 2030 ab?"
)


def build(inp: PageInput) -> PageModel:
    ds, filters, views = inp.ds, inp.filters, inp.views
    partner_doc, strategy_doc = ds.current_source("partner_report"), ds.current_source("strategy_report")
    partner_status, strategy_status = ds.status_label(partner_doc), ds.status_label(strategy_doc)
    partner_sources, strategy_sources = ds.role_sources("partner_report"), ds.role_sources("strategy_report")
    partner_year = ds.report_year("partner_report")

    partners = filter_partners(views.partners, filters, ds.partner_measures)
    measures = filter_partner_measures(views.partner_measures, ds.partners, filters)
    strategy = filter_strategy_measures(views.strategy_measures, ds.goals, filters)
    per_goal = analysis.measures_per_goal(strategy, ds.goals)
    thinnest = analysis.thinnest_goals(per_goal)
    partner_help = f"{ds.short_title(partner_doc)}, {partner_status}"
    strategy_help = f"{ds.short_title(strategy_doc)}, {strategy_status}"
    by_group = analysis.cumulative_partners_by_group(partners, until=ds.status_date(partner_doc))
    by_focus = analysis.measures_by_focus_and_group(measures, ds.focus_areas)
    blocks: list[Block] = [
        Facts(
            tuple(
                facts.network_facts(partners, measures, partner_status, since_year=partner_year and partner_year - 2)
                + (
                    facts.network_size_facts(ds.benchmarks, partner_doc, ds.short_title(partner_doc))
                    if filters.is_empty()
                    else []
                )
                + facts.strategy_facts(per_goal, strategy, thinnest, strategy_status)
            )
        ),
        Metrics(
            (
                Metric("Partner", labels.format_number(len(partners)), partner_help),
                Metric("Partnermaßnahmen", labels.format_number(len(measures)), partner_help),
                Metric("Strategiemaßnahmen", labels.format_number(analysis.measure_count(strategy)), strategy_help),
                Metric(
                    "Handlungsziele mit Maßnahmen",
                    f"{labels.format_number(analysis.goals_with_measures(per_goal))} von {len(per_goal)}",
                    strategy_help,
                ),
            )
        ),
        Heading("Wachstum des Partnernetzwerks"),
        chart_view(
            Context.of(ds, filters, partner_sources),
            key="growth",
            name="Wachstum Partnernetzwerk",
            figure=charts.cumulative_partners_chart(
                by_group, chart_source(ds, partner_sources), partner_types=partner_types(partners)
            )
            if not partners.empty
            else None,
            table=labels.to_display(
                by_group, ["accession_date", "partner_group", "cumulative_partners"], table="partners"
            ),
            count=Count("partners", len(partners)),
        ),
        Heading("Maßnahmen je Themenschwerpunkt"),
        chart_view(
            Context.of(ds, filters, partner_sources),
            key="focus",
            name="Maßnahmen je Themenschwerpunkt",
            figure=charts.measures_by_focus_chart(
                by_focus, chart_source(ds, partner_sources), partner_types=partner_types(measures)
            )
            if not measures.empty
            else None,
            table=labels.to_display(
                by_focus.dropna(subset=["partner_group"]), ["focus_label", "partner_group", "n_measures"]
            ),
            count=Count("partner_measures", len(measures)),
        ),
        Heading("Abdeckung der 37 Handlungsziele"),
        chart_view(
            Context.of(ds, filters, strategy_sources),
            key="goals",
            name="Maßnahmen je Handlungsziel",
            figure=charts.measures_per_goal_chart(
                per_goal, set(thinnest["goal_id"]), chart_source(ds, strategy_sources)
            )
            if not strategy.empty
            else None,
            table=labels.to_display(
                per_goal,
                ["goal_id", "zieldimension", "goal_title", "n_measures"],
                table="goals",
                rename={"goal_title": "Handlungsziel (Titel)", "n_measures": "Maßnahmen"},
            ),
            count=Count("strategy_measures", analysis.measure_count(strategy)),
            note=SEVERAL_GOALS,
        ),
        Heading("Veränderung zwischen Ausgaben"),
    ]
    choice, pair = comparison(
        inp, "Was sich gegenüber einer früheren Ausgabe geändert hat: Partner, Anteile, Maßnahmen."
    )
    blocks.append(choice)
    if pair is not None:
        earlier, edition = pair
        blocks += [
            Facts(
                tuple(
                    facts.edition_change_facts(
                        edition_comparison.partner_change(earlier, ds),
                        edition_comparison.staff_share_change(earlier, ds),
                        edition_comparison.strategy_change(earlier, ds),
                        edition_comparison.goal_coverage_change(earlier, ds),
                        edition.label,
                    )
                )
            ),
            Caption("Einzelheiten auf den Seiten Partnernetzwerk, Beschäftigtenanteile und Handlungsziele 2030."),
        ]
    return PageModel(
        title=TITLE,
        question=QUESTION,
        blocks=tuple(blocks),
        definitions=(
            f"**Zwei Datenstände:** Partnernetzwerk und Partnermaßnahmen stammen aus dem Partnerbericht "
            f"({md(partner_status)}), die Strategiemaßnahmen aus dem Umsetzungsbericht zur Teilhabe- und "
            f"Integrationsstrategie 2030 ({md(strategy_status)}).",
            "**Partnermaßnahmen** sind die im Partnerbericht beschriebenen Einzelmaßnahmen, von uns gezählt und in "
            "eigenen Worten zusammengefasst. Wie ausführlich Partner berichten, ist sehr unterschiedlich; eine hohe "
            "Zahl heißt nicht mehr Wirkung.",
            "**Partnergruppen** fassen die 14 Arten von Partnern für die Diagramme zu sieben Gruppen zusammen "
            "(Tabelle „Partnernetzwerk“ zeigt die genaue Art).",
            "**Handlungsziele:** Eine Maßnahme, die mehreren Handlungszielen zugeordnet ist, zählt bei jedem dieser "
            "Ziele.",
            "Einzelheiten zu Quellen, Definitionen und bekannten Widersprüchen: Seite „Daten & Methodik“.",
        ),
    )
