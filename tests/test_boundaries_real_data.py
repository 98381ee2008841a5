"""The admin units built from the real upstream file, checked against the shared reference files.

Needs the real data: the provisioned boundary file and `../shared/data/boundaries/syr_adm*.geojson`.
"""

import geopandas as gpd
import pytest
import shapely

from geo import boundaries, paths

REFERENCE = paths.SHARED / "data" / "boundaries"

# (place, lat, lon, adm1, adm2, adm3): the README's point checks, plus its Golan test points.
POINTS = [
    ("Aleppo", 36.2021, 37.1343, "SY02", "SY0200", "SY020000"),
    ("Idlib", 35.9306, 36.6339, "SY07", "SY0700", "SY070000"),
    ("Tal Rifaat", 36.4697, 37.0967, "SY02", "SY0204", "SY020402"),
    ("Azaz", 36.5866, 37.0463, "SY02", "SY0204", "SY020400"),
    ("Manbij", 36.5281, 37.9549, "SY02", "SY0205", "SY020500"),
    ("Saraqib", 35.8644, 36.8006, "SY07", "SY0700", "SY070003"),
    ("Hama", 35.1318, 36.7578, "SY05", "SY0501", "SY050100"),
    ("Homs", 34.7324, 36.7137, "SY04", "SY0401", "SY040100"),
    ("Damascus", 33.5102, 36.2913, "SY01", "SY0100", "SY010000"),
    ("Raqqa", 35.9594, 39.0078, "SY11", "SY1101", "SY110100"),
    ("Qamishli", 37.0522, 41.2317, "SY08", "SY0802", "SY080200"),
    ("Deir ez-Zor", 35.3359, 40.1408, "SY09", "SY0901", "SY090100"),
    ("Daraa", 32.6189, 36.1021, "SY12", "SY1200", "SY120000"),
    ("Majdal Shams", 33.2700, 35.7700, "SY14", "SY1400", "SY140003"),
    ("Qasrin", 32.9930, 35.6930, "SY14", "SY1400", "SY140000"),
    ("Fiq", 32.7790, 35.7000, "SY14", "SY1402", "SY140200"),
]


@pytest.fixture(scope="module")
def units() -> boundaries.Boundaries:
    return boundaries.load_boundaries()


def reference(level: int) -> gpd.GeoDataFrame:
    path = REFERENCE / f"syr_adm{level}.geojson"
    assert path.exists(), f"reference file {path} is missing: the real-data tests need ../shared"
    return gpd.read_file(path)


def test_counts_are_1_14_62_272(units):
    assert [len(units.level(n)) for n in range(4)] == [1, 14, 62, 272]


def test_every_geometry_is_valid_and_non_empty(units):
    for n in range(4):
        frame = units.level(n)
        assert frame.geometry.is_valid.all() and not frame.geometry.is_empty.any()
        assert frame.crs.to_epsg() == 4326


def test_levels_nest_exactly(units):
    for child, parent, key in ((3, 2, "adm2_id"), (3, 1, "adm1_id"), (2, 1, "adm1_id")):
        parents = units.level(parent).set_index(key).geometry
        kids = units.level(child)
        outside = shapely.difference(kids.geometry.to_numpy(), parents.loc[kids[key]].to_numpy())
        leak_km2 = gpd.GeoSeries(outside, crs=4326).to_crs(boundaries.EQUAL_AREA_CRS).area.max() / 1e6
        assert leak_km2 < 1e-6, f"adm{child} leaks out of its adm{parent} parent by {leak_km2} km²"
    assert units.level(3)["adm3_id"].str[:6].equals(units.level(3)["adm2_id"])
    assert units.level(2)["adm2_id"].str[:4].equals(units.level(2)["adm1_id"])
    country = units.adm0.geometry.iloc[0]
    assert units.adm1.geometry.union_all().symmetric_difference(country).area < 1e-9


@pytest.mark.parametrize("level", [0, 1, 2, 3])
def test_areas_match_the_reference_files_within_a_tenth_of_a_percent(units, level):
    key = "adm0_id" if level == 0 else f"adm{level}_id"
    ours = units.level(level).set_index(key).to_crs(boundaries.EQUAL_AREA_CRS).area
    theirs = reference(level).set_index(key).to_crs(boundaries.EQUAL_AREA_CRS).area
    assert set(ours.index) == set(theirs.index)
    worst = (ours / theirs.loc[ours.index] - 1).abs().max()
    assert worst < 0.001, f"adm{level}: worst area difference {worst:.4%}"


def test_names_come_from_the_names_table(units):
    adm1 = units.adm1.set_index("adm1_id")
    assert adm1.loc["SY07", "adm1_name"] == "Idleb"
    assert adm1.loc["SY02", "adm1_name_ar"] == "حلب"
    assert adm1.loc["SY02", "adm1_iso"] == "SY-HL"
    adm2 = units.adm2.set_index("adm2_id")
    assert adm2.loc["SY0204", "adm2_name"] == "A'zaz"
    assert adm2.loc["SY1006", "adm2_name"] == "Qadmous"  # no Arabic name: created after 2015
    assert units.adm3.set_index("adm3_id").loc["SY020402", "adm3_name"] == "Tall Refaat"
    for level in (1, 2):
        ref = reference(level).set_index(f"adm{level}_id")[f"adm{level}_name"]
        ours = units.level(level).set_index(f"adm{level}_id")[f"adm{level}_name"]
        assert ours.sort_index().equals(ref.sort_index())


@pytest.mark.parametrize(("place", "lat", "lon", "adm1", "adm2", "adm3"), POINTS, ids=[p[0] for p in POINTS])
def test_point_falls_in_its_units(units, place, lat, lon, adm1, adm2, adm3):
    found = boundaries.admin_of_points(units.adm3, [lat], [lon]).iloc[0]
    assert (found["adm1_id"], found["adm2_id"], found["adm3_id"]) == (adm1, adm2, adm3), place


def test_point_outside_syria_has_no_unit(units):
    found = boundaries.admin_of_points(units.adm3, [55.7558], [37.6173]).iloc[0]  # Moscow
    assert found.isna()["adm3_id"]


def test_a_corrupt_cache_is_reported_with_its_file(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINES_CACHE", str(tmp_path))
    boundaries.load_boundaries()
    (damaged,) = tmp_path.glob("boundaries-*/adm3.parquet")
    damaged.write_bytes(damaged.read_bytes()[:1000])
    with pytest.raises(boundaries.BoundaryDataError, match=r"adm3\.parquet: boundary cache is unreadable"):
        boundaries.load_boundaries()
