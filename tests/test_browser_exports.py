"""Every export, downloaded in real headless Chromium from the app started with `streamlit run`,
and read back with GeoPandas (or as an image); and the panel's provenance line and source links.

Runs on the committed sources (the seed article), ingested into a store for the session.
"""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import geopandas as gpd
import pytest
from matplotlib.image import imread

from tests.conftest import non_local, wait_for_app

pytestmark = pytest.mark.browser


def download(page, name: str, tmp_path: Path) -> Path:
    """Click the download button called `name` and keep the file under its suggested name."""
    button = page.get_by_role("button", name=name, exact=True)
    button.wait_for(timeout=30_000)
    with page.expect_download(timeout=30_000) as info:
        button.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def shown_day(page) -> str:
    """The date the map page shows, from its permalink."""
    wait_for_app(page)
    return parse_qs(urlparse(page.url).query)["date"][0]


def test_the_map_page_downloads_control_for_the_shown_date(page, app_server, requests_seen, tmp_path):
    page.goto(app_server.url)
    day = shown_day(page)
    for name in ("GeoJSON", "CSV"):
        path = download(page, name, tmp_path)
        assert path.name == f"frontlines-control-{day}.{name.lower()}"
        frame = gpd.read_file(path)
        assert len(frame) == 272 and frame.geometry.notna().all() and frame.geometry.is_valid.all()
        assert (frame["date"].astype(str).str[:10] == day).all()
        assert frame["controller_name"].str.len().gt(0).all()
        assert {"adm3_id", "status", "confidence", "source_count", "evidence", "outlets"} <= set(
            frame.columns
        )
    png = download(page, "PNG", tmp_path)
    assert png.name == f"frontlines-control-{day}.png"
    image = imread(io.BytesIO(png.read_bytes()), format="png")
    height, width = image.shape[:2]
    assert 1000 <= width <= 3000 and 0.5 <= height / width <= 0.9
    assert non_local(requests_seen) == []


def test_the_territory_page_downloads_the_changes_between_its_two_dates(
    page, app_server, requests_seen, tmp_path
):
    page.goto(f"{app_server.url}/Territory")
    wait_for_app(page)
    for name in ("GeoJSON", "CSV"):
        path = download(page, name, tmp_path)
        assert path.name.startswith("frontlines-changes-")
        frame = gpd.read_file(path)
        assert len(frame) > 0 and frame.geometry.notna().all()
        assert (frame["from_date"].astype(str) < frame["to_date"].astype(str)).all()
        assert frame["to_controller_name"].str.len().gt(0).all()
        moved = frame["from_controller"] + frame["from_status"] != frame["to_controller"] + frame["to_status"]
        assert moved.all()
    assert non_local(requests_seen) == []


def test_the_events_page_geojson_gives_area_records_their_area_and_names_sides_and_outlets(
    page, app_server, requests_seen, tmp_path
):
    page.goto(f"{app_server.url}/Events")
    wait_for_app(page)
    frame = gpd.read_file(download(page, "Download GeoJSON", tmp_path))
    placed = frame["geo_precision"].notna()
    assert placed.any() and frame.loc[placed].geometry.notna().all()
    assert frame.loc[~placed].geometry.isna().all()  # no place named: no geometry invented
    areas = frame[frame["geometry_kind"] == "area"]
    assert len(areas) > 0 and areas.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert frame.loc[frame["actor1"].str.len() > 0, "actor1_name"].str.len().gt(0).all()
    assert frame["outlet"].str.len().gt(0).all() and frame["url"].str.startswith("https://").all()
    flat = gpd.read_file(download(page, "Download CSV", tmp_path))
    assert len(flat) == len(frame) and flat.geometry.notna().sum() == placed.sum()
    assert non_local(requests_seen) == []


def test_the_panel_says_how_sure_a_colour_is_and_links_the_original_in_a_new_tab(page, app_server):
    # Tal Rifaat's sub-district on the article's day (after 8 Dec 2024 a dated layer colours it).
    page.goto(f"{app_server.url}/?date=2024-12-02&place=SY020402")
    wait_for_app(page)
    line = page.locator(".fl-provenance").first
    line.wait_for(timeout=30_000)
    words = line.inner_text()
    assert "confidence" in words and ("claimed" in words or "independent sources" in words)
    link = page.get_by_role("link", name="original article").first
    assert link.get_attribute("href").startswith("https://")
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
