"""Accessibility of the page frame: document language, German framework texts, visible focus, phone-width
styles, the sidebar navigation and the link to the accessibility statement on every page."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re

import streamlit as st

from ikoe_data import Dataset, pages, selection
from ikoe_data.filters import Filters

STATEMENT_TITLE = "Erklärung zur Barrierefreiheit"
STATEMENT_PATH = "app_pages/accessibility.py"
PRINT_LABEL = "Drucken / als PDF speichern"

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
    # the multiselects' first option
    "Select all": "Alle auswählen",
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
    (r"^Select (\d+) matches$", "$1 Treffer auswählen"),
    (r"^Add: (.+)$", "Hinzufügen: $1"),
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

# Printing: the page's margins, and the width (CSS px at 96 per inch) of an A4 page in portrait between them, at
# which the charts are laid out when a print starts, until the printed page's own width is known.
PRINT_MARGIN_MM = 12
PRINT_WIDTH = round((210 - 2 * PRINT_MARGIN_MM) / 25.4 * 96)

SCRIPT = r"""
(() => {
  if (window.__ikoeA11y) return;
  window.__ikoeA11y = true;
  // One page switch, one history entry. Streamlit pushes an entry for every address a switch passes through: the
  // bound filter parameters carried to the new page, those the page does not apply dropped again, and on leaving
  // such a page they are first put back on its address; under load the old page's address may change before the
  // new one's comes. (A filter chosen in a widget replaces the entry itself.) So a push on the same page replaces
  // the entry; when a push to another page follows from the same click or key press, the old page's entry first
  // gets back the address it had, so that Back returns to the view as it was left.
  const push = history.pushState.bind(history), replace = history.replaceState.bind(history);
  let input = 0, switched = 0, before = null;
  for (const kind of ["pointerdown", "keydown"]) addEventListener(kind, () => { input = performance.now(); }, true);
  history.pushState = (state, title, url) => {
    const to = new URL(url, location.href), here = new URL(location.href);
    if (to.pathname === here.pathname) {
      if (switched < input && !before) before = {state: history.state, href: here.href, at: performance.now()};
      return replace(state, title, url);
    }
    if (before && before.at > input) replace(before.state, "", before.href);
    before = null;
    switched = performance.now();
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

  // Charts (plotly.js, which Streamlit loads as window.Plotly). Each chart's SVG layers get a viewBox equal to
  // their size, so that the print styles can scale them to the page width; on a phone a legend of several entries
  // takes two columns.
  const PRINT_WIDTH = PRINTWIDTH, DENSE_BAR = 14;  // px of a bar that holds its number
  const phone = matchMedia("(max-width: 640px)");
  let printing = false, opened = [];
  const fitBox = (gd) => {
    for (const svg of gd.querySelectorAll(".svg-container > svg.main-svg")) {
      const width = svg.getAttribute("width"), height = svg.getAttribute("height");
      if (width && height) svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    }
  };
  // (A figure's height is Streamlit's: it sizes the figure to its element, so the charts give a phone's plot area
  // its least height themselves, charts.style.PHONE_PLOT_HEIGHT; a relayout of the height here was undone.)
  const fitPhone = (gd) => {
    const layout = gd._fullLayout;
    if (!phone.matches || printing || !window.Plotly || !layout || !gd.offsetParent) return;
    const entries = (gd._fullData || []).filter((t) => t.showlegend !== false && t.name).length;
    // (not a legend in titled groups: plotly.js lays its groups side by side over the columns)
    const grouped = (gd._fullData || []).some((t) => t.legendgrouptitle && t.legendgrouptitle.text);
    if (layout.showlegend && entries > 2 && !grouped && layout.legend && layout.legend.entrywidthmode !== "fraction")
      window.Plotly.relayout(gd, {"legend.entrywidthmode": "fraction", "legend.entrywidth": 0.5});
  };
  // A chart too dense for a phone's width shows its values as a list there (the styles show it only on a phone):
  // a heatmap, whose cells are too narrow for their numbers, is replaced by its rows with the numbers of their
  // cells; bars narrower than a number keep their chart and get the list of their values below it. The texts are
  // the chart's own (labels, cell numbers, hover texts: German, escaped for plotly) as plain text, never markup.
  // (No "<" before a letter or "/" in this script: DOMPurify, which st.html passes it through, drops such a script.)
  const plain = (text) => String(text == null ? "" : text).replace(/\x3cbr\s*\/?>/gi, " ").replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&#36;/g, "$").replace(/&#37;/g, "%")
    .replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
  const element = (tag, text, className) => {
    const el = document.createElement(tag);
    if (text) el.textContent = text;
    if (className) el.className = className;
    return el;
  };
  const axisTitle = (axis) => plain(axis && axis.title && axis.title.text);
  const heatmapList = (gd, traces) => {
    const rows = new Map(), first = traces[0];
    (first.y || []).forEach((label) => rows.set(plain(label), new Map()));
    for (const t of traces)
      (t.text || []).forEach((line, i) => (line || []).forEach((value, j) => {
        const cells = rows.get(plain(t.y[i]));
        if (cells && plain(value)) cells.set(j, `${plain(t.x[j])}: ${plain(value)}`);
      }));
    const layout = gd._fullLayout, rowTitle = axisTitle(layout.yaxis);
    const list = element("dl");
    for (const [label, cells] of rows) {
      if (!cells.size) continue;
      const values = [...cells].sort((a, b) => a[0] - b[0]).map((cell) => cell[1]);
      // a row named by a number is named with its axis: "Handlungsziel (Nr.) 9"
      const name = /^\d+$/.test(label) && rowTitle ? `${rowTitle} ${label}` : label;
      list.append(element("dt", name), element("dd", values.join(" · ")));
    }
    const unit = plain(first.colorbar && first.colorbar.title && first.colorbar.title.text);
    const note = `Die Werte der Farbmatrix, Zeile für Zeile${unit ? ` (Anzahl der ${unit})` : ""}; `
      + "Felder ohne Wert fehlen.";
    // the chart's title and its lines (what is counted, the selection, the source) head the list in its place
    const title = layout.title || {};
    return [element("p", plain(title.text), "ikoe-values-title"),
      element("p", plain(title.subtitle && title.subtitle.text), "ikoe-values-note"),
      element("p", note, "ikoe-values-note"), list];
  };
  const barList = (gd, traces) => {
    const order = (gd._fullLayout.xaxis && gd._fullLayout.xaxis._categories) || [];
    const items = [];
    for (const t of traces)
      (t.x || []).forEach((x, i) => {
        const text = plain(Array.isArray(t.hovertext) ? t.hovertext[i] : t.hovertext);
        if (text) items.push([order.indexOf(x), text]);
      });
    const list = element("ul");
    items.sort((a, b) => a[0] - b[0]).forEach(([, text]) => list.append(element("li", text)));
    return [element("p", "Die Werte des Diagramms:", "ikoe-values-note"), list];
  };
  // The list goes below the chart's frame, into the element around it (Streamlit fixes the frame's height to the
  // figure's; that element grows with its content on a phone, see the styles).
  const listValues = (gd) => {
    const host = gd.closest("[data-testid=stElementContainer]"), layout = gd._fullLayout;
    if (!host || !layout || !layout._size || host.__ikoeListed === gd.data) return;
    const heatmaps = (gd.data || []).filter((t) => t.type === "heatmap");
    const bars = (gd._fullData || []).filter((t) => t.type === "bar" && t.visible === true && t.orientation !== "h");
    const categories = (layout.xaxis && layout.xaxis._categories || []).length;
    const dense = heatmaps.length ? heatmapList(gd, heatmaps)
      : bars.length && categories && layout._size.w / categories < DENSE_BAR ? barList(gd, bars) : null;
    let box = host.querySelector(":scope > .ikoe-values");
    if (!dense) { if (box) box.remove(); delete host.dataset.ikoeReplaced; return; }
    if (!box) host.append(box = element("div", "", "ikoe-values"));
    box.replaceChildren(...dense);
    if (heatmaps.length) host.dataset.ikoeReplaced = ""; else delete host.dataset.ikoeReplaced;
    host.__ikoeListed = gd.data;
  };
  const hook = (gd) => {
    if (gd.__ikoeHooked || typeof gd.on !== "function") return;
    gd.__ikoeHooked = true;
    const fit = () => { fitBox(gd); if (phone.matches) { listValues(gd); fitPhone(gd); } };
    gd.on("plotly_afterplot", fit);
    if (gd._fullLayout) fit();
  };
  const hookPlots = (root) => {
    if (root.classList && root.classList.contains("js-plotly-plot")) hook(root);
    else if (root.closest && root.closest(".js-plotly-plot")) hook(root.closest(".js-plotly-plot"));
    else if (root.querySelectorAll) root.querySelectorAll(".js-plotly-plot").forEach(hook);
  };

  // Printing: every chart is laid out anew at the printed page's width (the print styles also scale it to that
  // width and to at most a page's height), closed boxes are opened, and the print header names the link that
  // reopens this view. The browser announces a print twice: "beforeprint", still with the screen's measures (the
  // charts get the width of an A4 page in portrait), then the change to print media, where the page's own width
  // can be read from media queries (e.g. landscape). Streamlit lays them out for the screen again afterwards.
  const viewLink = () => {
    const stamp = document.querySelector("[data-ikoe-view]");
    return new URL(stamp ? stamp.dataset.ikoeView : location.href, location.href).href;
  };
  const printedWidth = () => {
    const wider = (px) => matchMedia(`print and (min-width: ${px}px)`).matches;
    if (!wider(200)) return PRINT_WIDTH;
    let low = 200, high = 4000;
    while (high - low > 1) { const mid = (low + high) >> 1; if (wider(mid)) low = mid; else high = mid; }
    return low;
  };
  const startPrint = (width) => {
    if (!printing) {
      printing = true;
      document.querySelectorAll("[data-ikoe-print-link]").forEach((el) => { el.textContent = viewLink(); });
      opened = [...document.querySelectorAll("[data-testid=stMain] [data-testid=stExpander] details:not([open])")];
      opened.forEach((details) => { details.open = true; });
    }
    if (!window.Plotly) return;
    for (const gd of document.querySelectorAll("[data-testid=stMain] .js-plotly-plot")) {
      if (!gd._fullLayout || !gd.offsetParent || gd._fullLayout.width === width) continue;
      window.Plotly.relayout(gd, {width});
      fitBox(gd);
    }
  };
  const endPrint = () => {
    if (!printing) return;
    printing = false;
    opened.forEach((details) => { details.open = false; });
    opened = [];
  };
  addEventListener("beforeprint", () => startPrint(PRINT_WIDTH));
  addEventListener("afterprint", endPrint);
  matchMedia("print").addEventListener("change", (e) => (e.matches ? startPrint(printedWidth()) : endPrint()));

  const SIDEBAR_OVER = matchMedia("(max-width: 768px)");  // Streamlit's breakpoint: the sidebar covers the page
  addEventListener("click", (e) => {
    const target = e.target instanceof Element ? e.target : null;
    if (!target) return;
    // the page's „Drucken / als PDF speichern“ button (a button of its own: no inline handler under the CSP)
    if (target.closest("[data-ikoe-print]")) { e.preventDefault(); window.print(); return; }
    // On a phone the sidebar covers the page: it closes when a page is chosen in it, as Streamlit's own
    // navigation does.
    if (target.closest("[data-testid=stSidebar] a[data-testid=stPageLink-NavLink]") && SIDEBAR_OVER.matches)
      setTimeout(() => {  // (Streamlit draws the button that closes the sidebar only while it is open)
        const close = document.querySelector("[data-testid=stSidebarCollapseButton] button");
        if (close) close.click();
      });
  }, true);

  const fixTree = (root) => {
    if (root.nodeType === Node.TEXT_NODE) return fixText(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixElement(root);
    root.querySelectorAll("[aria-label],[title],[placeholder],[data-title]").forEach(fixElement);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) fixText(walker.currentNode);
    hookPlots(root);
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
    // a value list whose chart Streamlit has taken away (a rerun put another element there) goes with it
    if (mutations.some((m) => m.removedNodes.length))
      document.querySelectorAll(".ikoe-values").forEach((box) => {
        if (box.parentElement.querySelector(".js-plotly-plot")) return;
        delete box.parentElement.dataset.ikoeReplaced;
        box.remove();
      });
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
@media (max-width: 640px) {
  [data-testid="stMain"] h1 { font-size: 1.75rem !important; line-height: 1.25 !important; }
  [data-testid="stMain"] h2 { font-size: 1.3rem !important; }
  [data-testid="stMainBlockContainer"] { padding-left: 0.75rem !important; padding-right: 0.75rem !important; }
  /* Text tables fit the screen: fixed columns, smaller type; only a word longer than its column wraps inside. */
  [data-testid="stMarkdownContainer"] table { table-layout: fixed; width: 100%; font-size: 0.8rem; }
  [data-testid="stMarkdownContainer"] :is(td, th) { overflow-wrap: break-word; padding: 0.3rem !important; }
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
/* The page's print button (print_bar): small, at the right above the title; the print header shows only on paper. */
.ikoe-print-bar { display: flex; justify-content: flex-end; }
.ikoe-print-bar button {
  font: inherit; font-size: 0.875rem; color: inherit; background: transparent; cursor: pointer;
  border: 1px solid rgba(49, 51, 63, 0.3); border-radius: 0.5rem; padding: 0.2rem 0.75rem;
}
.ikoe-print-bar button:hover { border-color: #0B4F9C; color: #0B4F9C; }
.ikoe-print-header { display: none; }
@page { margin: PRINTMARGINmm; }
@media print {
  /* No sidebar, navigation, toolbars or buttons on paper. */
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stElementToolbar"], .modebar-container, [role="tablist"], [data-baseweb="tab-border"],
  [data-baseweb="tab-highlight"], [data-testid="stButton"], [data-testid="stDownloadButton"],
  [data-testid="stMain"] button, [data-testid="stPageLink"], [data-testid="stMain"] hr, .ikoe-print-bar {
    display: none !important;
  }
  /* The header names the dashboard, the data status, the selection and the link that reopens the view. */
  .ikoe-print-header { display: block; font-size: 10pt; line-height: 1.35; border-bottom: 1px solid #888;
    padding-bottom: 4pt; margin-bottom: 6pt; }
  .ikoe-print-header p { margin: 0; }
  .ikoe-print-header [data-ikoe-print-link] { overflow-wrap: anywhere; }
  [data-testid="stAppViewContainer"], [data-testid="stMain"] { padding: 0 !important; margin: 0 !important; }
  /* The page ends with its content (the screen's app frame is one viewport high, which left a blank last page). */
  [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"] {
    height: auto !important; min-height: 0 !important; overflow: visible !important;
  }
  [data-testid="stMainBlockContainer"] {
    max-width: none !important; width: 100% !important; padding: 0 !important; min-width: 0 !important;
  }
  /* Charts: laid out at the printed width (the script) and scaled to the page's width, never taller than a page;
     a chart is never split between two pages, nor a heading from what follows it. */
  [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {
    height: auto !important; width: 100% !important; break-inside: avoid; margin-top: 0 !important;
  }
  [data-testid="stPlotlyChart"], [data-testid="stPlotlyChart"] .js-plotly-plot,
  [data-testid="stPlotlyChart"] .plot-container, [data-testid="stPlotlyChart"] .svg-container {
    width: 100% !important; max-width: 100% !important; height: auto !important;
  }
  [data-testid="stPlotlyChart"] .svg-container > svg.main-svg {
    width: 100% !important; height: auto !important; max-height: 230mm;
  }
  [data-testid="stPlotlyChart"] .svg-container > svg.main-svg:first-child { position: relative !important; }
  [data-testid="stTabs"], [data-testid="stDataFrame"], [data-testid="stMetric"], [data-testid="stImage"],
  [data-testid="stTable"], [data-testid="stAlert"], [data-testid="stLayoutWrapper"] { break-inside: avoid; }
  /* A heading stays with what follows it, a chart with its source line: columns of elements are laid out as
     blocks on paper (Chromium keeps "break-*: avoid" between blocks, not between the items of a flex column). */
  [data-testid="stMain"] [data-testid="stVerticalBlock"] { display: block !important; }
  [data-testid="stMain"] [data-testid="stVerticalBlock"] > * + * { margin-top: 0.75rem; }
  [data-testid="stElementContainer"]:has([data-testid="stHeading"]) { break-after: avoid; }
  [data-testid="stTabs"] + [data-testid="stElementContainer"] { break-before: avoid; }
  /* A table is drawn on a canvas over an empty element as tall as all its rows (for the scroll bar): on paper
     that element would add blank pages. */
  [data-testid="stDataFrame"] .dvn-scroll-inner { display: none !important; }
}
@media print and (orientation: landscape) {
  /* the page's height less a heading and a source line */
  [data-testid="stPlotlyChart"] .svg-container > svg.main-svg { max-height: 135mm; }
}
/* A dense chart's values on a phone (the page frame's script): shown only there; a heatmap gives way to them. */
.ikoe-values { display: none; }
@media screen and (max-width: 640px) {
  .ikoe-values { display: block; font-size: 0.875rem; line-height: 1.4; margin-top: 0.5rem; }
  .ikoe-values dl, .ikoe-values ul { margin: 0; }
  .ikoe-values dt { font-weight: 600; margin-top: 0.4rem; }
  .ikoe-values dd { margin: 0 0 0 0.75rem; }
  .ikoe-values-note { margin: 0 0 0.25rem 0; opacity: 0.85; }
  .ikoe-values-title { margin: 0 0 0.25rem 0; font-weight: 600; font-size: 1rem; }
  [data-ikoe-replaced] > :not(.ikoe-values) { display: none !important; }
}
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
    values = {
        "TEXTS": json.dumps(FRAMEWORK_TEXTS, ensure_ascii=False),
        "PATTERNS": json.dumps(FRAMEWORK_PATTERNS, ensure_ascii=False),
        "PRINTWIDTH": str(PRINT_WIDTH),
    }
    return re.sub("|".join(values), lambda m: values[m.group()], SCRIPT)


def script_hash() -> str:
    """CSP source expression of the script (deploy/nginx.conf.template allows it by this hash)."""
    digest = hashlib.sha256(script_body().encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def styles() -> str:
    """The page frame's style sheet, with the print measures filled in."""
    return CSS.replace("PRINTMARGIN", str(PRINT_MARGIN_MM))


def page_frame(pages: dict[str, list]) -> None:
    """Everything the page frame needs, before the page runs: language, German framework texts, styles and the
    sidebar navigation (sections as headings, no list markup that screen readers would misread)."""
    st.html(styles())
    st.html(f"<span data-ikoe-frame hidden></span><script>{script_body()}</script>", unsafe_allow_javascript=True)
    with st.sidebar, st.container(key="navigation"):
        for section, section_pages in pages.items():
            st.markdown(f"**{section}**")
            for page in section_pages:
                st.page_link(page, icon=page.icon or None)


def print_bar(ds: Dataset, filters: Filters | None) -> None:
    """At the top of every page: the button that prints it (or saves it as PDF), and the header that only the
    printed page shows: data status, the selection of a page that applies filters (`filters`; None for a page
    without), and the link that reopens the view (filled in by the script when printing starts)."""
    lines = [selection.data_status(ds)]
    if filters is not None:
        lines.append(selection.selection_text(filters, None, pages.common.focus_titles(ds)))
    header = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    st.html(
        f'<div class="ikoe-print-bar"><button type="button" data-ikoe-print>{PRINT_LABEL}</button></div>'
        f'<div class="ikoe-print-header"><p><strong>IKÖ-Dashboard NRW</strong></p>{header}'
        "<p>Link zu dieser Ansicht: <span data-ikoe-print-link></span></p></div>"
    )


def statement_link(pages: dict[str, list]) -> None:
    """The link to the accessibility statement at the end of every page (the sidebar is closed on phones)."""
    statement = next((p for section in pages.values() for p in section if p.title == STATEMENT_TITLE), None)
    if statement is not None:
        st.divider()
        st.page_link(statement, label=STATEMENT_TITLE, icon=":material/accessibility_new:")
