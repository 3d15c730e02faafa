"""What an analyst can count in an own analysis („Eigene Auswertung“) and by which dimensions: a typed catalogue.

Only combinations the data can hold are listed: partner dimensions for partner data, strategy dimensions for
strategy data. Amounts of money are not a counted thing (`MONEY_NOTE`), and staff shares are counted, never summed
or averaged (`SHARES_NOTE`). `crosstab.py` counts; this module says what may be counted and how it reads."""

from __future__ import annotations

from dataclasses import dataclass

from .. import labels
from ..loading import Dataset
from ..table_model import PARTNER_TYPES, REGIERUNGSBEZIRKE

PARTNER, STRATEGY, SHARE = "partner", "strategy", "share"


@dataclass(frozen=True)
class Dimension:
    """A way to split a count: its German label and how its values are shown."""

    key: str
    label: str
    column: str  # the column of the counted rows that holds its value(s)
    kind: str = "scalar"  # scalar: one value per row; list: a tuple of values; range: years from…to
    keep_empty: bool = False  # a short fixed list: every value is shown, also with 0
    filter_field: str = ""  # the shared filter (attribute of Filters) that restricts its values
    years: bool = False  # values are years, shown ascending and without gaps


@dataclass(frozen=True)
class Subject:
    """A counted thing: what is counted, in German, by which dimensions, and whether two years can be compared."""

    key: str  # also the basis of the selection line (ikoe_data.selection.BASES)
    label: str  # what the title says: "Partnermaßnahmen"
    singular: str
    plural: str
    dative: str  # plural after "von": "Partnern"
    one: str  # "Eine Partnermaßnahme", for the notes
    each: str  # "jede Partnermaßnahme" (accusative)
    family: str  # partner, strategy or share data: which shared filters act on it
    definition: str  # what is counted, said in the notes
    dimensions: tuple[str, ...]
    compare_dimensions: tuple[str, ...] = ()  # empty: no comparison of two years
    compare_meaning: str = ""  # what "in year Y" means for this subject


DIMENSIONS: dict[str, Dimension] = {
    d.key: d
    for d in (
        Dimension("partner_group", "Partnergruppe", "partner_group"),
        Dimension("partner_type", "Art des Partners", "partner_type"),
        Dimension(
            "regierungsbezirk",
            "Regierungsbezirk",
            "regierungsbezirk",
            keep_empty=True,
            filter_field="regierungsbezirke",
        ),
        Dimension("partner", "Partner", "partner_id"),
        Dimension("focus_area", "Themenschwerpunkt", "focus_area", keep_empty=True, filter_field="focus_areas"),
        Dimension("measure_type", "Art der Maßnahme", "measure_types", kind="list"),
        Dimension("status", "Umsetzungsstand", "status", keep_empty=True),
        Dimension("accession_year", "Beitrittsjahr", "accession_year", years=True),
        Dimension("zieldimension", "Zieldimension", "zieldimension", keep_empty=True, filter_field="zieldimensionen"),
        Dimension("goal", "Handlungsziel", "goal_id"),
        Dimension("ressort", "Ressort", "ressorts", kind="list"),
        Dimension("zielgruppe", "Zielgruppe", "zielgruppen", kind="list"),
        Dimension("year", "Jahr", "active_from", kind="range", years=True),
        Dimension("basis", "Bezugsgruppe", "basis"),
        Dimension("concept", "Begriff", "concept"),
        Dimension("method", "Erhebungsart", "method"),
        Dimension("share_year", "Bezugsjahr", "year", years=True),
    )
}

PARTNER_DIMENSIONS = ("partner_group", "partner_type", "regierungsbezirk")
STRATEGY_DIMENSIONS = ("zieldimension", "goal", "ressort", "zielgruppe", "status")

SUBJECTS: dict[str, Subject] = {
    s.key: s
    for s in (
        Subject(
            "partner_measures",
            "Partnermaßnahmen",
            "Partnermaßnahme",
            "Partnermaßnahmen",
            "Partnermaßnahmen",
            "Eine Partnermaßnahme",
            "jede Partnermaßnahme",
            PARTNER,
            "Gezählt: die im Partnerbericht beschriebenen Einzelmaßnahmen der Partner.",
            (*PARTNER_DIMENSIONS, "partner", "focus_area", "measure_type", "status", "accession_year"),
        ),
        Subject(
            "partners",
            "Partner",
            "Partner",
            "Partner",
            "Partnern",
            "Ein Partner",
            "jeden Partner",
            PARTNER,
            "Gezählt: Partner des Netzwerks. Nach Themenschwerpunkt, Art der Maßnahme und Umsetzungsstand zählt ein "
            "Partner dort, wo er mindestens eine solche Maßnahme berichtet.",
            (*PARTNER_DIMENSIONS, "focus_area", "measure_type", "status", "accession_year"),
            PARTNER_DIMENSIONS,
            "Partner, die bis zum 31.12. des Jahres beigetreten waren (Beitrittsdatum laut Partnerbericht; Austritte "
            "nennen die Quellen nicht)",
        ),
        Subject(
            "strategy_measures",
            "Strategiemaßnahmen",
            "Strategiemaßnahme",
            "Strategiemaßnahmen",
            "Strategiemaßnahmen",
            "Eine Strategiemaßnahme",
            "jede Strategiemaßnahme",
            STRATEGY,
            "Gezählt: die Maßnahmen der Landesregierung im Umsetzungsbericht zur Teilhabe- und Integrationsstrategie "
            "2030.",
            (*STRATEGY_DIMENSIONS, "year"),
            STRATEGY_DIMENSIONS,
            "Strategiemaßnahmen, die im Jahr aktiv sind",
        ),
        Subject(
            "goals",
            "Handlungsziele mit Maßnahmen",
            "Handlungsziel",
            "Handlungsziele",
            "Handlungszielen",
            "Ein Handlungsziel",
            "jedes Handlungsziel",
            STRATEGY,
            "Gezählt: Handlungsziele mit mindestens einer Maßnahme der Auswahl; nach Jahr: mit mindestens "
            "einer in diesem Jahr aktiven Maßnahme, wie im Diagramm der abgedeckten Handlungsziele.",
            ("zieldimension", "ressort", "zielgruppe", "status", "year"),
            ("zieldimension", "ressort", "zielgruppe", "status"),
            "Handlungsziele mit mindestens einer im Jahr aktiven Maßnahme",
        ),
        Subject(
            "staff_shares",
            "Anteilsangaben",
            "Anteilsangabe",
            "Anteilsangaben",
            "Anteilsangaben",
            "Eine Anteilsangabe",
            "jede Anteilsangabe",
            SHARE,
            "Gezählt: Angaben zum Anteil von Beschäftigten mit Einwanderungsgeschichte, wie die Quellen sie nennen.",
            (*PARTNER_DIMENSIONS, "partner", "accession_year", "basis", "concept", "method", "share_year"),
        ),
    )
}

SHARES_NOTE = (
    "Gezählt werden die Angaben, nicht die Anteile: Bezugsgruppen (Beschäftigte, Auszubildende, Neueinstellungen …), "
    "Begriffe (Einwanderungsgeschichte, Migrationshintergrund, Staatsangehörigkeit) und Erhebungsarten (Befragung, "
    "Personaldaten, Schätzung) unterscheiden sich von Partner zu Partner; die Anteile werden deshalb nie über "
    "Partner summiert oder gemittelt."
)
MONEY_NOTE = (
    "Beträge (Mittel) sind kein Wert dieser Auswertung: Sie messen Verschiedenes (je Jahr, insgesamt, je Kommune, "
    "Höchstbeträge) und werden deshalb nicht über Maßnahmen addiert; die Seite „Handlungsziele 2030“ nennt sie "
    "einzeln."
)
VALUE_NOTES = {  # how the values of a dimension read ({horizon}, {report_year}: of the strategy's activity rule)
    "year": "Jahr: die Jahre, in denen eine Maßnahme laut Umsetzungsbericht läuft. Ohne genanntes Startjahr zählt sie "
    "ab dem Jahr ihres Berichts (geplante ab dem Folgejahr), ohne Endjahr bis {horizon}. Werte vor {report_year} sind "
    "deshalb Untergrenzen, Werte nach {report_year} Fortschreibungen laufender Maßnahmen, keine Beobachtungen.",
    "ressort": "ALLE = alle Ressorts; WEITERE = weitere Ressorts neben dem federführenden.",
    "share_year": "Bezugsjahr: wie die Quelle es nennt; „Jahr nicht genannt“, wo sie keines nennt.",
}
TOTAL = "Insgesamt"
MISSING = {  # the value of a row that has none in a dimension, by subject family and dimension
    (SHARE, "partner_group"): "ohne Partner",
    (SHARE, "partner_type"): "ohne Partner",
    (SHARE, "regierungsbezirk"): "ohne Partner",
    (SHARE, "partner"): "ohne Partner",
    (SHARE, "accession_year"): "ohne Partner",
    (SHARE, "share_year"): "Jahr nicht genannt",
    (PARTNER, "focus_area"): "keine Maßnahme berichtet",
    (PARTNER, "measure_type"): "keine Maßnahme berichtet",
    (PARTNER, "status"): "keine Maßnahme berichtet",
    (STRATEGY, "ressort"): "keine Zuständigkeit genannt",
    (STRATEGY, "zielgruppe"): "keine Zielgruppe genannt",
}


@dataclass(frozen=True)
class Value:
    """One value of a dimension: its code in the data, its German label (table, legend), a short form for a chart
    axis where the label is long (a goal's number) and the long form for the hover (a partner's full name)."""

    code: int | str
    label: str
    short: str = ""
    long: str = ""

    @property
    def chart_label(self) -> str:
        return self.short or self.label

    @property
    def hover(self) -> str:
        return self.long or self.label


def dimension_values(ds: Dataset, subject_key: str, key: str) -> list[Value]:
    """Every value a dimension other than years can take, in its natural order (focus areas and goals by number,
    partners by accession, the rest in the order of their list), with German labels."""
    subject = SUBJECTS[subject_key]
    if key == "partner_group":
        return [Value(g, g) for g in labels.PARTNER_GROUP_ORDER]
    if key == "partner_type":
        return [Value(t, t) for t in PARTNER_TYPES]
    if key == "regierungsbezirk":
        return [Value(r, r) for r in REGIERUNGSBEZIRKE]
    if key == "partner":
        partners = ds.partners.sort_values("partner_id")
        return [
            Value(int(i), str(s), long=labels.partner_label(s, n))
            for i, s, n in zip(partners["partner_id"], partners["short_name"], partners["name"])
        ]
    if key == "focus_area":
        return [
            Value(int(f), str(s), long=f"{int(f)} – {t}")
            for f, s, t in zip(ds.focus_areas["focus_area"], ds.focus_areas["short_label"], ds.focus_areas["title"])
        ]
    if key == "measure_type":
        return [Value(str(c), str(t)) for c, t in zip(ds.measure_types["measure_type"], ds.measure_types["label"])]
    if key == "status":
        names = labels.STATUS_STRATEGY if subject.family == STRATEGY else labels.STATUS_PARTNER
        return [Value(c, t) for c, t in names.items()]
    if key == "zieldimension":
        return [
            Value(str(z), labels.ZIELDIMENSION.get(z, str(z)), long=f"{z} – {t}")
            for z, t in zip(ds.zieldimensionen["zieldimension"], ds.zieldimensionen["title"])
        ]
    if key == "goal":
        return [
            Value(int(g), f"{int(g)} {t}", short=str(int(g)), long=f"Handlungsziel {int(g)}: {t}")
            for g, t in zip(ds.goals["goal_id"], ds.goals["title"])
        ]
    if key == "ressort":
        return [Value(str(c), str(c), long=str(n)) for c, n in zip(ds.ressorts["code"], ds.ressorts["name"])]
    if key == "zielgruppe":
        return [Value(str(c), str(t)) for c, t in zip(ds.zielgruppen["code"], ds.zielgruppen["label_de"])]
    names = {"basis": labels.SHARE_BASIS, "concept": labels.CONCEPT, "method": labels.METHOD}[key]
    return [Value(c, t) for c, t in names.items()]
