"""The story the map tells, in real headless Chromium against the app started with `streamlit run`:
the article's day, a quiet day before the offensive, the Territory page's movement (the timeline
goes on past the article, through the dated layers to 2026: tests/test_browser_era.py).

Runs on the committed sources (the seed article), ingested into a store for the session.
"""

from __future__ import annotations

import time
from datetime import date

import pytest
from playwright.sync_api import expect

from geo import dashboard
from geo.control import load_timeline
from geo.factions import load_factions
from tests.conftest import MAP_FRAME, map_frame, non_local, wait_for_app

pytestmark = pytest.mark.browser
FACTIONS = load_factions()
OPEN_STATUSES = ("possibly changed", "changing hands", "contested")


def unit_attributes(page) -> dict[str, tuple[str, str, str]]:
    """Every sub-district's (controller, status words, fill) as the map draws them."""
    return (
        page.locator(MAP_FRAME)
        .element_handle()
        .evaluate(
            """frame => Object.fromEntries([...frame.contentDocument.querySelectorAll("path.adm3")].map(p => {
            const id = [...p.classList].find(c => /^adm3-SY/.test(c)).slice(5);
            return [id, [p.getAttribute("data-controller"), p.getAttribute("data-status"), p.getAttribute("fill")]];
        }))"""
        )
    )


def wait_for_state(page, pcode: str, controller: str, status: str) -> None:
    page.wait_for_function(
        """([sel, pcode, controller, status]) => {
            const frame = document.querySelector(sel);
            const path = frame && frame.contentDocument.querySelector("path.adm3-" + pcode);
            return path && path.getAttribute("data-controller") === controller
                && path.getAttribute("data-status") === status;
        }""",
        arg=[MAP_FRAME, pcode, controller, status],
        timeout=20_000,
    )


def status_marks(page) -> list[str]:
    """The hatching drawn over units for a status (fills such as url(#fl-possible-sna))."""
    return (
        page.locator(MAP_FRAME)
        .element_handle()
        .evaluate(
            """frame => [...frame.contentDocument.querySelectorAll("path.fl-mark")]
            .map(p => p.getAttribute("fill"))
            .filter(f => /fl-(possible|changing|contested)-/.test(f))"""
        )
    )


def click_button(page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()
    wait_for_app(page)


ARTICLE_DAY = date(2024, 12, 2)  # the seed article's publication day, its last stop


def stops_after(store, day: date) -> int:
    """How many slider stops come after `day` (the dated layers run on to 2026)."""
    return sum(d > day for d in dashboard.slider_stops(load_timeline(store)))


def step_back(page, slider, count: int) -> None:
    slider.focus()
    for _ in range(count):
        slider.press("ArrowLeft")
    wait_for_app(page)


def test_the_articles_day_shows_idlib_and_tal_rifaat_settled_with_their_new_holders(
    page, app_server, requests_seen
):
    page.goto(f"{app_server.url}/?date=2024-11-26")
    frame = map_frame(page)
    frame.locator("path.adm3-SY020402").wait_for(timeout=30_000)
    wait_for_state(page, "SY020402", "sdf", "possibly changed")
    assert any(m.startswith("url(#fl-possible-") for m in status_marks(page))
    page.goto(f"{app_server.url}/?date=2024-12-02")
    wait_for_state(page, "SY020402", "sna", "settled")
    wait_for_state(page, "SY070003", "opposition", "settled")  # Saraqab, government-held until then
    units = unit_attributes(page)
    idlib = {u: a for u, a in units.items() if u.startswith("SY07")}
    assert len(idlib) == 26 and all(status == "settled" for _, status, _ in idlib.values())
    assert not any(controller == "regime" for controller, _, _ in idlib.values())
    assert units["SY020402"][2] == FACTIONS["sna"].colour
    assert units["SY020000"][:2] == ["hts", "settled"]  # Aleppo city
    assert not any(status in OPEN_STATUSES for _, status, _ in units.values())
    assert status_marks(page) == []
    expect(page.get_by_role("slider")).to_have_attribute("aria-valuetext", "2 Dec 2024")
    # The panel names the holder and lists the caption's claim that agrees with the capture.
    page.goto(f"{app_server.url}/?date=2024-12-02&place=SY020402")
    wait_for_app(page)
    panel = page.locator('[data-testid="stMarkdownContainer"]', has_text="On 2 December 2024")
    panel.first.wait_for(timeout=20_000)
    text = panel.first.inner_text()
    assert "Syrian National Army (Turkish-backed), settled since 2 Dec 2024" in text
    assert "Also claimed: Other/unspecified opposition (control claim, 2 Dec 2024" in text
    assert non_local(requests_seen) == []


def test_the_quick_jump_before_the_offensive_shows_no_change_under_way(page, app_server, seed_store):
    page.goto(f"{app_server.url}/?date=2024-11-26")
    map_frame(page).locator("path.adm3-SY020000").wait_for(timeout=30_000)
    wait_for_state(page, "SY020000", "regime", "possibly changed")
    click_button(page, "Before the offensive")
    wait_for_state(page, "SY020000", "regime", "settled")
    units = unit_attributes(page)
    assert len(units) == 272
    assert not any(status in OPEN_STATUSES for _, status, _ in units.values())
    assert status_marks(page) == []
    assert [units["SY020402"][0], units["SY070003"][0]] == ["sdf", "regime"]
    assert page.get_by_text("the map stays as it is until 24 November 2024").first.is_visible()
    # The slider opens at the baseline and labels its ticks with dates.
    ticks = page.locator(".fl-ticks").first.inner_text()
    latest = dashboard.slider_stops(load_timeline(seed_store))[-1]
    assert ticks.split("\n")[0] == "6 Mar 2020" and ticks.split("\n")[-1] == dashboard.stop_label(latest)


def grid_rows(page) -> list[list[list[str]]]:
    """The cells of every table on the page, as its accessible grid gives them (row by row)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[role="grid"]')].map(grid =>
            [...grid.querySelectorAll('[role="row"]')].map(row =>
                [...row.querySelectorAll('[role="gridcell"], [role="columnheader"]')].map(c => c.innerText.trim())))"""
    )


def tables_once_settled(page, ready, seconds: float = 20) -> tuple[list, list]:
    """The share and change tables, read until `ready(shares, changes)` holds or time runs out:
    Streamlit redraws the two one after the other, so a first read may be half old."""
    deadline = time.monotonic() + seconds
    while True:
        shares, changes = grid_rows(page)[:2]
        if ready(shares, changes) or time.monotonic() > deadline:
            return shares, changes
        page.wait_for_timeout(250)


def changed_units(changes: list) -> dict[str, tuple[str, str]]:
    header = changes[0]
    return {
        row[header.index("sub-district")]: (row[header.index("governorate")], row[header.index("change")])
        for row in changes[1:]
    }


def test_territory_shows_aleppo_and_idlib_moving(page, app_server, requests_seen, seed_store):
    page.goto(f"{app_server.url}/Territory")
    wait_for_app(page)
    page.get_by_text("What changed between 6 Mar 2020 and").wait_for(timeout=30_000)
    # The period runs on to the latest layer; its end is moved back to the article's day.
    step_back(page, page.get_by_role("slider").last, stops_after(seed_store, ARTICLE_DAY))
    page.get_by_text("What changed between 6 Mar 2020 and 2 Dec 2024").wait_for(timeout=30_000)
    page.locator('[role="grid"]').nth(1).wait_for(state="attached", timeout=30_000)
    shares, changes = tables_once_settled(page, lambda _, changes: "Jebel Saman" in changed_units(changes))
    header = shares[0]
    share = {row[0]: float(row[header.index("change (points)")]) for row in shares[1:]}
    # Units changing hands no longer count for their old holder: the government's loss of Aleppo
    # city and southern Idlib shows in full, and the sides that took them gain.
    assert share["Syrian government (Assad)"] < -1.0
    assert share["HTS-led opposition"] > 0 and share["Other/unspecified opposition"] > 0
    moved = changed_units(changes)
    assert moved["Jebel Saman"] == ("Aleppo", "changed hands")
    idlib = [name for name, (gov, kind) in moved.items() if gov == "Idleb" and kind == "changed hands"]
    assert len(idlib) >= 5
    assert not any(kind in OPEN_STATUSES for _, kind in moved.values())
    assert non_local(requests_seen) == []


def test_territory_hatches_the_units_in_flux_inside_the_offensive(page, app_server, seed_store):
    page.goto(f"{app_server.url}/Territory")
    wait_for_app(page)
    page.get_by_text("What changed between").wait_for(timeout=30_000)
    # The period's end, back past the article's day (2 Dec) and 1 Dec to 26 Nov.
    step_back(page, page.get_by_role("slider").last, stops_after(seed_store, ARTICLE_DAY) + 2)
    page.get_by_text("What changed between 6 Mar 2020 and 26 Nov 2024").wait_for(timeout=30_000)
    page.locator('[role="grid"]').nth(1).wait_for(state="attached", timeout=30_000)
    shares, changes = tables_once_settled(
        page, lambda _, changes: {kind for _, kind in changed_units(changes).values()} == {"possibly changed"}
    )
    kinds = {kind for _, kind in changed_units(changes).values()}
    flux = next(row for row in shares[1:] if row[0] == "changing hands or possibly changed")
    assert float(flux[shares[0].index("% 26 Nov 2024")]) > 0
    assert kinds == {"possibly changed"}
