"""The benchmark's floor: a one-line Streamlit app started as ours is, with our Streamlit settings,
timed to its line in a real browser, and its directory removed when it stops."""

from __future__ import annotations

import tomllib

from bench.browser import FLOOR_TEXT, FloorApp, measure_floor, temp_logs
from tests.conftest import ROOT


def test_the_one_line_app_has_our_streamlit_settings_and_nothing_else():
    app = FloorApp(temp_logs())
    try:
        ours = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
        its = tomllib.loads((app.root / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
        assert its == ours
        assert app.script == "floor.py"
        assert sorted(p.name for p in app.root.iterdir()) == [".streamlit", "floor.py"]
    finally:
        app.stop()
    assert not app.root.exists()


def test_the_one_line_apps_start_is_timed_to_its_line_in_the_browser(browser):
    app = FloorApp(temp_logs())
    try:
        figures = measure_floor(browser, app)
        assert 0 < figures["healthy_s"] < figures["visible_s"] < 60
        # The page really is the one-line app's: its line, and none of the dashboard.
        page = browser.new_page()
        page.goto(app.url)
        page.get_by_text(FLOOR_TEXT).wait_for()
        assert page.locator("iframe").count() == 0
        page.close()
    finally:
        app.stop()
