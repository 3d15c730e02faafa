"""The helper that finds line numbers in what viewers see (tests/line_numbers.py) finds them and nothing else."""

from __future__ import annotations

import pytest
from line_numbers import line_number_columns, line_references


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Partnerbericht IKÖ, Z. 668", ["Z. 668"]),
        ("Quelle: Umsetzungsbericht, Zeile 262.", ["Zeile 262"]),
        ("Partnerbericht Z. 1916–1951 tragen keine Überschrift", ["Z. 1916–1951"]),
        ("Zeilen 1916–1951 und Zeile 509", ["Zeilen 1916–1951", "Zeile 509"]),
        ("(Z. 898 und 913), Z.1747/1768", ["Z. 898 und 913", "Z.1747/1768"]),
    ],
)
def test_line_references_are_found(text, found):
    assert line_references(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "z. B. 25 %",
        "Umsetzungsbericht …, Handlungsziel 17 „Ausschöpfung des Beschäftigungspotenzials“, S. 34–35: „… 50 Mio. Euro“",
        "Kopfzeile 2 und Zeilenumbruch",
        "Folie 17, Stand 30.09.2020, n = 12 Partner",
    ],
)
def test_other_numbers_are_not_line_references(text):
    assert line_references(text) == []


def test_columns_of_line_numbers_are_found_by_their_header():
    headers = ["Lfd. Nr. (Dashboard)", "Zeile in der Quelle", "Zeile a", "Zeile (Beitritt)", "Fundstelle", "Zeitrahmen"]
    assert line_number_columns(headers) == ["Zeile in der Quelle", "Zeile a", "Zeile (Beitritt)"]
