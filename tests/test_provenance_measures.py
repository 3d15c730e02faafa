"""Each partner measure says what its source passage says: the tags fit the passage, every figure of the summary
stands in the source, and no item of a partner's entry is counted twice without a note (needs ../shared/seeds).

A row's passage is the text from its `source_line` up to the next line where another row, a partner heading or a
focus area starts (at most 25 lines); its window adds the two lines before (where its sentence or list heading
often begins) and the lines up to the end of its last sentence (which may go on in the next row's line), never
reaching into another partner's entry. The partner's entry is the text from its heading (or the focus area's start)
to the next heading.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from functools import cache

import pytest
from conftest import REPO, normalise

# What the source must say for a tag to fit: for every code whose description in datasets/measure_types.csv names
# concrete formats, word stems (regular expressions) of which one must stand in the lower-cased window of the row.
TAG_WORDS = {
    "job_ad_clause": ("ausschreibung", "stellenanzeige", "anzeigen"),
    "training_fair": ("messe", "speed-?dating", "berufsmarkt"),
    "school_outreach": ("schul", "schüler", "elternabend", "kolleg"),
    "internship": (
        "praktik",
        "hospit",
        "einstiegsqualifizierung",
        "trainee",
        "qualifizierung",
        "erprobung",
        "talentwerkstatt",
        "lehrgang",
    ),
    "application_training": ("bewerbungsunterlagen", "vorstellungsgespräch", "auswahltest", "bewerbungstraining"),
    "info_event": ("veranstaltung", "informiert", "infoabend", "kurse", "podium", "vorstellung"),
    "company_visit": ("besuch", "führung", "tour", "rallye", "berufsfelderkundung"),
    "leisure_event": (
        "fest",
        "feier",
        "frühstück",
        "kantine",
        "gebäck",
        "(?<!inter)kultur",
        "lesung",
        "begegnung",
        "sport",
        "ausflüg",
        "abend",
        "austausch",
    ),
    "staff_survey": (
        "befragung",
        "umfrage",
        "erheb",
        "erhoben",
        "erfass",
        "auswertung",
        "monitoring",
        "anteil",
        "evaluation",
        "\\d ?%",
    ),
    "monitoring_evaluation": (
        "evaluat",
        "evaluier",
        "monitoring",
        "auswert",
        "befragung",
        "umfrage",
        "erheb",
        "erfass",
        "audit",
        "controlling",
        "bericht",
        "untersuch",
        "prüf",
        "bewert",
        "testierung",
        "gesichtet",
        "fragebogen",
        "analysiert",
        "bestandsaufnahme",
    ),
    "charta_der_vielfalt": ("charta", "diversity[- ]tag", "siegel", "auszeichnung", "preis", "testierung"),
    "diversity_structure": (
        "beauftragte",
        "arbeitskreis",
        "arbeitsgruppe",
        "beirat",
        "ansprech",
        "gremi",
        "netzwerk",
        "team",
        "projektgruppe",
        "kontaktbeamt",
        "stelle",
        "zirkel",
        "fachkr",
        "struktur",
        "präsidium",
        "beratung der bereiche",
    ),
    "mso_cooperation": (
        "migrant\\w*-?organisation",
        "migrantenselbst",
        "migrant\\*innenselbst",
        "\\bmso\\b",
        "moschee",
        "ditib",
        "muslimische",
        "gemeinde",
        "forum der",
        "integrationsagentur",
        "kurdische",
        "landesintegrationsrat",
        "multikulturelle[ns]? forum",
        "migrantische",
        "ihre organisationen",
    ),
    "language_mediation": (
        "sprachmittl",
        "integrationsmittl",
        "dolmetsch",
        "übersetz",
        "sprachvermittl",
        "sprachpat",
        "muttersprach",
        "mehrsprachig",
        "landessprache",
    ),
    "multilingual_information": (
        "sprachen",
        "sprachig",
        "übersetz",
        "leichte[rn]? sprache",
        "einfache[rn]? sprache",
        "arabisch",
        "türkisch",
        "landessprache",
    ),
    "language_support": ("sprach", "deutsch", "crashkurs"),
    "mentoring": ("mentor", "pat(?:e|en)\\b", "paten", "peer", "begleit", "talentscout", "unterstütz", "vorbild"),
    "religious_diversity": (
        "relig",
        "islam",
        "muslim",
        "moschee",
        "jüdisch",
        "alevit",
        "feiertag",
        "zuckerfest",
        "kalender",
        "ditib",
    ),
    "hiring_eg": (
        "eingestellt",
        "einstellung",
        "stellt .{0,80}\\bein\\b",
        "gewonnen",
        "befördert",
        "besetzt",
        "tätig",
        "leitet",
        "moderiert",
        "übernahm",
        "verstärkt",
        "ergänzt",
        "\\bbeschäftigt\\b",
        "dozent",
        "referent",
    ),
}
# Broad codes whose descriptions name no concrete format (any activity of the kind fits); not checked by words.
BROAD = {
    "targeted_recruitment", "fair_selection", "intercultural_training", "anti_discrimination", "strategy_concept",
    "networking", "public_relations", "counselling_services", "participation_project",
}  # fmt: skip
# A staff survey counts the staff by migration background; a survey on anything else is not one.
MIGRATION_WORDS = r"einwanderungsgeschichte|migrationshintergrund|zuwanderungsgeschichte|geburtsort|herkunft"
# Two rows of one partner and focus area whose passages share this share of their words are near-duplicates.
NEAR_DUPLICATE = 0.7
NUMBER_WORDS = {
    "ein": 1, "eine": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
    "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "zwanzig": 20, "dreißig": 30, "hundert": 100,
    "januar": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7, "august": 8,
    "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}  # fmt: skip


@pytest.fixture(scope="module")
def report(ds, seed_lines):
    return build_report(ds, seed_lines["partnerbericht_2020"])


def build_report(ds, lines: list[str]) -> dict:
    """Passages, entries and rows of the partner report, keyed by measure_id."""
    measures = ds.partner_measures
    assert set(measures["source_doc"]) == {"partnerbericht_2020"}
    headings = {i + 1 for i, line in enumerate(lines) if line.strip() in set(ds.partners["source_name"])}
    sections = set(ds.focus_areas["source_line"]) | {len(lines) + 1}
    rows = set(measures["source_line"])
    bounds = sorted(rows | headings | sections)
    entry_bounds = sorted(headings | sections)

    def text(start: int, end: int) -> str:
        return normalise("\n".join(lines[start - 1 : end - 1]))

    def figures_text(start: int, end: int) -> str:  # lines as they are: "25-" + "30%" must not become "2530%"
        return " ".join(lines[start - 1 : end - 1])

    def passage(line: int, cap: int = 25, back: int = 0, finish: bool = False) -> str:
        entry_start = max(b for b in entry_bounds if b <= line)
        entry_end = next(b for b in entry_bounds if b > line)
        end = min(next(b for b in bounds if b > line), line + cap)
        while finish and end < entry_end and not re.search(r"[.!?:)“\"]\s*$", lines[end - 2]):
            end += 1  # the sentence goes on in the next row's line
        return text(max(line - back, entry_start), end)

    def entry(line: int) -> str:
        start = max(b for b in entry_bounds if b <= line)
        return figures_text(start, next(b for b in entry_bounds if b > line))

    return {
        "rows": measures.set_index("measure_id"),
        "passage": {r.measure_id: passage(r.source_line) for r in measures.itertuples()},
        "window": {r.measure_id: passage(r.source_line, back=2, finish=True) for r in measures.itertuples()},
        "head": {r.measure_id: passage(r.source_line, cap=4) for r in measures.itertuples()},
        "entry": {r.measure_id: entry(r.source_line) for r in measures.itertuples()},
    }


def _says(tag: str, text: str) -> bool:
    return re.search("|".join(TAG_WORDS[tag]), text) is not None


def test_every_tag_has_its_words(ds):
    codes = set(ds.measure_types["measure_type"])
    assert set(TAG_WORDS) | BROAD == codes - {"other"} and not set(TAG_WORDS) & BROAD


# What every passage of the partner report says in one way or another: the network's own vocabulary. A word of it
# cannot show that a tag fits (audit: P3-05-02 passed as multilingual_information on „Informationen“ alone).
SHARED_VOCABULARY = (
    "Die interkulturelle Öffnung der Organisation: Informationen und Angebote für die Zielgruppe der Beschäftigten "
    "mit Einwanderungsgeschichte, ihre Bedürfnisse, Chancengerechtigkeit und Teilhabe, Vielfalt und Kompetenz."
).lower()


def test_no_tag_is_shown_by_the_networks_own_vocabulary():
    assert [tag for tag in TAG_WORDS if _says(tag, SHARED_VOCABULARY)] == []


def test_the_tag_check_sees_information_that_names_no_language(seed_lines):
    """P3-05-02 (audit): information prepared for all staff „under consideration of the needs of people with
    Einwanderungsgeschichte“ names no language, so it is no multilingual information."""
    passage = normalise("\n".join(seed_lines["partnerbericht_2020"][2428:2431]))
    assert "bedürfnisse von menschen mit einwanderungsgeschichte" in passage
    assert not _says("multilingual_information", passage)
    assert _says("multilingual_information", "verschiedensprachige flyer")


def test_each_tag_fits_its_passage(report):
    misfits = [
        (mid, tag)
        for mid, row in report["rows"].iterrows()
        for tag in row["measure_types"]
        if tag in TAG_WORDS and not _says(tag, report["window"][mid])
    ]
    assert misfits == []


def test_staff_surveys_are_about_migration_background(report):
    """A survey on other things (e.g. the wishes of trainers) is no staff survey."""
    unrelated = [
        mid
        for mid, row in report["rows"].iterrows()
        if "staff_survey" in row["measure_types"] and not re.search(MIGRATION_WORDS, report["window"][mid])
    ]
    assert unrelated == []


def test_hiring_means_people_were_hired_not_that_they_applied(report):
    for mid, row in report["rows"].iterrows():
        if "hiring_eg" in row["measure_types"]:
            assert _says("hiring_eg", report["passage"][mid]), mid


def test_apprenticeships_are_not_internships(report):
    """Ausbildung is an apprenticeship; an internship row must name an internship-like format."""
    for mid, row in report["rows"].iterrows():
        if "internship" in row["measure_types"]:
            assert _says("internship", report["passage"][mid]), mid


@cache
def _numbers(text: str) -> frozenset[int | str]:
    """Every figure of a source text: integers (thousands separators dropped, leading zeros ignored), decimals
    as written, and number words and month names as integers."""
    text = text.lower()
    found: set[int | str] = set()
    for token in re.findall(r"\d+(?:[.,]\d+)*", text):
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):
            found.add(int(token.replace(".", "")))
        found.update(int(part) for part in re.split(r"[.,]", token) if part)
        found.add(token)
    found.update(value for word, value in NUMBER_WORDS.items() if re.search(rf"\b{word}\b", text))
    return frozenset(found)


def _figure_stands(token: str, numbers: frozenset[int | str]) -> bool:
    if token in numbers:
        return True
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):
        return int(token.replace(".", "")) in numbers
    if "," in token:  # a decimal must stand as written
        return False
    parts = [int(p) for p in token.split(".") if p]  # a date d.m.yyyy: each part (month maybe as a name)
    return all(p in numbers or (p < 100 and 2000 + p in numbers and len(parts) == 1) for p in parts)


def test_every_figure_of_a_summary_stands_in_the_source(report):
    """Digits in a title or summary (counts, shares, dates, years) must stand in the partner's entry, as written
    there; the only figure a summary may add is the year of the report for "in diesem Jahr"."""
    invented = []
    for mid, row in report["rows"].iterrows():
        numbers = _numbers(report["entry"][mid]) | {int(row["report_year"])}
        for token in re.findall(r"\d+(?:[.,]\d+)*", row["summary"] + " " + row["title"]):
            if not _figure_stands(token, numbers):
                invented.append((mid, token))
    assert invented == []


def test_the_figure_check_catches_an_invented_figure(report):
    numbers = _numbers("Zum 1.09.2019 haben wir 36 Auszubildende eingestellt, einer aus Syrien.")
    assert _figure_stands("1.9.2019", numbers) and _figure_stands("36", numbers)
    assert not _figure_stands("37", numbers) and not _figure_stands("20,15", numbers)


def test_no_anchor_is_used_twice_in_an_entry(ds):
    keys = ds.partner_measures[["partner_id", "focus_area", "source_anchor"]]
    assert not keys.duplicated().any(), keys[keys.duplicated(keep=False)]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-zäöüß]{5,}", text.replace("*", "")))


def _near_duplicate(a: str, b: str) -> bool:
    wa, wb = _words(a), _words(b)
    return min(len(wa), len(wb)) >= 6 and len(wa & wb) / min(len(wa), len(wb)) >= NEAR_DUPLICATE


def test_the_duplicate_check_finds_an_item_listed_twice(seed_lines):
    """The LVR lists one project twice in Themenschwerpunkt 3 (lines 2647 and 2671); the check must see it."""
    lines = seed_lines["partnerbericht_2020"]
    first, second = normalise("\n".join(lines[2646:2648])), normalise("\n".join(lines[2670:2673]))
    assert _near_duplicate(first, second)
    assert not _near_duplicate(first, normalise("\n".join(lines[2649:2650])))


def test_near_duplicates_in_an_entry_are_merged_or_noted(report):
    """Two items of one partner's entry that say nearly the same count once, unless datasets/README.md notes the
    pair ("Z. a/b") and says why both stay."""
    noted = set(re.findall(r"Z\. (\d+)/(\d+)", (REPO / "datasets" / "README.md").read_text("utf-8")))
    rows = report["rows"]
    pairs = []
    for _, group in rows.groupby(["partner_id", "focus_area"]):
        for a, b in itertools.combinations(group.index, 2):
            line_a, line_b = sorted((int(rows.at[a, "source_line"]), int(rows.at[b, "source_line"])))
            if line_a != line_b and _near_duplicate(report["head"][a], report["head"][b]):
                pairs.append((str(line_a), str(line_b)))
    assert [pair for pair in pairs if pair not in noted] == []


def test_each_row_stands_in_its_partners_entry_and_focus_area(ds, seed_lines):
    """Row by row: the source line lies in the row's focus area, below the heading of the row's partner (the one
    block without a heading, lines 1916–1951, is the ASB's; see datasets/README.md)."""
    lines = seed_lines["partnerbericht_2020"]
    starts = [*ds.focus_areas.sort_values("focus_area")["source_line"].tolist(), len(lines) + 1]
    names = dict(zip(ds.partners["source_name"], ds.partners["partner_id"]))
    heading_of = {i + 1: names[line.strip()] for i, line in enumerate(lines) if line.strip() in names}
    misplaced = []
    for row in ds.partner_measures.itertuples():
        focus = next(f for f, (a, b) in enumerate(itertools.pairwise(starts), start=1) if a <= row.source_line < b)
        heading = max(line for line in heading_of if line <= row.source_line)
        partner = 24 if 1916 <= row.source_line <= 1951 else heading_of[heading]
        if (focus, partner) != (row.focus_area, row.partner_id):
            misplaced.append((row.measure_id, focus, partner))
    assert misplaced == []


def _counts(text: str, rare: Callable[[str], bool]) -> list[tuple[str, str, set[str]]]:
    """(unit, count, the rare words among the eight words before the count) of every count of a passage (not years,
    dates or parts of a number): „PsychKG NRW“ in 21 Sprachen → ("sprachen", "21", {"psychkg"})."""
    found = []
    for match in re.finditer(r"(?<![\d.,])(\d+(?:,\d+)?) (?:verschiedenen |unterschiedlichen )?([a-zäöüß]{4,})", text):
        count, unit = match.groups()
        if re.fullmatch(r"(?:19|20)\d\d", count):
            continue
        before = re.findall(r"[a-zäöüß]{6,}", " ".join(text[: match.start()].split()[-8:]))
        found.append((unit, count, {word for word in before if rare(word)} - {unit}))
    return found


def _counted_differently(report) -> list[tuple[str, str, str]]:
    """Pairs of rows of one partner that count the same thing (a word at most two rows name, right before the count)
    in the same unit with different counts."""
    rows, passages = report["rows"], report["passage"]
    words = {mid: set(re.findall(r"[a-zäöüß]{6,}", passages[mid])) for mid in rows.index}
    frequency = Counter(word for found in words.values() for word in found)
    pairs = []
    for _, group in rows.groupby("partner_id"):
        for a, b in itertools.combinations(group.index, 2):
            counts_a = _counts(passages[a], lambda w: frequency[w] <= 2)
            counts_b = _counts(passages[b], lambda w: frequency[w] <= 2)
            for (unit_a, n_a, thing_a), (unit_b, n_b, thing_b) in itertools.product(counts_a, counts_b):
                if unit_a == unit_b and n_a != n_b and thing_a & thing_b:
                    pairs.append((a, b, unit_a))
    return pairs


def test_one_thing_counted_differently_is_a_recorded_conflict(ds, report):
    """The LVR's PsychKG material „in 21 Sprachen“ and „in 22 verschiedenen Sprachen“ (audit): where one partner's
    entry counts the same thing twice with different counts, source_conflicts.csv records it (both lines within the
    two rows' passages), never a silent choice."""
    pairs = _counted_differently(report)
    assert pairs, "the check must see the PsychKG material"
    conflicts = ds.source_conflicts
    rows = report["rows"]
    unrecorded = []
    for a, b, unit in pairs:
        span_a = range(int(rows.at[a, "source_line"]), int(rows.at[a, "source_line"]) + 12)
        span_b = range(int(rows.at[b, "source_line"]), int(rows.at[b, "source_line"]) + 12)
        recorded = any(
            {c.source_line_a, c.source_line_b} & set(span_a) and {c.source_line_a, c.source_line_b} & set(span_b)
            for c in conflicts.itertuples()
            if c.source_doc_a == c.source_doc_b == "partnerbericht_2020"
        )
        if not recorded:
            unrecorded.append((a, b, unit))
    assert unrecorded == []


QUALIFIERS = ("ca.", "rund", "etwa", "über", "mehr als", "knapp", "fast", "mindestens", "bis zu", "nahezu")
_QUALIFIED = re.compile(r"(?:(" + "|".join(re.escape(q) for q in QUALIFIERS) + r")\s+)?(\d+(?:[.,]\d+)*)")


def _qualifiers_by_figure(text: str) -> dict[str, set[str]]:
    """For every figure of a text, the words before it that make it approximate ("" = none)."""
    found: dict[str, set[str]] = {}
    for match in _QUALIFIED.finditer(re.sub(r"\s+", " ", text.lower())):
        found.setdefault(match.group(2), set()).add(match.group(1) or "")
    return found


def test_approximate_figures_keep_the_sources_wording(report):
    """ "ca. 470" stays "ca. 470" (not "rund 470"), "knapp 500" is not "rund 500", and a figure the source gives only
    as approximate is not written as exact."""
    changed = []
    for mid, row in report["rows"].iterrows():
        source = _qualifiers_by_figure(report["entry"][mid])
        for figure, words in _qualifiers_by_figure(row["title"] + " " + row["summary"]).items():
            if figure in source and not words <= source[figure]:
                changed.append((mid, figure, sorted(words), sorted(source[figure])))
    assert changed == []


def test_the_wording_check_sees_a_changed_qualifier():
    source = _qualifiers_by_figure("Trotzdem wurden seit\nProjektbeginn 2017 ca. 470 Personen erreicht")
    assert _qualifiers_by_figure("rund 470 Personen")["470"] - source["470"] == {"rund"}
    assert not _qualifiers_by_figure("ca. 470 Personen seit 2017")["470"] - source["470"]
