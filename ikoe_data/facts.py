"""Plain-German sentences generated from the (filtered) data, for the "main facts" of each page."""

from __future__ import annotations

import pandas as pd

from . import analysis, labels

_fmt = labels.format_number
_count = labels.count


def _quote(text: str) -> str:
    return f"„{text}“"


def quoted_with_source(text: str, source: str) -> str:
    """A text that quotes a source („rund ein Drittel“) names that source right after the quotation; a text in the
    dashboard's own words stays as it is."""
    return f"{text} ({source})" if "„" in text and source else text


def network_facts(
    partners: pd.DataFrame, measures: pd.DataFrame, status_label: str, since_year: int | None = None
) -> list[str]:
    """Sentences on the (filtered) partners and their measures."""
    if partners.empty:
        return ["Für die gewählten Filter gibt es keine Partner."]
    n = len(partners)
    groups = partners["partner_type"].map(labels.PARTNER_GROUP).value_counts()
    top_group, top_n = groups.index[0], int(groups.iloc[0])
    share = "" if n == 1 else "alle " if top_n == n else f"davon {_fmt(top_n)} "
    sentences = [f"{_count(n, 'Partner', 'Partner')} ({status_label}), {share}in der Gruppe {_quote(top_group)}."]
    years = partners["accession_date"].dt.year
    first = partners.loc[partners["accession_date"].idxmin()]
    sentences.append(
        f"Erster Beitritt am {labels.format_date(first['accession_date'])} "
        f"({first['short_name']}), letzter am {labels.format_date(partners['accession_date'].max())}."
    )
    if since_year is not None:
        recent = int((years >= since_year).sum())
        joined = (
            "ist kein Partner" if recent == 0 else "ist 1 Partner" if recent == 1 else f"sind {_fmt(recent)} Partner"
        )
        sentences.append(f"Seit {since_year} {joined} hinzugekommen.")
    if not measures.empty:
        reporting = measures["partner_id"].nunique()
        by_focus = measures.groupby("focus_label").size()
        most = int(by_focus.max())
        leaders = [_quote(str(label)) for label in by_focus[by_focus == most].index]  # a tie names all of them
        where = (
            f"im Themenschwerpunkt {leaders[0]}"
            if len(leaders) == 1
            else (f"in den Themenschwerpunkten {labels.enumeration(leaders)}")
        )
        sentences.append(
            f"{_count(reporting, 'Partner berichtet', 'Partner berichten')} "
            f"{_count(len(measures), 'Einzelmaßnahme', 'Einzelmaßnahmen')}; die meisten {where} "
            f"({'je ' if len(leaders) > 1 else ''}{_fmt(most)})."
        )
        silent = n - reporting
        if silent:
            sentences.append(f"{_count(silent, 'Partner hat', 'Partner haben')} im Bericht keinen eigenen Eintrag.")
    return sentences


def network_size_facts(benchmarks: pd.DataFrame, source_doc: str | None, source_title: str = "") -> list[str]:
    """What the current partner report says about the size of the whole network (staff, organisations)."""
    rows = benchmarks[
        benchmarks["source_doc"].eq(source_doc)
        & benchmarks["indicator"].isin(["network_staff", "affiliated_organisations"])
    ]
    rows = rows.drop_duplicates("indicator")
    parts = []
    for row in rows.itertuples():
        amount = (
            _quote(row.wording)  # the report's own words („über eine Millionen“), marked as a quotation
            if isinstance(row.wording, str) and row.value_derived
            else f"{labels.QUALIFIER.get(row.qualifier, '')} {_fmt(row.value)}".strip()
        )
        parts.append(
            f"{amount} Beschäftigte"
            if row.indicator == "network_staff"
            else f"{amount} angeschlossene Organisationen, Vereine, Verbände und Unternehmen"
        )
    source = f"laut {source_title}" if source_title else "laut Partnerbericht"
    return [f"Zum Netzwerk gehören {source} {' sowie '.join(parts)}."] if parts else []


def measure_facts(measures: pd.DataFrame, type_labels: dict[str, str]) -> list[str]:
    if measures.empty:
        return ["Für die gewählten Filter gibt es keine Maßnahmen."]
    status = measures["status"].value_counts()
    share_done = 100 * (status.get("carried_out", 0) + status.get("ongoing", 0)) / len(measures)
    cancelled = int(status.get("cancelled_postponed", 0))
    types = measures["measure_types"].explode().value_counts()
    sentences = [
        f"{_count(len(measures), 'Maßnahme', 'Maßnahmen')} von "
        f"{_count(measures['partner_id'].nunique(), 'Partner', 'Partnern')}.",
        f"{labels.format_percent(share_done)} sind durchgeführt oder laufen; "
        f"{_count(cancelled, 'Maßnahme wurde', 'Maßnahmen wurden')} abgesagt oder verschoben "
        "(meist wegen der Corona-Pandemie).",
    ]
    if not types.empty:
        sentences.append(
            f"Häufigste Maßnahmenart: {_quote(type_labels.get(types.index[0], types.index[0]))} "
            f"({_count(int(types.iloc[0]), 'Nennung', 'Nennungen')})."
        )
    return sentences


def share_facts(shares: pd.DataFrame) -> list[str]:
    reported = shares.dropna(subset=["share_percent"])
    if reported.empty:
        return ["Für die gewählten Filter gibt es keine Anteilsangaben."]
    partners = reported["partner"].nunique()
    bases = reported["basis_label"].nunique()
    undated = int(reported["year"].isna().sum())
    sentences = [
        f"{_count(len(reported), 'Anteilsangabe', 'Anteilsangaben')} von "
        f"{_count(partners, 'Partner', 'Partnern')}, "
        f"bezogen auf {_count(bases, 'Bezugsgruppe', 'verschiedene Bezugsgruppen')}.",
        _methods_sentence(reported["method"]),
    ]
    if undated:
        sentences.append(
            f"Bei {_count(undated, 'Angabe', 'Angaben')} nennt die Quelle kein Jahr („Jahr nicht genannt“); "
            f"{'sie fehlt' if undated == 1 else 'sie fehlen'} in der Zeitreihe."
        )
    targets = shares.dropna(subset=["target_percent"])
    if not targets.empty:
        row = targets.iloc[0]
        sentences.append(f"Einen Zielwert nennt {row['partner']}: {labels.format_percent(row['target_percent'], 0)}.")
    return sentences


def _methods_sentence(methods: pd.Series) -> str:
    """How the figures were collected, the most frequent way first and unstated ones last:
    'Erhebung: Befragung (4), Personaldaten (1), nicht angegeben (8).'"""
    unknown = labels.METHOD["unknown"]
    counts = methods.map(labels.METHOD).fillna(unknown).value_counts()
    order = sorted(counts.index, key=lambda label: (label == unknown, -counts[label], label))
    return "Erhebung: " + ", ".join(f"{label} ({_fmt(int(counts[label]))})" for label in order) + "."


def strategy_facts(
    per_goal: pd.DataFrame, measures: pd.DataFrame, thinnest: pd.DataFrame, status_label: str
) -> list[str]:
    if measures.empty:
        return ["Für die gewählten Filter gibt es keine Strategiemaßnahmen."]
    n_measures = analysis.measure_count(measures)
    covered = analysis.goals_with_measures(per_goal)
    sentences = [
        f"Der Umsetzungsbericht ({status_label}) nennt {_count(n_measures, 'Maßnahme', 'Maßnahmen')} "
        f"zu {_fmt(covered)} von {_fmt(len(per_goal))} Handlungszielen."
    ]
    multi = measures.groupby("measure_id")["goal_id"].nunique()
    if (multi > 1).any():
        sentences.append(
            f"{_count(int((multi > 1).sum()), 'Maßnahme ist', 'Maßnahmen sind')} mehreren Handlungszielen zugeordnet."
        )
    if not thinnest.empty:
        names = ", ".join(f"{g}" for g in thinnest["goal_id"].head(8))
        least = int(thinnest["n_measures"].min())
        goals = "ist das Handlungsziel" if len(thinnest) == 1 else "sind die Handlungsziele"
        sentences.append(f"Am dünnsten abgedeckt ({_count(least, 'Maßnahme', 'Maßnahmen')}) {goals} {names}.")
    return sentences


def partner_facts(partner: pd.Series, measures: pd.DataFrame, targets: pd.DataFrame) -> list[str]:
    """Sentences on one partner: accession, measures, staff shares with target and gap."""
    sentences = [
        f"{partner['partner']} ist seit dem {labels.format_date(partner['accession_date'])} Partner des Netzwerks "
        f"({partner['partner_type']}, Regierungsbezirk {partner['regierungsbezirk']})."
    ]
    if measures.empty:
        sentences.append("Der Partnerbericht enthält für diesen Partner keinen eigenen Eintrag.")
    else:
        areas = measures["focus_area"].nunique()
        sentences.append(
            f"Der Partnerbericht beschreibt {_count(len(measures), 'Maßnahme', 'Maßnahmen')} in "
            f"{_count(areas, 'Themenschwerpunkt', 'Themenschwerpunkten')}."
        )
    if targets.empty:
        sentences.append("Zum Anteil der Beschäftigten mit Einwanderungsgeschichte nennt keine Quelle eine Zahl.")
    else:
        sentences.append(f"{_count(len(targets), 'Anteilsangabe', 'Anteilsangaben')} zur Einwanderungsgeschichte.")
        for row in targets.dropna(subset=["target_percent", "share_percent"]).itertuples():
            sentences.append(
                f"{row.basis_label}: {quoted_with_source(row.share_text, getattr(row, 'source_short', ''))} gegenüber "
                f"dem Zielwert {labels.format_share(row.target_percent, None)}, Abstand "
                f"{labels.format_points(row.gap_points)}."
            )
    return sentences


def edition_change_facts(
    partners: pd.DataFrame, shares: pd.DataFrame, strategy: pd.DataFrame, coverage: pd.DataFrame, label_a: str
) -> list[str]:
    """What changed since edition a: partners, staff-share figures, strategy measures and goal coverage."""
    sentences = []
    new = partners[partners["change"] == "neu"]
    gone = partners[partners["change"] == "entfernt"]
    part = [f"{_count(len(new), 'neuer Partner', 'neue Partner')}"]
    if not new.empty:
        part[0] += " (" + ", ".join(new["name"].astype(str)) + ")"
    if not gone.empty:
        part.append(f"{_count(len(gone), 'Partner', 'Partner')} entfallen")
    sentences.append(f"Gegenüber {label_a}: " + "; ".join(part) + ".")
    counts = shares["change"].value_counts()
    sentences.append(
        f"Anteilsangaben: {_fmt(int(counts.get('neu', 0)))} neu, {_fmt(int(counts.get('geändert', 0)))} geändert, "
        f"{_fmt(int(counts.get('entfernt', 0)))} entfallen."
    )
    kinds = strategy["change"].value_counts()
    sentences.append(
        f"Strategiemaßnahmen: {_fmt(int(kinds.get('neu', 0)))} neu, {_fmt(int(kinds.get('beendet', 0)))} beendet, "
        f"{_fmt(int(kinds.get('geändert', 0)))} geändert, {_fmt(int(kinds.get('entfernt', 0)))} entfallen."
    )
    more = coverage[coverage["difference"] > 0]["goal_id"].tolist()
    if more:
        sentences.append("Mehr Maßnahmen als zuvor bei den Handlungszielen " + ", ".join(map(str, more)) + ".")
    return sentences


def search_facts(n_partner: int, n_strategy: int, query: str) -> list[str]:
    """The search page's result line: '3 Treffer: 1 Partnermaßnahme und 2 Strategiemaßnahmen für „Sprache“.'"""
    found = (
        f"{_fmt(n_partner + n_strategy)} Treffer: {_count(n_partner, 'Partnermaßnahme', 'Partnermaßnahmen')} "
        f"und {_count(n_strategy, 'Strategiemaßnahme', 'Strategiemaßnahmen')}"
    )
    return [found + (f" für {_quote(query)}." if query else " (ohne Suchbegriff: alle Maßnahmen).")]
