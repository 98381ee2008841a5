"""Reviewing from the Map's evidence panel (AppTest): the name asked once, confirm, reject,
correct and undo, each stored as a review and shown at once. Needs the real data (boundaries,
the seed article ingested into a store made here, one per test, since tests write to it)."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from geo import paths
from geo.cli import main
from geo.reviews import NewReview
from geo.store import Store

TAL_RIFAAT = "gn:163476"


@pytest.fixture
def store(tmp_path, monkeypatch):
    path = tmp_path / "events.sqlite"
    seed = str(paths.SOURCES / "kremlin-continues-to-support-assad.txt")
    assert main(["ingest", seed, "--store", str(path)]) == 0
    monkeypatch.setenv("FRONTLINES_STORE", str(path))
    return path


@pytest.fixture
def app(store):
    at = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=60)
    at.query_params["date"] = "2024-12-02"
    at.query_params["place"] = TAL_RIFAAT
    at.run()
    assert not at.exception
    return at


def text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)


def button(at: AppTest, label: str, nth: int = 0):
    return [b for b in at.button if b.label == label][nth]


def open_first_review(at: AppTest, name: str = "Rana") -> None:
    button(at, "Review").click().run()
    at.text_input(key=f"{at.session_state['review_open']}_who").input(name).run()
    button(at, "Start reviewing").click().run()
    assert not at.exception


def first_event_id(at: AppTest) -> str:
    return at.session_state["review_open"].split("_", 1)[1]


def test_confirm_asks_the_name_once_and_marks_the_record(app, store):
    open_first_review(app, "<b>Rana</b>")
    event_id = first_event_id(app)
    assert "Reviewing as &lt;b&gt;Rana&lt;/b&gt;" in text(app)  # a name is text, escaped
    button(app, "Confirm").click().run()
    assert "✓ confirmed by &lt;b&gt;Rana&lt;/b&gt;" in text(app)
    assert "Saved: confirmed by &lt;b&gt;Rana&lt;/b&gt;" in text(app)
    with Store(store) as s:
        (review,) = s.reviews(event_id=event_id)
    assert (review.action, review.reviewer) == ("confirm", "<b>Rana</b>")
    # The name is asked once per session: the next review goes straight to the form.
    button(app, "Review").click().run()
    assert not [b for b in app.button if b.label == "Start reviewing"]


def test_reject_takes_the_record_off_the_panel_and_undo_brings_it_back(app, store):
    before = text(app).count("fl-excerpt")
    open_first_review(app)
    event_id = first_event_id(app)
    button(app, "Reject").click().run()
    assert text(app).count("fl-excerpt") == before - 1
    assert "Undo my last review restores it" in text(app)
    button(app, "Undo my last review").click().run()
    assert text(app).count("fl-excerpt") == before
    with Store(store) as s:
        assert s.reviews(event_id=event_id) == []


def test_a_correction_moves_the_record_to_the_chosen_place(app, store):
    open_first_review(app)
    event_id = first_event_id(app)
    key = app.session_state["review_open"]
    app.text_input(key=f"{key}_query").input("Saraqib").run()
    matches = app.selectbox(key=f"{key}_place")
    (saraqeb,) = [o for o in matches.options if o.startswith("Saraqab (town")]
    matches.select_index(matches.options.index(saraqeb)).run()
    app.text_input(key=f"{key}_reason").input("the photo was taken in Saraqib").run()
    button(app, "Save correction").click().run()
    assert not app.exception
    with Store(store) as s:
        record = s.event(event_id)
        (review,) = s.reviews(event_id=event_id)
    assert record.admin3_name == "Saraqab" and record.reviewed == "corrected"
    assert review.changes["place_id"][0] == TAL_RIFAAT and review.reason == "the photo was taken in Saraqib"


def test_a_bad_correction_is_one_line_and_stores_nothing(app, store):
    open_first_review(app)
    key = app.session_state["review_open"]
    button(app, "Save correction").click().run()  # nothing changed
    assert "Not saved: review of" in text(app) and "nothing to correct" in text(app)
    app.date_input(key=f"{key}_date_end").set_value(date(2020, 1, 1)).run()
    button(app, "Save correction").click().run()
    assert "Not saved: date_start 2024-12-02 is after date_end 2020-01-01" in text(app)
    with Store(store) as s:
        assert s.reviews() == []


# --- the Sources and Events pages ----------------------------------------------------------------

SEED_ID = "kremlin-continues-to-support-assad"


def page(name: str) -> AppTest:
    return AppTest.from_file(str(paths.ROOT / "pages" / name), default_timeout=60)


def test_sources_lists_rejected_records_and_reviews_whose_record_is_gone(store):
    with Store(store) as s:
        first, second = s.events()[:2]
        s.add_review(NewReview(first.event_id, "reject", "Omar", reason="a <b>caption</b>"))
        s.add_review(NewReview(second.event_id, "confirm", "Rana"))
        # A newer extractor no longer makes the second record: its review stays, flagged.
        s.ingest(s.source(SEED_ID), [r for r in s.machine_events() if r.event_id != second.event_id], "newer")
    at = page("2_Sources.py")
    at.query_params["source"] = SEED_ID
    at.run()
    assert not at.exception
    shown = text(at)
    assert "1 record rejected by a reviewer" in shown and "(rejected by Omar)" in shown
    assert "1 review of records the extractor no longer makes" in shown
    assert f"{second.event_id}: confirmed by Rana" in shown


def test_removing_a_source_needs_a_confirmation_and_takes_its_records(store):
    at = page("2_Sources.py")
    at.run()
    remove = button(at, "Remove source")
    assert remove.disabled
    at.checkbox(key=f"remove_ok_{SEED_ID}").check().run()
    button(at, "Remove source").click().run()
    assert not at.exception
    assert f"Removed {SEED_ID} with its" in text(at)
    with Store(store) as s:
        assert s.sources() == [] and s.events() == []


def test_a_row_selected_on_the_events_page_opens_its_review_form(store):
    at = page("1_Events.py")
    at.run()
    assert "Select a row to confirm, reject or correct its record." in text(at)
    with Store(store) as s:
        records = s.events()
    # AppTest cannot click a table row; the selection is the dataframe's state.
    at.session_state["ev_table"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception
    assert "Review ev-" in text(at)
    at.text_input(key=next(k for k in at.session_state if str(k).endswith("_who"))).input("Rana").run()
    button(at, "Start reviewing").click().run()
    button(at, "Confirm").click().run()
    with Store(store) as s:
        (review,) = s.reviews()
    assert review.event_id in {r.event_id for r in records} and review.reviewer == "Rana"
