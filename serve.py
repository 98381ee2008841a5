"""The server's entry point: `streamlit run serve.py` serves app.py (`make run` does this).

It is app.py with a start-up hook (Streamlit's `st.App` lifespan). The dashboard's first run
imports most of a second of libraries (pandas, geopandas, our pages) and loads the store's data
(seconds with 100,000 events): in a plain `streamlit run app.py` that work starts only when the
first browser has loaded Streamlit's page and opened its session. Here a background thread does
it as soon as the server is up, while that first browser is still loading the page, so the first
run finds it done (the caches in pages/__init__.py; one that is still being filled is waited
for, not computed twice).

It also serves the map's state route (`STATE_ROUTE`): the map asks it for a date's state the
moment the slider moves and draws that date at once, while the page's rerun follows with the same
state and the evidence panel (geo/mapview.js, "Drawing ahead").

It also spares the server Streamlit's search for components declared in an installed package's
pyproject.toml ("components v2", `skip_v2_component_scan`), which the dashboard has none of.

Nothing else changes: `streamlit run app.py` still works, only without the head start, without
drawing ahead (the map then waits for the rerun) and with the search.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from geo import settings
from geo.view_cache import collector_paused

log = logging.getLogger("frontlines")


def skip_v2_component_scan() -> bool:
    """Make Streamlit's runtime skip its search for v2 components; True when it will.

    When the runtime is made, before the server answers, Streamlit reads the metadata of every
    installed distribution (about a hundred here, with the test and bench tools) for a
    pyproject.toml that declares components: 0.25-0.3 s of CPU at every start on this machine
    (0.8 s to health instead of 1.04, and the map 0.4 s sooner, in 8 starts each), for nothing:
    the dashboard's one component, streamlit-folium's map, is a v1 component, which its import
    registers. Streamlit has no setting for it, so this replaces the one method that searches
    (`BidiComponentManager.discover_and_register_components`, which also starts watching the
    components' files, which a server with `fileWatcherType = "none"` does not want either).
    tests/test_serve.py fails when the search would find a component, and when Streamlit no
    longer has the method; here a missing method is only logged, and the server searches."""
    from streamlit.components.v2.component_manager import BidiComponentManager

    if not callable(getattr(BidiComponentManager, "discover_and_register_components", None)):
        log.warning("Streamlit has no BidiComponentManager.discover_and_register_components to skip")
        return False
    BidiComponentManager.discover_and_register_components = _no_v2_components
    return True


def _no_v2_components(_manager: object, *, start_file_watching: bool = True) -> None:
    """The dashboard declares and installs no v2 component (see `skip_v2_component_scan`)."""


skip_v2_component_scan()

# What app.py's first run imports that takes time (pandas and geopandas through geo/; not folium,
# whose map is rendered on disk: pages/map_frame.py). The map's component is registered after
# them, in `_register_map_component`: Streamlit registers a declared one only inside a script run.
WARM_MODULES = (
    "pages",
    "pages.map_frame",
    "pages.review_widgets",
    "geo.dashboard",
    "geo.mapview",
    "geo.evidence",
)


def warm(modules: tuple[str, ...] = WARM_MODULES) -> None:
    """Import `modules`, then load the store's data (`pages.warm_up`); a failure is logged and
    left for the page to report when it runs. The cyclic garbage collector is paused meanwhile:
    imports allocate hundreds of thousands of objects and free almost none, so its passes over
    them were wasted, 60-110 ms of these imports on this machine."""
    with collector_paused():
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception as exc:  # the first run imports it again and shows the error properly
                log.warning("start-up import of %s failed: %s", name, exc)
                return
        if "pages" in modules:
            importlib.import_module("pages").warm_up()
            _register_map_component()


def _register_map_component(wait_s: float = 5.0) -> None:
    """Register the map's component (`pages.map_frame.MAP_COMPONENT`) with the server's runtime,
    as its declaration does inside a script run, so that the first browser's frame finds it.
    Outside a script run nothing registers it, so it is done here, once the runtime exists (the
    lifespan may run before the runtime is made)."""
    from streamlit.runtime import Runtime

    deadline = time.monotonic() + wait_s
    while not Runtime.exists():
        if time.monotonic() > deadline:
            return  # no runtime (not served): the first run registers it, as without serve.py
        time.sleep(0.01)
    from pages import map_frame

    map_frame.register(Runtime.instance().component_registry)


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


# The map asks here for a date's state the moment the slider moves (geo/mapview.js), so it draws
# the new date without waiting for the page's rerun, which follows with the same state and the
# evidence panel.
STATE_ROUTE = "/api/frontlines/state"


def map_state_response(request: Request) -> Response:
    """`pages.state_ahead` as JSON (Streamlit's own middleware gzips it when the browser accepts
    it); 404 when it has no state for that generation and date."""
    import pages

    try:
        state = pages.state_ahead(request.query_params.get("g", ""), request.query_params.get("day", ""))
    except Exception as exc:  # the page's own rerun reports a broken store
        log.warning("map state route: %s", exc)
        return Response(status_code=503)
    if state is None:
        return Response(status_code=404)
    return JSONResponse(state, headers={"Cache-Control": "no-store"})


app = st.App("app.py", lifespan=lifespan, routes=[Route(STATE_ROUTE, map_state_response)])
