"""The page registry — the one place that lists the dashboard's pages — and their models.

Every page has one entry here: title, URL path, icon, section of the navigation, the shared filter groups it
applies, the view choices it reads, whether only data stewards see it, and its model builder. The entry point
(`dashboard.py`), the navigation, the tests and the benchmarks read this list; no other file lists pages.

A page with a builder is a pure function of (dataset, filters, view choices) returning a `PageModel`
(`model.py`), drawn by the one renderer `ikoe_ui.layout.page`; its file in `app_pages/` is that one call. The
three tool pages (Foliensatz, Datenpflege, the accessibility statement) are scripts of their own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..filters import FOCUS, PARTNER, STRATEGY
from . import (
    common,
    goals,
    measures,
    methodology,
    overview,
    own_analysis,
    partner_page,
    partners,
    search,
    staff_shares,
)
from .model import PageInput, PageModel

__all__ = ["PAGES", "PageSpec", "common", "page", "page_by_path"]


@dataclass(frozen=True)
class PageSpec:
    key: str  # the file app_pages/<key>.py
    title: str
    url_path: str  # "" for the default page at /
    icon: str
    section: str
    filters: tuple[str, ...] = ()  # the shared filter groups the page applies, shown in the sidebar in this order
    choices: tuple[str, ...] = ()  # the view choices the page reads (widget keys; URL parameters where bound)
    link_first: tuple[str, ...] = ()  # choices whose link parameter wins over the widget (`/partner?id=14`)
    steward_only: bool = False
    build: Callable[[PageInput], PageModel] | None = None  # None: a tool page with a script of its own

    @property
    def script(self) -> str:
        return f"app_pages/{self.key}.py"


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "overview",
        overview.TITLE,
        "",
        ":material/dashboard:",
        "Überblick",
        filters=(PARTNER, FOCUS, STRATEGY),
        choices=(common.COMPARE_KEY,),
        build=overview.build,
    ),
    PageSpec(
        "partners",
        partners.TITLE,
        "partnernetzwerk",
        ":material/hub:",
        "Partnernetzwerk",
        filters=(PARTNER, FOCUS),
        choices=(partners.PARTNER_KEY, common.COMPARE_KEY),
        build=partners.build,
    ),
    PageSpec(
        "partner_page",
        partner_page.TITLE,
        "partner",
        ":material/badge:",
        "Partnernetzwerk",
        choices=(partner_page.ID_KEY,),
        link_first=(partner_page.ID_KEY,),
        build=partner_page.build,
    ),
    PageSpec(
        "staff_shares",
        staff_shares.TITLE,
        "beschaeftigtenanteile",
        ":material/groups:",
        "Partnernetzwerk",
        filters=(PARTNER,),
        choices=(common.COMPARE_KEY,),
        build=staff_shares.build,
    ),
    PageSpec(
        "measures",
        measures.TITLE,
        "massnahmen",
        ":material/category:",
        "Partnernetzwerk",
        filters=(PARTNER, FOCUS),
        build=measures.build,
    ),
    PageSpec(
        "goals",
        goals.TITLE,
        "handlungsziele",
        ":material/flag:",
        "Strategie 2030",
        filters=(STRATEGY,),
        choices=(common.COMPARE_KEY,),
        build=goals.build,
    ),
    PageSpec(
        "search",
        search.TITLE,
        "suche",
        ":material/search:",
        "Werkzeuge",
        filters=(PARTNER, FOCUS, STRATEGY),
        choices=(search.QUERY_KEY, *search.FACET_KEYS.values(), search.MORE_KEY),
        link_first=tuple(search.FACET_KEYS.values()),
        build=search.build,
    ),
    PageSpec(
        "own_analysis",
        own_analysis.TITLE,
        "auswertung",
        ":material/table_chart:",
        "Werkzeuge",
        filters=(PARTNER, FOCUS, STRATEGY),
        choices=own_analysis.CHOICES,
        link_first=own_analysis.LINKED_YEARS,
        build=own_analysis.build,
    ),
    PageSpec("deck", "Foliensatz", "foliensatz", ":material/slideshow:", "Werkzeuge"),
    PageSpec(
        "methodology",
        methodology.TITLE,
        "methodik",
        ":material/menu_book:",
        "Werkzeuge",
        choices=(methodology.FILE_KEY,),
        build=methodology.build,
    ),
    PageSpec(
        "data_maintenance", "Datenpflege", "datenpflege", ":material/upload_file:", "Werkzeuge", steward_only=True
    ),
    PageSpec(
        "accessibility",
        "Erklärung zur Barrierefreiheit",
        "barrierefreiheit",
        ":material/accessibility_new:",
        "Hinweise",
    ),
)


def page(key: str) -> PageSpec:
    for spec in PAGES:
        if spec.key == key:
            return spec
    raise KeyError(f"no page {key!r} in the registry")


def page_by_path(url_path: str) -> PageSpec:
    for spec in PAGES:
        if spec.url_path == url_path:
            return spec
    raise KeyError(f"no page at /{url_path}")
