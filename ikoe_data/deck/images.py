"""Chart images rendered by kaleido with Debian's Chromium (one server per process, cached per figure)."""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from .native_charts import _is_footnote, slide_kind
from .slides import IMAGE_ASPECT, IMAGE_SCALE, IMAGE_WIDTH, KALEIDO_TABS

# --------------------------------------------------------------------------- images (kaleido)

_kaleido_lock = threading.Lock()
_kaleido_started = False
_image_cache: OrderedDict[str, bytes] = OrderedDict()
IMAGE_CACHE_ENTRIES = 120  # more than two full decks; about 0.1–0.4 MB each


class RenderError(RuntimeError):
    pass


def _image_spec(figure: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The figure as rendered on a slide: without its own title and source note (the slide shows them),
    IMAGE_WIDTH wide and IMAGE_ASPECT (or the figure's own height, if taller); with its cache key."""
    layout = dict(figure.get("layout", {}))
    height = max(int(IMAGE_WIDTH / IMAGE_ASPECT), int(layout.get("height") or 0) - 60)
    layout["title"] = {"text": ""}
    layout["annotations"] = [a for a in layout.get("annotations", []) if not _is_footnote(a)]
    margin = dict(layout.get("margin", {}))
    margin["t"] = max(20, int(margin.get("t", 70)) - 50)
    margin["b"] = max(40, int(margin.get("b", 100)) - 60)
    layout.update(margin=margin, width=IMAGE_WIDTH, height=height)
    stripped = {"data": figure.get("data", []), "layout": layout}
    return hashlib.sha256(json.dumps(stripped, sort_keys=True, default=str).encode()).hexdigest(), stripped


def too_tall(figure: dict[str, Any]) -> bool:
    """An image slide whose chart needs more than 1.5 times a slide's chart height for its rows: on the slide it is
    scaled down until its text is hard to read (the deck page says so and suggests filtering to fewer rows).
    A native PowerPoint chart lays itself out at slide size."""
    return slide_kind(figure) == "image" and bool(
        _image_spec(figure)[1]["layout"]["height"] > 1.5 * IMAGE_WIDTH / IMAGE_ASPECT
    )


def render_images(figures: list[dict[str, Any]]) -> None:
    """Render every figure not yet in the image cache, KALEIDO_TABS at a time, by the one kaleido server of
    this process (started on first use). Raises RenderError if Chromium is missing or fails."""
    global _kaleido_started
    import kaleido

    with _kaleido_lock:
        wanted = {}
        for figure in figures:
            key, stripped = _image_spec(figure)
            if key not in _image_cache:
                wanted[key] = stripped
        if not wanted:
            return
        try:
            if not _kaleido_started:
                kaleido.start_sync_server(n=KALEIDO_TABS, silence_warnings=True)
                atexit.register(_stop_kaleido)  # runs before kaleido's own handler, whose cleanup can raise
                _kaleido_started = True
            with tempfile.TemporaryDirectory(prefix="ikoe-deck-") as folder:
                jobs = [
                    {
                        "fig": stripped,
                        "path": str(Path(folder) / f"{key}.png"),
                        "opts": {
                            "format": "png",
                            "width": IMAGE_WIDTH,
                            "height": stripped["layout"]["height"],
                            "scale": IMAGE_SCALE,
                        },
                    }
                    for key, stripped in wanted.items()
                ]
                kaleido.write_fig_from_object_sync(jobs, cancel_on_error=True)
                for key in wanted:
                    _image_cache[key] = (Path(folder) / f"{key}.png").read_bytes()
        except Exception as error:  # Chromium missing or crashed: the slide says so instead of failing the deck
            with contextlib.suppress(Exception):
                kaleido.stop_sync_server(silence_warnings=True)
            _kaleido_started = False
            raise RenderError(str(error)) from error
        while len(_image_cache) > IMAGE_CACHE_ENTRIES:
            _image_cache.popitem(last=False)


def chart_image(figure: dict[str, Any]) -> bytes:
    """PNG of the chart for a slide (see _image_spec), from the cache or rendered now."""
    key, _ = _image_spec(figure)
    with _kaleido_lock:
        if key in _image_cache:
            _image_cache.move_to_end(key)
            return _image_cache[key]
    render_images([figure])
    with _kaleido_lock:
        return _image_cache[key]


def prerender(figure: dict[str, Any]) -> None:
    """Render a figure's image ahead of the downloads (called in the background when a chart is added): the
    .pptx needs it if the chart has no native form, the PDF handout always."""
    if slide_kind(figure) != "empty":
        with contextlib.suppress(RenderError):
            render_images([figure])


def _stop_kaleido() -> None:
    import kaleido

    with contextlib.suppress(Exception):
        kaleido.stop_sync_server(silence_warnings=True)


def image_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
