"""Partnerprofil: everything about one partner on one linkable page (`/partner?id=14` is Stadt Solingen)."""

from __future__ import annotations

from .. import analysis, charts, citation, facts, labels
from ..filters import Filters
from ..text import md
from .common import (
    Context,
    chart_source,
    chart_view,
    selection_line,
    share_basis,
    share_target_display,
    source_line,
    table_view,
    with_fundstelle,
)
from .model import Block, Choice, Count, Facts, Heading, Metric, Metrics, Notice, PageInput, PageModel, resolve

TITLE = "Partnerprofil"
QUESTION = (
    "Alles zu einem Partner auf einer Seite: Beitritt, Maßnahmen je Themenschwerpunkt, Beschäftigtenanteile mit "
    "Zielwert, Abweichungen zwischen den Quellen und jede Fundstelle."
)
ID_KEY = "id"
NO_FILTERS = Filters()  # a partner page shows the whole partner


def build(inp: PageInput) -> PageModel:
    ds, views = inp.ds, inp.views
    reports = ds.source_docs_in(ds.partner_measures)
    partners = views.partners.sort_values("partner_id")
    names = {str(i): name for i, name in zip(partners["partner_id"], partners["partner"])}
    labelled = {key: f"{key}: {name}" for key, name in names.items()}
    raw = inp.choice(ID_KEY)
    chosen_key = resolve(raw, tuple(names), labelled) or next(iter(names))
    chosen = int(chosen_key)
    found = analysis.partner_profile(chosen, partners, views.partner_measures, views.staff_shares, ds.source_conflicts)
    partner, measures, shares, conflicts = found.partner, found.measures, found.staff_shares, found.conflicts
    targets = analysis.share_targets(shares, ds.benchmarks)
    subject = f"Partner: {partner['partner_label']}"
    blocks: list[Block] = []
    if raw not in (None, "") and resolve(raw, tuple(names), labelled) is None:
        blocks.append(Notice("Die Partner-Nr. im Link gibt es nicht; gezeigt wird der erste Partner.", kind="warning"))
    blocks += [
        Choice(key=ID_KEY, label="Partner", options=tuple(names), labels=labelled, value=chosen_key, link="value"),
        Heading(partner["partner_label"]),
        Facts(tuple(facts.partner_facts(partner, measures, targets))),
        Metrics(
            (
                Metric("Beitritt", labels.format_date(partner["accession_date"])),
                Metric("Maßnahmen", labels.format_number(len(measures))),
                Metric("Anteilsangaben", labels.format_number(len(shares))),
                Metric("Abweichungen zwischen Quellen", labels.format_number(len(conflicts))),
            )
        ),
        table_view(
            key="identity",
            name="Partner",
            table=labels.to_display(
                partners[partners["partner_id"] == chosen],
                [
                    "partner_id",
                    "partner",
                    "name",
                    "partner_type",
                    "place",
                    "regierungsbezirk",
                    "scope",
                    "accession_date",
                ],
                table="partners",
                rename={"partner": "Anzeigename", "name": "Vollständiger Name"},
            ),
            downloads=False,
        ),
        Heading("Maßnahmen je Themenschwerpunkt", level=2),
    ]
    status = analysis.status_by_focus(measures, ds.focus_areas)
    blocks.append(
        chart_view(
            Context.of(ds, NO_FILTERS, reports),
            key="partner_focus",
            name=f"Maßnahmen {partner['partner']}",
            figure=charts.status_chart(
                status, chart_source(ds, reports), title=f"Maßnahmen von {partner['partner']} je Themenschwerpunkt"
            )
            if not measures.empty
            else None,
            table=labels.to_display(status[status["n_measures"] > 0], ["focus_label", "status_label", "n_measures"]),
            count=Count("partner_measures", len(measures)),
            subject=subject,
        )
    )
    if not measures.empty:
        blocks.append(
            table_view(
                key="partner_measures",
                name=f"Maßnahmen {partner['partner']} einzeln",
                title=f"Maßnahmen von {partner['partner_label']}",
                table=labels.to_display(
                    with_fundstelle(ds, measures),
                    [
                        "measure_id",
                        "focus_label",
                        "title",
                        "summary",
                        "status_label",
                        "measure_type_labels",
                        "fundstelle",
                    ],
                    table="partner_measures",
                ),
                sources=reports,
                table_selection=selection_line(ds, NO_FILTERS, Count("partner_measures", len(measures)), subject),
            )
        )
    blocks.append(Heading("Beschäftigtenanteile, Zielwert und Abstand", level=2))
    if targets.empty:
        blocks.append(Notice("Für diesen Partner nennt keine Quelle einen Anteil mit Einwanderungsgeschichte."))
    else:
        share_sources = sorted(set(targets["source_doc"]))
        count, note = share_basis(targets)
        blocks.append(
            chart_view(
                Context.of(ds, NO_FILTERS, share_sources),
                key="partner_shares",
                name=f"Beschäftigtenanteile {partner['partner']}",
                figure=charts.share_target_chart(
                    targets,
                    analysis.population_benchmarks(ds),
                    chart_source(ds, share_sources),
                    title=f"Anteile bei {partner['partner']}",
                )
                if targets["share_percent"].notna().any()
                else None,
                table=share_target_display(targets, ds),
                count=count,
                table_count=Count("share_statements", len(targets)),
                note=note,
                subject=subject,
            )
        )
    blocks.append(Heading("Abweichungen zwischen den Quellen", level=2))
    if conflicts.empty:
        blocks.append(Notice("Für diesen Partner sind keine Abweichungen zwischen den Quellen bekannt."))
    blocks += [
        Notice(
            md(
                f"{conflict['subject']}: „{conflict['value_a']}“ (verwendet; "
                f"{citation.row_fundstelle(ds, conflict, suffix='_a')}) gegenüber „{conflict['value_b']}“ "
                f"({citation.row_fundstelle(ds, conflict, suffix='_b')}). {conflict['resolution']}"
            ),
            kind="warning",
            icon=":material/warning:",
        )
        for conflict in conflicts.to_dict("records")
    ]
    found_sources = analysis.partner_sources(ds, chosen, measures, shares)
    docs = sorted(set(found_sources["source_doc"]))
    blocks += [
        Heading("Quellen und Fundstellen", level=2),
        table_view(
            key="partner_sources",
            name=f"Fundstellen {partner['partner']}",
            title=f"Fundstellen zu {partner['partner_label']}",
            table=analysis.partner_sources_table(found_sources),
            sources=docs,
            caption=f"Quellen: {source_line(ds, docs)}.",
            table_selection=selection_line(ds, NO_FILTERS, Count("statements", len(found_sources)), subject),
        ),
    ]
    return PageModel(
        title=TITLE,
        question=QUESTION,
        blocks=tuple(blocks),
        definitions=(
            "**Name:** Überall steht derselbe Anzeigename; Abkürzungen sind in Tabellen, Legenden und Hinweisen "
            "ausgeschrieben. Der vollständige Name steht in der ersten Tabelle.",
            "**Maßnahmen** sind die im Partnerbericht beschriebenen Einzelmaßnahmen, von uns gezählt und "
            "zusammengefasst.",
            "**Anteile** werden mit Bezugsgruppe, Begriff und Erhebungsart gezeigt, wie berichtet; Wortangaben bleiben "
            "Worte und sind nur zum Zeichnen als Zahl eingetragen. **Abstand zum Zielwert** = berichteter Anteil − "
            "Zielwert, in Prozentpunkten.",
            "**Link zu dieser Seite:** `/partner?id=` und die Partner-Nr. (Position im Partnerbericht).",
        ),
    )
