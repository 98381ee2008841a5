"""Real-browser check of the foundation: the map of Syria draws offline."""

import pytest

from tests.conftest import map_frame, non_local

pytestmark = pytest.mark.browser


def test_map_draws_14_governorates_and_every_request_stays_local(page, app_server, requests_seen):
    page.goto(app_server.url)
    frame = map_frame(page)
    # The governorate borders: one path per governorate, drawn by local Leaflet.
    frame.locator(".leaflet-container").wait_for(timeout=30_000)
    governorates = frame.locator("path.adm1")
    governorates.first.wait_for(timeout=30_000)
    assert governorates.count() == 14
    attribution = frame.locator(".leaflet-control-attribution").inner_text()
    assert "geoBoundaries" in attribution and "CC BY 3.0 IGO" in attribution
    page.wait_for_load_state("networkidle")
    assert requests_seen, "the page made no requests at all"
    assert non_local(requests_seen) == []
