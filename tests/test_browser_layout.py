"""The map page's layout in real Chromium at a desktop (1440x900) and a phone (390x844) size:
the first click selects what was clicked, the map fits the screen, Syria is whole on a phone and
a tap opens the evidence. Runs on the committed sources (the seed article)."""

from __future__ import annotations

import re

import pytest

from geo.mapview import SYRIA_BOUNDS
from tests.conftest import MAP_FRAME, map_frame, wait_for_app

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}

# A point (page coordinates) where the sub-district's own shape is what the pointer hits: a grid
# over its box, asking the frame what is on top (a town, label or marker may cover its centre).
JS_HIT_POINT = """([sel, pcode]) => {
  const el = document.querySelector(sel), doc = el.contentDocument;
  const path = doc.querySelector("path.adm3-" + pcode);
  const box = path.getBoundingClientRect(), frame = el.getBoundingClientRect();
  for (let fy = 0.5, i = 0; i < 9; i++, fy = 0.5 + (i % 2 ? 1 : -1) * Math.ceil(i / 2) * 0.1) {
    for (let fx = 0.5, j = 0; j < 9; j++, fx = 0.5 + (j % 2 ? 1 : -1) * Math.ceil(j / 2) * 0.1) {
      const x = box.left + fx * box.width, y = box.top + fy * box.height;
      if (doc.elementFromPoint(x, y) === path) return {x: frame.left + el.clientLeft + x, y: frame.top + el.clientTop + y};
    }
  }
  return null;
}"""
# How far the page is scrolled: Streamlit scrolls inside its own containers, not the window.
JS_SCROLL = (
    """() => window.scrollY + [...document.querySelectorAll("*")].reduce((s, e) => s + e.scrollTop, 0)"""
)
JS_MAP_BOUNDS = """() => { const b = window.frontlines.map.getBounds();
  return [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]]; }"""


def frame_of(page):
    return next(
        f for f in page.frames if "streamlit_folium" in f.url and f.evaluate("() => !!window.frontlines")
    )


def open_map(page, query: str = "?date=2024-12-02"):
    page.goto(f"{page.app_url}/{query}")
    frame = map_frame(page)
    frame.locator("path.adm3").first.wait_for(timeout=30_000)
    page.wait_for_function(
        "sel => { const f = document.querySelector(sel); return f && f.hasAttribute('data-fl-map'); }",
        arg=MAP_FRAME,
        timeout=15_000,
    )
    wait_for_app(page)
    return frame


@pytest.fixture
def desktop(browser, app_server):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.app_url = app_server.url
    yield page
    context.close()


@pytest.fixture
def phone(browser, app_server):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.app_url = app_server.url
    yield page
    context.close()


def test_at_1440x900_the_map_ends_inside_the_screen_and_the_first_click_selects_the_unit(desktop):
    page = desktop
    open_map(page)
    box = page.locator(MAP_FRAME).bounding_box()
    assert box["y"] + box["height"] <= DESKTOP["height"], "the map ends below the screen"
    assert box["width"] >= 0.45 * DESKTOP["width"] and box["height"] >= 0.6 * DESKTOP["height"]
    # The colour key and a how-to are beside the map before any click.
    panel = page.locator(".st-key-fl-panel")
    assert "Click a town or a sub-district" in panel.inner_text()
    assert panel.locator(".fl-key").is_visible()
    assert panel.bounding_box()["x"] >= box["x"] + box["width"] - 1, "the panel is not beside the map"

    point = page.evaluate(JS_HIT_POINT, [MAP_FRAME, "SY070000"])
    assert point, "no visible point of Idleb's sub-district"
    before = page.evaluate(JS_SCROLL)
    page.mouse.move(point["x"], point["y"])
    page.mouse.down()
    assert page.evaluate(JS_SCROLL) == before, "the page scrolled between mouse-down and mouse-up"
    page.mouse.up()
    page.locator(".st-key-fl-panel h4", has_text="Idleb").wait_for(timeout=15_000)
    # Real capitalisation of names in the panel (not "Sub-district of idleb, idleb").
    assert page.get_by_text("Sub-district of Idleb, Idleb").is_visible()
    page.wait_for_url(re.compile(r"[?&]place=idleb(&|$)"), timeout=15_000)
    popup = frame_of(page).locator(".leaflet-popup-content")
    assert popup.inner_text().startswith("Idleb")
    assert len(popup.inner_text().splitlines()) <= 3


def test_the_map_frame_is_named_and_its_shapes_are_not_tab_stops(desktop):
    page = desktop
    frame = open_map(page)
    title = page.locator(MAP_FRAME).get_attribute("title")
    assert title and "Syria" in title and "streamlit" not in title
    stops = frame_of(page).evaluate(
        "() => [...document.querySelectorAll('path')].filter(e => e.tabIndex >= 0).length"
    )
    assert stops == 0
    assert frame.locator(".fl-gov-label [lang='ar']").count() == 14


def test_governorate_labels_do_not_overlap(desktop):
    page = desktop
    open_map(page)
    boxes = frame_of(page).evaluate(
        "() => [...document.querySelectorAll('.fl-gov-label')].map(e => { const r = e.getBoundingClientRect();"
        " return [e.textContent, r.left, r.top, r.right, r.bottom]; })"
    )
    overlaps = [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]
    assert overlaps == []


def test_at_390x844_all_of_syria_shows_and_a_tap_opens_the_evidence(phone):
    page = phone
    open_map(page)
    (south, west), (north, east) = frame_of(page).evaluate(JS_MAP_BOUNDS)
    (s, w), (n, e) = SYRIA_BOUNDS
    assert south <= s and west <= w and north >= n and east >= e, "Syria is cut off"
    box = page.locator(MAP_FRAME).bounding_box()
    assert box["height"] <= 0.65 * PHONE["height"], "the map leaves no room to scroll the page with a finger"
    # One finger over the map scrolls the page: the map moves with two.
    assert frame_of(page).evaluate("() => window.frontlines.map.dragging.enabled()") is False
    page.evaluate("sel => document.querySelector(sel).scrollIntoView({block: 'center'})", MAP_FRAME)
    # A large sub-district: a finger is wide, and Chrome moves a tap to the likeliest target near it.
    point = page.evaluate(JS_HIT_POINT, [MAP_FRAME, "SY040500"])
    page.touchscreen.tap(point["x"], point["y"])
    heading = page.locator(".st-key-fl-panel h4", has_text="Tadmor")
    heading.wait_for(timeout=15_000)
    # The popup's link scrolls the panel into view: the evidence is one tap away.
    frame_of(page).locator(".leaflet-popup-content .fl-to-panel").tap()
    page.wait_for_function(
        "() => { const r = document.querySelector('.st-key-fl-panel h4').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }",
        timeout=10_000,
    )
