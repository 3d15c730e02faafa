"""Command line of the import (needs IKOE_DATA_STEWARD_TOKEN, judged like the page's: ikoe_data.steward.check_secret);
German messages, like the page. Every import is written to the import audit log with the operating system's account.

python -m ikoe_data.importer template VORLAGE.xlsx [--leer] [--base AUSGABE]
python -m ikoe_data.importer validate DATEI [--base AUSGABE]
python -m ikoe_data.importer import DATEI --edition JJJJ-MM-TT [--base AUSGABE]
"""

from __future__ import annotations

import argparse
import getpass
import re
import socket
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn, TextIO

from .. import editions, import_audit, settings
from ..edition_comparison import diff_summary
from ..editions import EditionError, edition_info
from ..settings import STEWARD_TOKEN_ENV
from .limits import MAX_UPLOAD_BYTES, megabytes_text
from .template import template_bytes
from .validation import ValidationResult, base_dataset, validate_upload

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_DISABLED = 0, 1, 2, 3

_ARGPARSE_DE = (
    (r"the following arguments are required: (.*)", r"Es fehlen Angaben: \1"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", r"\1: ungültige Auswahl \2 (möglich: \3)"),
    (r"unrecognized arguments: (.*)", r"Unbekannte Angaben: \1"),
    (r"argument (\S+): expected one argument", r"\1: Es fehlt der Wert."),
    (r"argument (\S+): (.*)", r"\1: \2"),
)


class _Formatter(argparse.HelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "Aufruf: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "Argumente"
        self._optionals.title = "Optionen"
        self.add_argument("-h", "--help", action="help", help="Diese Hilfe anzeigen und beenden.")

    def error(self, message: str) -> NoReturn:
        for pattern, replacement in _ARGPARSE_DE:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, replacement, message)
                break
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"Fehler: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m ikoe_data.importer",
        description="Datenpflege des IKÖ-Dashboards: Vorlage erzeugen, Datei prüfen, neue Ausgabe "
        "importieren. Erfordert den Zugangsschlüssel der Datenpflege (Umgebungsvariable "
        f"{STEWARD_TOKEN_ENV}).",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, title="Befehle", metavar="BEFEHL", parser_class=_Parser
    )
    template = commands.add_parser("template", help="Excel-Vorlage erzeugen.")
    template.add_argument("output", metavar="ZIELDATEI", help="Pfad der zu schreibenden .xlsx-Datei.")
    template.add_argument("--leer", action="store_true", help="Ohne die Zeilen der aktuellen Ausgabe.")
    template.add_argument("--base", metavar="AUSGABE", help="Ausgabe zum Vorbefüllen (Standard: neueste).")
    validate = commands.add_parser("validate", help="Datei prüfen und Änderungen zeigen; schreibt nichts.")
    validate.add_argument("file", metavar="DATEI", help="Ausgefüllte Vorlage (.xlsx) oder CSV-Datei einer Tabelle.")
    validate.add_argument("--base", metavar="AUSGABE", help="Vergleichsausgabe (Standard: neueste).")
    do_import = commands.add_parser("import", help="Datei prüfen und als neue Ausgabe speichern.")
    do_import.add_argument("file", metavar="DATEI", help="Ausgefüllte Vorlage (.xlsx) oder CSV-Datei einer Tabelle.")
    do_import.add_argument("--edition", metavar="JJJJ-MM-TT", required=True, help="Stichtag und Name der Ausgabe.")
    do_import.add_argument("--base", metavar="AUSGABE", help="Basisausgabe (Standard: neueste).")
    return parser


def _print_result(result: ValidationResult, out: TextIO) -> None:
    for notice in result.notices:
        print(f"Hinweis: {notice}", file=out)
    for problem in result.problems:
        print(f"{problem} [Regel: {problem.rule}]", file=out)
    if result.problems:
        print(f"{len(result.problems)} Problem(e); die Datei wird so nicht übernommen.", file=out)
        return
    print(f"Keine Probleme gefunden. Änderungen gegenüber Ausgabe „{result.base_edition}“:", file=out)
    if result.diff is None or result.diff.empty:
        print("  keine", file=out)
        return
    for row in diff_summary(result.diff).itertuples(index=False):
        print(f"  {row.table}: {row.neu} neu, {row.geändert} geändert, {row.entfernt} entfernt", file=out)
    for row in result.diff.head(200).itertuples(index=False):
        detail = f" ({row.columns})" if row.columns else ""
        print(f"    {row.table} {row.key}: {row.change}{detail}", file=out)
    if len(result.diff) > 200:
        print(f"    … und {len(result.diff) - 200} weitere Änderungen", file=out)


def _operator() -> import_audit.Actor:
    """Who runs the command line, for the import audit log: the operating system's account on this machine."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no name for this user id (e.g. in a container)
        user = "unbekannt"
    return import_audit.Actor(user, f"{user}@{socket.gethostname()}", import_audit.METHOD_CLI)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    secret = settings.steward_secret()
    if secret.problem:
        print(secret.problem, file=sys.stderr)
        return EXIT_DISABLED
    if secret.value is None:
        print(
            "Der Datenimport ist ausgeschaltet: Es ist kein Zugangsschlüssel der Datenpflege konfiguriert "
            f"(Umgebungsvariable {STEWARD_TOKEN_ENV}). Ohne ihn sind die Daten nur lesbar.",
            file=sys.stderr,
        )
        return EXIT_DISABLED
    if args.base:
        try:
            edition_info(args.base)
        except EditionError as error:
            print(f"Fehler: {error}", file=sys.stderr)
            return EXIT_USAGE
    if args.command == "template":
        base, problems = base_dataset(args.base)
        if base is None:
            print(f"Fehler: {problems[0]}", file=sys.stderr)
            return EXIT_PROBLEMS
        Path(args.output).write_bytes(template_bytes(base, prefilled=not args.leer))
        print(f"Vorlage geschrieben: {args.output}")
        return EXIT_OK
    try:
        with open(args.file, "rb") as handle:  # never more than the limit into memory (e.g. /dev/zero)
            data = handle.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            print(
                f"Fehler: Die Datei „{args.file}“ ist größer als erlaubt (höchstens "
                f"{megabytes_text(MAX_UPLOAD_BYTES)}); sie wurde nicht gelesen.",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
    except OSError as error:
        print(
            f"Fehler: Die Datei „{args.file}“ kann nicht gelesen werden ({error.strerror or error}).", file=sys.stderr
        )
        return EXIT_USAGE
    if args.command == "validate":
        result = validate_upload(data, args.file, args.base)
        _print_result(result, sys.stdout)
        return EXIT_OK if result.ok else EXIT_PROBLEMS
    try:
        editions.parse_edition_id(args.edition)
    except EditionError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return EXIT_USAGE
    result = import_audit.audited_import(_operator(), data, args.file, args.edition, base_edition_id=args.base)
    _print_result(result, sys.stdout)
    if result.edition is None:
        return EXIT_PROBLEMS
    rows = sum(result.edition.row_counts.values())
    print(f"Ausgabe {result.edition.edition_id} gespeichert ({rows} Zeilen) in {result.edition.path}.")
    return EXIT_OK
