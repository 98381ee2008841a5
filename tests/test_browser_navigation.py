"""The top bar on every page, also when a fresh server's first visitor opens a page by its URL
(Streamlit's first multipage mode would otherwise list every file in pages/ in a sidebar and
run the page without app.py). Real headless Chromium, a server started for this test."""

from __future__ import annotations

import pytest

from tests.conftest import AppServer, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture
def fresh_server(seed_store):
    server = AppServer(env={"FRONTLINES_STORE": str(seed_store)}, name="nav-server").start()
    yield server
    server.stop()


def test_a_first_visit_straight_to_a_page_gets_the_top_bar_not_the_pages_folder(page, fresh_server):
    page.goto(f"{fresh_server.url}/Sources")
    wait_for_app(page)
    page.get_by_role("heading", name="Sources", exact=True).wait_for(timeout=30_000)
    wait_for_app(page)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    top = page.locator('[data-testid="stTopNavLinkContainer"], header').first
    for name in ("Map", "Events", "Territory", "Add articles"):
        assert page.get_by_role("link", name=name, exact=True).count() >= 1, name
    assert "review widgets" not in top.inner_text().lower()
    assert page.get_by_text("review widgets").count() == 0
