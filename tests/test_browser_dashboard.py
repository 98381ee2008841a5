"""What a user sees, in real headless Chromium against the app started with `streamlit run`.

Runs on the committed sources (the seed article), ingested into a store for the session.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from geo import settings
from geo.factions import load_factions
from tests.conftest import MAP_FRAME, ROOT, map_frame, non_local, wait_for_app

pytestmark = pytest.mark.browser
FACTIONS = load_factions()
REGIME, HTS = FACTIONS["regime"].colour, FACTIONS["hts"].colour


def unit(frame, pcode: str):
    return frame.locator(f"path.adm3-{pcode}")


def wait_for_fill(page, pcode: str, colour: str) -> None:
    page.wait_for_function(
        """([sel, pcode, colour]) => {
            const frame = document.querySelector(sel);
            const path = frame && frame.contentDocument.querySelector("path.adm3-" + pcode);
            return path && path.getAttribute("fill") === colour;
        }""",
        arg=[MAP_FRAME, pcode, colour],
        timeout=15_000,
    )


def test_the_map_draws_every_sub_district_and_governorate(page, app_server, requests_seen):
    page.goto(app_server.url)
    frame = map_frame(page)
    frame.locator("path.adm3").first.wait_for(timeout=30_000)
    assert frame.locator("path.adm3").count() == 272
    assert frame.locator("path.adm1").count() == 14
    assert frame.locator(".fl-gov-label").count() == 14
    frame.locator(".fl-legend summary").click()
    legend = frame.locator(".fl-legend").inner_text()
    assert "HTS-led opposition" in legend and "changing hands" in legend and "air strike" in legend
    attribution = frame.locator(".leaflet-control-attribution").inner_text()
    assert "geoBoundaries" in attribution and "GeoNames" in attribution
    page.wait_for_load_state("networkidle")
    assert non_local(requests_seen) == []


def test_moving_the_slider_recolours_aleppo_without_remounting_the_map(page, app_server, requests_seen):
    page.goto(f"{app_server.url}/?date=2024-11-26")
    frame = map_frame(page)
    unit(frame, "SY020000").wait_for(timeout=30_000)
    wait_for_fill(page, "SY020000", REGIME)
    iframe = page.locator(MAP_FRAME).element_handle()
    slider = page.get_by_role("slider")
    slider.focus()
    # Two stops on: 2 Dec 2024, the article's day ("End" is now the latest dated layer, in 2026).
    slider.press("ArrowRight")
    slider.press("ArrowRight")
    wait_for_fill(page, "SY020000", HTS)
    wait_for_app(page)
    assert iframe.evaluate("e => e.isConnected"), "the map's iframe was replaced (remounted)"
    assert page.locator(MAP_FRAME).element_handle().evaluate("(e, old) => e === old", iframe)
    assert unit(map_frame(page), "SY020000").get_attribute("data-controller") == "hts"
    assert non_local(requests_seen) == []


def test_clicking_tal_rifaat_shows_the_sna_sentence_with_its_date_basis(
    page, app_server, requests_seen, tmp_path
):
    page.goto(f"{app_server.url}/?date=2024-12-02")
    frame = map_frame(page)
    town = frame.locator("path.fl-town-gn_163476")
    town.wait_for(timeout=30_000)
    town.click(force=True)
    panel = page.locator('[data-testid="stMarkdownContainer"]', has_text="managed to capture Tal Rifaat")
    panel.first.wait_for(timeout=15_000)
    assert "Syrian National Army (SNA) of the opposition managed to capture" in panel.first.inner_text()
    assert page.get_by_text(re.compile("no date words; an undated happening")).first.is_visible()
    assert frame.locator(".leaflet-popup-content").first.inner_text().startswith("Tall Refaat")
    assert "place=tall-refaat" in page.url  # the readable permalink value (ids are still accepted)
    wait_for_app(page)
    # `make screenshot` sets FRONTLINES_SCREENSHOT to refresh the README's picture; otherwise the
    # picture is still taken (it must work) but kept out of the working tree.
    target = ROOT / "docs" / "screenshot.png" if settings.SCREENSHOT.read() else tmp_path / "shot.png"
    page.screenshot(path=str(target), full_page=False)
    assert target.stat().st_size > 50_000
    assert non_local(requests_seen) == []


def test_a_permalink_restores_date_and_place(page, app_server):
    page.goto(f"{app_server.url}/?date=2024-11-26&place=SY020000")
    wait_for_app(page)
    assert page.get_by_text("Tuesday 26 November 2024").first.is_visible()
    assert page.get_by_role("slider").get_attribute("aria-valuetext") == "26 Nov 2024"
    heading = page.locator("h4", has_text="Jebel Saman")
    heading.wait_for(timeout=15_000)
    assert page.get_by_text(
        "possibly changed → HTS-led opposition sometime between 25 Nov and 1 Dec 2024"
    ).first.is_visible()


def test_hostile_permalinks_are_ignored_with_a_notice_and_never_reflected(page, app_server):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(
        f"{app_server.url}/?date=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&place=%3Cscript%3Ealert(2)%3C/script%3E"
    )
    wait_for_app(page)
    page.get_by_text("Ignored the date in the URL").wait_for(timeout=15_000)
    assert page.get_by_text("Ignored the place in the URL").is_visible()
    assert page.locator("img[src='x']").count() == 0
    assert dialogs == []


def test_the_events_page_downloads_a_csv_of_exactly_the_filtered_rows(page, app_server, requests_seen):
    page.goto(f"{app_server.url}/Events?type=statement")
    wait_for_app(page)
    count = page.get_by_text(re.compile(r"^\d+ of \d+ event records$"))
    count.wait_for(timeout=30_000)
    shown = int(count.inner_text().split()[0])
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert 0 < len(rows) == shown
    assert {r["event_type"] for r in rows} == {"statement"}
    assert set(rows[0]) >= {"event_id", "sentence", "date_start", "time_precision", "actor1", "geo_precision"}
    assert non_local(requests_seen) == []
