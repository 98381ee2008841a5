"""A slider step in real Chromium: only the map's fragment is rerun and resent, and the map the
runtime updates in place (keeping its shapes from date to date) is exactly the map a fresh page
draws for that date.

Runs on the committed sources (the seed article), ingested into a store for the session.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from serve import STATE_ROUTE
from tests.conftest import MAP_FRAME, map_frame, wait_for_app

pytestmark = pytest.mark.browser

# Everything the map shows of a date: each unit's fill, holder, status, tooltip and popup; the
# hatching; the towns (class, fill, tooltip, popup) and the event symbols.
JS_MARKS = r"""
(sel) => {
  const el = document.querySelector(sel), doc = el.contentDocument, F = el.contentWindow.frontlines;
  const units = {};
  for (const id in F.units) {
    const layer = F.units[id], p = layer._path;
    units[id] = [p.getAttribute("fill"), p.getAttribute("data-controller"), p.getAttribute("data-status"),
                 layer.getTooltip().getContent(), layer.getPopup().getContent()];
  }
  const hatch = [...doc.querySelectorAll("path.fl-mark")].map((p) => p.getAttribute("class") + " " + p.getAttribute("fill")).sort();
  const towns = [];
  F.keep.eachLayer((layer) => {
    if (!layer.getTooltip || !layer._path || !layer._path.classList.contains("fl-town")) return;
    towns.push([layer._path.getAttribute("class").replace(" fl-selected", ""), layer._path.getAttribute("fill"),
                layer.getTooltip().getContent(), layer.getPopup() ? layer.getPopup().getContent() : null]);
  });
  towns.sort();
  const events = [...doc.querySelectorAll(".fl-ev")].map((e) => e.className + " " + e.textContent).sort();
  return {day: F.latest.d, units, hatch, towns, events, drawnTowns: doc.querySelectorAll("path.fl-town").length};
}
"""


def wait_for_map_day(page, day: str) -> None:
    """Wait until the map's runtime has applied the state of `day`."""
    page.wait_for_function(
        "([sel, day]) => { const el = document.querySelector(sel), w = el && el.contentWindow;"
        " return !!w && !!w.frontlines && !!w.frontlines.latest && w.frontlines.latest.d === day; }",
        arg=[MAP_FRAME, day],
    )


def slider_day(page) -> str:
    text = page.get_by_role("slider").first.get_attribute("aria-valuetext")
    return datetime.strptime(text, "%d %b %Y").date().isoformat()


def step(page, key: str) -> str:
    before = page.get_by_role("slider").first.get_attribute("aria-valuetext")
    page.keyboard.press(key)
    slider = page.get_by_role("slider").first
    for _ in range(200):
        if slider.get_attribute("aria-valuetext") != before:
            break
        page.wait_for_timeout(50)
    wait_for_app(page)
    day = slider_day(page)
    wait_for_map_day(page, day)
    return day


def marks_of(page) -> dict:
    map_frame(page)
    return page.evaluate(JS_MARKS, MAP_FRAME)


def test_a_map_stepped_through_dates_equals_a_fresh_map_of_each(page, browser, app_server):
    # From the fall of Assad back into the offensive, where towns and hatching come and go.
    page.goto(f"{app_server.url}/?date=2024-12-08")
    map_frame(page).locator("path.adm3").first.wait_for()
    page.get_by_role("slider").first.focus()
    seen = []
    for key in ["ArrowLeft"] * 7 + ["ArrowRight"] * 3:
        day = step(page, key)
        seen.append((day, marks_of(page)))
    assert len({marks["day"] for _, marks in seen}) >= 5
    # Towns and hatching come and go over these dates: what is kept must also be removed.
    assert len({m["drawnTowns"] for _, m in seen}) > 1 and len({len(m["hatch"]) for _, m in seen}) > 1
    fresh = browser.new_page(viewport={"width": 1280, "height": 1000})
    try:
        for day, marks in seen[-4:]:
            fresh.goto(f"{app_server.url}/?date={day}")
            map_frame(fresh).locator("path.adm3").first.wait_for()
            fresh.wait_for_function(
                "([sel, day]) => { const el = document.querySelector(sel), w = el && el.contentWindow;"
                " return !!w && !!w.frontlines && !!w.frontlines.latest && w.frontlines.latest.d === day; }",
                arg=[MAP_FRAME, day],
            )
            wait_for_app(fresh)
            assert marks_of(fresh) == marks, day
    finally:
        fresh.close()


def frontlines(page, expression: str):
    """`expression` evaluated in the map's frame, where `F` is its runtime (window.frontlines)."""
    return page.evaluate(
        f"(sel) => {{ const F = document.querySelector(sel).contentWindow.frontlines; return {expression}; }}",
        MAP_FRAME,
    )


def without_day(marks: dict) -> dict:
    return {k: v for k, v in marks.items() if k != "day"}


def test_a_date_drawn_ahead_of_the_pages_rerun_is_that_dates_map(page, browser, app_server):
    """The map draws a date from the server's state route the moment the slider names it; the
    page's rerun brings the same state later. Here only the route's state is drawn (no rerun)."""
    page.goto(f"{app_server.url}/?date=2024-12-08")
    map_frame(page).locator("path.adm3").first.wait_for()
    wait_for_map_day(page, "2024-12-08")
    wait_for_app(page)
    other = browser.new_page(viewport={"width": 1280, "height": 1000})
    try:
        other.goto(f"{app_server.url}/?date=2024-12-08")
        map_frame(other).locator("path.adm3").first.wait_for()
        other.get_by_role("slider").first.focus()
        for _ in range(3):
            earlier = step(other, "ArrowLeft")
        expected = marks_of(other)
    finally:
        other.close()
    before = marks_of(page)
    assert without_day(before) != without_day(expected)
    page.evaluate(
        "([sel, day]) => { const F = document.querySelector(sel).contentWindow.frontlines;"
        " F.sliderDay = day; F.drawAhead(day); }",
        [MAP_FRAME, earlier],
    )
    page.wait_for_function(
        "([sel, day]) => document.querySelector(sel).contentWindow.frontlines.shownDay === day",
        arg=[MAP_FRAME, earlier],
    )
    ahead = marks_of(page)
    assert ahead["day"] == "2024-12-08"  # the page's own state is still the old date's
    assert without_day(ahead) == without_day(expected)


def test_a_step_draws_ahead_from_the_state_route_and_without_it_the_rerun_draws(page, app_server):
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if STATE_ROUTE in request.url else None)
    page.goto(f"{app_server.url}/?date=2024-12-08")
    map_frame(page).locator("path.adm3").first.wait_for()
    wait_for_app(page)
    page.get_by_role("slider").first.focus()
    day = step(page, "ArrowLeft")
    assert any(url.endswith(f"&day={day}") for url in asked), asked
    assert frontlines(page, "[F.aheadDrawn, F.shownDay]") == [1, day]
    # Without the route (`streamlit run app.py`, or the route failing), the rerun draws the date.
    page.route(f"**{STATE_ROUTE}*", lambda route: route.abort())
    day = step(page, "ArrowLeft")
    assert frontlines(page, "[F.aheadDrawn, F.shownDay, F.latest.d]") == [1, day, day]


def test_a_slider_moved_fast_asks_the_state_route_one_request_at_a_time(page, app_server):
    """Dragging the slider passes many stops: the map asks only for where the slider is when its
    previous answer is in, and ends on the slider's date."""
    flying = {"now": 0, "most": 0, "asked": 0}

    def started(request) -> None:
        if STATE_ROUTE in request.url:
            flying["now"] += 1
            flying["asked"] += 1
            flying["most"] = max(flying["most"], flying["now"])

    def ended(request) -> None:
        if STATE_ROUTE in request.url:
            flying["now"] -= 1

    page.on("request", started)
    page.on("requestfinished", ended)
    page.on("requestfailed", ended)
    page.goto(f"{app_server.url}/?date=2024-12-08")
    map_frame(page).locator("path.adm3").first.wait_for()
    wait_for_app(page)
    page.get_by_role("slider").first.focus()
    for _ in range(8):
        page.keyboard.press("ArrowLeft")
    page.wait_for_timeout(500)
    wait_for_app(page)
    day = slider_day(page)
    wait_for_map_day(page, day)
    assert flying["asked"] >= 1 and flying["most"] == 1, flying
    assert frontlines(page, "F.shownDay") == day


def test_a_step_resends_the_map_fragment_not_the_page(page, app_server):
    frames: list[bytes] = []
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived", lambda data: frames.append(data if isinstance(data, bytes) else data.encode())
        ),
    )
    page.goto(app_server.url)
    map_frame(page).locator("path.adm3").first.wait_for()
    page.get_by_role("slider").first.focus()
    before = len(frames)
    step(page, "ArrowLeft")
    page.wait_for_timeout(300)
    kinds = []
    for data in frames[before:]:
        msg = ForwardMsg.FromString(data)
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            kinds.append(element.WhichOneof("type"))
            if kinds[-1] == "markdown":
                assert "fl-head" not in element.markdown.body and "<style>" not in element.markdown.body
    assert "component_instance" in kinds and "slider" in kinds  # the map and the timeline
    assert "text_input" not in kinds  # the header's search box is not resent


def test_play_steps_the_map_by_itself_and_pause_stops_it(page, app_server):
    """Play is pressed inside the map's fragment; the timer that steps the slider is outside it."""
    page.goto(f"{app_server.url}/?date=2024-11-26")
    map_frame(page).locator("path.adm3").first.wait_for()
    page.get_by_role("button", name="▶ Play").click()
    days = [slider_day(page)]
    for _ in range(300):  # up to 30 s for two steps of the timer
        page.wait_for_timeout(100)
        day = slider_day(page)
        if day != days[-1]:
            days.append(day)
        if len(days) == 3:
            break
    assert len(days) == 3 and days == sorted(days), days
    page.get_by_role("button", name="⏸ Pause").click()
    wait_for_app(page)
    paused = slider_day(page)
    wait_for_map_day(page, paused)
    page.wait_for_timeout(3000)  # more than two of the timer's steps
    assert slider_day(page) == paused
