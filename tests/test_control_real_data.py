"""Control from the real data: boundaries, baseline, factions and the seed article's records.

Needs the real data (provisioned boundaries, data/, and the seed article ingested into a store
made here).
"""

from __future__ import annotations

from datetime import date

import pytest

from geo import paths
from geo.baseline import BASELINE_ID
from geo.cli import main
from geo.control import load_timeline


@pytest.fixture(scope="module")
def timeline(tmp_path_factory):
    store = tmp_path_factory.mktemp("store") / "events.sqlite"
    assert (
        main(["ingest", str(paths.SOURCES / "kremlin-continues-to-support-assad.txt"), "--store", str(store)])
        == 0
    )
    return load_timeline(store)


def controllers(timeline, day: str):
    return timeline.control_at(date.fromisoformat(day)).set_index("adm3_id")


def test_on_the_eve_of_the_offensive(timeline):
    c = controllers(timeline, "2024-11-26")["controller"]
    assert (c["SY020000"], c["SY020402"], c["SY020300"], c["SY070000"], c["SY070003"]) == (
        "regime",
        "sdf",
        "sna",
        "hts",
        "regime",
    )


def test_after_the_first_week(timeline):
    frame = controllers(timeline, "2024-12-03")
    assert frame.loc["SY020000", "controller"] in {"hts", "opposition"}
    assert frame.loc["SY020402", "controller"] == "sna"
    assert not (frame[frame["adm1_id"] == "SY07"]["controller"] == "regime").any()
    assert frame.loc["SY020500", "controller"] == "sdf"


def test_every_unit_carries_its_evidence_chain(timeline):
    frame = controllers(timeline, "2024-12-03")
    assert all(len(ids) >= 1 for ids in frame["evidence"])
    aleppo = frame.loc["SY020000", "evidence"]
    assert aleppo[-1] == BASELINE_ID and timeline.records_by_id[aleppo[0]].event_type == "captured"
    assert frame.loc["SY010000", "evidence"] == [BASELINE_ID]


def test_before_the_baseline_only_units_with_evidence_are_known(timeline):
    frame = controllers(timeline, "2019-06-01")
    known = frame[frame["controller"] != "unknown"]
    assert list(known.index) == ["SY020000"]  # Aleppo, recaptured by the regime in 2016
    assert known.loc["SY020000", "controller"] == "regime"


def test_territory_adds_up_to_syria(timeline):
    areas = timeline.area_by_faction(date(2024, 12, 3))
    assert areas["km2"].sum() == pytest.approx(188_109, rel=0.001)
    assert areas["percent"].sum() == pytest.approx(100, abs=0.05)


def test_the_cli_prints_one_row_per_sub_district(timeline, tmp_path, capsys):
    store = tmp_path / "s.sqlite"
    assert (
        main(["ingest", str(paths.SOURCES / "kremlin-continues-to-support-assad.txt"), "--store", str(store)])
        == 0
    )
    capsys.readouterr()
    assert main(["control", "--date", "2024-12-03", "--store", str(store), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("adm3_id,adm3_name,adm2_id,adm2_name,adm1_id,adm1_name,controller")
    assert len(lines) == 273
    assert main(["control", "--date", "2024-13-01"]) == 2
