"""Reviewing in real headless Chromium against the app (`streamlit run`), on a copy of the seed
store per test: reject a capture and the unit's colour reverts (undo restores it); correct a
record's place and its point moves, the colour follows, and the reviewed mark shows in the panel
and in the CSV export; a hostile reviewer name stays text. Needs the real data."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.store import Store
from tests.conftest import MAP_FRAME, AppServer, map_frame, non_local, wait_for_app
from tests.test_browser_exports import download

pytestmark = pytest.mark.browser
HOSTILE_NAME = "<img src=x onerror=\"document.title='pwned'\">Rana"


@pytest.fixture
def store_copy(seed_store, tmp_path) -> Path:
    """The seed store copied with SQLite's backup (the tests write reviews into it)."""
    path = tmp_path / "events.sqlite"
    source, target = sqlite3.connect(seed_store), sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    return path


@pytest.fixture
def review_server(store_copy) -> Iterator[AppServer]:
    server = AppServer(env={"FRONTLINES_STORE": str(store_copy)}, name="review-server").start()
    yield server
    server.stop()


def controller_of(page, pcode: str) -> str | None:
    return (
        page.locator(MAP_FRAME)
        .element_handle()
        .evaluate(
            "(f, pcode) => f.contentDocument.querySelector('path.adm3-' + pcode)?.getAttribute('data-controller')",
            pcode,
        )
    )


def wait_for_controller(page, pcode: str, controller: str) -> None:
    page.wait_for_function(
        """([sel, pcode, controller]) => {
            const frame = document.querySelector(sel);
            const path = frame && frame.contentDocument.querySelector("path.adm3-" + pcode);
            return path && path.getAttribute("data-controller") === controller;
        }""",
        arg=[MAP_FRAME, pcode, controller],
        timeout=30_000,
    )


def the_record(store: Path, unit: str, event_type: str):
    """The seed's record of this type in this sub-district, in late 2024."""
    with Store(store) as s:
        (record,) = [
            r
            for r in s.events()
            if r.admin3 == unit and r.event_type == event_type and r.date_end.startswith("2024-12")
        ]
    return record


def open_review(page, sentence: str, name: str) -> None:
    """Press "Review" under the excerpt with this sentence, and give the reviewer's name."""
    excerpt = page.locator('[data-testid="stVerticalBlock"]', has=page.get_by_text(sentence[:50])).filter(
        has=page.get_by_role("button", name="Review", exact=True)
    )
    excerpt.last.get_by_role("button", name="Review", exact=True).click()
    who = page.get_by_role("textbox", name="Your name, stored with each review you make")
    who.wait_for(timeout=15_000)
    who.fill(name)
    who.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Start reviewing").click()
    page.get_by_role("button", name="Save correction").wait_for(timeout=15_000)
    wait_for_app(page)


def test_rejecting_a_capture_reverts_the_units_colour_and_undo_restores_it(
    page, review_server, store_copy, requests_seen
):
    capture = the_record(store_copy, "SY020000", "captured")  # Aleppo city, taken by HTS
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{review_server.url}/?date=2024-12-02&place=SY020000")
    map_frame(page).locator("path.adm3-SY020000").wait_for(timeout=30_000)
    wait_for_controller(page, "SY020000", "hts")
    open_review(page, capture.sentence, HOSTILE_NAME)
    page.get_by_role("button", name="Reject", exact=True).click()
    wait_for_controller(page, "SY020000", "regime")  # the 2020 baseline's holder again
    notice = page.locator(".fl-review-notice")
    notice.wait_for(timeout=15_000)
    assert HOSTILE_NAME in notice.inner_text()  # the name as typed, shown as text
    assert page.locator("img[src='x']").count() == 0 and dialogs == []
    assert page.title() != "pwned"
    with Store(store_copy) as s:
        (review,) = s.reviews(event_id=capture.event_id)
        assert (review.action, review.reviewer) == ("reject", HOSTILE_NAME)
    page.get_by_role("button", name="Undo my last review").click()
    wait_for_controller(page, "SY020000", "hts")
    assert non_local(requests_seen) == []


def test_correcting_a_place_moves_the_point_and_the_colour_follows(page, review_server, store_copy, tmp_path):
    capture = the_record(store_copy, "SY020402", "captured")  # Tal Rifaat, taken by the SNA
    page.goto(f"{review_server.url}/?date=2024-12-02&place=gn:163476")
    frame = map_frame(page)
    frame.locator("path.fl-town-gn_163476").wait_for(timeout=30_000)
    assert controller_of(page, "SY020500") != "sna"  # Menbij, before
    open_review(page, capture.sentence, "Rana")
    search = page.get_by_role("textbox", name="Place: search in English or Arabic")
    search.fill("Manbij")
    search.press("Enter")
    wait_for_app(page)
    matches = page.get_by_role("combobox", name="Matches")
    matches.wait_for(timeout=15_000)
    matches.click()  # Streamlit's selectbox: open it, type to filter, Enter picks
    page.keyboard.type("Menbij (town in")
    page.keyboard.press("Enter")
    wait_for_app(page)
    page.get_by_role("textbox", name="Why (optional, stored with the review)").fill(
        "the SNA took Manbij, not Tal Rifaat"
    )
    page.get_by_role("button", name="Save correction").click()
    wait_for_controller(page, "SY020500", "sna")  # the colour follows the record
    with Store(store_copy) as s:
        moved = s.event(capture.event_id)
    assert moved.admin3 == "SY020500" and moved.reviewed == "corrected"
    town = moved.place_id.replace(":", "_")
    frame.locator(f"path.fl-town-{town}").wait_for(timeout=30_000)  # its point is drawn at Menbij
    # The reviewed mark, in the panel of the record's new place ...
    page.goto(f"{review_server.url}/?date=2024-12-02&place={moved.place_id}")
    mark = page.locator(".fl-reviewed").first
    mark.wait_for(timeout=30_000)
    assert mark.inner_text() == "✎ corrected by Rana"
    # ... and in the Events page's CSV export.
    page.goto(f"{review_server.url}/Events")
    wait_for_app(page)
    with download(page, "Download CSV", tmp_path).open(encoding="utf-8") as f:
        rows = {row["event_id"]: row for row in csv.DictReader(f)}
    row = rows[capture.event_id]
    assert (row["reviewed"], row["reviewer"], row["place_id"]) == ("corrected", "Rana", moved.place_id)
