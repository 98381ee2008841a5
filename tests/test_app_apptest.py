"""Main page logic with Streamlit's AppTest: permalinks, quick jumps, the evidence panel.

Needs the real data (boundaries, baseline, the seed article ingested into a store made here).
The map itself is an opaque component here; tests/test_browser_dashboard.py drives it for real.
"""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from geo import paths
from geo.cli import main


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "events.sqlite"
    assert (
        main(["ingest", str(paths.SOURCES / "kremlin-continues-to-support-assad.txt"), "--store", str(path)])
        == 0
    )
    return path


@pytest.fixture
def app(store, monkeypatch):
    monkeypatch.setenv("FRONTLINES_STORE", str(store))
    return AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=30)


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)


def test_opens_on_the_latest_date_with_nothing_selected(app):
    app.run()
    assert not app.exception
    assert app.session_state.day == date(2024, 12, 2)
    assert "Monday 2 December 2024" in markdown(app)
    assert "Click a town or a sub-district" in markdown(app)
    assert app.query_params["date"] == "2024-12-02"


def test_permalink_restores_date_and_town_and_fills_the_panel(app):
    app.query_params["date"] = "2024-11-28"
    app.query_params["place"] = "gn:163476"
    app.run()
    assert not app.exception
    assert app.session_state.day == date(2024, 11, 28)
    text = markdown(app)
    assert "Tall Refaat" in text and "تل رفعت" in text
    assert "managed to capture <mark>Tal Rifaat</mark>" in text  # the SNA sentence, place words marked
    assert "no date words" in text  # how its date was worked out
    assert "Baseline" in text and "confidence" in text  # the unit is still coloured by the baseline
    assert "An opposition fighter poses" not in text  # that caption is dated 2 Dec, after the selected date


def test_a_unit_selection_lists_its_records_newest_first_and_says_what_they_did(app):
    app.query_params["date"] = "2024-12-02"
    app.query_params["place"] = "SY020000"
    app.run()
    text = markdown(app)
    assert "Jebel Saman" in text
    assert text.index("lose control of <mark>Aleppo</mark>") < text.index(
        "recapture opposition-held areas of <mark>Aleppo</mark>"
    )
    assert "Gives Jebel Saman to HTS-led opposition" in text


def test_bad_permalinks_give_a_notice_and_the_default_view(app):
    app.query_params["date"] = "<script>alert(1)</script>"
    app.query_params["place"] = "nowhere"
    app.run()
    assert not app.exception
    notices = [i.value for i in app.info]
    assert any("Ignored the date" in n for n in notices) and any("Ignored the place" in n for n in notices)
    assert not any("<script>" in n for n in notices)
    assert app.session_state.day == date(2024, 12, 2)


def test_quick_jumps(app):
    app.run()
    next(b for b in app.button if b.label == "Before the offensive").click().run()
    assert app.session_state.day == date(2024, 11, 26)
    next(b for b in app.button if b.label == "Latest").click().run()
    assert app.session_state.day == date(2024, 12, 2)


def test_play_steps_forward_and_pauses(app):
    app.query_params["date"] = "2024-11-26"
    app.run()
    next(b for b in app.button if "Play" in b.label).click().run()
    assert app.session_state.playing is True
    assert app.session_state.day == date(2024, 11, 27)  # the first step is taken at once
    next(b for b in app.button if "Pause" in b.label).click().run()
    assert app.session_state.playing is False
    assert app.session_state.day == date(2024, 11, 27)


def test_play_at_the_end_starts_from_the_beginning(app):
    app.run()
    next(b for b in app.button if "Play" in b.label).click().run()
    assert app.session_state.playing is True
    assert app.session_state.day < date(2020, 1, 1)


def test_placeless_events_are_listed_for_the_date(app):
    app.query_params["date"] = "2024-12-01"
    app.run()
    text = markdown(app)
    assert "Events with no place on this date" in text
    assert "Syrian and Russian aircraft staged deadly strikes" in text
