"""serve.py, the server's entry point: it serves app.py and imports the first run's libraries in a
background thread at start-up (the browser tests start every server through it)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def run_python(code: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_warming_imports_the_first_runs_libraries_but_declares_no_component():
    out = run_python(
        "import sys, serve\n"
        "assert 'folium' not in sys.modules and 'pages' not in sys.modules\n"
        "serve.start_warming().join()\n"
        "print(sorted(m for m in ('folium', 'pages', 'geo.dashboard', 'streamlit_folium') if m in sys.modules))"
    )
    assert out == "['folium', 'geo.dashboard', 'pages']"


def test_the_naive_variant_is_not_warmed():
    out = run_python("import serve; print(serve.start_warming())", FRONTLINES_MAP_MODE="naive")
    assert out == "None"


def test_a_module_that_fails_to_import_is_logged_and_the_rest_skipped(caplog):
    import serve

    serve.warm(("geo.no_such_module_here", "json"))
    assert "start-up import of geo.no_such_module_here failed" in caplog.text


def test_serve_serves_app_py():
    import serve

    assert serve.app.script_path.name == "app.py"
