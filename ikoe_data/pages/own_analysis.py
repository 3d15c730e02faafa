"""Eigene Auswertung: the analyst chooses what is counted and by what — a list, a cross table or two years compared
(issue #20). Every choice is bound to the link; the counting is `analysis.crosstab` / `analysis.compare_years`."""

from __future__ import annotations

import numpy as np

from .. import analysis, charts, labels
from ..analysis import SUBJECTS, CrossTable, Subject
from ..analysis.crosstab import PERCENT_DECIMALS
from ..filters import Filters
from ..loading import Dataset
from ..text import md
from .common import Context, chart_source, chart_view, focus_titles, selection_line, table_view
from .model import Block, Choice, Count, Facts, Heading, Markdown, Notice, PageInput, PageModel, resolve

TITLE = "Eigene Auswertung"
QUESTION = (
    "Was möchten Sie zählen, und wonach aufgeteilt? Maßnahmen, Partner, Handlungsziele oder Anteilsangaben als "
    "Liste, als Kreuztabelle oder im Vergleich zweier Jahre."
)
COUNT_KEY, ROWS_KEY, COLUMNS_KEY = "zaehlen", "zeilen", "spalten"
YEAR_A_KEY, YEAR_B_KEY, COMPARE_BY_KEY = "jahr_a", "jahr_b", "vergleich_nach"
CHOICES = (COUNT_KEY, ROWS_KEY, COLUMNS_KEY, YEAR_A_KEY, YEAR_B_KEY, COMPARE_BY_KEY)
LINKED_YEARS = (YEAR_A_KEY, YEAR_B_KEY)  # the link names the year itself and wins over the widget
NONE = ""  # the option "no second dimension"
DEFAULTS = {  # rows and columns first shown for each counted thing (the first: the cross table asked for first)
    "partner_measures": ("regierungsbezirk", "focus_area"),
    "partners": ("partner_group", "accession_year"),
    "strategy_measures": ("zieldimension", "status"),
    "goals": ("zieldimension", "year"),
    "staff_shares": ("partner_group", "basis"),
}
FAMILY_FIELDS = {  # the shared filters that act on the data of each family
    "partner": ("partner_types", "regierungsbezirke", "accession_from", "accession_to", "focus_areas"),
    "share": ("partner_types", "regierungsbezirke", "accession_from", "accession_to"),
    "strategy": ("zieldimensionen", "ressorts"),
}


def _acting(ds: Dataset, filters: Filters, subject: Subject) -> tuple[Filters, list[str]]:
    """The filters that act on the subject's data, and the German lines of those set that do not (the page says so:
    e.g. a Ressort chosen on another page does not narrow partner measures)."""
    fields = FAMILY_FIELDS[subject.family]
    acting = Filters(**{k: v for k, v in vars(filters).items() if k in fields})
    other = Filters(**{k: v for k, v in vars(filters).items() if k not in fields})
    return acting, [] if other.is_empty() else other.describe(focus_titles(ds))


def _sources(ds: Dataset, subject: Subject) -> list[str]:
    """The sources of the counted rows: the reports of their role, or the documents the rows cite."""
    if subject.family == "strategy":
        return ds.role_sources("strategy_report")
    if subject.key == "staff_shares":
        return ds.source_docs_in(ds.staff_shares)
    if subject.key == "partners":
        return ds.source_docs_in(ds.partners, ds.partner_measures)
    return ds.role_sources("partner_report")


def _largest(result: CrossTable) -> str:
    """'Am häufigsten: Düsseldorf und Chancengerechtigkeit mit 70 Partnermaßnahmen.' (ties named with 'je')."""
    counts = result.matrix.to_numpy()
    if not counts.size or counts.max() == 0:
        return ""
    top = int(counts.max())
    places = [
        result.row_values[i].label + (f" und {result.column_values[j].label}" if result.columns is not None else "")
        for i, j in zip(*np.nonzero(counts == top))
    ]
    what = result.subject.singular if top == 1 else result.subject.dative
    each = "je " if len(places) > 1 else ""
    return f"Am häufigsten: {labels.enumeration(places, most=3)} mit {each}{labels.format_number(top)} {what}."


def _facts(result: CrossTable) -> list[str]:
    subject = result.subject
    if result.n == 0:
        return [f"Für die gewählten Filter gibt es keine {subject.plural} zu zählen."]
    split = result.rows.label + (f" und {result.columns.label}" if result.columns is not None else "")
    sentences = [f"Gezählt: {labels.count(result.n, subject.singular, subject.plural)}, aufgeteilt nach {split}."]
    if largest := _largest(result):
        sentences.append(largest)
    if result.several:
        sentences.append(
            f"{labels.format_number(result.several)} davon zählen in mehreren Zellen; „Insgesamt“ zählt "
            f"{subject.each} einmal."
        )
    return sentences


def _notes(notes: tuple[str, ...]) -> Markdown:
    return Markdown("**So lesen Sie die Zahlen**\n\n" + "\n".join(f"- {md(note)}" for note in notes))


def _default_first(default: str, options: tuple[str, ...]) -> tuple[str, ...]:
    """Options with the default first: a bound widget leaves its default out of the link, and a link without the
    parameter must open the default again (Streamlit's default is the first option)."""
    return (default, *[option for option in options if option != default])


def _choices(inp: PageInput) -> tuple[Subject, str, str | None, list[Block]]:
    """The counted thing, rows and columns the analyst chose (from the link or the widgets; an invalid value falls
    back to the subject's default), and their choice widgets."""
    subject_labels = {key: s.label for key, s in SUBJECTS.items()}
    subject = SUBJECTS[resolve(inp.choice(COUNT_KEY), tuple(SUBJECTS), subject_labels) or next(iter(SUBJECTS))]
    default_rows, default_columns = DEFAULTS[subject.key]
    names = {key: analysis.DIMENSIONS[key].label for key in subject.dimensions}
    row_options = _default_first(default_rows, subject.dimensions)
    rows = resolve(inp.choice(ROWS_KEY), row_options, names) or default_rows
    others = tuple(key for key in subject.dimensions if key != rows)
    column_options = _default_first(default_columns if default_columns in others else NONE, (NONE, *others))
    column_names = {NONE: "keine (Liste)", **names}
    columns = resolve(inp.choice(COLUMNS_KEY), column_options, column_names)
    columns = column_options[0] if columns is None else columns
    blocks: list[Block] = [
        Choice(COUNT_KEY, "Was wird gezählt?", tuple(SUBJECTS), subject_labels, subject.key),
        Choice(ROWS_KEY, "Zeilen", row_options, names, rows),
        Choice(
            COLUMNS_KEY,
            "Spalten",
            column_options,
            column_names,
            columns,
            help="Ohne Spalten entsteht eine Liste; mit Spalten eine Kreuztabelle.",
        ),
    ]
    return subject, rows, columns or None, blocks


def _comparison(
    inp: PageInput, subject: Subject, filters: Filters, ctx: Context, source: str
) -> tuple[list[Block], list[str]]:
    """The choice of two years and what to split them by, the comparison, and its sentence for the main facts."""
    if not subject.compare_dimensions:
        notice = (
            f"Für {subject.plural} nennen die Quellen keine Jahre, die sich vergleichen ließen. Zwei Jahre vergleichen "
            "lassen sich Partner (beigetreten bis Jahresende), Strategiemaßnahmen (aktiv im Jahr) und Handlungsziele "
            "mit Maßnahmen (mit einer im Jahr aktiven Maßnahme): wählen Sie oben, was gezählt wird."
        )
        return [Notice(notice)], []
    choice = analysis.year_choice(inp.ds, inp.views, subject.key)
    years = {year: str(year) for year in choice.years}
    year_a = resolve(inp.choice(YEAR_A_KEY), choice.years, years) or choice.default_a
    year_b = resolve(inp.choice(YEAR_B_KEY), choice.years, years) or choice.default_b
    names = {NONE: "insgesamt", **{key: analysis.DIMENSIONS[key].label for key in subject.compare_dimensions}}
    by_options = (*subject.compare_dimensions[:1], NONE, *subject.compare_dimensions[1:])  # the default first
    by = resolve(inp.choice(COMPARE_BY_KEY), by_options, names)
    by = by_options[0] if by is None else by
    blocks: list[Block] = [  # years stand in the link always (as `jahr_a=2019`): a default year is not the first
        Choice(YEAR_A_KEY, "Jahr A", choice.years, years, year_a, link="value"),
        Choice(YEAR_B_KEY, "Jahr B", choice.years, years, year_b, link="value"),
        Choice(COMPARE_BY_KEY, "Aufgeteilt nach", by_options, names, by),
    ]
    if year_a == year_b:
        return [*blocks, Notice("Wählen Sie zwei verschiedene Jahre.")], []
    result = analysis.compare_years(inp.ds, inp.views, filters, subject.key, year_a, year_b, by or None)
    a, b = result.totals
    change = f"{'+' if b > a else '−' if b < a else '±'}{labels.format_number(abs(b - a))}"
    fact = (
        f"{subject.compare_meaning}: {year_a} {labels.format_number(a)}, {year_b} {labels.format_number(b)} ({change})."
    )
    view = chart_view(
        ctx,
        key="years",
        name=result.title,
        figure=charts.year_comparison_chart(result, source) if result.n else None,
        table=result.table,
        count=Count(subject.key, result.n),
    )
    return [*blocks, view, _notes(result.notes)], [fact]


def build(inp: PageInput) -> PageModel:
    ds = inp.ds
    subject, rows, columns, choices = _choices(inp)
    filters, ignored = _acting(ds, inp.filters, subject)
    sources = _sources(ds, subject)
    source = chart_source(ds, sources)
    ctx = Context.of(ds, filters, sources)
    result = analysis.crosstab(ds, inp.views, filters, subject.key, rows, columns)
    comparison, compared = _comparison(inp, subject, filters, ctx, source)
    blocks: list[Block] = [Facts(tuple(_facts(result) + compared)), Heading("Zählen und aufteilen"), *choices]
    if ignored:
        blocks.append(Notice(md(f"Auf {subject.plural} wirken diese Filter nicht: {'; '.join(ignored)}.")))
    blocks += [
        chart_view(
            ctx,
            key="crosstab",
            name=result.title,
            figure=charts.crosstab_chart(result, source) if result.n else None,
            table=result.table,
            count=Count(subject.key, result.n),
            decimals=PERCENT_DECIMALS,  # a list's „Anteil (%)“
        ),
        _notes(result.notes),
    ]
    if result.percent_table is not None:
        blocks += [
            Heading("Anteile in Prozent", level=2),
            table_view(
                key="percent",
                name=f"{result.title} in Prozent",
                table=result.percent_table,
                sources=sources,
                caption=md(
                    f"Jede Zelle in % der {subject.plural} ihrer Spalte; „Insgesamt“ rechts in % aller "
                    f"{labels.format_number(result.n)} {subject.plural}."
                ),
                table_selection=selection_line(ds, filters, Count(subject.key, result.n)),
                decimals=PERCENT_DECIMALS,
            ),
        ]
    blocks += [Heading("Zwei Jahre vergleichen"), *comparison]
    return PageModel(title=TITLE, question=QUESTION, blocks=tuple(blocks), definitions=DEFINITIONS)


DEFINITIONS = (
    "**Gezählt** werden verschiedene Dinge: Partnermaßnahmen, Partner, Strategiemaßnahmen, Handlungsziele mit "
    "Maßnahmen oder Anteilsangaben. Was mehrere Werte eines Merkmals hat (eine Maßnahme mit mehreren Arten, "
    "Handlungszielen, Ressorts oder Zielgruppen; eine in mehreren Jahren aktive Maßnahme), zählt bei jedem; "
    "„Insgesamt“ zählt es nur einmal und ist dann kleiner als die Summe der Zellen.",
    "**Merkmale:** Angeboten wird nur, was die Daten zu dem Gezählten haben: Partnermerkmale für Partnerdaten, "
    "Merkmale der Strategie für Strategiedaten. Leere Kombinationen zeigen 0.",
    "**Anteilsangaben** werden gezählt, nie summiert oder gemittelt: Bezugsgruppen, Begriffe und Erhebungsarten "
    "unterscheiden sich von Partner zu Partner.",
    "**Beträge** (Mittel der Strategiemaßnahmen) sind kein Wert dieser Auswertung: Sie messen Verschiedenes und "
    "werden nicht über Maßnahmen addiert; die Seite „Handlungsziele 2030“ nennt sie einzeln.",
    "**Filter:** Art des Partners, Regierungsbezirk, Beitrittsjahr und Themenschwerpunkt wirken auf Partnerdaten "
    "(auf Anteilsangaben ohne Themenschwerpunkt), Zieldimension und Ressort auf Strategiedaten.",
    "**Jahre:** Eine Strategiemaßnahme zählt in jedem Jahr, in dem sie laut Umsetzungsbericht aktiv ist (dieselbe "
    "Regel wie im Diagramm der abgedeckten Handlungsziele); ein Partner im Jahresvergleich, wenn er bis zum 31.12. "
    "des Jahres beigetreten war.",
    "**Diagramm:** Balken für eine Liste; gestapelte Balken für eine kleine Kreuztabelle, in der jedes Gezählte in "
    "genau einer Spalte steht, sonst gruppierte Balken; eine Heatmap bei mehr als 12 Zeilen oder 6 Spalten. Ein "
    "Diagramm zeigt höchstens 40 Zeilen, die Tabelle alle.",
    "**Link:** Jede Wahl steht in der Adresse; ein Link öffnet genau diese Auswertung wieder.",
)
