"""Exports (geo/exports.py) and the excerpt's source line, on the small world's units and records
written here: what each export carries, that it reads back with GeoPandas with geometry, and that
area records carry their area."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date

import geopandas as gpd
import pytest
import shapely

from geo import exports
from geo.baseline import BaselineRow
from geo.control import Timeline
from geo.evidence import source_line_html
from geo.factions import Faction
from geo.sources import Source
from tests.small_world import adm3_frame
from tests.test_control import SIDES, record

D = date.fromisoformat


def faction(fid: str, name: str) -> Faction:
    return Faction(fid, name, (), "#123456", "solid", None, True, "test row")


FACTIONS = {
    "regime": faction("regime", "Syrian government (Assad)"),
    "hts": faction("hts", "HTS-led opposition"),
    "sna": faction("sna", "Syrian National Army"),
    "sdf": faction("sdf", "SDF (YPG-led)"),
    "opposition": faction("opposition", "Other opposition"),
}
SOURCES = {
    "wire": Source(
        "wire", "Rebels take Hama", "T\nx\n", D("2024-12-02"), "t", "Example Wire", "https://e.org/a"
    ),
    "paper": Source("paper", "Hama falls", "T\nx\n", D("2024-12-03"), "t", "Other Paper", "javascript:x()"),
}
IDLEB = ("SY070000", "SY070003", "SY070200", "SY070400")


@pytest.fixture
def timeline() -> Timeline:
    records = [
        record("e1", "captured", "hts", "2024-12-01", "2024-12-01", "SY050100", source_id="wire"),
        record("e2", "captured", "hts", "2024-12-01", "2024-12-01", "SY050100", source_id="paper"),
        record(
            "e3",
            "captured",
            "sna",
            "2024-11-25",
            "2024-12-01",
            "SY020402",
            source_id="wire",
            time_precision=2,
            date_basis='"last week": the week before publication',
            assoc_actor1="opposition|turkey",
            latitude=36.47,
            longitude=37.10,
            place="Tall Refaat",
        ),
        record(  # "all of Idleb province": an area record, no point
            "e4",
            "captured",
            "opposition",
            "2024-11-26",
            "2024-12-02",
            "",
            source_id="wire",
            geo_precision=3,
            admin1="SY07",
            area_adm3="|".join(IDLEB),
            coverage="whole",
            place="Idleb governorate",
        ),
        record("e5", "statement", "regime", "2024-12-02", "2024-12-02", "", source_id="gone"),  # no place
        record(  # a district named, no point and no area list: its sub-districts' outline
            "e6",
            "clashes",
            "hts",
            "2024-12-02",
            "2024-12-02",
            "",
            geo_precision=3,
            admin2="SY0204",
            place="A'zaz",
        ),
    ]
    base = {
        "SY050100": BaselineRow("SY050100", "Hama", "regime", None, "high", "test row"),
        "SY020402": BaselineRow("SY020402", "Tall Refaat", "sdf", None, "medium", "test row"),
    }
    return Timeline(adm3_frame(), base, records, SIDES)


def read_back(text: str, suffix: str, tmp_path) -> gpd.GeoDataFrame:
    path = tmp_path / f"export.{suffix}"
    path.write_text(text, encoding="utf-8")
    return gpd.read_file(path)


def test_control_has_one_row_per_unit_with_names_pcodes_holders_and_provenance(timeline):
    table = exports.control_table(timeline, D("2024-12-10"), FACTIONS, SOURCES)
    assert len(table.rows) == len(timeline.unit_ids) and all(g is not None for g in table.geometries)
    hama = next(r for r in table.rows if r["adm3_id"] == "SY050100")
    assert (hama["adm3_name"], hama["adm2_id"], hama["adm1_name"]) == ("Hama", "SY0501", "Hama")
    assert (hama["controller"], hama["controller_name"], hama["status"]) == (
        "hts",
        "HTS-led opposition",
        "settled",
    )
    assert (hama["source_count"], hama["claimed"], hama["confidence"]) == (2, False, "high")
    # Two captures of the same day: neither decides before the other, so their order is not asserted.
    assert sorted(hama["outlets"]) == ["Example Wire", "Other Paper"] and hama["urls"] == ["https://e.org/a"]
    assert set(hama["evidence"]) >= {"e1", "e2"} and hama["date"] == "2024-12-10"
    refaat = next(r for r in table.rows if r["adm3_id"] == "SY020402")
    assert (refaat["controller_name"], refaat["claimed"], refaat["date_inferred"]) == (
        "Syrian National Army",
        True,
        True,
    )
    assert "claimed" in refaat["provenance"] and "date inferred" in refaat["provenance"]
    quiet = next(r for r in table.rows if r["adm3_id"] == "SY120000")  # no baseline row, no record
    assert (quiet["controller"], quiet["confidence"], quiet["source_count"]) == ("unknown", "", 0)


def test_control_geojson_and_csv_read_back_with_geometry(timeline, tmp_path):
    table = exports.control_table(timeline, D("2024-12-10"), FACTIONS, SOURCES)
    geo = read_back(exports.to_geojson(table), "geojson", tmp_path)
    assert len(geo) == len(timeline.unit_ids) and geo.geometry.notna().all()
    assert geo.set_index("adm3_id").loc["SY050100", "controller_name"] == "HTS-led opposition"
    flat = read_back(exports.to_csv(table), "csv", tmp_path)
    assert len(flat) == len(timeline.unit_ids) and flat.geometry.notna().all()
    hama = flat.set_index("adm3_id").loc["SY050100"]
    assert hama.geometry.equals(timeline.units.set_index("adm3_id").loc["SY050100", "geometry"])
    assert (
        sorted(hama["outlets"].split(" | ")) == ["Example Wire", "Other Paper"] and hama["claimed"] == "false"
    )
    # The point for spreadsheets lies inside its unit.
    assert hama.geometry.contains(shapely.Point(float(hama["longitude"]), float(hama["latitude"])))


def test_changes_list_only_what_moved_largest_first_with_both_states(timeline, tmp_path):
    table = exports.changes_table(timeline, D("2024-11-20"), D("2024-12-10"), FACTIONS, SOURCES)
    moved = {r["adm3_id"]: r for r in table.rows}
    assert {"SY050100", "SY020402"} <= set(moved) and "SY120000" not in moved
    refaat = moved["SY020402"]
    assert (refaat["from_controller_name"], refaat["to_controller_name"]) == (
        "SDF (YPG-led)",
        "Syrian National Army",
    )
    assert (refaat["from_date"], refaat["to_date"]) == ("2024-11-20", "2024-12-10")
    areas = [r["area_km2"] for r in table.rows]
    assert areas == sorted(areas, reverse=True)
    geo = read_back(exports.to_geojson(table), "geojson", tmp_path)
    assert len(geo) == len(table.rows) and geo.geometry.notna().all()


def test_no_change_is_an_empty_but_valid_export(timeline, tmp_path):
    table = exports.changes_table(timeline, D("2021-01-01"), D("2021-06-01"), FACTIONS, SOURCES)
    assert table.rows == []
    assert json.loads(exports.to_geojson(table)) == {"type": "FeatureCollection", "features": []}
    assert exports.to_csv(table).splitlines() == [",".join([*exports.CHANGE_COLUMNS, "WKT"])]


def test_events_carry_side_names_outlet_url_and_a_point_or_their_area(timeline, tmp_path):
    table = exports.events_table(timeline.records, timeline.units, FACTIONS, SOURCES)
    rows = {r["event_id"]: (r, g) for r, g in zip(table.rows, table.geometries, strict=True)}
    e3, point = rows["e3"]
    assert (e3["actor1_name"], e3["assoc_actor1_names"]) == (
        "Syrian National Army",
        "Other opposition | turkey",
    )
    assert (e3["outlet"], e3["url"], e3["source_title"], e3["geometry_kind"]) == (
        "Example Wire",
        "https://e.org/a",
        "Rebels take Hama",
        "point",
    )
    assert (point.x, point.y) == (37.10, 36.47)
    e4, area = rows["e4"]
    units = timeline.units.set_index("adm3_id")
    assert e4["geometry_kind"] == "area"
    assert area.equals(shapely.union_all(list(units.loc[list(IDLEB), "geometry"])))
    e6, district = rows["e6"]
    assert e6["geometry_kind"] == "area"
    assert district.equals(shapely.union_all(list(units[units["adm2_id"] == "SY0204"].geometry)))
    e5, nothing = rows["e5"]
    assert (e5["geometry_kind"], nothing, e5["outlet"], e5["url"]) == ("none", None, "", "")
    e2, _ = rows["e2"]
    assert e2["url"] == ""  # a javascript: address is never exported as a link


def test_events_read_back_with_geometry_for_every_placed_record(timeline, tmp_path):
    table = exports.events_table(timeline.records, timeline.units, FACTIONS, SOURCES)
    geo = read_back(exports.to_geojson(table), "geojson", tmp_path).set_index("event_id")
    assert set(geo.index[geo.geometry.notna()]) == {"e1", "e2", "e3", "e4", "e6"}
    assert geo.loc["e4"].geometry.geom_type in ("Polygon", "MultiPolygon")
    flat = read_back(exports.to_csv(table), "csv", tmp_path).set_index("event_id")
    assert set(flat.index[flat.geometry.notna()]) == {"e1", "e2", "e3", "e4", "e6"}
    assert flat.loc["e3", "actor1_name"] == "Syrian National Army"


def test_csv_keeps_untrusted_text_as_data_in_one_field(timeline):
    hostile = {"wire": replace(SOURCES["wire"], outlet='Wire, "quoted"\nsecond line')}
    table = exports.events_table(timeline.records[:1], timeline.units, FACTIONS, hostile)
    (row,) = list(csv.DictReader(io.StringIO(exports.to_csv(table))))
    assert row["outlet"] == 'Wire, "quoted"\nsecond line'


def test_json_has_the_rows_without_geometry(timeline):
    rows = json.loads(exports.to_json(exports.control_table(timeline, D("2024-12-10"), FACTIONS, SOURCES)))
    assert len(rows) == len(timeline.unit_ids) and "geometry" not in rows[0]
    assert list(rows[0]) == exports.CONTROL_COLUMNS


def test_file_names_say_what_and_when():
    assert (
        exports.file_stem("changes", D("2024-11-26"), D("2024-12-03"))
        == "frontlines-changes-2024-11-26-2024-12-03"
    )


def test_the_excerpt_source_line_links_the_original_only_when_it_is_a_web_address(timeline):
    e1 = timeline.records_by_id["e1"]
    line = source_line_html(e1, SOURCES["wire"])
    assert '<a href="https://e.org/a" target="_blank" rel="noopener noreferrer">original article</a>' in line
    assert "Example Wire" in line and 'href="Sources?source=wire' in line
    assert "javascript" not in source_line_html(e1, SOURCES["paper"])
    hostile = replace(SOURCES["wire"], outlet="<b>x</b>", url='https://e.org/"onmouseover="alert(1)')
    line = source_line_html(e1, hostile)
    assert "<b>x" not in line and "&lt;b&gt;x&lt;/b&gt;" in line
    assert "onmouseover" not in line  # an address with a quote in it is not a plain web address
