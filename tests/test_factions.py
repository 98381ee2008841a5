"""The factions table and its colour-blind check.

Tests named `..._real_data` read the committed data/factions.csv; the rest use small tables
written to tmp_path or built in the test.
"""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date
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
    umbrellas,
    worst_cvd_distance,
)

TERRITORIAL = {
    "regime",
    "government",
    "hts",
    "sna",
    "opposition",
    "sdf",
    "us_coalition",
    "isis",
    "israel",
    "druze",
    UNKNOWN_ID,
}
NON_TERRITORIAL = {"russia", "iran", "hezbollah", "turkey", "usa", "western", "tribes"}
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
        # Words the two Syrian states share ("Syrian army", "government forces", "Damascus") are
        # dated rows of data/actor_words.csv (tests/test_actors.py), not undated aliases.
        "regime": {"regime", "Assad regime", "Assad's forces", "pro-Assad fighters", "former regime"},
        "government": {"transitional government", "new Syrian administration", "Public Security"},
        "druze": {"Druze factions", "Hikmat al-Hijri", "Men of Dignity", "Suwayda Military Council"},
        "tribes": {"Bedouin tribes", "tribal fighters", "Arab tribal militias"},
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


def test_shared_state_words_are_not_undated_aliases_real_data():
    factions = load_factions()
    for word in ("Syrian army", "government forces", "Damascus", "Syrian Arab Army", "Syrian authorities"):
        assert all(word not in f.aliases for f in factions.values()), word


def test_hts_and_sna_names_pass_to_the_government_on_their_dates_real_data():
    factions = load_factions()
    hts, sna, gov, regime = (factions[k] for k in ("hts", "sna", "government", "regime"))
    assert (hts.side_on(date(2024, 12, 7)), hts.side_on(date(2025, 1, 28))) == ("hts", "hts")
    assert hts.side_on(date(2025, 1, 29)) == "government"
    assert (sna.side_on(date(2025, 5, 16)), sna.side_on(date(2025, 5, 17))) == ("sna", "government")
    assert (gov.side_on(date(2024, 12, 7)), gov.side_on(date(2024, 12, 8))) == (None, "government")
    # Assad's own names ("regime", "pro-Assad fighters") still mean his side, or its remnants.
    assert regime.side_on(date(2025, 3, 8)) == "regime"
    assert hts.side_on(None) == "government" and gov.side_on(None) == "government"


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


DATED_HEADER = HEADER.replace(",basis", ",valid_from,valid_to,successor,basis")
DATED_ROW = "alpha,Alpha Front,Alpha,#112233,solid,,true,{},{},{},test row"
BETA_ROW = "beta,Beta,Beta,#445566,solid,,false,,,,test row"


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        (("", "2025-13-01", "beta"), "valid_to '2025-13-01' is not a date"),
        (("8 Dec 2024", "", ""), "valid_from '8 Dec 2024' is not a date"),
        (("2025-01-02", "2025-01-01", ""), "valid_to 2025-01-01 is before valid_from 2025-01-02"),
        (("", "", "beta"), "successor 'beta' needs a valid_to date"),
    ],
)
def test_bad_dates_are_reported_with_file_and_line(tmp_path, cells, problem):
    path = write_table(tmp_path, DATED_ROW.format(*cells), BETA_ROW, header=DATED_HEADER)
    with pytest.raises(FactionDataError) as caught:
        load_factions(path)
    assert f"{path}, line 2: {problem}" in str(caught.value)


def test_unknown_successor_is_reported(tmp_path):
    path = write_table(tmp_path, DATED_ROW.format("", "2025-01-01", "gamma"), BETA_ROW, header=DATED_HEADER)
    with pytest.raises(FactionDataError, match="'alpha' has unknown successor 'gamma'"):
        load_factions(path)


def test_dated_faction_reads_its_side_by_day(tmp_path):
    path = write_table(
        tmp_path, DATED_ROW.format("2020-01-01", "2024-12-07", "beta"), BETA_ROW, header=DATED_HEADER
    )
    alpha = load_factions(path)["alpha"]
    assert (alpha.valid_from, alpha.valid_to, alpha.successor) == (
        date(2020, 1, 1),
        date(2024, 12, 7),
        "beta",
    )
    assert [
        alpha.side_on(date(*d)) for d in ((2019, 12, 31), (2020, 1, 1), (2024, 12, 7), (2024, 12, 8))
    ] == [
        None,
        "alpha",
        "alpha",
        "beta",
    ]


UMBRELLA_HEADER = HEADER.replace(",basis", ",umbrella,basis")
UMBRELLA_ROWS = (
    "rebels,Rebels,rebels,#112233,solid,,true,,test row",
    "front,Front,Front,#445566,solid,,true,{},test row",
    "envoy,Envoy,Envoy,#8c8c8c,solid,,false,,test row",
)


def umbrella_table(tmp_path: Path, side: str, **rows: str) -> Path:
    first, front, envoy = UMBRELLA_ROWS
    return write_table(
        tmp_path,
        rows.get("first", first),
        front.format(side),
        rows.get("envoy", envoy),
        header=UMBRELLA_HEADER,
    )


def test_umbrella_sides_come_from_the_table(tmp_path):
    factions = load_factions(umbrella_table(tmp_path, "rebels"))
    assert factions["front"].umbrella == "rebels" and factions["rebels"].umbrella is None
    assert umbrellas(factions) == {"front": "rebels"}
    assert umbrellas(load_factions(write_table(tmp_path, GOOD_ROW))) == {}  # the column is optional


@pytest.mark.parametrize(
    ("side", "rows", "problem"),
    [
        ("gamma", {}, "line 3: 'front' has unknown umbrella side 'gamma' (not another id of the table)"),
        ("front", {}, "line 3: 'front' has unknown umbrella side 'front'"),
        ("envoy", {}, "line 3: umbrella 'envoy' of 'front': both must be territorial sides"),
        (
            "rebels",
            {"first": "rebels,Rebels,rebels,#112233,solid,,true,envoy,test row"},
            "line 2: umbrella 'envoy' of 'rebels': both must be territorial sides",
        ),
    ],
)
def test_bad_umbrella_is_one_line_naming_file_and_row(tmp_path, side, rows, problem):
    path = umbrella_table(tmp_path, side, **rows)
    with pytest.raises(FactionDataError) as caught:
        load_factions(path)
    assert f"{path}, {problem}" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_umbrella_has_no_umbrella_of_its_own(tmp_path):
    chained = "rebels,Rebels,rebels,#112233,solid,,true,front,test row"
    path = umbrella_table(tmp_path, "rebels", first=chained)
    with pytest.raises(
        FactionDataError, match=r"factions\.csv, line \d: umbrella '\w+' has an umbrella of its own"
    ):
        load_factions(path)


def test_the_real_table_puts_hts_and_sna_under_the_opposition_real_data():
    assert umbrellas(load_factions()) == {"hts": "opposition", "sna": "opposition"}


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
