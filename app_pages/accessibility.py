import streamlit as st

from ikoe_data import a11y, labels
from ikoe_ui import layout

settings = a11y.statement_settings()

layout.page_header(
    "Erklärung zur Barrierefreiheit",
    "Wie barrierefrei ist dieses Dashboard, was ist es noch nicht, und wo melden Sie Barrieren?",
)

st.markdown("""
Das Ministerium, das dieses Dashboard betreibt, ist als öffentliche Stelle des Landes Nordrhein-Westfalen
bemüht, es im Einklang mit dem Behindertengleichstellungsgesetz Nordrhein-Westfalen (BGG NRW, §§ 10 bis 10e)
und der Barrierefreie-Informationstechnik-Verordnung Nordrhein-Westfalen (BITV NRW) barrierefrei zugänglich zu
machen. Maßstab sind die Anforderungen der EN 301 549 bzw. der WCAG 2.1 auf Stufe AA. Diese Erklärung gilt für
das IKÖ-Dashboard NRW mit allen seinen Seiten.
""")

st.header("Stand der Vereinbarkeit mit den Anforderungen")
st.markdown("""
Das Dashboard ist **teilweise barrierefrei**. Die unten aufgeführten Inhalte sind noch nicht vollständig
barrierefrei.
""")

st.header("Nicht barrierefreie Inhalte")
st.markdown("""
- **Diagramme** sind Grafiken. Zu jedem Diagramm gibt es einen Text, der beschreibt, was es zeigt (höchster und
  niedrigster Wert, Entwicklung), und eine Tabelle mit denselben Zahlen (Reiter „Tabelle“, auch als Excel- und
  CSV-Datei). Einzelne Datenpunkte eines Diagramms sind mit der Tastatur nicht erreichbar; dafür ist die Tabelle da.
- **Tabellen** werden vom Anzeigebaustein des Frameworks Streamlit auf einer Zeichenfläche dargestellt.
  Bildschirmleser lesen sie nur eingeschränkt vor, und ein Ausdruck enthält von einer Tabelle nur den sichtbaren
  Ausschnitt. Barrierefreie und vollständige Alternative: die Excel-Datei unter jeder Tabelle.
- **Englische Texte des Frameworks:** Einige Bedienelemente von Streamlit lassen sich nicht einstellen. Das
  Dashboard übersetzt sie beim Laden der Seite ins Deutsche (Sprunglink, Seitenleiste, Menü, Werkzeugleisten von
  Diagrammen und Tabellen, Auswahllisten samt „Alle auswählen“, Schieberegler, Hilfe-Symbole). Englisch bleiben
  können: kurze
  Hinweise, die das Framework nur für einen Moment einblendet (z. B. während einer Verbindungsunterbrechung), die
  Menüs im Spaltenkopf von Tabellen und das Suchfeld der Tabellen-Werkzeugleiste, soweit das Framework sie nach
  dem Laden neu zeichnet. Ursache: Streamlit bietet keine deutsche Sprachfassung an.
- **Sprache des Dokuments:** Streamlit liefert die Seite mit der Sprachangabe „en“ aus; das Dashboard setzt sie beim
  Laden auf „de“. Programme, die die Seite ohne JavaScript lesen, sehen „en“.
- **Schmale Bildschirme:** Auf Mobiltelefonen (ab 390 Pixel Breite) ist jede Seite bedienbar; das Menü schließt
  sich, sobald eine Seite gewählt ist. Farbmatrizen (z. B. Partner × Themenschwerpunkt) stehen dort als Liste ihrer
  Werte, Diagramme mit sehr vielen Säulen haben ihre Werte als Liste darunter. Breite Tabellen lassen sich auf
  schmalen Bildschirmen nur durch seitliches Verschieben ganz lesen.
""")

st.header("Erstellung dieser Erklärung")
st.markdown(f"""
Diese Erklärung beruht auf einer Selbstbewertung. Geprüft wurde zuletzt am
**{labels.format_date(settings.last_check)}**: alle Seiten automatisch mit axe-core (ohne und mit Filtern, mit allen
geöffneten Aufklappbereichen und Reitern; keine Befunde, auch keine mittleren oder geringen), die Bedienung mit der
Tastatur (Sprunglink, sichtbarer Fokus, keine Tastaturfalle in Diagrammen) und die Darstellung bei 390 × 844
Pixeln. Die automatischen Prüfungen laufen bei jeder Änderung des Dashboards erneut. Eine Prüfung durch
Menschen mit Behinderungen oder eine BITV-Prüfung durch eine externe Stelle hat noch nicht stattgefunden.
""")

st.header("Barrieren melden: Kontakt")
if settings.contact:
    st.markdown(
        "Sind Ihnen Mängel beim barrierefreien Zugang zu Inhalten aufgefallen, oder benötigen Sie Inhalte in einer "
        "anderen Form? Dann schreiben Sie uns:"
    )
    st.code(settings.contact, language=None)
    st.markdown("Wir antworten in angemessener Frist, in der Regel innerhalb von zwei Wochen.")
else:
    st.warning(
        "Für diese Installation ist noch keine Kontaktadresse für Rückmeldungen eingetragen. Bis dahin wenden Sie "
        "sich bitte an die Ombudsstelle (siehe unten)."
    )  # the operators' part (README: IKOE_A11Y_CONTACT) is not for the public

st.header("Durchsetzungsverfahren (Ombudsstelle)")
st.markdown("""
Wenn Sie auf Ihre Meldung innerhalb angemessener Frist keine zufriedenstellende Antwort erhalten haben, können Sie
sich an die **Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen** wenden
(§ 10d BGG NRW, §§ 9 ff. BITV NRW). Sie ist bei der bzw. dem Beauftragten der Landesregierung für Menschen mit
Behinderung angesiedelt, vermittelt zwischen Ihnen und der öffentlichen Stelle und ist für Sie kostenlos. Einen
Antrag können Sie schriftlich, per E-Mail oder online stellen:

- Website mit Antragsformular: [www.lbbp.nrw.de/ombudsstelle](https://www.lbbp.nrw.de/ombudsstelle)
- E-Mail: ombudsstelle-barrierefreie-it@mags.nrw.de

Die **Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz (BGG)** beim Beauftragten der
Bundesregierung ist nur für öffentliche Stellen des Bundes zuständig; für dieses Angebot einer Landesbehörde
ist die Ombudsstelle des Landes die richtige Anlaufstelle.
""")
