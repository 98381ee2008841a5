"""serve.py, the server's entry point: it serves app.py and imports the first run's libraries in a
background thread at start-up (the browser tests start every server through it)."""

from __future__ import annotations

import gc
import gzip
import importlib
import json
import time
import urllib.error
import urllib.request
from datetime import date, timedelta

import serve
from tests.conftest import AppServer, python_in_project, run_python


def test_warming_imports_the_first_runs_libraries_but_not_folium():
    out = run_python(
        "import sys, serve\n"
        "assert 'pandas' not in sys.modules and 'pages' not in sys.modules\n"
        "serve.start_warming().join()\n"
        "print(sorted(m for m in ('folium', 'pandas', 'pages', 'geo.dashboard', 'streamlit_folium') if m in sys.modules))"
    )
    # The map is shown from its rendered arguments (pages/map_frame.py): folium is not needed.
    assert out == "['geo.dashboard', 'pages', 'pandas']"


def test_a_served_app_has_the_map_component_registered_before_any_visit(seed_store):
    server = AppServer(env={"FRONTLINES_STORE": str(seed_store)}, name="serve-test").start()
    try:
        url = f"{server.url}/component/streamlit_folium.st_folium/index.html"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as reply:
                    assert reply.status == 200 and b"streamlit" in reply.read().lower()
                    break
            except urllib.error.HTTPError as exc:  # 404 until the warm-up has registered it
                assert exc.code == 404
                assert time.monotonic() < deadline, "the map component was never registered"
                time.sleep(0.2)
    finally:
        server.stop()


def test_the_naive_variant_is_not_warmed():
    out = run_python("import serve; print(serve.start_warming())", FRONTLINES_MAP_MODE="naive")
    assert out == "None"


def test_a_module_that_fails_to_import_is_logged_and_the_rest_skipped(caplog):
    serve.warm(("geo.no_such_module_here", "json"))
    assert "start-up import of geo.no_such_module_here failed" in caplog.text


def test_the_garbage_collector_is_paused_while_warming_and_on_again_after_a_failure(monkeypatch):
    seen = []
    real = importlib.import_module

    def spying(name):
        seen.append(gc.isenabled())
        return real(name)

    monkeypatch.setattr(importlib, "import_module", spying)
    serve.warm(("json", "geo.no_such_module_here"))
    assert seen == [False, False] and gc.isenabled()


def test_serve_serves_app_py():
    assert serve.app.script_path.name == "app.py"


def test_serving_skips_streamlits_search_for_v2_components():
    from streamlit.components.v2.component_manager import BidiComponentManager

    # Importing serve (as `streamlit run serve.py` does) replaced the search; it fails here when
    # Streamlit no longer has the method, and the skip would silently do nothing.
    assert BidiComponentManager.discover_and_register_components is serve._no_v2_components


def test_the_skipped_search_would_find_no_component_in_this_environment():
    # The skip loses nothing only while no installed package declares a v2 component; if one is
    # ever installed (or the dashboard declares its own), remove serve.skip_v2_component_scan.
    from streamlit.components.v2.manifest_scanner import scan_component_manifests

    assert scan_component_manifests() == []


WARM_THEN_VISIT = """
import pages
built = []
on_disk, frame_state = pages._on_disk, pages.dashboard.frame_state
pages._on_disk = lambda kind, *rest: (built.append(kind), on_disk(kind, *rest))[1]
pages.dashboard.frame_state = lambda *a: (built.append("frame_state"), frame_state(*a))[1]
pages.warm_up()
warmed = sorted(set(built))
built.clear()
data = pages.load_data()
pages.map_assets()
pages.frame_state(data.key, data.stops[-1].isoformat())
print(warmed, built)
"""


def test_warm_up_loads_what_the_first_visit_needs_so_the_visit_loads_nothing(seed_store, tmp_path):
    out = run_python(WARM_THEN_VISIT, FRONTLINES_STORE=str(seed_store), FRONTLINES_CACHE=str(tmp_path))
    warmed, visit = out.splitlines()[-1].split("] [")
    assert "'data'" in warmed and "'base-map'" in warmed and "'frame_state'" in warmed
    assert visit == "]"


def test_warm_up_of_an_unusable_store_logs_one_line_and_raises_nothing(tmp_path):
    broken = tmp_path / "events.sqlite"
    broken.write_text("not a database, " * 100, encoding="utf-8")
    code = "import logging, pages; logging.basicConfig(); pages.warm_up(); print('returned')"
    result = python_in_project(code, FRONTLINES_STORE=str(broken), FRONTLINES_CACHE=str(tmp_path))
    assert result.returncode == 0 and result.stdout.strip() == "returned"
    assert "start-up loading failed" in result.stderr


GENERATION_AND_STOPS = """
import pages
data = pages.load_data()
print(pages.generation_token(data.key), data.stops[0].isoformat(), data.stops[-1].isoformat())
"""


def get(url: str, gzip_ok: bool = False) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (names in lower case) and body of a GET."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, {k.lower(): v for k, v in reply.headers.items()}, reply.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {}, b""


def test_the_state_route_gives_a_stops_map_state_of_the_current_generation_only(seed_store):
    token, first, last = run_python(GENERATION_AND_STOPS, FRONTLINES_STORE=str(seed_store)).split()
    server = AppServer(env={"FRONTLINES_STORE": str(seed_store)}, name="state-route").start()
    try:
        route = f"{server.url}{serve.STATE_ROUTE}"
        status, headers, body = get(f"{route}?g={token}&day={last}")
        assert status == 200 and headers["content-type"] == "application/json"
        state = json.loads(body)
        assert state["d"] == last and state["g"] == token and state["u"] and state["m"].endswith(".js")
        # Gzipped when the browser accepts it, the same state.
        status, headers, packed = get(f"{route}?g={token}&day={first}", gzip_ok=True)
        assert status == 200 and headers["content-encoding"] == "gzip"
        assert json.loads(gzip.decompress(packed))["d"] == first and len(packed) < len(body)
        # Another generation's token, a date that is not a stop, no date: nothing to draw ahead.
        day_after = (date.fromisoformat(last) + timedelta(days=1)).isoformat()
        for query in (
            f"g=0000{token[4:]}&day={last}",
            f"g={token}&day={day_after}",
            f"g={token}&day=2024-13-45",
            "",
        ):
            assert get(f"{route}?{query}")[0] == 404, query
    finally:
        server.stop()


def test_the_state_route_of_an_unusable_store_answers_503_in_one_logged_line(tmp_path):
    broken = tmp_path / "events.sqlite"
    broken.write_text("not a database, " * 100, encoding="utf-8")
    server = AppServer(
        env={"FRONTLINES_STORE": str(broken), "FRONTLINES_CACHE": str(tmp_path)}, name="state-broken"
    )
    server.start()
    try:
        assert get(f"{server.url}{serve.STATE_ROUTE}?g=abc&day=2024-12-01")[0] == 503
    finally:
        server.stop()
    assert "map state route:" in server.log.read_text(encoding="utf-8")
