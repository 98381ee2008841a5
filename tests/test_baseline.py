"""Validation of the control baseline table, on small tables written to tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.baseline import (
    BASELINE_END,
    BASELINE_ID,
    BASELINE_START,
    COLUMNS,
    BaselineDataError,
    BaselineRow,
    load_baseline,
)
from geo.factions import Faction

HEADER = ",".join(COLUMNS)
ROW_A = "SY990000,Alpha Town,Alpha,Testland,blue,,high,Held by blue since long ago."
ROW_B = 'SY990001,Beta Hills,Alpha,Testland,blue,green,low,"Split by the river, west bank green."'
ROW_C = "SY990100,Gamma,Gamma,Testland,green,,medium,Green took it."
IDS = {"SY990000", "SY990001", "SY990100"}


def faction(fid: str, territorial: bool = True) -> Faction:
    return Faction(fid, fid.title(), (fid,), "#123456", "solid", None, territorial, "test")


FACTIONS = {f.id: f for f in (faction("blue"), faction("green"), faction("envoy", territorial=False))}


def write_table(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "baseline.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_period_and_source_id():
    assert BASELINE_ID == "baseline-2020"
    assert BASELINE_START.isoformat() == "2020-03-06"
    assert BASELINE_END.isoformat() == "2024-11-26"
    assert BASELINE_START < BASELINE_END


def test_a_good_table_loads(tmp_path):
    path = write_table(tmp_path, ROW_A, ROW_B, ROW_C)
    rows = load_baseline(path, factions=FACTIONS, adm3_ids=IDS)
    assert list(rows) == ["SY990000", "SY990001", "SY990100"]
    assert rows["SY990001"] == BaselineRow(
        "SY990001", "Beta Hills", "blue", "green", "low", "Split by the river, west bank green."
    )
    assert rows["SY990000"].controller2 is None
    assert rows["SY990000"].controllers == ("blue",)
    assert rows["SY990001"].controllers == ("blue", "green")


def test_without_boundaries_any_well_formed_p_code_is_accepted(tmp_path):
    rows = load_baseline(write_table(tmp_path, ROW_A), factions=FACTIONS)
    assert set(rows) == {"SY990000"}


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ([ROW_A, ROW_A], "second row for SY990000"),
        ([ROW_B, ROW_A], "SY990000 is out of P-code order"),
        ([ROW_A.replace("SY990000", "SY99000")], "bad P-code 'SY99000'"),
        ([ROW_A.replace("SY990000", "SY990009")], "P-code SY990009 is not in the boundaries"),
        ([ROW_A.replace(",blue,", ",purple,")], "controller 'purple' is not a territorial faction"),
        ([ROW_A.replace(",blue,", ",envoy,")], "controller 'envoy' is not a territorial faction"),
        ([ROW_B.replace(",green,", ",envoy,")], "controller2 'envoy' is not a territorial faction"),
        ([ROW_B.replace(",green,", ",blue,")], "controller2 repeats the controller 'blue'"),
        ([ROW_A.replace(",high,", ",certain,")], "confidence 'certain' is not one of high, medium, low"),
        ([ROW_A.replace("Held by blue since long ago.", "")], "empty basis for SY990000"),
        ([ROW_A.replace("Alpha Town", "")], "empty adm3_name"),
        ([ROW_A + ",extra"], "more fields"),
    ],
)
def test_bad_rows_are_reported_with_file_and_line(tmp_path, rows, problem):
    path = write_table(tmp_path, *rows)
    with pytest.raises(BaselineDataError) as caught:
        load_baseline(path, factions=FACTIONS, adm3_ids=IDS)
    message = str(caught.value)
    assert str(path) in message
    assert f"line {len(rows) + 1}" in message
    assert problem in message


def test_missing_sub_districts_are_named(tmp_path):
    path = write_table(tmp_path, ROW_A, ROW_C)
    with pytest.raises(BaselineDataError) as caught:
        load_baseline(path, factions=FACTIONS, adm3_ids=IDS)
    assert str(path) in str(caught.value)
    assert "no row for 1 sub-district(s) of the boundaries: SY990001" in str(caught.value)


@pytest.mark.parametrize("column", COLUMNS)
def test_missing_column_is_reported_with_file(tmp_path, column):
    header = ",".join(c for c in COLUMNS if c != column)
    path = write_table(tmp_path, header=header)
    with pytest.raises(BaselineDataError, match=rf"baseline\.csv: missing column\(s\) {column}$"):
        load_baseline(path, factions=FACTIONS)


def test_missing_file_and_empty_table_are_reported(tmp_path):
    with pytest.raises(BaselineDataError, match=r"nowhere\.csv"):
        load_baseline(tmp_path / "nowhere.csv", factions=FACTIONS)
    with pytest.raises(BaselineDataError, match="no rows"):
        load_baseline(write_table(tmp_path), factions=FACTIONS)


def test_every_bad_row_is_named_in_one_line(tmp_path):
    rows = [
        ROW_A.replace(",blue,", ",purple,"),
        ROW_B.replace(",low,", ",sure,"),
        ROW_C.replace("SY990100", "SY990109"),
    ]
    with pytest.raises(BaselineDataError) as caught:
        load_baseline(write_table(tmp_path, *rows), factions=FACTIONS, adm3_ids=IDS)
    message = str(caught.value)
    assert "\n" not in message
    assert "3 bad rows: line 2: controller 'purple'" in message
    assert (
        "line 3: confidence 'sure'" in message
        and "line 4: P-code SY990109 is not in the boundaries" in message
    )
