"""Finding and sharing places in real Chromium: the search box with the keyboard only, readable
permalinks, the date kept across pages, and URL notices that clear on the next move."""

from __future__ import annotations

import re

import pytest

from tests.conftest import map_frame, wait_for_app

pytestmark = pytest.mark.browser
SNA_SENTENCE = "managed to capture Tal Rifaat"


def panel_heading(page, name: str):
    return page.locator(".st-key-fl-panel h4", has_text=name)


@pytest.mark.parametrize("spelling", ["tel refaat", "تل رفعت", "Tall Refaat"])
def test_keyboard_only_search_opens_tal_rifaat(page, app_server, spelling):
    page.goto(f"{app_server.url}/?date=2024-12-02")
    map_frame(page)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Find a place":
            break
    else:
        pytest.fail("Tab never reached the place search box")
    page.keyboard.type(spelling)
    page.keyboard.press("Enter")
    panel_heading(page, "Tall Refaat").wait_for(timeout=15_000)
    page.get_by_text(SNA_SENTENCE).first.wait_for(timeout=15_000)
    page.wait_for_url(re.compile(r"[?&]place=tall-refaat(&|$)"), timeout=15_000)
    assert page.locator(".st-key-fl-panel h4 [lang='ar']").inner_text() == "تل رفعت"


@pytest.mark.parametrize(
    ("value", "heading"), [("aleppo", "Aleppo"), ("tal-rifaat", "Tall Refaat"), ("gn:163476", "Tall Refaat")]
)
def test_permalinks_accept_readable_names_and_ids(page, app_server, value, heading):
    page.goto(f"{app_server.url}/?date=2024-12-02&place={value}")
    wait_for_app(page)
    panel_heading(page, heading).wait_for(timeout=15_000)
    assert not page.get_by_text("Ignored the place").is_visible()


def test_the_date_survives_map_events_map(page, app_server):
    page.goto(f"{app_server.url}/?date=2024-11-28")
    wait_for_app(page)
    assert page.get_by_role("slider").get_attribute("aria-valuetext") == "28 Nov 2024"
    page.get_by_role("link", name="Events").first.click()
    page.get_by_text(re.compile(r"^\d+ of \d+ event records$")).wait_for(timeout=30_000)
    page.get_by_role("link", name="Map").first.click()
    wait_for_app(page)
    slider = page.get_by_role("slider")
    slider.wait_for(timeout=15_000)
    assert slider.get_attribute("aria-valuetext") == "28 Nov 2024"
    page.wait_for_url(re.compile(r"date=2024-11-28"), timeout=15_000)


def test_a_bad_url_notice_clears_on_the_next_move(page, app_server):
    page.goto(f"{app_server.url}/?date=not-a-date&place=nowhere-at-all")
    wait_for_app(page)
    notice = page.get_by_text("Ignored the date in the URL")
    notice.wait_for(timeout=15_000)
    assert page.get_by_text("Ignored the place in the URL").is_visible()
    slider = page.get_by_role("slider")
    slider.focus()
    slider.press("ArrowLeft")
    wait_for_app(page)
    notice.wait_for(state="detached", timeout=15_000)
    assert page.get_by_text("Ignored the place in the URL").count() == 0


def test_a_date_between_stops_is_shown_as_that_date(page, app_server):
    page.goto(f"{app_server.url}/?date=2023-05-05")
    wait_for_app(page)
    page.get_by_text("Friday 5 May 2023").first.wait_for(timeout=15_000)
    assert page.get_by_role("slider").get_attribute("aria-valuetext") == "5 May 2023"
    assert page.get_by_text(
        re.compile("5 May 2023 \\(from the URL\\) is not one of the timeline")
    ).is_visible()
