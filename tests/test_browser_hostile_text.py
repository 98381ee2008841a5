"""Script injection: an article whose title, text and metadata carry markup is shown as text in
the map popup, the evidence panel, the Events table and the Sources page, and no script runs.

Runs the real app in headless Chromium on a store holding only the hostile article (written here).
"""

from __future__ import annotations

import json

import pytest

from geo.cli import main
from tests.conftest import MAP_FRAME, AppServer, map_frame, wait_for_app

pytestmark = pytest.mark.browser

TITLE = """Rebels <script>alert("title")</script> take "Hama" ' onmouseover='alert(1)"""
BODY = (
    "HTS-led forces captured Hama<img src=x onerror=alert('hama')> on Thursday, residents said. "
    '<a href="javascript:alert(3)">Click here</a> &lt;b&gt;bold&lt;/b&gt; &amp; more. '
    'Government forces shelled Saraqib" onfocus="alert(4)" autofocus=" on Friday.\n'
    '<iframe src="javascript:alert(7)"></iframe><style>body{display:none}</style>'
    "Rebels seized Homs</textarea><svg onload=alert(8)> on Wednesday.\n"
    "Rebels captured Hama [click](javascript:alert(10)) **bold** $x^2$ on Tuesday.\n"
)
META = {
    "title": TITLE,
    "outlet": "<svg/onload=alert(5)>",
    "published": "2024-12-06",
    "published_basis": "<b onclick=alert(9)>dateline</b>",
    "url": 'https://example.org/a"><script>alert(6)</script>',
}
INJECTED = "img[src='x'], svg[onload], a[href^='javascript:'], iframe[src^='javascript:'], [onfocus], [onmouseover], b[onclick]"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    article = folder / "hostile.txt"
    article.write_text(f"{TITLE}\n{BODY}", encoding="utf-8")
    article.with_suffix(".json").write_text(json.dumps(META), encoding="utf-8")
    store = folder / "events.sqlite"
    assert main(["ingest", str(article), "--store", str(store)]) == 0
    server = AppServer(env={"FRONTLINES_STORE": str(store)}).start()
    yield server
    server.stop()


@pytest.fixture
def dialogs(page):
    opened: list[str] = []
    page.on("dialog", lambda d: (opened.append(d.message), d.dismiss()))
    return opened


def assert_nothing_injected(page) -> None:
    for frame in page.frames:
        assert frame.locator(INJECTED).count() == 0, f"injected element in {frame.url}"
        scripts = frame.locator("script").evaluate_all("els => els.map(e => e.textContent)")
        assert not any("alert(" in s for s in scripts), f"injected script in {frame.url}"


def test_map_popup_and_evidence_panel_show_markup_as_text(page, hostile_server, dialogs):
    page.goto(f"{hostile_server.url}/?date=2024-12-06")
    frame = map_frame(page)
    towns = frame.locator("path.fl-town")
    towns.first.wait_for(timeout=30_000)
    hama = frame.locator("path.fl-town-gn_170017")
    (hama if hama.count() else towns.first).click(force=True)
    popup = frame.locator(".leaflet-popup-content").first
    popup.wait_for(timeout=10_000)
    assert "<img src=x onerror=alert('hama')>" in popup.inner_text()
    page.locator('[data-testid="stMarkdownContainer"]', has_text="onerror=alert('hama')").first.wait_for(
        timeout=15_000
    )
    # Every excerpt of the town, once the rerun that the click started has drawn the whole panel.
    page.locator(
        '[data-testid="stMarkdownContainer"]', has_text="[click](javascript:alert(10))"
    ).first.wait_for(timeout=15_000)
    wait_for_app(page)
    panel_text = page.locator("body").inner_text()
    assert "<img src=x onerror=alert('hama')>" in panel_text
    assert '<script>alert("title")</script>' in panel_text  # the source's title, as text
    assert "[click](javascript:alert(10)) **bold** $x^2$" in panel_text  # Markdown stays text too
    # How sure the colour is names the outlet, as text; an address with markup in it is no link.
    assert "<svg/onload=alert(5)>" in page.locator(".fl-provenance").first.inner_text()
    assert page.get_by_role("link", name="original article").count() == 0
    # The sub-district's own popup: its newest sentence arrives as plain text and is shown as text.
    frame_js = next(
        f for f in page.frames if "streamlit_folium" in f.url and f.evaluate("() => !!window.frontlines")
    )
    frame_js.evaluate(
        "() => { const l = window.frontlines.units['SY050100']; l.openPopup(l.getBounds().getCenter()); }"
    )
    unit_popup = frame.locator(".leaflet-popup-content", has_text="Hama, Hama")  # district, governorate
    unit_popup.wait_for(timeout=10_000)
    assert (
        "onerror=alert('hama')>" in unit_popup.inner_text()
        or "javascript:alert(10)" in unit_popup.inner_text()
    )
    assert_nothing_injected(page)
    assert dialogs == []
    assert page.locator(MAP_FRAME).count() == 1


def test_events_table_shows_markup_as_text(page, hostile_server, dialogs):
    page.goto(f"{hostile_server.url}/Events")
    wait_for_app(page)
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
    assert_nothing_injected(page)
    assert dialogs == []


def test_sources_page_shows_markup_as_text(page, hostile_server, dialogs):
    page.goto(f"{hostile_server.url}/Sources?source=hostile")
    wait_for_app(page)
    page.get_by_text("onerror=alert('hama')", exact=False).first.wait_for(timeout=30_000)
    body = page.locator("body").inner_text()
    assert '<a href="javascript:alert(3)">Click here</a>' in body
    assert "<svg/onload=alert(5)>" in body
    assert_nothing_injected(page)
    assert dialogs == []
