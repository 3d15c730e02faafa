"""Own analysis („Eigene Auswertung“): count a chosen thing by one dimension (a list) or two (a cross table), or
compare two years, under the shared filters.

A counted thing with several values in a dimension (a measure with several types, goals, ministries, target groups,
active years) counts in each of its cells; the totals count DISTINCT things, so they can be less than the sum of
their cells, and the result says so. Empty combinations are 0. What may be counted by what is in
`crosstab_catalogue`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import labels
from ..filters import (
    Filters,
    filter_goals,
    filter_partner_measures,
    filter_partners,
    filter_staff_shares,
    filter_strategy_measures,
)
from ..loading import Dataset
from .crosstab_catalogue import (
    DIMENSIONS,
    MISSING,
    MONEY_NOTE,
    SHARE,
    SHARES_NOTE,
    STRATEGY,
    SUBJECTS,
    TOTAL,
    VALUE_NOTES,
    Dimension,
    Subject,
    Value,
    dimension_values,
)
from .strategy import ActivityRule, active_period, coverage_years
from .views import Views

LIST, STACKED, GROUPED, HEATMAP = "bars", "stacked_bars", "grouped_bars", "heatmap"
MANY_ROWS, MANY_COLUMNS = 12, 6  # beyond these a cross table is drawn as a heatmap (bars would be unreadable)
CHART_LIMIT = 40  # rows (and columns) a chart shows; the table keeps all
PERCENT_DECIMALS = 1  # shares in %: one decimal each (43,0 beside 16,2), on screen and in Excel


@dataclass(frozen=True)
class _Incidence:
    rows: np.ndarray  # the counted row of each pair (ascending)
    codes: np.ndarray  # the position of its value in `values`
    values: list[Value]


@dataclass(frozen=True)
class CrossTable:
    """Everything a page shows of a count: table, percentages, chart data, chart kind, n and notes."""

    subject: Subject
    rows: Dimension
    columns: Dimension | None  # None: a list
    row_values: tuple[Value, ...]
    column_values: tuple[Value, ...]  # of a list: the one column of counts
    matrix: pd.DataFrame  # counts of the shown rows × columns, by position (for the chart)
    row_totals: np.ndarray  # distinct counted things per row
    column_totals: np.ndarray
    table: pd.DataFrame  # as shown and downloaded: German headers, totals row and column ("Insgesamt")
    percent_table: pd.DataFrame | None  # cross tables: each cell in % of its column's total
    n: int  # distinct counted things
    cells_sum: int  # sum of all cells (more than n where things count in several cells)
    several: int  # counted things in more than one cell
    title: str
    chart_kind: str
    chart_rows: tuple[int, ...]  # positions of the rows (and columns) the chart shows: at most CHART_LIMIT
    chart_columns: tuple[int, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class YearComparison:
    """Year A against year B, per value of a dimension (or in total), with the difference B − A."""

    subject: Subject
    dimension: Dimension | None
    year_a: int
    year_b: int
    row_values: tuple[Value, ...]
    matrix: pd.DataFrame  # rows × (A, B), by position (for the chart)
    table: pd.DataFrame
    n: int  # distinct things counted in A or B
    totals: tuple[int, int]
    title: str
    chart_rows: tuple[int, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class YearChoice:
    """The years an analyst can compare for a subject, and the pair shown first."""

    years: tuple[int, ...]
    default_a: int
    default_b: int


# --------------------------------------------------------------------------- values of each dimension


def _years(frame: pd.DataFrame, dimension: Dimension, rule: ActivityRule) -> list[Value]:
    """Years ascending and without gaps, from the first to the last in the counted rows."""
    if dimension.kind == "range":
        years = coverage_years(frame, rule)
    else:
        present = frame[dimension.column].dropna()
        years = range(int(present.min()), int(present.max()) + 1) if len(present) else range(0)
    return [Value(y, str(y)) for y in years]


def _spread(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For consecutive runs of the given lengths: the run each element belongs to and its place in the run."""
    owner = np.repeat(np.arange(len(lengths)), lengths)
    return owner, np.arange(len(owner)) - np.repeat(np.cumsum(lengths) - lengths, lengths)


def _incidence(frame: pd.DataFrame, dimension: Dimension, values: list[Value], missing: str) -> _Incidence:
    """Which value(s) each counted row has; a row without one gets the value `missing` (added at the end). Lists
    are resolved once per distinct list, not per row (a 100× dataset repeats the same few hundred lists)."""
    if dimension.kind == "range":
        start = frame["active_from"].to_numpy(np.int64)
        rows, offsets = _spread(np.maximum(frame["active_to"].to_numpy(np.int64) - start + 1, 0))
        first = int(values[0].code) if values else 0
        return _Incidence(rows, start[rows] + offsets - first, values)
    position = {v.code: i for i, v in enumerate(values)}
    none = len(values)
    ids, uniques = pd.factorize(frame[dimension.column])
    resolved = [
        [position.get(item, none) for item in value] or [none]
        if dimension.kind == "list"
        else [position.get(value, none)]
        for value in uniques
    ] + [[none]]  # the last: a missing cell (id -1)
    lengths = np.array([len(codes) for codes in resolved])
    starts = np.cumsum(lengths) - lengths
    flat = np.array([code for codes in resolved for code in codes], dtype=np.int64)
    rows, offsets = _spread(lengths[ids])
    codes = flat[starts[ids][rows] + offsets]
    if (codes == none).any():
        values = [*values, Value("", missing)]
    return _Incidence(rows, codes, values)


# --------------------------------------------------------------------------- the counted rows


def _counted_rows(
    ds: Dataset, views: Views, filters: Filters, subject: Subject, rule: ActivityRule
) -> tuple[pd.DataFrame, np.ndarray]:
    """The filtered rows to count (index 0…n−1) and, per row, the number of the thing it counts."""
    key = subject.key
    measure_columns = ["partner_id", "focus_area", "measure_types", "status"]
    if key == "partner_measures":
        measures = filter_partner_measures(views.partner_measures, ds.partners, filters)
        frame = measures[[*measure_columns, "partner_group", "partner_type", "regierungsbezirk"]].reset_index(drop=True)
        frame["accession_year"] = measures["accession_date"].dt.year.to_numpy()
        return frame, np.arange(len(frame))
    partner_columns = ["partner_id", "partner_group", "partner_type", "regierungsbezirk", "accession_year"]
    if key == "partners":
        partners = filter_partners(views.partners, filters, ds.partner_measures)[partner_columns]
        measures = filter_partner_measures(views.partner_measures, ds.partners, filters)
        frame = partners.merge(measures[measure_columns], on="partner_id", how="left")
        return frame, pd.factorize(frame["partner_id"])[0]
    if key == "staff_shares":
        shares = filter_staff_shares(views.staff_shares, ds.partners, filters)
        frame = shares[["partner_id", "basis", "concept", "method", "year"]].merge(
            views.partners[partner_columns], on="partner_id", how="left"
        )
        return frame, np.arange(len(frame))
    strategy = filter_strategy_measures(views.strategy_measures, ds.goals, filters)
    columns = ["measure_id", "goal_id", "zieldimension", "ressorts", "zielgruppen", "status", "source_doc"]
    frame = active_period(strategy[[*columns, "start_year", "end_year"]].reset_index(drop=True), rule)
    return frame, pd.factorize(frame["measure_id" if key == "strategy_measures" else "goal_id"])[0]


def _values(ds: Dataset, frame: pd.DataFrame, subject: Subject, dimension: Dimension, rule: ActivityRule) -> _Incidence:
    values = _years(frame, dimension, rule) if dimension.years else dimension_values(ds, subject.key, dimension.key)
    return _incidence(frame, dimension, values, MISSING.get((subject.family, dimension.key), "ohne Angabe"))


def _pairs(a: _Incidence, b: _Incidence, n_rows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every combination of a row's values in a and in b: (row, code in a, code in b)."""
    count_b = np.bincount(b.rows, minlength=n_rows)
    start_b = np.cumsum(count_b) - count_b
    a_index, offsets = _spread(count_b[a.rows])
    rows = a.rows[a_index]
    return rows, a.codes[a_index], b.codes[start_b[rows] + offsets]


@dataclass(frozen=True)
class _Counts:
    cells: np.ndarray  # distinct things per (a, b)
    a_totals: np.ndarray  # distinct things per a
    b_totals: np.ndarray
    n: int
    several: int  # things in more than one cell
    a_multi: bool  # some thing has several values in a
    b_multi: bool


def _count(items: np.ndarray, pairs: tuple[np.ndarray, np.ndarray, np.ndarray], na: int, nb: int) -> _Counts:
    """Distinct things per cell and per row and column (a thing with several values counts once in a total)."""
    rows, a, b = pairs
    n_items = int(items.max()) + 1 if len(items) else 1
    thing = items[rows]
    keys = pd.unique((a * nb + b) * n_items + thing)
    cell, thing = keys // n_items, keys % n_items
    a_keys = pd.unique(cell // nb * n_items + thing)
    b_keys = pd.unique(cell % nb * n_items + thing)
    return _Counts(
        cells=np.bincount(cell, minlength=na * nb).reshape(na, nb),
        a_totals=np.bincount(a_keys // n_items, minlength=na),
        b_totals=np.bincount(b_keys // n_items, minlength=nb),
        n=len(pd.unique(thing)),
        several=int((np.bincount(thing, minlength=n_items) > 1).sum()),
        a_multi=len(a_keys) > len(pd.unique(thing)),
        b_multi=len(b_keys) > len(pd.unique(thing)),
    )


def _shown(dimension: Dimension | None, values: list[Value], totals: np.ndarray, filters: Filters) -> list[int]:
    """Positions of the values a table shows: years without gaps, a short fixed list whole (as far as the filters
    allow), otherwise the values that occur."""
    if dimension is None:
        return list(range(len(values)))
    chosen = getattr(filters, dimension.filter_field) if dimension.filter_field else ()
    keep = [
        total > 0 or (v.code != "" and (dimension.years or (dimension.keep_empty and (not chosen or v.code in chosen))))
        for v, total in zip(values, totals)
    ]
    return [i for i, k in enumerate(keep) if k]


# --------------------------------------------------------------------------- notes


def _subject_notes(ds: Dataset, filters: Filters, subject: Subject, n: int, rule: ActivityRule) -> list[str]:
    notes = [subject.definition]
    if subject.family == SHARE:
        notes.append(SHARES_NOTE)
    if subject.key == "goals":
        selected = len(filter_goals(ds.goals, filters))
        notes.append(
            f"Die Auswahl umfasst {labels.count(selected, 'Handlungsziel', 'Handlungsziele')}; "
            f"{labels.format_number(n)} davon haben mindestens eine Maßnahme der Auswahl."
        )
    if subject.family == STRATEGY:
        notes.append(MONEY_NOTE)
    return notes


def _dimension_notes(keys: list[str | None], frame: pd.DataFrame, rule: ActivityRule) -> list[str]:
    """How the values of the chosen dimensions read (VALUE_NOTES of the catalogue)."""
    years = {"horizon": rule.horizon(frame), "report_year": rule.report_year} if "year" in keys else {}
    return [VALUE_NOTES[key].format(**years) for key in VALUE_NOTES if key in keys]


def _charted(totals: np.ndarray, what: str, subject: Subject, notes: list[str]) -> tuple[int, ...]:
    """Positions of the at most CHART_LIMIT values with the largest totals, in table order; a note when cut."""
    if len(totals) <= CHART_LIMIT:
        return tuple(range(len(totals)))
    notes.append(
        f"Das Diagramm zeigt die {CHART_LIMIT} {what} mit den meisten {subject.dative}; die Tabelle enthält alle "
        f"{labels.format_number(len(totals))}."
    )
    return tuple(sorted(np.argsort(-totals, kind="stable")[:CHART_LIMIT].tolist()))


def _several_note(subject: Subject, multi: list[Dimension], counts: _Counts, cells_sum: int, cross: bool) -> str:
    where = "Zellen" if cross else "Zeilen"
    of_n = f"{labels.format_number(counts.n)} {subject.singular if counts.n == 1 else subject.dative}"
    return (
        f"{subject.one} kann bei {labels.enumeration([d.label for d in multi])} mehrere Werte haben und zählt dann "
        f"bei jedem: {labels.format_number(counts.several)} von {of_n} "
        f"stehen hier in mehreren {where}. Die Summe der {where} ({labels.format_number(cells_sum)}) ist deshalb "
        f"größer als n = {labels.format_number(counts.n)}; „{TOTAL}“ zählt {subject.each} nur einmal und ist daher "
        f"kleiner als die Summe seiner {where}."
    )


# --------------------------------------------------------------------------- the count


def _resolve(subject_key: str, dimension_keys: list[str | None]) -> tuple[Subject, list[Dimension | None]]:
    if subject_key not in SUBJECTS:
        raise ValueError(f"Unbekannte Zählgröße: {subject_key}")
    subject = SUBJECTS[subject_key]
    for key in dimension_keys:
        if key is not None and key not in subject.dimensions:
            raise ValueError(f"{subject.label} lassen sich nicht nach {key} aufteilen.")
    return subject, [DIMENSIONS[k] if k is not None else None for k in dimension_keys]


def crosstab(
    ds: Dataset, views: Views, filters: Filters, subject_key: str, rows: str, columns: str | None = None
) -> CrossTable:
    """Count `subject_key` (a key of SUBJECTS) by the dimension `rows` (a list) or by `rows` × `columns` (a cross
    table), under the shared filters. Raises ValueError for a combination the catalogue does not offer."""
    if columns == rows:
        raise ValueError("Zeilen und Spalten brauchen zwei verschiedene Merkmale.")
    subject, (row_dim, column_dim) = _resolve(subject_key, [rows, columns])
    assert row_dim is not None
    rule = ActivityRule.of(ds)
    frame, items = _counted_rows(ds, views, filters, subject, rule)
    a = _values(ds, frame, subject, row_dim, rule)
    b = (
        _values(ds, frame, subject, column_dim, rule)
        if column_dim is not None
        else _Incidence(np.arange(len(frame)), np.zeros(len(frame), np.int64), [Value("", subject.plural)])
    )
    counts = _count(items, _pairs(a, b, len(frame)), len(a.values), len(b.values))
    shown_rows = _shown(row_dim, a.values, counts.a_totals, filters)
    shown_columns = _shown(column_dim, b.values, counts.b_totals, filters)
    row_values = tuple(a.values[i] for i in shown_rows)
    column_values = tuple(b.values[j] for j in shown_columns)
    matrix = pd.DataFrame(counts.cells[np.ix_(shown_rows, shown_columns)])
    row_totals, column_totals = counts.a_totals[shown_rows], counts.b_totals[shown_columns]
    cells_sum = int(matrix.to_numpy().sum())

    first = [v.label for v in row_values] + [TOTAL]
    if column_dim is None:
        title = f"{subject.label} nach {row_dim.label}"
        share = np.round(100 * np.append(row_totals, counts.n) / max(counts.n, 1), PERCENT_DECIMALS)
        table = pd.DataFrame(
            {row_dim.label: first, subject.plural: np.append(row_totals, counts.n), "Anteil (%)": share}
        )
        percent_table = None
        kind = LIST
    else:
        title = f"{subject.label} nach {row_dim.label} und {column_dim.label}"
        body = np.vstack([np.column_stack([matrix.to_numpy(), row_totals]), [*column_totals, counts.n]])
        headers = [v.label for v in column_values] + [TOTAL]
        table = pd.DataFrame(body, columns=headers).astype(np.int64)
        table.insert(0, row_dim.label, first)
        divisor = np.append(column_totals, counts.n).astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            percent = np.round(100 * body / np.where(divisor > 0, divisor, np.nan), PERCENT_DECIMALS)
        percent_table = pd.DataFrame(percent, columns=[f"{h} (%)" for h in headers])
        percent_table.insert(0, row_dim.label, first)
        many = len(row_values) > MANY_ROWS or len(column_values) > MANY_COLUMNS
        kind = HEATMAP if many else (GROUPED if counts.b_multi else STACKED)

    notes = _subject_notes(ds, filters, subject, counts.n, rule)
    multi = [d for d, m in ((row_dim, counts.a_multi), (column_dim, counts.b_multi)) if m and d is not None]
    if counts.several and multi:
        notes.append(_several_note(subject, multi, counts, cells_sum, column_dim is not None))
    notes += _dimension_notes([rows, columns], frame, rule)
    if (never := len(np.unique(items)) - counts.n) > 0:  # only the active years can leave a thing without a value
        notes.append(
            f"{labels.format_number(never)} der {labels.format_number(never + counts.n)} {subject.plural} "
            f"{'hat' if never == 1 else 'haben'} nach dieser Regel kein aktives Jahr (bei einer Maßnahme kann das "
            "genannte Endjahr vor dem abgeleiteten Startjahr liegen) und "
            f"{'fehlt' if never == 1 else 'fehlen'} deshalb hier, wie im Diagramm der abgedeckten Handlungsziele."
        )
    if percent_table is not None:
        notes.append(
            f"Anteile: jede Zelle in % der {subject.plural} ihrer Spalte („{TOTAL}“ der Spalte = 100 %); „{TOTAL}“ "
            f"rechts in % aller {labels.format_number(counts.n)} {subject.plural}."
        )
    chart_rows = _charted(row_totals, "Zeilen", subject, notes)
    chart_columns = _charted(column_totals, "Spalten", subject, notes) if column_dim is not None else (0,)
    return CrossTable(
        subject=subject,
        rows=row_dim,
        columns=column_dim,
        row_values=row_values,
        column_values=column_values,
        matrix=matrix,
        row_totals=row_totals,
        column_totals=column_totals,
        table=table,
        percent_table=percent_table,
        n=counts.n,
        cells_sum=cells_sum,
        several=counts.several,
        title=title,
        chart_kind=kind,
        chart_rows=chart_rows,
        chart_columns=chart_columns,
        notes=tuple(notes),
    )


# --------------------------------------------------------------------------- two years


def year_choice(ds: Dataset, views: Views, subject_key: str) -> YearChoice:
    """The years two of which can be compared (independent of the filters, so a link keeps its years), and the
    pair shown first: the current report's year and two (strategy) or five (partners) years before."""
    subject, _ = _resolve(subject_key, [])
    if not subject.compare_dimensions:
        raise ValueError(f"{subject.label} haben keine Jahre zum Vergleichen.")
    if subject.family == STRATEGY:
        rule = ActivityRule.of(ds)
        years = tuple(coverage_years(active_period(views.strategy_measures, rule), rule))
        report, back = rule.report_year, 2
    else:
        accession = views.partners["accession_year"].dropna()
        report = ds.report_year("partner_report") or (int(accession.max()) if len(accession) else 2000)
        first = int(accession.min()) if len(accession) else report
        years, back = tuple(range(first, max(report, int(accession.max()) if len(accession) else report) + 1)), 5
    default_b = min(max(report, years[0]), years[-1])
    return YearChoice(years, max(default_b - back, years[0]), default_b)


def _in_year(frame: pd.DataFrame, subject: Subject, year_a: int, year_b: int) -> _Incidence:
    """Rows counted in year A (code 0) and in year B (code 1): active then, or joined by the end of the year."""
    if subject.family == STRATEGY:
        start, stop = frame["active_from"].to_numpy(np.int64), frame["active_to"].to_numpy(np.int64)
        masks = [(start <= y) & (y <= stop) for y in (year_a, year_b)]
    else:
        joined = frame["accession_year"].to_numpy(np.float64, na_value=np.inf)
        masks = [joined <= y for y in (year_a, year_b)]
    rows = np.concatenate([np.flatnonzero(m) for m in masks])
    codes = np.concatenate([np.full(int(m.sum()), code, np.int64) for code, m in enumerate(masks)])
    order = np.argsort(rows, kind="stable")
    return _Incidence(rows[order], codes[order], [Value(year_a, str(year_a)), Value(year_b, str(year_b))])


def compare_years(
    ds: Dataset,
    views: Views,
    filters: Filters,
    subject_key: str,
    year_a: int,
    year_b: int,
    dimension: str | None = None,
) -> YearComparison:
    """`subject_key` in year A and in year B (strategy measures and goals: active in the year by the activity rule;
    partners: joined by the end of the year), per value of `dimension` or in total, with the difference B − A."""
    subject, (dim,) = _resolve(subject_key, [dimension])
    if not subject.compare_dimensions or (dimension is not None and dimension not in subject.compare_dimensions):
        raise ValueError(f"{subject.label} lassen sich so nicht über Jahre vergleichen.")
    if year_a == year_b:
        raise ValueError("Jahr A und Jahr B müssen verschieden sein.")
    rule = ActivityRule.of(ds)
    frame, items = _counted_rows(ds, views, filters, subject, rule)
    a = (
        _values(ds, frame, subject, dim, rule)
        if dim is not None
        else _Incidence(np.arange(len(frame)), np.zeros(len(frame), np.int64), [Value("", TOTAL)])
    )
    counts = _count(items, _pairs(a, _in_year(frame, subject, year_a, year_b), len(frame)), len(a.values), 2)
    shown = _shown(dim, a.values, counts.a_totals, filters) if dim is not None else [0]
    row_values = tuple(a.values[i] for i in shown)
    matrix = pd.DataFrame(counts.cells[shown])
    body = matrix.to_numpy() if dim is None else np.vstack([matrix.to_numpy(), counts.b_totals])
    names = [v.label for v in row_values] + ([] if dim is None else [TOTAL])
    a_label, b_label = str(year_a), str(year_b)
    table = pd.DataFrame(
        {
            dim.label if dim is not None else "Auswahl": names,
            a_label: body[:, 0].astype(np.int64),
            b_label: body[:, 1].astype(np.int64),
            f"Differenz ({b_label} − {a_label})": (body[:, 1] - body[:, 0]).astype(np.int64),
        }
    )
    notes = _subject_notes(ds, filters, subject, counts.n, rule)
    notes.append(f"Gezählt je Jahr: {subject.compare_meaning}.")
    notes += _dimension_notes(["year" if subject.family == STRATEGY else None, dimension], frame, rule)
    if subject.family != STRATEGY:
        status = ds.status_date(ds.current_source("partner_report"))
        if status is not None and max(year_a, year_b) >= status.year:
            notes.append(
                f"Der Partnerbericht hat den Stand {labels.format_date(status)}: spätere Beitritte sind nicht erfasst."
            )
    if counts.a_multi:
        notes.append(
            f"{subject.one} kann bei {dim.label if dim else ''} mehrere Werte haben und zählt dann bei jedem; "
            f"„{TOTAL}“ zählt {subject.each} nur einmal."
        )
    chart_rows = _charted(matrix.to_numpy().max(axis=1), "Zeilen", subject, notes)
    title = f"{subject.label} {a_label} und {b_label}" + (f" nach {dim.label}" if dim is not None else "")
    return YearComparison(
        subject=subject,
        dimension=dim,
        year_a=year_a,
        year_b=year_b,
        row_values=row_values,
        matrix=matrix,
        table=table,
        n=counts.n,
        totals=(int(counts.b_totals[0]), int(counts.b_totals[1])),
        title=title,
        chart_rows=chart_rows,
        notes=tuple(notes),
    )
