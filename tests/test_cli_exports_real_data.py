"""`python -m geo control|changes|events` on the real data (provisioned boundaries, data/, the seed
article ingested into a store made here): every sub-district with geometry, readable by GeoPandas,
and one-line errors with exit code 2."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest

from geo import paths
from geo.cli import main
from geo.sources import read_source

SEED = paths.SOURCES / "kremlin-continues-to-support-assad.txt"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "events.sqlite"
    assert main(["ingest", str(SEED), "--store", str(path)]) == 0
    return path


def run(capsys, tmp_path, *args: str, suffix: str) -> gpd.GeoDataFrame:
    capsys.readouterr()
    assert main(list(args)) == 0
    out = tmp_path / f"out.{suffix}"
    out.write_text(capsys.readouterr().out, encoding="utf-8")
    return gpd.read_file(out)


@pytest.mark.parametrize("fmt", ["geojson", "csv"])
def test_control_gives_every_sub_district_with_geometry(store, capsys, tmp_path, fmt):
    frame = run(
        capsys,
        tmp_path,
        "control",
        "--date",
        "2024-12-03",
        "--store",
        str(store),
        "--format",
        fmt,
        suffix=fmt,
    )
    assert len(frame) == 272 and frame.geometry.notna().all() and frame.geometry.is_valid.all()
    assert frame["adm3_id"].str.fullmatch(r"SY\d{6}").all()
    assert frame["controller_name"].str.len().gt(0).all()
    assert set(frame["confidence"].dropna()) <= {"high", "medium", "low"}


def test_control_json_names_the_outlet_of_every_article_backed_colour(store, capsys):
    capsys.readouterr()
    assert main(["control", "--date", "2024-12-03", "--store", str(store)]) == 0
    rows = json.loads(capsys.readouterr().out)
    outlet = read_source(SEED).outlet
    backed = [r for r in rows if r["source_ids"]]
    assert backed and all(r["outlets"] == [outlet] and r["source_count"] == 1 for r in backed)
    assert all("claimed" in r["provenance"] or "baseline" in r["provenance"] for r in backed)


def test_changes_between_two_dates_read_back_with_geometry(store, capsys, tmp_path):
    frame = run(
        capsys,
        tmp_path,
        "changes",
        "--from",
        "2024-11-20",
        "--to",
        "2024-12-03",
        "--store",
        str(store),
        "--format",
        "geojson",
        suffix="geojson",
    )
    assert len(frame) > 0 and frame.geometry.notna().all()
    assert (
        frame["from_controller"] + frame["from_status"] != frame["to_controller"] + frame["to_status"]
    ).all()


def test_events_carry_areas_for_area_records_and_no_invented_points(store, capsys, tmp_path):
    frame = run(capsys, tmp_path, "events", "--store", str(store), "--format", "geojson", suffix="geojson")
    areas = frame[frame["geometry_kind"] == "area"]
    assert len(areas) > 0 and areas.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    placed = frame["geo_precision"].notna()
    assert frame.loc[placed].geometry.notna().all()
    assert frame.loc[~placed].geometry.isna().all()
    assert (frame["outlet"] == read_source(SEED).outlet).all()


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["control", "--date", "2024-13-01"], "--date: '2024-13-01' is not a date"),
        (["control", "--date", "yesterday", "--format", "geojson"], "--date: 'yesterday'"),
        (
            ["changes", "--from", "2024-12-03", "--to", "2024-11-01"],
            "--from 2024-12-03 is after --to 2024-11-01",
        ),
        (["events", "--source", "no-such-source"], "--source: no source 'no-such-source'"),
    ],
)
def test_bad_input_exits_2_with_one_line(store, capsys, args, problem):
    capsys.readouterr()
    assert main([*args, "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert problem in err and err.count("\n") == 1
