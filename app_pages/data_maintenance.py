import datetime as dt
import hashlib

import pandas as pd
import streamlit as st

from ikoe_data import edition_comparison, editions, importer, labels
from ikoe_data.text import md
from ikoe_ui import access, data, layout

layout.page_header(
    "Datenpflege",
    "Eine neue Berichtsausgabe aus der Excel-Vorlage einspielen – geprüft, ohne dass "
    "vorhandene Daten verändert werden.",
)
access.require_steward()
ds = data.dataset()

layout.main_facts(
    [
        f"Aktuelle Ausgabe: {editions.edition_info(data.current_edition()).label}; "
        f"{labels.format_number(len(editions.list_editions()))} Ausgabe(n) gespeichert.",
        "Eine Datei wird vollständig geprüft, bevor etwas gespeichert wird. Gespeicherte Ausgaben werden nie "
        "überschrieben; jede neue Ausgabe erhält ihren eigenen Stichtag.",
    ]
)

for damaged_id, reason in editions.damaged_editions():
    st.warning(
        f"Die gespeicherte Ausgabe {md(damaged_id)} ist beschädigt ({md(reason)}) und wird nicht angeboten; "
        "die anderen Ausgaben sind nicht betroffen. Bitte den Ordner vom Betrieb prüfen lassen.",
        icon=":material/warning:",
    )

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
    confirmed = st.form_submit_button("Als neue Ausgabe speichern", type="primary", icon=":material/save:")
if confirmed:
    stored = importer.import_upload(content, upload.name, status_date.isoformat(), base=ds)
    if stored.ok and stored.edition is not None:
        data.clear_cache()
        st.session_state[data.EDITION_KEY] = stored.edition.edition_id
        st.session_state.pop("validated", None)
        st.success(f"Gespeichert als {md(stored.edition.label)}. Das Dashboard zeigt jetzt diese Ausgabe.")
    else:
        st.error("Nicht gespeichert: " + md(" ".join(str(p) for p in stored.problems)))
