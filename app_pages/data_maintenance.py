import datetime as dt
import hashlib

import pandas as pd
import streamlit as st

from ikoe_data import edition_comparison, editions, import_audit, importer, labels
from ikoe_data.local_db import LocalDbError
from ikoe_data.text import md
from ikoe_ui import access, data, layout

DONE_KEY = "import_done"  # messages of a finished import, shown by the run after it
UPLOAD_ROUND_KEY = "upload_round"  # a new key empties the upload field after an import

layout.page_header(
    "Datenpflege",
    "Eine neue Berichtsausgabe aus der Excel-Vorlage einspielen – geprüft, ohne dass "
    "vorhandene Daten verändert werden.",
)
steward = access.require_steward()
ds = data.dataset()

layout.main_facts(
    [
        f"Aktuelle Ausgabe: {editions.edition_info(data.current_edition()).label}; "
        f"{labels.format_number(len(editions.list_editions()))} Ausgabe(n) gespeichert.",
        "Eine Datei wird vollständig geprüft, bevor etwas gespeichert wird. Gespeicherte Ausgaben werden nie "
        "überschrieben; jede neue Ausgabe erhält ihren eigenen Stichtag.",
    ]
)

for kind, message in st.session_state.pop(DONE_KEY, []):
    (st.success if kind == "success" else st.warning)(md(message))

for damaged_id, reason in editions.damaged_editions():
    st.warning(
        f"Die gespeicherte Ausgabe {md(damaged_id)} ist beschädigt ({md(reason)}) und wird nicht angeboten; "
        "die anderen Ausgaben sind nicht betroffen. Bitte den Ordner vom Betrieb prüfen lassen.",
        icon=":material/warning:",
    )

with st.expander("Importprotokoll: wer wann welche Datei eingespielt hat"):
    try:
        log = import_audit.entries()
    except LocalDbError as error:
        st.error(md(str(error)))
    else:
        if log.empty:
            st.info("Bisher wurde keine Datei eingespielt.")
        else:
            st.caption(
                "Jeder Import steht hier, auch abgelehnte, mit der Person, ihrer Anmeldung, der Prüfsumme der Datei "
                "und dem Ergebnis (neueste zuerst; gespeichert neben den Ausgaben)."
            )
            layout.table(log, key="import_log")

st.header("1. Vorlage herunterladen")
prefilled = st.toggle(
    "Vorlage mit den Daten der aktuellen Ausgabe füllen",
    value=True,
    help="So ändern Sie nur, was sich geändert hat. Ohne Häkchen: leere Blätter.",
)
st.download_button(
    "Excel-Vorlage herunterladen",
    icon=":material/download:",
    on_click="ignore",
    data=lambda: importer.template_bytes(ds, prefilled=prefilled),
    file_name=f"ikoe-vorlage-{'gefuellt' if prefilled else 'leer'}-{dt.date.today():%Y-%m-%d}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)

st.header("2. Ausgefüllte Datei prüfen")
upload = st.file_uploader(
    "Ausgefüllte Vorlage (.xlsx) oder eine einzelne Tabelle (.csv)",
    type=["xlsx", "csv"],
    max_upload_size=max(1, importer.MAX_UPLOAD_BYTES // (1024 * 1024)),
    key=f"upload-{st.session_state.get(UPLOAD_ROUND_KEY, 0)}",
)
if upload is None:
    st.info("Noch keine Datei gewählt.")
    st.stop()

content = upload.getvalue()
# Validated once per file content and base edition, not again on every click (up to 13 s for the largest file).
validated_key = (hashlib.sha256(content).hexdigest(), upload.name, data.current_edition())
if st.session_state.get("validated", (None, None))[0] != validated_key:
    st.session_state["validated"] = (validated_key, importer.validate_upload(content, upload.name, base=ds))
result = st.session_state["validated"][1]
for notice in result.notices:
    st.info(md(notice))
if not result.ok:
    st.error(
        f"Die Datei „{md(upload.name)}“ kann nicht übernommen werden: {len(result.problems)} Problem(e). "
        "Es wurde nichts gespeichert."
    )
    problems = [
        {"Ort": p.location, "Zeile": p.row, "Spalte": p.column, "Regel": p.rule, "Problem": p.message}
        for p in result.problems
    ]
    layout.table(pd.DataFrame(problems), key="problems")
    st.stop()

st.success(f"Die Datei „{md(upload.name)}“ ist gültig.")
summary = edition_comparison.diff_summary(result.diff)
if summary.empty:
    st.warning("Die Datei enthält keine Änderungen gegenüber der aktuellen Ausgabe.")
else:
    st.markdown("**Änderungen gegenüber der aktuellen Ausgabe**")
    layout.table(summary.rename(columns={"table": "Tabelle"}), key="diff_summary")
    assert result.diff is not None  # an upload without problems has its differences
    with st.expander("Alle geänderten Zeilen"):
        layout.table(
            result.diff.rename(
                columns={"table": "Tabelle", "key": "Schlüssel", "change": "Änderung", "columns": "Geänderte Spalten"}
            ),
            key="diff",
        )

st.header("3. Als neue Ausgabe speichern")
with st.form("store_edition"):
    status_date = st.date_input(
        "Stichtag der neuen Ausgabe", value=dt.date.today(), max_value=dt.date.today(), format="DD.MM.YYYY"
    )
    given_name = (
        None
        if steward.name
        else st.text_input(
            "Ihr Name (für das Importprotokoll)",
            max_chars=100,
            help="Mit dem gemeinsamen Zugangsschlüssel kennt das Dashboard Sie nicht: Ihr Name steht im Protokoll.",
        )
    )
    confirmed = st.form_submit_button("Als neue Ausgabe speichern", type="primary", icon=":material/save:")
if confirmed and given_name is not None and not given_name.strip():
    st.error("Bitte geben Sie Ihren Namen für das Importprotokoll an. Es wurde nichts gespeichert.")
elif confirmed:
    stored = import_audit.audited_import(
        steward.actor(given_name), content, upload.name, status_date.isoformat(), base=ds
    )
    notices = [("warning", notice) for notice in stored.notices]
    if stored.ok and stored.edition is not None:
        # The sidebar's edition choice is already drawn in this run: the next run shows the new edition, with
        # these messages and an empty upload field.
        data.show_edition_next_run(stored.edition.edition_id)
        st.session_state.pop("validated", None)
        st.session_state[UPLOAD_ROUND_KEY] = st.session_state.get(UPLOAD_ROUND_KEY, 0) + 1
        message = (
            f"Gespeichert als {stored.edition.label}. Das Dashboard zeigt jetzt diese Ausgabe; der Import steht im "
            "Importprotokoll."
        )
        st.session_state[DONE_KEY] = [("success", message), *notices]
        st.rerun()
    st.error("Nicht gespeichert: " + md(" ".join(str(p) for p in stored.problems)))
    for _, notice in notices:
        st.warning(md(notice))
