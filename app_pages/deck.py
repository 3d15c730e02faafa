import datetime as dt

import streamlit as st

from ikoe_data import charts, deck, labels
from ikoe_ui import data, layout
from ikoe_ui import deck as deck_ui

ds = data.dataset()

layout.page_header(
    "Foliensatz",
    "Welche Diagramme nehmen Sie mit in die Ausschusssitzung – in welcher Reihenfolge und mit welchem Titel?",
)
deck_ui.open_from_link()
slides = deck_ui.slides()


def _move(index: int, step: int) -> None:
    current = deck_ui.slides()
    current[index], current[index + step] = current[index + step], current[index]


def _remove(index: int) -> None:
    del deck_ui.slides()[index]


def _edit(index: int, uid: str) -> None:
    slide = deck_ui.slides()[index]
    slide.title = st.session_state[f"deck_edit_{uid}"]
    slide.note = st.session_state[f"deck_note_{uid}"]


def _retitle() -> None:
    st.session_state[deck_ui.TITLE_KEY] = st.session_state["deck_title_input"]


def _clear() -> None:
    deck_ui.slides().clear()


if not slides:
    st.info(deck.validate([])[0], icon=":material/slideshow:")
    deck_ui.persist()
else:
    template, template_problem = deck_ui.template()
    if template_problem:
        st.warning(template_problem)
    deck_id = deck_ui.persist()

    st.session_state.setdefault("deck_title_input", deck_ui.deck_title()[: deck.TITLE_MAX])
    st.text_input("Titel des Foliensatzes", key="deck_title_input", max_chars=deck.TITLE_MAX, on_change=_retitle)
    problems = deck.validate(slides)
    for problem in problems:
        st.error(problem)

    st.markdown(
        f"**{labels.count(len(slides), 'Diagramm', 'Diagramme')}** · Titelfolie, "
        f"{labels.count(len(slides), 'Diagrammfolie', 'Diagrammfolien')} und Quellen/Definitionen am Ende. "
        "Balken-, Linien- und Punktdiagramme werden als bearbeitbare PowerPoint-Diagramme übernommen "
        "(„Daten bearbeiten“), alle anderen als hochauflösendes Bild."
    )
    for index, slide in enumerate(slides):
        kind = deck.slide_kind(slide.figure)
        with st.container(border=True):
            head, buttons = st.columns([1, 1], vertical_alignment="top")
            head.markdown(
                f"**Folie {index + 2}** · {deck.KIND_LABELS[kind]} · aus „{deck_ui.escaped(slide.page or 'Dashboard')}“"
            )
            row = buttons.container(horizontal=True, horizontal_alignment="right")
            row.button(
                "Nach oben",
                key=f"deck_up_{slide.uid}",
                icon=":material/arrow_upward:",
                disabled=index == 0,
                on_click=_move,
                args=(index, -1),
            )
            row.button(
                "Nach unten",
                key=f"deck_down_{slide.uid}",
                icon=":material/arrow_downward:",
                disabled=index == len(slides) - 1,
                on_click=_move,
                args=(index, 1),
            )
            row.button(
                "Entfernen", key=f"deck_remove_{slide.uid}", icon=":material/delete:", on_click=_remove, args=(index,)
            )
            if deck.too_tall(slide.figure):
                st.warning(
                    "Dieses Diagramm hat mehr Zeilen, als eine Folie lesbar fasst: auf der Folie wird es stark "
                    "verkleinert. Für eine lesbare Folie die Auswahl auf weniger Zeilen eingrenzen (z. B. einen "
                    "Regierungsbezirk oder eine Zieldimension) und das Diagramm erneut hinzufügen.",
                    icon=":material/height:",
                )
            for key, value in ((f"deck_edit_{slide.uid}", slide.title), (f"deck_note_{slide.uid}", slide.note)):
                if key not in st.session_state:
                    st.session_state[key] = value[: deck.TITLE_MAX if "edit" in key else deck.NOTE_MAX]
            st.text_input(
                "Folientitel",
                key=f"deck_edit_{slide.uid}",
                max_chars=deck.TITLE_MAX,
                on_change=_edit,
                args=(index, slide.uid),
            )
            st.text_area(
                "Notiz auf der Folie (kurz, optional)",
                key=f"deck_note_{slide.uid}",
                max_chars=deck.NOTE_MAX,
                height=68,
                on_change=_edit,
                args=(index, slide.uid),
            )
            if len(slide.title) > deck.TITLE_MAX:
                st.caption(f"Der Titel war länger als {deck.TITLE_MAX} Zeichen und wurde gekürzt.")
            if slide.title[:1] in ("=", "+", "-", "@"):
                st.caption("Der Titel beginnt wie eine Formel; er wird als Text übernommen, nie berechnet.")
            st.caption(f"{deck_ui.escaped(slide.selection)}  \n{deck_ui.escaped(slide.source)}")

    st.header("Herunterladen")
    info = deck.DeckInfo(title=deck_ui.deck_title(), created=dt.date.today(), edition=ds.edition_label)
    snapshot = list(slides)
    stem = f"foliensatz-{charts.style.slug(info.title)}-{dt.date.today():%Y-%m-%d}"
    row = st.container(horizontal=True)
    row.download_button(
        "PowerPoint herunterladen",
        key="deck_pptx",
        icon=":material/download:",
        data=lambda: deck.build_pptx(snapshot, info, template),
        file_name=f"{stem}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        on_click="ignore",
        disabled=bool(problems),
    )
    row.download_button(
        "PDF-Handout herunterladen",
        key="deck_pdf",
        icon=":material/picture_as_pdf:",
        data=lambda: deck.build_pdf(snapshot, info),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        on_click="ignore",
        disabled=bool(problems),
    )
    row.button("Foliensatz leeren", key="deck_clear", icon=":material/delete_sweep:", on_click=_clear)
    if deck_id:
        st.caption(
            "Dieser Foliensatz steckt im Link dieser Seite: Wer die Adresse öffnet, erhält dieselben Folien "
            f"mit denselben Zahlen (Kennung {deck_id})."
        )
layout.what_you_need_to_know("""
- **Bearbeitbare Diagramme:** Balken-, gestapelte Balken-, Linien- und Punktdiagramme werden als echte
  PowerPoint-Diagramme mit eingebetteten Daten übernommen; Zahlenformate folgen der Sprache des Programms
  (deutsch: 20,15 %). Heatmaps, Flächen und Diagramme mit Schattierungen oder Textmarken kommen als Bild.
- **Stand der Zahlen:** Eine Folie enthält die Zahlen, die beim Hinzufügen angezeigt wurden, mit ihrer Auswahl,
  Quelle und Datenausgabe. Der Link zeigt immer genau diese Zahlen, auch nach einer neuen Datenausgabe.
- **PDF-Handout:** dieselben Folien als PDF, ohne Office-Programm erzeugt; Diagramme als Bilder.
""")
