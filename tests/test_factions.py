"""The factions table and its colour-blind check.

Tests named `..._real_data` read the committed data/factions.csv; the rest use small tables
written to tmp_path or built in the test.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest

from geo.factions import (
    COLUMNS,
    CVD_TYPES,
    DISTINCT_THRESHOLD,
    UNKNOWN_ID,
    Faction,
    FactionDataError,
    cvd_distance,
    distinguishable,
    indistinct_pairs,
    load_factions,
    territorial_factions,
    worst_cvd_distance,
)

TERRITORIAL = {"regime", "hts", "sna", "opposition", "sdf", "us_coalition", "isis", "israel", UNKNOWN_ID}
NON_TERRITORIAL = {"russia", "iran", "hezbollah", "turkey", "usa", "western"}
HEADER = ",".join(COLUMNS)
GOOD_ROW = "alpha,Alpha Front,Alpha|Alpha fighters,#112233,solid,,true,test row"


def faction(fid: str, colour: str, pattern: str = "solid", outline: str | None = None) -> Faction:
    return Faction(fid, fid.title(), (fid,), colour, pattern, outline, True, "test")


def write_table(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "factions.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


# --- the real table ---------------------------------------------------------------------------


def test_table_loads_with_the_expected_rows_real_data():
    factions = load_factions()
    assert set(factions) == TERRITORIAL | NON_TERRITORIAL
    assert set(territorial_factions(factions)) == TERRITORIAL
    assert {f.colour for f in factions.values() if not f.territorial} == {"#8c8c8c"}
    assert factions[UNKNOWN_ID].aliases == ()


def test_aliases_cover_the_words_of_the_field_conventions_real_data():
    factions = load_factions()
    expected = {
        "regime": {"regime", "Syrian army", "government forces", "Assad's forces", "Damascus"},
        "hts": {"Hayat Tahrir al-Sham", "HTS", "HTS-led forces", "Salvation Government"},
        "sna": {"SNA", "Turkish-backed rebels", "Syrian Interim Government"},
        "opposition": {"rebels", "opposition fighters", "anti-regime forces", "insurgents"},
        "sdf": {"SDF", "Syrian Democratic Forces", "YPG", "PKK/YPG", "Kurdish-led forces", "Rojava"},
        "us_coalition": {"al-Tanf garrison", "Revolutionary Commando Army"},
        "isis": {"ISIS", "ISIL", "IS", "Daesh"},
        "western": {"France", "Germany", "Britain", "European Union"},
    }
    for fid, words in expected.items():
        assert words <= set(factions[fid].aliases), fid


def test_every_pair_of_territorial_fills_is_distinguishable_real_data():
    territorial = territorial_factions(load_factions())
    failing = [
        (a.id, b.id, worst_cvd_distance(a.colour, b.colour))
        for a, b in itertools.combinations(territorial.values(), 2)
        if not distinguishable(a, b)
    ]
    assert failing == []


def test_pairs_that_fail_on_colour_differ_in_pattern_or_outline_real_data():
    territorial = territorial_factions(load_factions())
    failing = indistinct_pairs(territorial)
    for a_id, b_id, _, _ in failing:
        a, b = territorial[a_id], territorial[b_id]
        assert (a.pattern, a.outline) != (b.pattern, b.outline), (a_id, b_id)
    # Colour does most of the work: at most a few pairs lean on patterns.
    assert len({(a, b) for a, b, _, _ in failing}) <= 3


def test_the_check_catches_sdf_and_opposition_as_plain_yellowish_solids_real_data():
    factions = load_factions()
    sdf = factions["sdf"]
    opposition = dataclasses.replace(factions["opposition"], colour="#e8e84a", pattern="solid", outline=None)
    assert not distinguishable(sdf, opposition)
    assert ("opposition", "sdf") in {
        tuple(sorted((a, b))) for a, b, _, _ in indistinct_pairs([sdf, opposition])
    }


# --- colour distance ---------------------------------------------------------------------------


@pytest.mark.parametrize("cvd_type", [None, *CVD_TYPES])
def test_identical_colours_are_at_distance_zero(cvd_type):
    assert cvd_distance("#3a7f2c", "#3a7f2c", cvd_type) == pytest.approx(0, abs=1e-9)


def test_red_and_green_collapse_under_deuteranopia():
    normal = cvd_distance("#d62728", "#2ca02c", None)
    deutan = cvd_distance("#d62728", "#2ca02c", "deuteranomaly")
    assert normal > 50
    assert deutan < normal / 4


def test_blue_and_yellow_stay_apart_under_deuteranopia_but_not_as_far_under_tritanopia():
    deutan = cvd_distance("#1f4fd6", "#f0e040", "deuteranomaly")
    tritan = cvd_distance("#1f4fd6", "#f0e040", "tritanomaly")
    assert deutan > 50
    assert tritan < deutan


def test_distance_is_symmetric_and_worst_case_is_the_minimum():
    a, b = "#a52129", "#29ad4a"
    for cvd_type in CVD_TYPES:
        assert cvd_distance(a, b, cvd_type) == pytest.approx(cvd_distance(b, a, cvd_type))
    worst_type, worst = worst_cvd_distance(a, b)
    assert worst == min(cvd_distance(a, b, t) for t in CVD_TYPES)
    assert worst == pytest.approx(cvd_distance(a, b, worst_type))


def test_distance_rejects_unknown_simulation_and_bad_colour():
    with pytest.raises(ValueError, match="cvd_type"):
        cvd_distance("#000000", "#ffffff", "deuteranopia-ish")
    with pytest.raises(ValueError, match="colour"):
        cvd_distance("red", "#ffffff", None)


# --- pairs and distinguishability --------------------------------------------------------------


def test_indistinct_pairs_lists_each_failing_simulation():
    red, green, blue = faction("red", "#d62728"), faction("green", "#2ca02c"), faction("blue", "#1f4fd6")
    failures = indistinct_pairs({"red": red, "green": green, "blue": blue})
    pairs = {(a, b) for a, b, _, _ in failures}
    assert ("red", "green") in pairs
    assert all(d < DISTINCT_THRESHOLD for _, _, _, d in failures)
    assert {t for a, b, t, _ in failures if (a, b) == ("red", "green")} >= {"deuteranomaly"}
    assert indistinct_pairs([faction("black", "#000000"), faction("white", "#ffffff")]) == []


def test_pattern_or_contrasting_outline_rescues_a_colour_failure():
    red, green = faction("red", "#d62728"), faction("green", "#2ca02c")
    assert not distinguishable(red, green)
    assert distinguishable(red, dataclasses.replace(green, pattern="hatch"))
    assert distinguishable(red, dataclasses.replace(green, outline="#000000"))
    # Two outlines only count when they differ enough themselves.
    assert not distinguishable(
        dataclasses.replace(red, outline="#000000"), dataclasses.replace(green, outline="#050505")
    )
    assert distinguishable(
        dataclasses.replace(red, outline="#000000"), dataclasses.replace(green, outline="#ffffff")
    )


# --- bad tables --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ([GOOD_ROW, GOOD_ROW.replace("Alpha|Alpha fighters", "A2")], "duplicate id 'alpha'"),
        ([GOOD_ROW.replace("#112233", "#11223")], "bad colour '#11223'"),
        ([GOOD_ROW.replace("#112233", "navy")], "bad colour 'navy'"),
        ([GOOD_ROW.replace(",solid,", ",stripes,")], "unknown pattern 'stripes'"),
        ([GOOD_ROW.replace(",solid,,", ",solid,black,")], "bad outline 'black'"),
        ([GOOD_ROW.replace(",true,", ",yes,")], "territorial must be true or false"),
        ([GOOD_ROW.replace("test row", "")], "empty basis"),
        ([GOOD_ROW.replace("Alpha|Alpha fighters", "Alpha||A")], "empty alias"),
        ([GOOD_ROW.replace("alpha,", "Alpha One,", 1)], "bad id 'Alpha One'"),
        ([GOOD_ROW + ",extra"], "more fields"),
        (
            [GOOD_ROW, "beta,Beta,Beta|alpha,#445566,solid,,false,test row"],
            "alias 'alpha' is already used by 'alpha'",
        ),
    ],
)
def test_bad_rows_are_reported_with_file_and_line(tmp_path, rows, problem):
    path = write_table(tmp_path, *rows)
    with pytest.raises(FactionDataError) as caught:
        load_factions(path)
    message = str(caught.value)
    assert str(path) in message
    assert f"line {len(rows) + 1}" in message
    assert problem in message


def test_missing_column_is_reported_with_file(tmp_path):
    path = write_table(tmp_path, "alpha,Alpha,Alpha,#112233,,true,x", header=HEADER.replace(",pattern", ""))
    with pytest.raises(FactionDataError, match=r"factions\.csv: missing column\(s\) pattern"):
        load_factions(path)


def test_missing_file_and_empty_table_are_reported(tmp_path):
    with pytest.raises(FactionDataError, match=r"nowhere\.csv"):
        load_factions(tmp_path / "nowhere.csv")
    with pytest.raises(FactionDataError, match="no factions"):
        load_factions(write_table(tmp_path))


def test_a_small_good_table_loads(tmp_path):
    path = write_table(tmp_path, GOOD_ROW, "beta,Beta,,#FFEEDD,hatch,#000000,false,why")
    factions = load_factions(path)
    assert factions["alpha"] == Faction(
        "alpha", "Alpha Front", ("Alpha", "Alpha fighters"), "#112233", "solid", None, True, "test row"
    )
    assert factions["beta"].aliases == ()
    assert factions["beta"].colour == "#ffeedd"
    assert factions["beta"].outline == "#000000"
    assert factions["beta"].territorial is False
