"""Main page logic with Streamlit's AppTest: permalinks, quick jumps, the evidence panel.

Needs the real data (boundaries, baseline, the seed article ingested into a store made here).
The map itself is an opaque component here; tests/test_browser_dashboard.py drives it for real.
"""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from geo import dashboard, paths
from geo.baseline import load_baseline
from geo.cli import main
from geo.factions import load_factions
from geo.snapshots import ControlLayers, load_layers


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


# The timeline's last day: the dated layers' last change (the seed article stops on 2 Dec 2024).
LATEST = ControlLayers(load_baseline(), load_layers(), load_factions()).latest_day()


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)


def test_opens_on_the_latest_date_with_nothing_selected(app):
    app.run()
    assert not app.exception
    assert app.session_state.day == LATEST > date(2025, 1, 1)
    assert dashboard.date_in_words(LATEST) in markdown(app)
    assert "Click a town or a sub-district" in markdown(app)
    assert app.query_params["date"] == LATEST.isoformat()


def test_permalink_restores_date_and_town_and_fills_the_panel(app):
    app.query_params["date"] = "2024-11-28"
    app.query_params["place"] = "gn:163476"
    app.run()
    assert not app.exception
    # 27-30 Nov draw the same map as 26 Nov, so 28 Nov is no stop; a permalink's day is shown as
    # itself all the same (added to the session's stops), never silently another day.
    assert app.session_state.day == date(2024, 11, 28)
    assert "Thursday 28 November 2024" in markdown(app)
    text = markdown(app)
    assert (
        "possibly changed → <b>Syrian National Army (Turkish-backed)</b> sometime between 25 Nov and 2 Dec 2024"
        in text
    )
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
    assert app.session_state.day == LATEST


def test_quick_jumps(app):
    app.run()
    next(b for b in app.button if b.label == "Before the offensive").click().run()
    # The frozen lines: nothing changes from the baseline until the offensive's first day.
    assert app.session_state.day == date(2020, 3, 6)
    assert "the map stays as it is until 24 November 2024" in markdown(app)
    next(b for b in app.button if b.label == "Fall of Assad").click().run()
    assert app.session_state.day == date(2024, 12, 8)
    next(b for b in app.button if b.label == "Latest").click().run()
    assert app.session_state.day == LATEST


def test_play_steps_forward_and_pauses(app):
    app.query_params["date"] = "2024-11-26"
    app.run()
    next(b for b in app.button if "Play" in b.label).click().run()
    assert app.session_state.playing is True
    assert app.session_state.day == date(2024, 12, 1)  # the first step is taken at once
    next(b for b in app.button if "Pause" in b.label).click().run()
    assert app.session_state.playing is False
    assert app.session_state.day == date(2024, 12, 1)


def test_play_at_the_end_starts_at_the_baseline_and_reaches_the_offensive_at_once(app):
    app.run()
    next(b for b in app.button if "Play" in b.label).click().run()
    assert app.session_state.playing is True
    # From the baseline (6 Mar 2020) the first step, taken at once, is the offensive's first day.
    assert app.session_state.day == date(2024, 11, 25)


def test_the_slider_opens_at_the_baseline_and_folds_older_history(app):
    app.run()
    slider = app.select_slider(key="day")
    assert slider.options[0] == "6 Mar 2020" and slider.options[-1] == dashboard.stop_label(LATEST)
    assert "2 Dec 2024" in slider.options and "8 Dec 2024" in slider.options
    assert "fl-ticks" in markdown(app) and dashboard.stop_label(LATEST) in markdown(app)
    app.toggle(key="earlier").set_value(True).run()
    assert app.select_slider(key="day").options[:3] == ["1 Jan 2016", "31 Dec 2016", "6 Mar 2020"]
    app.select_slider(key="day").set_value(date(2016, 12, 31)).run()
    app.toggle(key="earlier").set_value(False).run()
    assert app.session_state.day == date(2020, 3, 6)


def test_an_old_permalink_opens_with_the_earlier_history_shown(app):
    app.query_params["date"] = "2016-06-01"
    app.run()
    assert not app.exception
    # A day between stops is shown as itself (see the permalink test above).
    assert app.session_state.day == date(2016, 6, 1) and app.toggle(key="earlier").value is True


def test_the_articles_day_shows_tal_rifaat_settled_with_the_claim_that_agrees(app):
    app.query_params["date"] = "2024-12-02"
    app.query_params["place"] = "SY020402"
    app.run()
    text = markdown(app)
    assert (
        "On 2 December 2024: <b>Syrian National Army (Turkish-backed)</b>, settled since 2 Dec 2024" in text
    )
    assert "Also claimed: Other/unspecified opposition (control claim, 2 Dec 2024" in text


def test_placeless_events_are_listed_for_the_date(app):
    app.query_params["date"] = "2024-12-01"
    app.run()
    text = markdown(app)
    assert "Events with no place on this date" in text
    assert "Syrian and Russian aircraft staged deadly strikes" in text
