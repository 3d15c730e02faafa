"""Partnernetzwerk: who belongs to the network, since when, and what each partner reports."""

from __future__ import annotations

import pandas as pd

from .. import analysis, charts, citation, edition_comparison, facts, labels
from ..filters import filter_partner_measures, filter_partners
from ..text import md
from .common import (
    Context,
    chart_source,
    chart_view,
    comparison,
    partner_types,
    source_line,
    table_view,
    with_fundstelle,
)
from .model import (
    Block,
    Caption,
    Choice,
    Count,
    Facts,
    Heading,
    Markdown,
    Metric,
    Metrics,
    Notice,
    PageInput,
    PageLink,
    PageModel,
    resolve,
)

TITLE = "Partnernetzwerk"
QUESTION = (
    "Wer gehört zum Netzwerk „Erfolgsfaktor Interkulturelle Öffnung – NRW stärkt Vielfalt!“, seit wann, und was "
    "berichtet jeder Partner?"
)
PARTNER_KEY = "partner"


def build(inp: PageInput) -> PageModel:
    ds, filters, views = inp.ds, inp.filters, inp.views
    partner_doc = ds.current_source("partner_report")
    status = ds.status_label(partner_doc)
    sources = ds.role_sources("partner_report")
    partner_year = ds.report_year("partner_report")
    partners = filter_partners(views.partners, filters, ds.partner_measures)
    measures = filter_partner_measures(views.partner_measures, ds.partners, filters)
    by_group = analysis.cumulative_partners_by_group(partners, until=ds.status_date(partner_doc))
    blocks: list[Block] = [
        Facts(tuple(facts.network_facts(partners, measures, status, since_year=partner_year and partner_year - 2))),
        Heading("Partner in Reihenfolge des Beitritts"),
        chart_view(
            Context.of(ds, filters, sources),
            key="partners",
            name="Partnernetzwerk",
            figure=charts.cumulative_partners_chart(
                by_group, chart_source(ds, sources), partner_types=partner_types(partners)
            )
            if not partners.empty
            else None,
            table=labels.to_display(
                partners,
                [
                    "partner_id",
                    "partner_label",
                    "name",
                    "partner_type",
                    "place",
                    "regierungsbezirk",
                    "scope",
                    "accession_date",
                    "accession_year",
                    "n_measures",
                    "focus_labels_reported",
                    "n_staff_shares",
                ],
                table="partners",
                rename={"name": "Vollständiger Name"},
            ),
            count=Count("partners", len(partners)),
        ),
        Heading("Partnerprofil"),
        *_profile(inp, partners, measures),
        Heading("Veränderung zwischen Ausgaben"),
        *_edition_change(inp, sources),
    ]
    return PageModel(
        title=TITLE,
        question=QUESTION,
        blocks=tuple(blocks),
        definitions=(
            "**Partner-Nr.** ist die Position in der Tabelle „Übersicht der Partner in Reihenfolge ihres Beitritts“ "
            "des Partnerberichts. Die Namen dort waren Logos und sind in der Textfassung verloren; sie sind aus der "
            "Reihenfolge der Berichtsabschnitte (nach Beitritt), den Tabellendaten und der älteren Webseite „Wir sind "
            "Partner“ erschlossen. Zwei Partner (Städtekooperation Integration.Interkommunal, IHK NRW) haben keinen "
            "eigenen Berichtseintrag.",
            "**Beitrittsdatum:** immer der Wert des Partnerberichts; weicht die Webseite ab, steht das im "
            "Partnerprofil.",
            "**Ort und Regierungsbezirk:** bei Kommunen aus dem Namen, bei Verbänden der Sitz der Organisation (nicht "
            "aus den Quellen). Landesweit tätige Verbände werden ihrem Sitz zugeordnet.",
            "**Berichtete Themenschwerpunkte:** in welchen Abschnitten des Berichts der Partner Maßnahmen nennt.",
        ),
    )


def _profile(inp: PageInput, partners: pd.DataFrame, measures: pd.DataFrame) -> list[Block]:
    ds, views = inp.ds, inp.views
    if partners.empty:
        return [Notice("Für die gewählten Filter gibt es keine Partner.")]
    options = partners.sort_values("partner_id")
    ids = tuple(int(i) for i in options["partner_id"])
    names = dict(zip(ids, options["partner"]))
    chosen = resolve(inp.choice(PARTNER_KEY), ids, names) or ids[0]
    found = analysis.partner_profile(chosen, views.partners, measures, views.staff_shares, ds.source_conflicts)
    profile = found.partner
    blocks: list[Block] = [
        Choice(key=PARTNER_KEY, label="Partner wählen", options=ids, labels=names, value=chosen),
        PageLink(
            "partner_page",
            f"Eigene Seite: {md(profile['partner'])} (Maßnahmen, Anteile, Quellen, Downloads)",
            {"id": str(chosen)},
        ),
        Markdown(
            f"**{md(profile['partner_label'])}** · {md(profile['partner_type'])} · {md(profile['place'])} "
            f"(Regierungsbezirk {md(profile['regierungsbezirk'])}) · Wirkungskreis {md(profile['scope'])}"
        ),
        Metrics(
            (
                Metric("Beitritt", labels.format_date(profile["accession_date"])),
                Metric("Berichtete Maßnahmen", labels.format_number(profile["n_measures"])),
                Metric("Anteilsangaben", labels.format_number(profile["n_staff_shares"])),
            )
        ),
    ]
    if found.measures.empty:
        blocks.append(
            Notice(
                "Für diesen Partner enthält der Partnerbericht keinen eigenen Eintrag (bzw. keinen in den gewählten "
                "Themenschwerpunkten). Er ist dennoch Partner des Netzwerks."
            )
        )
    else:
        blocks.append(
            table_view(
                key="profile_measures",
                name="Profil Maßnahmen",
                table=labels.to_display(
                    with_fundstelle(ds, found.measures),
                    ["focus_label", "title", "summary", "status_label", "measure_type_labels", "fundstelle"],
                    table="partner_measures",
                ),
                downloads=False,
            )
        )
    if not found.staff_shares.empty:
        blocks += [
            Markdown("**Angaben zum Anteil mit Einwanderungsgeschichte**"),
            table_view(
                key="profile_shares",
                name="Profil Anteile",
                table=labels.to_display(
                    with_fundstelle(ds, found.staff_shares),
                    [
                        "year_text",
                        "share_text",
                        "basis_label",
                        "basis_detail",
                        "method_label",
                        "concept_label",
                        "fundstelle",
                    ],
                    table="staff_shares",
                ),
                downloads=False,
            ),
        ]
    blocks.append(
        Caption(
            f"Beitrittsdatum: {md(citation.row_fundstelle(ds, profile.to_dict()))}. "
            f"Name: {md(citation.row_fundstelle(ds, profile.to_dict(), prefix='name_'))}. "
            f"Quellen: {source_line(ds, found.source_docs)}."
        )
    )
    blocks += [
        Notice(
            f"Abweichung in den Quellen ({md(conflict.subject)}): „{md(conflict.value_a)}“ (verwendet) gegenüber "
            f"„{md(conflict.value_b)}“. {md(conflict.resolution)}",
            kind="warning",
            icon=":material/warning:",
        )
        for conflict in found.conflicts.itertuples()
    ]
    return blocks


def _edition_change(inp: PageInput, sources: list[str]) -> list[Block]:
    ds = inp.ds
    choice, pair = comparison(inp, "Neue, entfallene und geänderte Partner im Vergleich zweier Ausgaben.")
    if pair is None:
        return [choice]
    other, edition = pair
    label_a, label_b = edition.label, inp.edition.label
    change = edition_comparison.partner_change(other, ds)
    if change.empty:
        return [
            choice,
            Notice(f"Die Partner sind in beiden Ausgaben gleich ({labels.format_number(len(ds.partners))} Partner)."),
        ]
    shown = labels.to_display(
        change,
        [
            "partner_id",
            "name",
            "partner_type",
            "accession_date",
            "change",
            "changed_columns",
            "measures_a",
            "measures_b",
        ],
        table="partners",
        rename={
            "change": "Änderung",
            "changed_columns": "Geänderte Angaben",
            "measures_a": f"Maßnahmen {label_a}",
            "measures_b": f"Maßnahmen {label_b}",
        },
    )
    return [
        choice,
        table_view(
            key="partner_change",
            name="Partner Ausgabenvergleich",
            title="Partner: Veränderung zwischen Ausgaben",
            table=shown,
            sources=sources,
            caption=f"{md(label_a)}: {labels.format_number(len(other.partners))} Partner; {md(label_b)}: "
            f"{labels.format_number(len(ds.partners))} Partner. Quelle: {source_line(ds, sources)}.",
        ),
    ]
