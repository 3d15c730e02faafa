"""Accessibility of the page frame: document language, German framework texts, visible focus, phone-width
styles, the sidebar navigation and the link to the accessibility statement on every page."""

from __future__ import annotations

import base64
import hashlib
import json

import streamlit as st

STATEMENT_TITLE = "Erklärung zur Barrierefreiheit"
STATEMENT_PATH = "app_pages/accessibility.py"

# Texts Streamlit's frontend writes in English and offers no setting for, in German. Exact texts of attributes
# (aria-label, title, placeholder, data-title) and of text nodes; the patterns below cover texts with a name in
# them. Whatever cannot be reached this way is listed in the accessibility statement.
FRAMEWORK_TEXTS = {
    "Skip to main content": "Zum Inhalt springen",
    "Sidebar": "Seitenleiste",
    "Collapse sidebar": "Seitenleiste einklappen",
    "Expand sidebar": "Seitenleiste ausklappen",
    "Main menu": "Hauptmenü",
    "App pages": "Seiten",
    "Open": "Öffnen",
    "Close": "Schließen",
    "Clear all": "Alle entfernen",
    "Choose an option": "Bitte wählen",
    "No results": "Keine Treffer",
    "Fullscreen": "Vollbild",
    "Close fullscreen": "Vollbild beenden",
    "Exit fullscreen": "Vollbild beenden",
    "Show/hide columns": "Spalten ein-/ausblenden",
    "Download as CSV": "Als CSV herunterladen",
    "Search": "Suchen",
    "Link to heading": "Link zu diesem Abschnitt",
    "Print": "Drucken",
    "Settings": "Einstellungen",
    "About": "Über",
    "Running...": "Wird berechnet …",
    "Stop": "Anhalten",
    "Connecting": "Verbindung wird hergestellt",
    "Drag and drop file here": "Datei hierher ziehen",
    "Browse files": "Datei auswählen",
    "Upload": "Hochladen",
    "Delete": "Löschen",
    "Copy": "Kopieren",
    "Copied": "Kopiert",
    "Copy to clipboard": "In die Zwischenablage kopieren",
    "Sort ascending": "Aufsteigend sortieren",
    "Sort descending": "Absteigend sortieren",
    "Hide column": "Spalte ausblenden",
    "Autosize": "Breite anpassen",
    "Pin column": "Spalte fixieren",
    "Unpin column": "Fixierung aufheben",
    "Format": "Format",
    "Record screen": "Bildschirm aufzeichnen",
    "Theme": "Farbschema",
    "Light": "Hell",
    "Dark": "Dunkel",
    # Streamlit's dialog for an address that is no page (e.g. /datenpflege on a server without data stewards)
    "Page not found": "Seite nicht gefunden",
    "The page that you have requested does not seem to exist. Running the app's main page.": (
        "Diese Seite gibt es nicht. Die Übersicht wird geöffnet."
    ),
}
FRAMEWORK_PATTERNS = [  # (regular expression, replacement with $1)
    (r"^Help for (.+)$", "Hilfe zu $1"),
    (r"^Made with Streamlit(.*)$", "Erstellt mit Streamlit$1"),
    (r"^Remove (.+)$", "$1 entfernen"),
    (r"^(.+) — start$", "$1 – Anfang"),
    (r"^(.+) — end$", "$1 – Ende"),
    (r"^File must be ([\d.]+)MB or smaller\.?$", "Die Datei darf höchstens $1 MB groß sein."),
    (r"^([\d.]+\s?[KMG]?B) per file$", "höchstens $1 je Datei"),
    (
        r"^You have requested page /(.+), but no corresponding file was found in the app's pages/ directory\. "
        r"Running the app's main page\.$",
        "Die Seite /$1 gibt es nicht. Die Übersicht wird geöffnet.",
    ),
]

SCRIPT = """
(() => {
  if (window.__ikoeA11y) return;
  window.__ikoeA11y = true;
  // One page switch, one history entry: Streamlit carries the bound filter parameters to the new page, then drops
  // those the page does not apply with a second pushState, so Back would stay on the page. A push on the same page
  // that only drops parameters, with no click or key press since the switch, replaces the entry instead.
  const push = history.pushState.bind(history);
  let switched = 0, input = 0;
  for (const kind of ["pointerdown", "keydown"]) addEventListener(kind, () => { input = performance.now(); }, true);
  history.pushState = (state, title, url) => {
    const to = new URL(url, location.href), here = new URL(location.href);
    const drops = to.pathname === here.pathname && to.search !== here.search
      && [...to.searchParams].every(([key, value]) => here.searchParams.getAll(key).includes(value));
    if (drops && switched > input) return history.replaceState(state, title, url);
    switched = to.pathname !== here.pathname ? performance.now() : 0;
    return push(state, title, url);
  };
  const texts = TEXTS, patterns = PATTERNS.map(([re, to]) => [new RegExp(re), to]);
  const german = (value) => {
    if (!value) return null;
    const trimmed = value.trim();
    if (Object.prototype.hasOwnProperty.call(texts, trimmed)) return value.replace(trimmed, texts[trimmed]);
    for (const [re, to] of patterns) if (re.test(trimmed)) return trimmed.replace(re, to);
    return null;
  };
  const ATTRIBUTES = ["aria-label", "title", "placeholder", "data-title", "aria-roledescription"];
  const fixElement = (el) => {
    for (const name of ATTRIBUTES) {
      const value = el.getAttribute && el.getAttribute(name);
      const translated = german(value);
      if (translated !== null && translated !== value) el.setAttribute(name, translated);
    }
    // Streamlit's upload area is role="presentation" with a label, which cancels the role (axe-core:
    // presentation-role-conflict); its file button inside carries the label that is read out.
    if (el.getAttribute && el.getAttribute("role") === "presentation" && el.hasAttribute("aria-label"))
      el.removeAttribute("aria-label");
  };
  const fixText = (node) => {
    const parent = node.parentElement;
    if (!parent || parent.closest(".js-plotly-plot svg, [data-testid=stMarkdownContainer], script, style")) return;
    const translated = german(node.nodeValue);
    if (translated !== null && translated !== node.nodeValue) node.nodeValue = translated;
  };
  const fixTree = (root) => {
    if (root.nodeType === Node.TEXT_NODE) return fixText(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixElement(root);
    root.querySelectorAll("[aria-label],[title],[placeholder],[data-title]").forEach(fixElement);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) fixText(walker.currentNode);
  };
  const fixDocument = () => {
    document.documentElement.lang = "de";
    fixTree(document.body);
  };
  new MutationObserver((mutations) => {
    if (document.documentElement.lang !== "de") document.documentElement.lang = "de";
    for (const m of mutations) {
      if (m.type === "attributes") fixElement(m.target);
      else if (m.type === "characterData") fixText(m.target);
      else m.addedNodes.forEach(fixTree);
    }
  }).observe(document.documentElement, {
    subtree: true, childList: true, characterData: true, attributes: true,
    attributeFilter: ["lang", ...ATTRIBUTES],
  });
  fixDocument();
})();
"""

CSS = """
<style>
/* Visible keyboard focus on every control (WCAG 2.4.7): a dark blue ring with a white gap, 3:1 on any background. */
:focus-visible,
[data-testid="stApp"] :focus-visible {
  outline: 3px solid #0B4F9C !important;
  outline-offset: 2px !important;
  box-shadow: 0 0 0 2px #FFFFFF !important;
}
/* Radio buttons and checkboxes hide their input: the ring goes on the label around it. */
label:has(input:focus-visible) {
  outline: 3px solid #0B4F9C !important;
  outline-offset: 2px !important;
  border-radius: 4px;
}
/* The year slider hides its range inputs: the ring goes on the thumb that holds the focused one. */
[data-testid="stSlider"] [data-rac]:has(> div > input:focus-visible) {
  outline: 3px solid #0B4F9C !important;
  outline-offset: 2px !important;
  border-radius: 50%;
}
/* Tables draw their cell cursor on a canvas; the ring around the table shows that the keyboard is inside. */
[data-testid="stDataFrame"]:focus-within { outline: 3px solid #0B4F9C; outline-offset: 2px; }
/* The links next to each heading are extra tab stops with no use in this dashboard. */
[data-testid="stHeaderActionElements"] { display: none !important; }
/* Headings break between words, never inside one ("Beschäftigtenante / ile"). */
h1, h2, h3 { overflow-wrap: normal !important; word-break: normal !important; hyphens: manual !important; }
/* Sections are h2 under the page's h1 (heading order); they keep the size of Streamlit's subheaders. */
[data-testid="stMain"] h2 { font-size: 1.75rem; }
[data-testid="stSidebar"] h2 { font-size: 1.25rem; }
/* Streamlit fades captions to 60 % opacity (3.9:1 on white); at 85 % they reach 7:1, in the light and dark theme. */
[data-testid="stCaptionContainer"] { opacity: 0.85 !important; }
/* Notes for phones only (layout.PHONE_ONLY). */
[class*="st-key-nur-telefon-"] { display: none !important; }
@media (max-width: 640px) {
  [class*="st-key-nur-telefon-"] { display: block !important; }
  [data-testid="stMain"] h1 { font-size: 1.75rem !important; line-height: 1.25 !important; }
  [data-testid="stMain"] h2 { font-size: 1.3rem !important; }
  [data-testid="stMainBlockContainer"] { padding-left: 0.75rem !important; padding-right: 0.75rem !important; }
  /* Text tables fit the screen: fixed columns, smaller type; only a word longer than its column wraps inside. */
  [data-testid="stMarkdownContainer"] table { table-layout: fixed; width: 100%; font-size: 0.8rem; }
  [data-testid="stMarkdownContainer"] :is(td, th) { overflow-wrap: break-word; padding: 0.3rem !important; }
  /* Heatmap cells are too narrow for their numbers on a phone (they would pile up): the colour shows the value,
     tapping a cell and the table tab give the number. Image downloads are drawn apart from the page and keep them. */
  [data-testid="stPlotlyChart"] .heatmaplayer text { display: none; }
  /* Touch screens show the chart toolbar all the time: it gets a row of its own above the chart instead of
     covering the title (plotly.js clips the chart's own box, so the row is a margin and the clip is lifted; the
     element around the chart, which Streamlit gives the figure's height, grows by that row). */
  [data-testid="stElementContainer"]:has(> * > [data-testid="stPlotlyChart"]) {
    height: auto !important;
    flex: 0 0 auto !important;
  }
  [data-testid="stPlotlyChart"] { margin-top: 32px; }
  /* The same for a table's toolbar (columns, download, search, full screen), which sits above the table. */
  [data-testid="stElementContainer"]:has([data-testid="stDataFrame"]) { margin-top: 2.75rem; }
  [data-testid="stPlotlyChart"] .js-plotly-plot { overflow: visible !important; }
  [data-testid="stPlotlyChart"] .modebar-container { top: -32px !important; }
}
/* The section tabs of a page (layout.SECTION_KEY) wrap into rows instead of scrolling sideways: every section stays
   in sight, also on a phone. */
.st-key-abschnitt [role="tablist"] { flex-wrap: wrap; overflow-x: visible; }
.st-key-abschnitt [data-testid="stTab"] { white-space: normal; height: auto; min-height: 2.5rem; max-width: 100%; }
/* They name the page's sections: larger and bolder than the „Diagramm“/„Tabelle“ tabs of each chart below them. */
.st-key-abschnitt [data-testid="stTab"] p { font-size: 1.05rem; font-weight: 600; }
[class*="st-key-ansicht-"] [data-testid="stTab"] p { font-size: inherit; font-weight: inherit; }
/* Long page names in the navigation wrap instead of being cut. */
[data-testid="stPageLink"] p { white-space: normal !important; }
/* The elements holding the script above and the view stamp (layout.view_stamp) take no room. */
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > :is([data-ikoe-frame], [data-ikoe-view])) {
  display: none;
}
</style>
"""


def script_body() -> str:
    """The page frame's script, exactly as the browser runs it."""
    return SCRIPT.replace("TEXTS", json.dumps(FRAMEWORK_TEXTS, ensure_ascii=False)).replace(
        "PATTERNS", json.dumps(FRAMEWORK_PATTERNS, ensure_ascii=False)
    )


def script_hash() -> str:
    """CSP source expression of the script (deploy/nginx.conf.template allows it by this hash)."""
    digest = hashlib.sha256(script_body().encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def page_frame(pages: dict[str, list]) -> None:
    """Everything the page frame needs, before the page runs: language, German framework texts, styles and the
    sidebar navigation (sections as headings, no list markup that screen readers would misread)."""
    st.html(CSS)
    st.html(f"<span data-ikoe-frame hidden></span><script>{script_body()}</script>", unsafe_allow_javascript=True)
    with st.sidebar, st.container(key="navigation"):
        for section, section_pages in pages.items():
            st.markdown(f"**{section}**")
            for page in section_pages:
                st.page_link(page, icon=page.icon or None)


def statement_link(pages: dict[str, list]) -> None:
    """The link to the accessibility statement at the end of every page (the sidebar is closed on phones)."""
    statement = next((p for section in pages.values() for p in section if p.title == STATEMENT_TITLE), None)
    if statement is not None:
        st.divider()
        st.page_link(statement, label=STATEMENT_TITLE, icon=":material/accessibility_new:")
