"""The search's relevance set, written from the shipped data (issue #21): queries, the measures each must find
(read in their titles and descriptions), measures it must not find, and for some the hit that must come first.
`tests/test_search.py` checks it; `benchmarks/run_benchmarks.py` and `benchmarks/search_engines.py` time the
same queries at 1× and 100× data."""

from __future__ import annotations

from dataclasses import dataclass, field

SPRACHKURS = {"P3-04-05", "P3-08-01", "P3-21-04", "P3-21-07", "M-008", "M-011", "M-027"}  # Basis-, -angebote
MASSNAHME = {
    "P6-14-01",  # „… mit Maßnahmen unterlegen“ (title)
    "P1-04-04",  # Werbemaßnahmen
    "P1-16-08",  # Personalmaßnahmen
    "P3-06-02",  # Personalmaßnahmen
    "P3-16-03",  # Sensibilisierungsmaßnahmen
    "M-062",  # Qualifizierungsmaßnahme
}
AUSBILDUNG = {"P1-16-01", "P1-09-01", "P1-09-11", "P1-27-04"}  # Ausbildungsflyer, -messe, -angebot, -beratung
MOSCHEE = {"P1-09-23", "P1-10-01", "P1-27-08", "P5-09-05", "P5-10-02", "P5-10-03", "P5-20-03"}
KITA = {"M-042", "M-062", "P1-24-01", "P3-04-02", "P3-04-05", "P3-14-03", "P3-23-03", "P3-24-07", "P3-28-03"}
FLUECHTLING = {"M-006", "M-044", "M-048", "M-080", "P1-27-08", "P3-03-08", "P3-03-09", "P3-14-01"}
POLIZEI = {
    "M-133",
    "M-134",
    "P1-10-01",
    "P1-19-01",
    "P2-13-07",
    "P3-10-01",
    "P4-19-01",
    "P5-02-02",
    "P5-09-05",
    "P5-10-02",
    "P5-19-01",
}
SCHULUNG = {"M-080", "P2-16-04", "P2-23-03", "P3-28-02", "P2-15-01", "P3-14-04", "M-048"}  # incl. compounds
PRAKTIKUM = {"P1-09-27", "P1-09-28", "P1-09-29", "P1-09-30", "P3-26-02", "P5-09-06", "P6-14-02"}
CHARTA = {"P1-08-04", "P1-13-04", "P2-01-02", "P4-01-04", "P4-08-01", "P5-11-06", "P5-14-09", "P5-18-03"}
ANTIDISKRIMINIERUNG = {
    "M-052",
    "M-053",
    "M-155",
    "M-156",
    "M-157",
    "P2-03-02",
    "P2-21-03",
    "P3-03-06",
    "P3-03-07",
    "P3-28-02",
    "P5-28-02",
    "P5-28-03",
}
DOLMETSCH = {"P3-15-02", "P3-15-03", "P3-16-07", "P4-16-09", "P6-16-04", "P6-19-01"}
AZUBI = {"P1-02-02", "P1-04-01", "P1-08-03", "P1-09-10", "P1-11-05", "P2-08-01", "P3-08-02", "P6-14-02"}
MEHRSPRACHIG = {"M-097", "M-098", "M-099", "P1-16-01", "P3-16-03", "P3-28-01", "P4-05-02", "P6-04-03"}


@dataclass(frozen=True)
class Case:
    query: str
    finds: frozenset[str]
    first: frozenset[str]  # one of these must rank first (equally relevant: the same title); empty: any
    never: frozenset[str] = field(default_factory=frozenset)  # measures it must not find
    why: str = ""


def case(
    query: str,
    finds: set[str],
    first: str | set[str] | frozenset[str] = frozenset(),
    never: set[str] | None = None,
    why: str = "",
) -> Case:
    return Case(
        query, frozenset(finds), frozenset({first} if isinstance(first, str) else first), frozenset(never or ()), why
    )


CASES = [
    case("Sprachkurs", SPRACHKURS, why="compounds: Basissprachkurse, Sprachkursangebote"),
    case("Sprachkurse", SPRACHKURS, why="plural"),
    case("Sprachkrus", SPRACHKURS, why="typo: swapped letters"),
    case("Maßnahme", MASSNAHME, first="P6-14-01", why="the end of compounds: Werbe-, Personalmaßnahmen"),
    case("Massnahme", MASSNAHME, first="P6-14-01", why="ß written ss"),
    case("MASSNAHMEN", MASSNAHME, why="capitals, plural"),
    case("Ausbildungen", AUSBILDUNG, why="plural finds the singular's compounds"),
    case("Ausbldung", AUSBILDUNG, why="typo: a letter missing"),
    case("Moscheen", MOSCHEE, why="plural; Moscheevereine, Moscheegemeinden"),
    case("Moshee", MOSCHEE, why="typo"),
    case("Kitas", KITA, why="plural s after a vowel, Kita-Fachkräfte"),
    case("Fluechtlinge", FLUECHTLING, why="ü written ue"),
    case("Flüchtlinge", FLUECHTLING, first="P3-03-09", why="„Soziale Beratung von Flüchtlingen“: in the title"),
    case("Maedchen", {"M-165"}, first="M-165", why="ä written ae"),
    case("Strasse", {"P1-11-05", "P3-04-06"}, why="ß written ss, Straßenpaten"),
    case("Fuehrerschein", {"P1-07-04"}, first="P1-07-04", why="ü as ue inside Führerscheinmaßnahmen"),
    case("Begruessung", {"P1-03-01", "P2-21-08"}, why="ü as ue, ß as ss; Begrüßungstreffen"),
    case("Praktikum", PRAKTIKUM, why="Praktika, Schülerpraktika, Praktikumsplätze"),
    case("Schulungen", SCHULUNG, why="Aufbauschulung, Multiplikatorenschulungen, Pflichtschulungen"),
    case("Polizei", POLIZEI, why="polizeiliches Talentscouting"),
    case("Moschee ODER Polizei", MOSCHEE | POLIZEI, why="ODER"),
    case("Polizei -Moschee", POLIZEI - MOSCHEE, never=MOSCHEE, why="minus excludes every form of Moschee"),
    case(
        "„Charta der Vielfalt“",
        CHARTA,
        first={"P5-11-06", "P5-18-03"},
        why="phrase; both are titled „Unterzeichnung der Charta der Vielfalt“, the shortest title holding it",
    ),
    case("Antidiskriminierung", ANTIDISKRIMINIERUNG, why="Antidiskriminierungsschulung, -arbeit"),
    case("Dolmetscher", DOLMETSCH, first="P3-15-03", why="Dolmetscherpool, Dolmetscherdienste"),
    case("Azubis", AZUBI, why="plural s after a vowel"),
    case("Mehrsprachigkeit", MEHRSPRACHIG, why="mehrsprachige Broschüren: the same stem"),
    case("Senioren", {"M-115", "M-116", "P1-24-02", "P3-24-05"}, first="P1-24-02", why="Seniorenarbeit in the title"),
    case("junge Geflüchtete", {"M-013", "M-045", "M-103"}, why="both words, any form: jungen Geflüchteten"),
    case("Solingen Charta", {"P5-14-09"}, first="P5-14-09", why="the partner's name and a word of the title"),
]
