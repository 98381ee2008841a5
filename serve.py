"""The server's entry point: `streamlit run serve.py` serves app.py (`make run` does this).

It is app.py with a start-up hook (Streamlit's `st.App` lifespan). The dashboard's first run
imports about a second of libraries (folium and pandas, geopandas, our pages) and loads the
store's data (seconds with 100,000 events): in a plain `streamlit run app.py` that work starts
only when the first browser has loaded Streamlit's page and opened its session. Here a background
thread does it as soon as the server is up, while that first browser is still loading the page,
so the first run finds it done (the caches in pages/__init__.py; one that is still being filled
is waited for, not computed twice).

Nothing else changes: `streamlit run app.py` still works, only without the head start.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st

from geo import settings

log = logging.getLogger("frontlines")

# What app.py's first run imports that takes time. Not streamlit_folium itself: importing it
# declares its component, which must happen once the server's runtime exists, in a script run
# (declared earlier, the component's files are not served); it costs 40 ms once folium is loaded.
WARM_MODULES = (
    "folium",
    "folium.plugins",
    "pages",
    "pages.review_widgets",
    "geo.dashboard",
    "geo.mapview",
    "geo.evidence",
)


def warm(modules: tuple[str, ...] = WARM_MODULES) -> None:
    """Import `modules`, then load the store's data (`pages.warm_up`); a failure is logged and
    left for the page to report when it runs."""
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as exc:  # the first run imports it again and shows the error properly
            log.warning("start-up import of %s failed: %s", name, exc)
            return
    if "pages" in modules:
        importlib.import_module("pages").warm_up()


def start_warming() -> threading.Thread | None:
    """Warm in a daemon thread; not in the benchmark's naive variant, which stands for a build
    without start-up work."""
    if settings.MAP_MODE.read() == "naive":
        return None
    thread = threading.Thread(target=warm, name="frontlines-warm", daemon=True)
    thread.start()
    return thread


@asynccontextmanager
async def lifespan(_app: st.App) -> AsyncIterator[None]:
    start_warming()
    yield


app = st.App("app.py", lifespan=lifespan)
