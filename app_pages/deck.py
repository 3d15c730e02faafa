import datetime as dt
import hashlib

import streamlit as st

from ikoe_data import charts, deck, deck_store, labels
from ikoe_ui import access, data, layout
from ikoe_ui import deck as deck_ui

ds = data.dataset()

layout.page_header(
    "Foliensatz",
    "Welche Diagramme nehmen Sie mit in die Ausschusssitzung – in welcher Reihenfolge und mit welchem Titel?",
)
deck_ui.open_from_link()
slides = deck_ui.slides()


@st.cache_data(show_spinner="Vorschau wird erstellt …", max_entries=20)
def _previews(key: str, _plan: deck.DeckPlan) -> dict[int, list[bytes]]:
    """The slides' previews, rendered by the PDF handout's path; kept per deck content (`key`)."""
    return deck.previews(_plan)


def _move(index: int, step: int) -> None:
    current = deck_ui.slides()
    current[index], current[index + step] = current[index + step], current[index]
    deck_ui.changed()


def _remove(index: int) -> None:
    del deck_ui.slides()[index]
    deck_ui.changed()


def _edit(index: int, uid: str) -> None:
    slide = deck_ui.slides()[index]
    slide.title = st.session_state[f"deck_edit_{uid}"]
    slide.note = st.session_state[f"deck_note_{uid}"]
    deck_ui.changed()


def _retitle() -> None:
    st.session_state[deck_ui.TITLE_KEY] = st.session_state["deck_title_input"]
    deck_ui.changed()


def _clear() -> None:
    deck_ui.slides().clear()
    deck_ui.changed()


def _link() -> None:
    deck_ui.store()


if not slides:
    st.info(deck.validate([])[0], icon=":material/slideshow:")
else:
    template, template_problem = deck_ui.template()
    if template_problem:
        st.warning(template_problem)
    st.session_state.setdefault("deck_title_input", deck_ui.deck_title()[: deck.TITLE_MAX])
    st.text_input("Titel des Foliensatzes", key="deck_title_input", max_chars=deck.TITLE_MAX, on_change=_retitle)
    problems = deck.validate(slides)
    for problem in problems:
        st.error(problem)
    info = deck.DeckInfo(title=deck_ui.deck_title(), created=dt.date.today(), edition=ds.edition_label)
    plan = deck.plan_deck(slides, info) if not problems else None
    key = hashlib.sha256(deck_store.payload_of(info.title, slides)).hexdigest()
    shown = _previews(key, plan) if plan is not None else {}
    st.markdown(
        f"**{labels.count(len(slides), 'Diagramm', 'Diagramme')}** auf "
        f"**{labels.count(plan.total if plan else 0, 'Folie', 'Folien')}**: Titelfolie, "
        f"{labels.count(len(plan.pages) if plan else len(slides), 'Diagrammfolie', 'Diagrammfolien')} und Quellen/"
        "Definitionen am Ende. Jedes Diagramm wird ein bearbeitbares PowerPoint-Diagramm mit seinen Daten "
        "(„Daten bearbeiten“), Heatmaps eine Tabelle mit Farbskala; keine Folie ist ein Bild. Die Vorschau zeigt "
        "die Folien, wie PowerPoint-Datei und PDF-Handout sie enthalten."
    )
    for index, slide in enumerate(slides):
        pictures = shown.get(index, [])
        with st.container(border=True):
            head, buttons = st.columns([1, 1], vertical_alignment="top")
            numbers = [p.number.split(" / ")[0] for p in (plan.pages if plan else []) if p.index == index]
            where = f"Folie {numbers[0]}" if len(numbers) <= 1 else f"Folien {numbers[0]}–{numbers[-1]}"
            head.markdown(
                f"**{where}** · {deck.KIND_LABELS.get(slide.kind, slide.kind)} · "
                f"aus „{deck_ui.escaped(slide.page or 'Dashboard')}“"
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
            if len(pictures) > 1:
                st.caption(
                    f"Mehr Zeilen, als eine Folie in lesbarer Schrift fasst: das Diagramm geht über "
                    f"{len(pictures)} Folien, jede mit derselben Skala und Legende. Für weniger Folien die Auswahl "
                    "eingrenzen (z. B. einen Regierungsbezirk oder eine Zieldimension) und das Diagramm erneut "
                    "hinzufügen."
                )
            for key_, value in ((f"deck_edit_{slide.uid}", slide.title), (f"deck_note_{slide.uid}", slide.note)):
                if key_ not in st.session_state:
                    st.session_state[key_] = value[: deck.TITLE_MAX if "edit" in key_ else deck.NOTE_MAX]
            text, preview = st.columns([1, 1])
            text.text_input(
                "Folientitel",
                key=f"deck_edit_{slide.uid}",
                max_chars=deck.TITLE_MAX,
                on_change=_edit,
                args=(index, slide.uid),
            )
            text.text_area(
                "Notiz auf der Folie (kurz, optional)",
                key=f"deck_note_{slide.uid}",
                max_chars=deck.NOTE_MAX,
                height=68,
                on_change=_edit,
                args=(index, slide.uid),
            )
            if slide.title[:1] in ("=", "+", "-", "@"):
                text.caption("Der Titel beginnt wie eine Formel; er wird als Text übernommen, nie berechnet.")
            text.caption(f"{deck_ui.escaped(slide.scope or slide.selection)}  \n{deck_ui.escaped(slide.source)}")
            for number, picture in enumerate(pictures, start=1):
                preview.image(
                    picture,
                    caption=f"Vorschau {where}"
                    if len(pictures) == 1
                    else f"Vorschau, Teil {number} von {len(pictures)}",
                    width="stretch",
                )

    st.header("Herunterladen und teilen")
    session, client, base = deck_ui.session_id(), access.client_address(), deck_ui.base_url()

    def _file(build):  # stores the deck for its link (within this viewer's budget), then builds the file
        def make() -> bytes:
            link = deck_ui.link_for(slides, info.title, session, client, base)
            return build(deck.plan_deck(list(snapshot), deck.DeckInfo(info.title, info.created, info.edition, link)))

        return make

    snapshot = list(slides)
    stem = f"foliensatz-{charts.style.slug(info.title)}-{dt.date.today():%Y-%m-%d}"
    row = st.container(horizontal=True)
    row.download_button(
        "PowerPoint herunterladen",
        key="deck_pptx",
        icon=":material/download:",
        data=_file(lambda plan_: deck.write_pptx(plan_, template)),
        file_name=f"{stem}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        on_click="ignore",
        disabled=bool(problems),
    )
    row.download_button(
        "PDF-Handout herunterladen",
        key="deck_pdf",
        icon=":material/picture_as_pdf:",
        data=_file(deck.write_pdf),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        on_click="ignore",
        disabled=bool(problems),
    )
    row.button("Link erzeugen", key="deck_link", icon=":material/link:", on_click=_link, disabled=bool(problems))
    row.button("Foliensatz leeren", key="deck_clear", icon=":material/delete_sweep:", on_click=_clear)
    deck_id = st.session_state.get(deck_ui.ID_KEY)
    if deck_id and st.query_params.get(deck_ui.QUERY_KEY) == deck_id:
        st.caption(
            "Dieser Foliensatz steckt im Link dieser Seite: Wer die Adresse öffnet, erhält dieselben Folien mit "
            f"denselben Zahlen (Kennung {deck_id}). Der Link bleibt mindestens {deck_store.RETENTION_DAYS} Tage nach "
            "dem letzten Öffnen gültig."
        )
    else:
        st.caption(
            "„Link erzeugen“ (oder ein Download) speichert den Foliensatz auf dem Server; der Link bleibt mindestens "
            f"{deck_store.RETENTION_DAYS} Tage nach dem letzten Öffnen gültig. Bis dahin lebt er nur in dieser Sitzung."
        )
layout.what_you_need_to_know(f"""
- **Bearbeitbare Diagramme:** Jedes Diagramm wird ein echtes PowerPoint-Diagramm mit eingebetteten Daten
  („Daten bearbeiten“): Balken (Untergrenzen und Fortschreibungen schraffiert bzw. gepunktet), gestapelte Flächen,
  Linien, Punkte mit Kategorien; Heatmaps werden Tabellen mit Farbskala und Zahlen. Zahlenformate folgen der
  Sprache des Programms (deutsch: 20,15 %).
- **Lesbar:** Keine Schrift in Diagrammen und Tabellen unter {deck.MIN_PT} pt. Was mehr Zeilen hat, als eine Folie
  so fasst, geht auf weiteren Folien weiter („(1/2)“, „(2/2)“), mit derselben Skala und Legende.
- **Stand der Zahlen:** Eine Folie enthält die Zahlen, die beim Hinzufügen angezeigt wurden, mit ihrer Auswahl,
  Quelle und Datenausgabe. Der Link zeigt immer genau diese Zahlen, auch nach einer neuen Datenausgabe.
- **Link:** Gespeichert wird ein Foliensatz erst, wenn Sie einen Link erzeugen oder eine Datei herunterladen; er
  bleibt mindestens {deck_store.RETENTION_DAYS} Tage nach dem letzten Öffnen gültig.
- **PDF-Handout:** dieselben Folien als PDF, ohne Office-Programm erzeugt.
""")
