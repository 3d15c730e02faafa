"""Every figure and title stands where its row says: document and line (needs ../shared/seeds)."""

from __future__ import annotations

import itertools
import re
from types import SimpleNamespace

import pandas as pd
import pytest
from conftest import REPO, normalise, text_from

from ikoe_data import labels

ANCHORED = ["partner_measures", "staff_shares", "benchmarks", "strategy_budgets", "measure_types"]


@pytest.mark.parametrize("table", ANCHORED)
def test_anchor_stands_on_its_line(ds, seed_lines, table):
    frame = ds.tables[table].dropna(subset=["source_anchor"])
    assert not frame.empty
    misplaced = [
        row
        for row in frame.itertuples()
        if row.source_anchor not in seed_lines[row.source_doc][int(row.source_line) - 1]
    ]
    assert misplaced == []


def test_shares_anchor_contains_the_figure_or_its_words(ds, seed_lines):
    """The anchor must carry the whole number (or the verbal share) the row records: 20,15 as 20,15 – not 20."""
    for row in ds.staff_shares.dropna(subset=["share_percent"]).itertuples():
        anchor = row.source_anchor
        number = f"{row.share_percent:g}".replace(".", ",")
        stated = re.search(rf"(?<![\d,.]){re.escape(number)}(?:,0+)?(?![\d]|,\d)", anchor)
        verbal = re.search(r"drittel|durchweg|niemand|vierte", anchor, re.IGNORECASE)
        assert stated or verbal, (row.share_id, number, anchor)


def test_partner_accession_date_and_name_stand_in_the_sources(ds, seed_lines):
    for row in ds.partners.itertuples():
        date_line = seed_lines[row.source_doc][row.source_line - 1]
        assert f"{row.accession_date:%d.%m.%Y}" in date_line, row.partner_id
        name_line = seed_lines[row.name_source_doc][row.name_source_line - 1]
        assert row.source_name in name_line, row.partner_id


def test_accession_table_dates_are_read_in_table_order(ds, seed_lines):
    """Independent read of the table (lines 316–396): the dates in document order equal the partners' dates."""
    table_text = "\n".join(seed_lines["partnerbericht_2020"][315:396])
    dates = re.findall(r"\b(\d{2})\.(\d{2})\.(\d{4})\b", table_text)
    dates = [f"{y}-{m}-{d}" for d, m, y in dates if (d, m, y) != ("30", "09", "2020")]  # "Stand 30.09.2020"
    assert dates == [f"{d:%Y-%m-%d}" for d in ds.partners.sort_values("partner_id")["accession_date"]]


@pytest.mark.parametrize("table", ["goals", "zieldimensionen", "focus_areas"])
def test_titles_stand_at_their_line(ds, seed_lines, table):
    for row in ds.tables[table].itertuples():
        text = text_from(seed_lines[row.source_doc], row.source_line)
        assert normalise(row.title)[:60] in text, (table, row.source_line)


def test_strategy_titles_stand_at_their_line(ds, seed_lines):
    lines = seed_lines["umsetzungsbericht_2021"]
    for row in ds.strategy_measures.itertuples():
        text = text_from(lines, row.source_line, span=4)
        assert normalise(row.title).replace("*", "")[:50] in text.replace("*", ""), row.measure_id


def test_strategy_years_stand_at_their_lines(ds, seed_lines):
    lines = seed_lines["umsetzungsbericht_2021"]
    for row in ds.strategy_measures.itertuples():
        for year, line in ((row.start_year, row.start_year_line), (row.end_year, row.end_year_line)):
            if not pd.isna(year):
                assert re.search(rf"\b{int(year)}\b", lines[int(line) - 1]), (row.measure_id, year, line)


def test_ressort_names_stand_in_the_abbreviation_list(ds, seed_lines):
    for row in ds.ressorts.dropna(subset=["source_line"]).itertuples():
        line = seed_lines[row.source_doc][int(row.source_line) - 1]
        assert line.startswith(row.code) and row.name in line


def test_conflicting_dates_and_names_stand_where_recorded(ds, seed_lines):
    for row in ds.source_conflicts.itertuples():
        for value, doc, line in (
            (row.value_a, row.source_doc_a, row.source_line_a),
            (row.value_b, row.source_doc_b, row.source_line_b),
        ):
            lines = seed_lines[doc]
            assert 1 <= line <= len(lines)
            if row.topic == "accession_date":
                day, month, year = value.split(".")
                spelled = f"{int(day)}. {labels.MONTHS[int(month) - 1]} {year}"
                assert value in lines[line - 1] or spelled in lines[line - 1], (row.conflict_id, value)
            if row.topic in ("name", "initiative_name"):
                assert normalise(value)[:40] in text_from(lines, line, span=2), (row.conflict_id, value)


def test_partner_sections_match_the_measures(ds, seed_lines):
    """Independent structure check: a partner has measures in a focus area exactly where the report has a
    heading with its name in that section (one known section without heading: ASB, lines 1916–1951)."""
    lines = seed_lines["partnerbericht_2020"]
    starts = [*ds.focus_areas.sort_values("focus_area")["source_line"].tolist(), len(lines) + 1]
    headings = dict(zip(ds.partners["source_name"], ds.partners["partner_id"]))
    found = set()
    for focus, (start, end) in enumerate(itertools.pairwise(starts), start=1):
        for line in lines[start - 1 : end - 1]:
            if line.strip() in headings:
                found.add((focus, headings[line.strip()]))
    found.add((2, 24))  # ASB block without heading, see datasets/README.md
    measured = set(zip(ds.partner_measures["focus_area"], ds.partner_measures["partner_id"]))
    assert measured == found


# --------------------------------------------------------------------------- figures exactly as stated
# Every staff-share and context figure: its year, number, range, wording, qualifier and method stand in
# the source where its row says, checked row by row (full numbers and full years, never a part of one).

FIGURE_TABLES = {
    "staff_shares": ("share_percent", "share_percent_upper", "share_derived"),
    "benchmarks": ("value", "value_upper", "value_derived"),
}
# The words the dashboard shows for a qualifier (labels.QUALIFIER) must be the words the source uses.
QUALIFIER_WORDS = labels.QUALIFIER
NUMBER_WORDS = {
    1: "eine", 2: "zwei", 3: "drei", 4: "vier", 5: "fünf", 6: "sechs", 7: "sieben", 8: "acht", 9: "neun",
    10: "zehn", 11: "elf", 12: "zwölf",
}  # fmt: skip


def _figure_rows(ds, table):
    return list(ds.tables[table].itertuples())


def _window(lines, line, before=0, after=0) -> str:
    """Lines line-before … line+after (1-based), joined: words hyphenated across a break are joined, a figure
    broken after its dash (25-⏎30 %) keeps the dash, whitespace collapses."""
    text = "\n".join(lines[max(line - 1 - before, 0) : line + after])
    text = re.sub(r"([^\W\d])-[ \t]*\n\s*([^\W\d])", r"\1\2", text)
    text = re.sub(r"(\d)-[ \t]*\n\s*(\d)", r"\1-\2", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _number_forms(value: float) -> list[str]:
    """How a German text may write this number in full: 20,15 · 3,4 · 100.000 · 3 Millionen · 3,5 Mio. · sieben."""
    value = abs(float(value))
    forms = []
    if value.is_integer():
        n = int(value)
        forms += [str(n), f"{n:,}".replace(",", "."), f"{value:.1f}".replace(".", ",")]
        if n in NUMBER_WORDS:
            forms.append(NUMBER_WORDS[n])
    else:
        forms += [f"{value:.1f}".replace(".", ","), f"{value:.2f}".replace(".", ",")]
    if value >= 1_000_000:
        millions = value / 1_000_000
        text = (f"{millions:g}").replace(".", ",")
        forms += [f"{text} millionen", f"{text} mio."]
    return forms


def _full_number_in(value: float, text: str) -> re.Match | None:
    """The first place where the number stands as a whole number (not a part of 120 or 2,15)."""
    for form in _number_forms(value):
        pattern = rf"(?<![\d.,\w]){re.escape(form.lower())}(?![\d]|[.,]\d|\w)"
        match = re.search(pattern, text.lower())
        if match:
            return match
    return None


def _qualifier_before(text: str, match: re.Match) -> str | None:
    """The qualifier word the source writes right before a number (longest first), or None."""
    before = text[: match.start()].lower().rstrip()
    for code, word in sorted(QUALIFIER_WORDS.items(), key=lambda item: -len(item[1])):
        if re.search(rf"(?:^|[\s(„]){re.escape(word)}$", before):
            return code
    return None


def _missing(value) -> bool:
    return value is None or pd.isna(value)


@pytest.mark.parametrize("table", FIGURE_TABLES)
def test_every_stated_year_stands_in_full_on_its_line(ds, seed_lines, table):
    """A year is stored only where the source gives it, in full (2019, not the 19 of 2019/20 or a 2020 inside
    20200); a year the source does not state stays empty (shown as „Jahr nicht genannt“)."""
    wrong = []
    for row in _figure_rows(ds, table):
        if _missing(row.year):
            assert _missing(row.year_line), row
            continue
        line = int(row.source_line if _missing(row.year_line) else row.year_line)
        text = seed_lines[row.source_doc][line - 1]
        if not re.search(rf"(?<!\d){int(row.year)}(?!\d)", text):
            wrong.append((row[1], int(row.year), line))
    assert wrong == []


@pytest.mark.parametrize("table", FIGURE_TABLES)
def test_every_number_stands_in_full_or_its_wording_does(ds, seed_lines, table):
    """A stated number stands in full on its line (next line for a range's upper end or a wrapped figure); a
    number derived from words (ein Drittel, durchweg) is marked derived and its wording stands there."""
    value_column, upper_column, derived_column = FIGURE_TABLES[table]
    wrong = []
    for row in _figure_rows(ds, table):
        lines = seed_lines[row.source_doc]
        text = _window(lines, int(row.source_line), after=1)
        value, derived, wording = getattr(row, value_column), getattr(row, derived_column), row.wording
        if not _missing(wording) and re.sub(r"\s+", " ", wording).lower() not in text:
            wrong.append((row[1], "wording", wording))
        if derived:
            if _missing(wording):
                wrong.append((row[1], "derived without wording", None))
            continue
        if not _missing(value) and _full_number_in(value, text) is None:
            wrong.append((row[1], value_column, value))
        upper = getattr(row, upper_column)
        if not _missing(upper) and _full_number_in(upper, text) is None:
            wrong.append((row[1], upper_column, upper))
    assert wrong == []


@pytest.mark.parametrize("table", FIGURE_TABLES)
def test_qualifiers_are_the_sources_own_words_and_none_is_dropped(ds, seed_lines, table):
    """A qualifier is stored exactly when the source writes it before the number: „rund 90“ keeps rund,
    „ca. 20%“ keeps ca., and nothing like „mindestens“ is added where the source has none."""
    value_column, _, derived_column = FIGURE_TABLES[table]
    pairs = [(value_column, "qualifier")]
    if table == "staff_shares":
        pairs += [("numerator", "numerator_qualifier"), ("denominator", "denominator_qualifier")]
    wrong = []
    for row in _figure_rows(ds, table):
        lines = seed_lines[row.source_doc]
        text = _window(lines, int(row.source_line), before=2, after=2)
        for number_column, qualifier_column in pairs:
            number, stored = getattr(row, number_column), getattr(row, qualifier_column)
            stored = None if _missing(stored) else stored
            if number_column == value_column and getattr(row, derived_column):
                said = next(
                    (c for c, w in sorted(QUALIFIER_WORDS.items(), key=lambda i: -len(i[1]))
                     if row.wording.lower().startswith(w)),
                    None,
                )  # fmt: skip
            elif _missing(number):
                continue
            else:
                match = _full_number_in(number, text)
                said = _qualifier_before(text, match) if match else None
                if stored and not said and QUALIFIER_WORDS[stored] in text.lower():
                    said = stored  # word and number are apart (e.g. „über … 10.000“ across a blank line)
            if said != stored:
                wrong.append((row[1], qualifier_column, stored, said))
    assert wrong == []


def test_methods_are_named_as_the_source_names_them(ds, seed_lines):
    """„Schätzung“ only where the source speaks of estimating, name-based only where it says names, a survey
    only where it says Befragung/Umfrage (within three lines of the figure)."""
    words = {"estimate": "schätz", "name_based": "name", "survey": ("befrag", "umfrage")}
    wrong = []
    for row in ds.staff_shares.itertuples():
        if row.method not in words:
            continue
        text = _window(seed_lines[row.source_doc], int(row.source_line), before=3, after=3).lower()
        expected = words[row.method]
        if not any(w in text for w in ((expected,) if isinstance(expected, str) else expected)):
            wrong.append((row.share_id, row.method))
    assert wrong == []


def test_no_share_without_the_source_stating_one(ds):
    """A share of 0 % needs a denominator; „niemand … eingestellt“ is a count of none, not a share."""
    shares = ds.staff_shares
    zero = shares[shares["share_percent"].eq(0)]
    assert zero["denominator"].notna().all()
    computed = shares[shares["share_computed"]]
    assert computed[["numerator", "denominator"]].notna().all(axis=None)


def test_context_figures_named_in_the_audit_are_recorded(ds):
    bench = ds.benchmarks
    trainees = bench[(bench["scope"] == "Rheinbahn AG") & (bench["indicator"] == "trainees_hired")]
    assert trainees[["value", "year"]].values.tolist() == [[36, 2019]]
    born = bench[(bench["scope"] == "WDR") & (bench["indicator"] == "survey_share_born_in_germany")].iloc[0]
    assert born["wording"] == "Etwas mehr als die Hälfte" and born["value_derived"]
    topics = set(ds.source_conflicts["topic"])
    assert {"projection_horizon", "date", "programme_name"} <= topics


def test_every_conflict_value_stands_at_its_line(ds, seed_lines):
    """Both values of every conflict stand where recorded (the words before any explanation in brackets)."""
    wrong = []
    for row in ds.source_conflicts.itertuples():
        for value, doc, line in (
            (row.value_a, row.source_doc_a, row.source_line_a),
            (row.value_b, row.source_doc_b, row.source_line_b),
        ):
            if row.topic not in ("projection_horizon", "date", "programme_name"):
                continue
            core = normalise(re.sub(r"\s*\((?!ILF).*\)$", "", value)).lower()
            if core not in text_from(seed_lines[doc], line, span=2).lower():
                wrong.append((row.conflict_id, value))
    assert wrong == []


# --------------------------------------------------------------------------- what the audit of issue #19 found


def _text_around(lines: list[str], line: int) -> str:
    """Lines line-1 … line+1 as a reader reads them, case kept (words broken at a line end joined)."""
    text = "\n".join(lines[max(line - 2, 0) : line + 1])
    text = re.sub(r"([^\W\d])-[ \t]*\n\s*([a-zäöüß])", r"\1\2", text)
    return re.sub(r"\s+", " ", text)


def _year_taken_from_another_figure(row, others: list[str], text: str) -> bool:
    """Whether the row's year stands after its figure, in a part of the sentence that states another figure: „Menschen
    aus über 200 Nationen leben und in 2020 rund ein Drittel der Bevölkerung …“ gives 2020 for the third, not for
    the 200 Nationen."""
    anchor = text.find(row.source_anchor.rstrip("-"))
    if anchor < 0:
        return False
    for year in re.finditer(rf"(?<!\d){int(row.year)}(?!\d)", text):
        if year.start() < anchor + len(row.source_anchor):
            continue  # the year stands before the figure or is part of it
        clause = re.split(r"[,;.]", text[year.end() :], maxsplit=1)[0]
        if any(other in clause for other in others):
            return True
    return False


@pytest.mark.parametrize("table", FIGURE_TABLES)
def test_a_year_belongs_to_the_figure_it_is_written_with(ds, seed_lines, table):
    """A year written after a figure, right before another figure of the sentence, is that other figure's year."""
    frame = ds.tables[table]
    wrong = []
    for row in frame.dropna(subset=["year"]).itertuples():
        lines = seed_lines[row.source_doc]
        near = frame[(frame["source_doc"] == row.source_doc) & (frame["source_line"].sub(row.source_line).abs() <= 1)]
        others = [a.rstrip("-") for a in near["source_anchor"] if a != row.source_anchor]
        if _year_taken_from_another_figure(row, others, _text_around(lines, int(row.source_line))):
            wrong.append((row[1], int(row.year)))
    assert wrong == []


def test_the_year_check_sees_the_audited_case(ds, seed_lines):
    """B-011 (audit): „über 200 Nationen“ once carried 2020, which the sentence gives only to „rund ein Drittel“."""
    row = ds.benchmarks.set_index("benchmark_id").loc["B-011"]
    text = _text_around(seed_lines[row.source_doc], int(row.source_line))
    audited = SimpleNamespace(source_anchor=row.source_anchor, year=2020)
    assert _year_taken_from_another_figure(audited, ["rund ein Drittel der Bevölkerung"], text)
    assert pd.isna(row.year)


def _counted_kinds(text: str, value: float) -> list[str]:
    """What a figure counts as the source writes it: the nouns after the number, joined by „,“/„und“/„sowie“
    („214 Integrationsagenturen und Servicestellen für …“ → Integrationsagenturen, Servicestellen)."""
    match = _full_number_in(value, text)
    if match is None:
        return []
    kinds: list[str] = []
    for token in re.findall(r"[\w*]+|[^\w\s]", text[match.end() :])[:20]:
        if token[0].isupper():
            kinds.append(token)
        elif token in (",", "und", "sowie") and kinds:
            continue
        elif not kinds and token[0].islower():
            continue  # an adjective before the first noun
        else:
            break
    return kinds


def _same_kind(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return a.endswith(b) or b.endswith(a)  # „Einzelmaßnahmen“ and „Maßnahmen“


def _counts_more_kinds(a: list[str], b: list[str]) -> bool:
    return (
        bool(b)
        and all(any(_same_kind(x, y) for x in a) for y in b)
        and any(not any(_same_kind(x, y) for y in b) for x in a)
    )


def test_a_figure_said_to_count_more_kinds_elsewhere_is_a_recorded_conflict(ds, seed_lines):
    """„214 Integrationsagenturen“ and „214 Integrationsagenturen und Servicestellen“ (audit): where the same figure of
    the same indicator and scope counts more kinds of things in one statement than in another, source_conflicts.csv
    records the pair, or datasets/README.md says why it is the same count („B-013/B-085“)."""
    noted = set(re.findall(r"(B-\d{3})/(B-\d{3})", (REPO / "datasets" / "README.md").read_text("utf-8")))
    recorded = {frozenset((c.source_line_a, c.source_line_b)) for c in ds.source_conflicts.itertuples()}
    bench = ds.benchmarks
    unrecorded = []
    for _, group in bench[~bench["value_derived"]].groupby(["indicator", "scope", "value"]):
        for a, b in itertools.permutations(group.itertuples(), 2):
            kinds_a = _counted_kinds(_text_around(seed_lines[a.source_doc], a.source_line), a.value)
            kinds_b = _counted_kinds(_text_around(seed_lines[b.source_doc], b.source_line), b.value)
            if _counts_more_kinds(kinds_a, kinds_b):
                pair = (a.benchmark_id, b.benchmark_id)
                if frozenset((a.source_line, b.source_line)) not in recorded and pair not in noted | {
                    p[::-1] for p in noted
                }:
                    unrecorded.append((*pair, kinds_a, kinds_b))
    assert unrecorded == []


def test_the_kind_check_sees_the_audited_case():
    text = "Die Landesregierung entwickelt die aktuell 214 Integrationsagenturen und Servicestellen für Antidiskr"
    assert _counted_kinds(text, 214) == ["Integrationsagenturen", "Servicestellen"]
    other = _counted_kinds("Dabei setzen die aktuell 214 Integrationsagenturen im Land Schwerpunkte", 214)
    assert other == ["Integrationsagenturen"] and _counts_more_kinds(_counted_kinds(text, 214), other)
    assert not _counts_more_kinds(["Programme", "Einzelmaßnahmen"], ["Maßnahmen", "Programme"])
