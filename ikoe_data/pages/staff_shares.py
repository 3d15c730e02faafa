"""Beschäftigtenanteile: the shares of staff with Einwanderungsgeschichte the partners report, with targets and
population references; never ranked."""

from __future__ import annotations

from .. import analysis, charts, edition_comparison, facts, labels
from ..filters import filter_staff_shares
from .common import (
    CHART_ROWS,
    Context,
    capped_note,
    chart_source,
    chart_view,
    comparison,
    share_basis,
    share_target_display,
    table_view,
    with_fundstelle,
)
from .model import Block, Count, Facts, Heading, Notice, PageInput, PageModel

TITLE = "Beschäftigtenanteile"
QUESTION = (
    "Welche Anteile von Beschäftigten, Auszubildenden oder Neueingestellten mit Einwanderungsgeschichte berichten "
    "die Partner – und woran lassen sie sich messen?"
)


def build(inp: PageInput) -> PageModel:
    ds, filters, views = inp.ds, inp.filters, inp.views
    shares = filter_staff_shares(views.staff_shares, ds.partners, filters)
    benchmarks = analysis.population_benchmarks(ds)
    sources = ds.source_docs_in(ds.staff_shares, benchmarks)
    targets = analysis.share_targets(shares, ds.benchmarks)
    charted = analysis.most_reported(targets, CHART_ROWS, by=["partner"])
    count, without_share = share_basis(targets)
    blocks: list[Block] = [
        Facts(tuple(facts.share_facts(shares))),
        Notice(
            "Die Angaben beruhen auf **verschiedenen Bezugsgruppen** (alle Beschäftigten, Auszubildende, "
            "Neueinstellungen, einzelne Bereiche), **Begriffen** und **Erhebungsarten**. Sie werden deshalb nicht "
            "gegeneinander gerankt: Das Diagramm ordnet die Partner alphabetisch.",
            kind="warning",
            icon=":material/compare_arrows:",
        ),
        Heading("Anteil, Zielwert, Abstand und Bevölkerungsanteil"),
        chart_view(
            Context.of(ds, filters, sources),
            key="shares",
            name="Beschäftigtenanteile",
            figure=charts.share_target_chart(charted, benchmarks, chart_source(ds, sources))
            if not shares.empty
            else None,
            table=share_target_display(targets, ds),
            count=count,
            table_count=Count("share_statements", len(targets)),
            note=" ".join(
                part
                for part in (
                    "Gestrichelte Linien: Bevölkerungsanteile mit Einwanderungsgeschichte laut den Quellen.",
                    without_share,
                    capped_note(
                        charted["partner"].unique(), targets["partner"].unique(), "Partner mit den meisten Angaben"
                    ),
                )
                if part
            ),
        ),
        Heading("Entwicklung, wo ein Partner mehrere Jahre berichtet"),
    ]
    series = analysis.share_time_series(shares)
    if series.empty:
        blocks.append(Notice("Kein Partner in der Auswahl hat für dieselbe Bezugsgruppe Angaben aus mehreren Jahren."))
    else:
        blocks.append(
            chart_view(
                Context.of(ds, filters, sources),
                key="series",
                name="Beschäftigtenanteile Zeitreihe",
                figure=charts.staff_share_series_chart(
                    analysis.most_reported(series, 10, by=["partner", "basis"]), benchmarks, chart_source(ds, sources)
                ),
                table=labels.to_display(
                    with_fundstelle(ds, series),
                    [
                        "partner_label",
                        "year",
                        "share_text",
                        "share_percent",
                        "basis_label",
                        "method_label",
                        "fundstelle",
                    ],
                    table="staff_shares",
                ),
                count=Count("staff_shares", len(series)),
            )
        )
    blocks += [
        Heading("Vergleichswerte: Bevölkerung mit Einwanderungsgeschichte"),
        table_view(
            key="benchmarks",
            name="Vergleichswerte",
            table=labels.to_display(
                with_fundstelle(ds, analysis.population_shares(ds.benchmarks)),
                ["scope", "label", "value_text", "year_text", "concept", "fundstelle"],
                table="benchmarks",
                rename={"value_text": "Wert (wie berichtet)"},
            ),
            downloads=False,
        ),
        Heading("Veränderung zwischen Ausgaben"),
        *_edition_change(inp, sources),
    ]
    return PageModel(
        title=TITLE,
        question=QUESTION,
        blocks=tuple(blocks),
        definitions=(
            "**Begriffe:** Der Partnerbericht spricht von *Einwanderungsgeschichte*, definiert den Begriff aber nicht; "
            "einzelne Partner zählen ausdrücklich auch die zweite und dritte Generation mit. Ältere Angaben (Webseite "
            "2012/2013) sprechen von *Migrationshintergrund* oder zählen nur die *ausländische Staatsangehörigkeit*; "
            "das Polizeipräsidium Dortmund wertet den *Geburtsort im Ausland* aus. Diese Zahlen messen Verschiedenes "
            "(Spalte „Begriff“).",
            "**Bezugsgruppe:** Ein Anteil unter Auszubildenden oder Neueingestellten zeigt die Wirkung der "
            "Personalgewinnung, ein Anteil unter allen Beschäftigten den Bestand. Beides ist nicht direkt "
            "vergleichbar.",
            "**Erhebung:** Befragungen sind freiwillig (Anteil unter den Antwortenden), Personaldaten erfassen meist "
            "nur Staatsangehörigkeit oder Geburtsort, Schätzungen beruhen z. B. auf Namen.",
            "**Wie berichtet:** Zahlen, Spannen („25–30 %“) und Zusätze („ca.“, „rund“) stehen so, wie die Quelle sie "
            "nennt. Wortangaben („rund ein Drittel“, „durchweg“) stehen im Wortlaut; die Zahl daneben (33,3 %, 100 %) "
            "ist nur zum Zeichnen **abgeleitet**. „Niemand … eingestellt“ ist kein Anteil (die Quelle nennt keine "
            "Grundgesamtheit) und erscheint deshalb nur in der Tabelle.",
            "**Jahr nicht genannt:** Nennt die Quelle kein Bezugsjahr, bleibt das Jahr leer; solche Angaben erscheinen "
            "nicht in der Zeitreihe und nicht an einem erfundenen Jahr.",
            "**Bevölkerungsanteil NRW:** Der Partnerbericht nennt rund ein Drittel, der MSO-Leitfaden „über 25 "
            "Prozent“ (undatiert). Beide Werte werden als Linien gezeigt.",
        ),
    )


def _edition_change(inp: PageInput, sources: list[str]) -> list[Block]:
    ds = inp.ds
    choice, pair = comparison(inp, "Neue, geänderte und entfallene Anteilsangaben im Vergleich zweier Ausgaben.")
    if pair is None:
        return [choice]
    other, edition = pair
    change = analysis.share_changes(edition_comparison.staff_share_change(other, ds), ds.partners)
    shown = labels.to_display(
        change,
        [
            "short_name",
            "basis_label",
            "year_text",
            "share_percent_a",
            "share_percent_b",
            "difference",
            "change",
            "changed_columns",
        ],
        rename={
            "short_name": "Partner",
            "share_percent_a": f"Anteil (%) {edition.label}",
            "share_percent_b": f"Anteil (%) {inp.edition.label}",
            "difference": "Veränderung (Prozentpunkte)",
            "change": "Änderung",
            "changed_columns": "Geänderte Angaben",
        },
    )
    if shown.empty:
        return [choice, Notice("Die Anteilsangaben beider Ausgaben sind gleich.")]
    return [
        choice,
        table_view(
            key="share_change",
            name="Beschäftigtenanteile Ausgabenvergleich",
            title="Beschäftigtenanteile: Veränderung zwischen Ausgaben",
            table=shown,
            sources=sources,
        ),
    ]
