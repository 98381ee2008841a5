"""The PNG of the map (geo/map_image.py) on the small world: an image of sensible size whose
pixels show the holders' colours, and whose legend names only what is on the map."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
from matplotlib.image import imread

from geo.baseline import BaselineRow
from geo.control import Timeline
from geo.factions import Faction
from geo.map_image import _legend_handles, map_png
from tests.small_world import adm3_frame
from tests.test_control import SIDES, record

D = date.fromisoformat
FACTIONS = {
    "regime": Faction("regime", "Syrian government (Assad)", (), "#a52129", "solid", None, True, "t"),
    "hts": Faction("hts", "HTS-led opposition", (), "#a5adb5", "solid", None, True, "t"),
    "opposition": Faction("opposition", "Other opposition", (), "#7bef5a", "dots", None, True, "t"),
    "unknown": Faction("unknown", "Unknown", (), "#e6efef", "solid", None, True, "t"),
}


def world() -> Timeline:
    base = {u: BaselineRow(u, u, "regime", None, "high", "t") for u in adm3_frame()["adm3_id"]}
    records = [record("e1", "captured", "hts", "2024-12-01", "2024-12-05", "SY050100")]
    return Timeline(adm3_frame(), base, records, SIDES)


def pixels(png: bytes) -> np.ndarray:
    return (imread(io.BytesIO(png), format="png")[..., :3] * 255).round().astype(int)


def share(image: np.ndarray, hex_colour: str) -> float:
    rgb = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])
    return float((np.abs(image - rgb).max(axis=-1) <= 2).mean())


def test_the_png_is_an_image_of_the_asked_size_with_the_holders_colours():
    png = map_png(world(), D("2024-12-10"), FACTIONS, width_px=900, dpi=100)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    image = pixels(png)
    assert image.shape[:2] == (600, 900)
    assert share(image, "#a52129") > 0.01  # most units: the regime's red
    assert share(image, "#a5adb5") > 0.001  # Hama, taken by HTS


def test_the_date_changes_the_picture():
    tl = world()
    before = pixels(map_png(tl, D("2024-11-01"), FACTIONS, width_px=600, dpi=100))
    after = pixels(map_png(tl, D("2024-12-10"), FACTIONS, width_px=600, dpi=100))
    assert share(before, "#a5adb5") < share(after, "#a5adb5")


def test_the_legend_names_only_the_sides_and_statuses_on_the_map():
    tl = world()
    labels = [h.get_label() for h in _legend_handles(tl.states_at(D("2024-12-03")), FACTIONS)]
    # 3 Dec is inside the week-long range of a capture with no fighting reported: possibly changed.
    assert labels == ["Syrian government (Assad)", "possibly changed (thin stripes: the date is a range)"]
    labels = [h.get_label() for h in _legend_handles(tl.states_at(D("2019-01-01")), FACTIONS)]
    assert labels == ["Unknown (no evidence)"]
