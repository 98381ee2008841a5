"""Adding an article in the browser: the time from "Save" on the Add articles page to the main map
showing the article's town with its sentence, in headless Chromium against the real app.

Each round pastes a new article (written here: one town captured, a sentence that names the
round), enters its date, waits for the preview, then presses Save; the page confirms the save
with a link to the map at the record's date and place, which is followed at once. Both ends are
browser clocks on one time line (`performance.timeOrigin + performance.now()`), so the page load
in between is counted: t0 when the mouse button goes down on Save, t1 when the new map's iframe
draws the town and the evidence panel quotes the round's sentence. The store is a temporary
copy of the committed sources; the user's store is never touched.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

from bench.browser import APP_IDLE, MAP_FRAME, TIMEOUT_MS, VIEWPORT, App
from bench.report import Figure, Results, Stat

SECTION = "Adding an article (real data plus the added ones)"
TITLE = "Security forces take Khan Shaykhun, report {n}"
BODY = (
    "Government security forces captured the town of Khan Shaykhun in southern Idlib on Monday "
    "after clashes with former regime remnants, witness number {n} said.\n"
)
PUBLISHED = "20250318"  # typed into the date field: 18 March 2025, a Tuesday
JS_CLOCK = """
() => { window.__benchT0 = null;
  document.addEventListener("mousedown", () => {
    window.__benchT0 = performance.timeOrigin + performance.now(); }, true); }
"""
# The time once the save is confirmed (the page's link to the map is drawn).
JS_SAVED = """
() => {
  const a = [...document.querySelectorAll(".fl-saved-links a")].find((x) => x.textContent.includes("map"));
  return a ? {at: performance.timeOrigin + performance.now(), href: a.href} : false;
}
"""
# The time once the map draws the town and the panel quotes the round's sentence.
JS_MAP = """
([frameSel, townClass, words]) => {
  const el = document.querySelector(frameSel);
  const doc = el && el.contentDocument;
  if (!doc || !doc.querySelector("path." + townClass)) return false;
  const live = '[data-testid="stElementContainer"][data-stale="false"] .fl-excerpt';
  if (![...document.querySelectorAll(live)].some((q) => q.textContent.includes(words))) return false;
  return performance.timeOrigin + performance.now();
}
"""


def _town_class(href: str) -> str:
    place = parse_qs(urlparse(href).query)["place"][0]
    return "fl-town-" + "".join(ch if ch.isalnum() or ch in "_-" else "_" for ch in place)


def _prepare(page, url: str, n: int) -> None:
    """The Add articles page with round `n`'s article pasted, dated and previewed."""
    page.goto(f"{url}/Add_articles", timeout=TIMEOUT_MS)
    page.wait_for_selector(APP_IDLE, timeout=TIMEOUT_MS)
    page.get_by_label("Article text: the title on line 1, the article after it").fill(
        f"{TITLE.format(n=n)}\n{BODY.format(n=n)}"
    )
    page.get_by_role("button", name="Preview the pasted article").click()
    page.get_by_role("spinbutton", name="year, Publication date").click(timeout=TIMEOUT_MS)
    page.keyboard.type(PUBLISHED)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Add articles").click()
    page.locator(".fl-article").first.wait_for(timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Save 1 article").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_selector(APP_IDLE, timeout=TIMEOUT_MS)


def save_round(page, url: str, n: int) -> dict[str, float]:
    """One round: ms from Save to the confirmation, and to the map showing the town."""
    _prepare(page, url, n)
    page.evaluate(JS_CLOCK)
    page.get_by_role("button", name="Save 1 article").click()
    saved = page.wait_for_function(JS_SAVED, polling="raf", timeout=TIMEOUT_MS).json_value()
    t0 = page.evaluate("() => window.__benchT0")
    page.goto(saved["href"], timeout=TIMEOUT_MS)
    shown = page.wait_for_function(
        JS_MAP,
        arg=[MAP_FRAME, _town_class(saved["href"]), f"witness number {n} said"],
        polling="raf",
        timeout=TIMEOUT_MS,
    ).json_value()
    return {"confirmed_ms": saved["at"] - t0, "map_ms": shown - t0}


def run_add(browser, store: Path, results: Results, logs: Path, say, rounds: int = 10) -> None:
    """`rounds` articles added one after another in one browser context, on one app."""
    app = App("stable", store, logs)
    samples: list[dict[str, float]] = []
    try:
        app.launch()
        app.wait_healthy()
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        try:
            for n in range(1, rounds + 1):
                samples.append(save_round(page, app.url, n))
                say(
                    f"add {n}/{rounds}: confirmed after {samples[-1]['confirmed_ms']:.0f} ms, "
                    f"map after {samples[-1]['map_ms']:.0f} ms"
                )
        finally:
            context.close()
    finally:
        app.stop()
    results.add(
        Figure(
            SECTION,
            "Save to the updated map (town and sentence shown)",
            "ms",
            Stat.of([s["map_ms"] for s in samples]),
            note=f"median of {len(samples)}; Save's mouse-down to the map page drawing the town, "
            "following the saved page's link (a page load)",
        )
    )
    results.add(
        Figure(
            SECTION,
            "Save to the save confirmed",
            "ms",
            Stat.of([s["confirmed_ms"] for s in samples]),
            note="stored (one transaction) and the page redrawn with the map link",
        )
    )
    results.details["add"] = {"rounds": samples}
