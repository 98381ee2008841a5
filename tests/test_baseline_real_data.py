"""The committed control baseline against the provisioned boundaries and the factions table.

Needs the real data: data/baseline/control-2020-03-06.csv, data/factions.csv and the boundaries.
"""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from geo.baseline import BASELINE_CSV, CONFIDENCE_LEVELS, load_baseline
from geo.boundaries import load_boundaries
from geo.factions import load_factions

REQUIRED = {
    "SY020000": "regime",  # Jebel Saman: Aleppo city
    "SY020402": "sdf",  # Tall Refaat
    "SY020300": "sna",  # Afrin
    "SY070000": "hts",  # Idleb city
    "SY070003": "regime",  # Saraqab
    "SY020500": "sdf",  # Menbij
}


@pytest.fixture(scope="module")
def adm3():
    return load_boundaries().adm3


@pytest.fixture(scope="module")
def baseline(adm3):
    return load_baseline(adm3_ids=set(adm3["adm3_id"]))


def test_one_row_per_sub_district_in_p_code_order_real_data(baseline, adm3):
    assert len(baseline) == 272
    assert list(baseline) == sorted(adm3["adm3_id"])


def test_names_match_the_boundaries_real_data(adm3):
    with BASELINE_CSV.open(encoding="utf-8", newline="") as fh:
        table = {row["adm3_id"]: row for row in csv.DictReader(fh)}
    for unit in adm3.itertuples():
        row = table[unit.adm3_id]
        assert (row["adm3_name"], row["adm2_name"], row["adm1_name"]) == (
            unit.adm3_name,
            unit.adm2_name,
            unit.adm1_name,
        ), unit.adm3_id


def test_required_controllers_real_data(baseline):
    assert {pcode: baseline[pcode].controller for pcode in REQUIRED} == REQUIRED
    assert baseline["SY020000"].controller2 == "sdf"  # Sheikh Maqsoud


def test_every_controller_is_territorial_real_data(baseline):
    factions = load_factions()
    for row in baseline.values():
        for controller in row.controllers:
            assert factions[controller].territorial, (row.adm3_id, controller)


def test_split_rows_name_both_sides_real_data(baseline):
    split = [row for row in baseline.values() if row.controller2 is not None]
    assert split
    for row in split:
        assert row.controller2 != row.controller
        assert row.confidence != "high" or row.adm3_id in {"SY020000", "SY080000", "SY080200"}, row.adm3_id
    # Units the front lines are known to cut (Euphrates in Deir ez-Zor, Peace Spring strip, al-Tanf).
    for pcode in ("SY090100", "SY090105", "SY110201", "SY110202", "SY080400", "SY030202"):
        assert baseline[pcode].controller2 is not None, pcode


def test_confidence_is_honest_and_counts_are_shown_real_data(baseline, capsys):
    by_confidence = Counter(row.confidence for row in baseline.values())
    by_controller = Counter(row.controller for row in baseline.values())
    with capsys.disabled():
        print(f"\nbaseline by controller: {dict(by_controller.most_common())}")
        print(f"baseline by confidence: {dict(by_confidence)}")
        print(f"baseline split rows: {sum(row.controller2 is not None for row in baseline.values())}")
    assert set(by_confidence) <= set(CONFIDENCE_LEVELS)
    assert by_confidence["low"] > 0
    assert by_confidence["medium"] > 0
    # As-Sweida (government in name only) must not be claimed with high confidence.
    assert all(row.confidence == "low" for pcode, row in baseline.items() if pcode.startswith("SY13"))
