"""After the fall of Assad, in real headless Chromium against the app: the quick jumps reach the
dated layers, the new government is in the legend and the colour key, and units are filled with
its colour on the map; a unit no article speaks of names the layer in force in its popup."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from geo.factions import load_factions
from tests.conftest import MAP_FRAME, map_frame, non_local, wait_for_app
from tests.test_browser_story import click_button, unit_attributes, wait_for_state

pytestmark = pytest.mark.browser
FACTIONS = load_factions()
GOVERNMENT = FACTIONS["government"]


def test_the_fall_of_assad_and_latest_show_the_transitional_government(page, app_server, requests_seen):
    page.goto(f"{app_server.url}/?date=2024-12-02")
    map_frame(page).locator("path.adm3-SY010000").wait_for(timeout=30_000)
    wait_for_state(page, "SY010000", "regime", "settled")  # Damascus, Assad's on the article's day
    click_button(page, "Fall of Assad")
    wait_for_state(page, "SY010000", "government", "settled")
    # The map is sent before the slider (it leads by a message): wait for the slider as well.
    expect(page.get_by_role("slider")).to_have_attribute("aria-valuetext", "8 Dec 2024")
    units = unit_attributes(page)
    assert units["SY010000"][2] == GOVERNMENT.colour
    assert not any(controller == "regime" for controller, _, _ in units.values())
    # The legend on the map and the colour key beside it name the new side.
    legend = map_frame(page).locator(".fl-legend, .leaflet-control").filter(has_text=GOVERNMENT.name)
    assert legend.count() >= 1
    assert page.locator(".fl-key").first.inner_text().count(GOVERNMENT.name) == 1
    # Into 2025-2026: "Latest" is the last dated layer; Hasakah is the SDF's, Raqqa the government's.
    click_button(page, "Latest")
    wait_for_state(page, "SY110100", "government", "settled")
    expect(page.get_by_role("slider")).to_have_attribute("aria-valuetext", re.compile(r"2026$"))
    units = unit_attributes(page)
    assert units["SY080000"][0] == "sdf" and units["SY110100"][2] == GOVERNMENT.colour
    # A unit no article speaks of: its popup names the dated layer in force, not the 2020 row.
    frame = map_frame(page)
    frame.locator("path.adm3-SY020503").click(force=True)  # Maskanah, taken by the army 17 Jan 2026
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=20_000)
    text = popup.inner_text()
    assert "The Euphrates and the east (Jan 2026)" in text and "2020 baseline" not in text
    assert non_local(requests_seen) == []


def test_a_permalink_into_2025_fills_damascus_with_the_government(page, app_server):
    page.goto(f"{app_server.url}/?date=2025-06-01")
    map_frame(page).locator("path.adm3-SY010000").wait_for(timeout=30_000)
    wait_for_state(page, "SY010000", "government", "settled")
    fill = (
        page.locator(MAP_FRAME)
        .element_handle()
        .evaluate("""f => f.contentDocument.querySelector("path.adm3-SY010000").getAttribute("fill")""")
    )
    assert fill == GOVERNMENT.colour
    wait_for_app(page)
