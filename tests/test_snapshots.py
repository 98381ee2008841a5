"""Dated control layers (geo/snapshots.py) on small tables written to tmp_path, each rule from both sides."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geo.baseline import BASELINE_ID, BASELINE_START, BaselineDataError, BaselineRow
from geo.factions import Faction
from geo.snapshots import LAYER_COLUMNS, ROW_COLUMNS, ControlLayers, SnapshotDataError, load_layers
from geo.tables import SHOWN

IDS = {"SY990000", "SY990001", "SY990100"}


def faction(fid: str, *, territorial=True, valid_from=None, valid_to=None, successor=None) -> Faction:
    return Faction(
        fid,
        fid.title(),
        (fid,),
        "#123456",
        "solid",
        None,
        territorial,
        "test",
        valid_from,
        valid_to,
        successor,
    )


FACTIONS = {
    f.id: f
    for f in (
        faction("old", valid_to=date(2024, 12, 7)),  # like `regime`: ends, no successor
        faction("new", valid_from=date(2024, 12, 8)),  # like `government`
        faction("rebel", valid_to=date(2025, 1, 28), successor="new"),  # like `hts`
        faction("north"),  # like `sdf`
        faction("envoy", territorial=False),
    )
}
HEADER = ",".join(ROW_COLUMNS)


def unit(pcode: str, day: str, controller: str, controller2: str = "", confidence: str = "high") -> str:
    return f"{pcode},Town {pcode[-1]},District,Testland,{day},{controller},{controller2},{confidence},Said so.,Paper A | Paper B"


FALL = [unit("SY990000", "2024-12-08", "new"), unit("SY990001", "2024-12-08", "north", confidence="low")]
LATER = [unit("SY990001", "2025-03-02", "new", "north", "medium")]


def write_layers(
    tmp_path: Path, layers: list[tuple[str, str, str, str, list[str]]], *, header=HEADER
) -> Path:
    """layers: (id, kind, start, end, rows); returns the manifest."""
    manifest = tmp_path / "layers.csv"
    lines = [",".join(LAYER_COLUMNS)]
    for lid, kind, start, end, rows in layers:
        (tmp_path / f"{lid}.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
        lines.append(f"{lid},{kind},{start},{end},Label {lid},{lid}.csv,Paper A,Why this layer.")
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def good(tmp_path: Path, fall=FALL, later=LATER) -> Path:
    return write_layers(
        tmp_path,
        [
            ("fall", "transition", "2024-12-08", "2024-12-08", fall),
            ("later", "snapshot", "2025-03-01", "2025-03-05", later),
        ],
    )


def load(manifest: Path):
    return load_layers(manifest, factions=FACTIONS, adm3_ids=IDS)


def test_good_layers_load_in_order_with_their_rows(tmp_path):
    layers = load(good(tmp_path))
    assert [(la.id, la.kind, la.label, la.date) for la in layers] == [
        ("fall", "transition", "Label fall", date(2024, 12, 8)),
        ("later", "snapshot", "Label later", date(2025, 3, 5)),
    ]
    row = layers[1].rows[0]
    assert (row.adm3_id, row.date, row.controllers, row.confidence) == (
        "SY990001",
        date(2025, 3, 2),
        ("new", "north"),
        "medium",
    )
    assert row.sources == ("Paper A", "Paper B")
    assert layers[0].confidence_counts() == {"high": 1, "medium": 0, "low": 1}


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        (unit("SY990009", "2025-03-02", "new"), "P-code SY990009 is not in the boundaries"),
        (unit("SY99000", "2025-03-02", "new"), "bad P-code 'SY99000'"),
        (unit("SY990001", "2025-03-02", "purple"), "controller 'purple' is not a territorial faction"),
        (unit("SY990001", "2025-03-02", "envoy"), "controller 'envoy' is not a territorial faction"),
        (unit("SY990001", "2025-03-02", "new", "new"), "controller2 repeats the controller 'new'"),
        (unit("SY990001", "2025-03-06", "new"), "date 2025-03-06 for SY990001 is outside its layer 'later'"),
        (unit("SY990001", "2025-02-28", "new"), "date 2025-02-28 for SY990001 is outside its layer 'later'"),
        (unit("SY990001", "2025-13-01", "new"), "date '2025-13-01' is not a date"),
        (unit("SY990001", "", "new"), "empty date for SY990001"),
        (
            unit("SY990001", "2025-03-02", "old"),
            "side 'old' is used on 2025-03-02, after its valid_to 2024-12-07",
        ),
        (
            unit("SY990001", "2025-03-02", "rebel"),
            "side 'rebel' is used on 2025-03-02, after its valid_to 2025-01-28",
        ),
        (unit("SY990001", "2025-03-02", "new", "rebel"), "side 'rebel' is used on 2025-03-02"),
        (
            unit("SY990001", "2025-03-02", "new", confidence="sure"),
            "confidence 'sure' is not one of high, medium, low",
        ),
        (unit("SY990001", "2025-03-02", "new").replace("Said so.", ""), "empty basis for SY990001"),
        (unit("SY990001", "2025-03-02", "new").replace("Paper A | Paper B", ""), "empty source for SY990001"),
        (unit("SY990001", "2025-03-02", "new") + ",extra", "more fields than the header has columns"),
    ],
)
def test_a_bad_row_is_named_with_file_and_line(tmp_path, bad, problem):
    manifest = good(tmp_path, later=[bad])
    with pytest.raises(SnapshotDataError) as caught:
        load(manifest)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'later.csv'}, line 2: "), message
    assert problem in message
    assert "\n" not in message


def test_the_same_rules_pass_on_the_other_side_of_each_limit(tmp_path):
    later = [
        unit("SY990000", "2025-03-01", "new"),  # first day of the layer
        unit("SY990001", "2025-03-05", "north"),  # last day of the layer
    ]
    fall = [
        unit("SY990000", "2024-12-08", "rebel", "new"),
        unit("SY990001", "2024-12-08", "new"),
    ]  # rebel before valid_to
    assert [len(la.rows) for la in load(good(tmp_path, fall=fall, later=later))] == [2, 2]


def test_a_side_before_its_valid_from_is_refused(tmp_path):
    manifest = write_layers(
        tmp_path, [("early", "snapshot", "2024-12-01", "2024-12-08", [unit("SY990000", "2024-12-07", "new")])]
    )
    with pytest.raises(
        SnapshotDataError, match="side 'new' is used on 2024-12-07, before its valid_from 2024-12-08"
    ):
        load(manifest)


def test_a_row_may_not_outlive_its_side_within_the_layer(tmp_path):
    # Dated before the valid_to, but the layer says it still holds on its end date, after it.
    rows = [unit("SY990000", "2025-01-20", "rebel")]
    manifest = write_layers(tmp_path, [("late", "snapshot", "2025-01-20", "2025-02-02", rows)])
    with pytest.raises(
        SnapshotDataError,
        match=r"'rebel' is used through 2025-02-02 \(the layer's date\), after its valid_to",
    ):
        load(manifest)


def test_a_duplicate_unit_in_one_layer_is_refused_but_allowed_across_layers(tmp_path):
    twice = [unit("SY990001", "2025-03-02", "new"), unit("SY990001", "2025-03-03", "north")]
    with pytest.raises(SnapshotDataError, match="line 3: second row for SY990001 in this layer"):
        load(good(tmp_path, later=twice))
    # FALL and LATER both list SY990001: a later layer restates a unit, that is its purpose.
    assert len(load(good(tmp_path))) == 2


def test_every_bad_row_of_a_file_is_in_one_line_with_the_rest_counted(tmp_path):
    bad = [unit(f"SY99000{i}", "2025-03-02", "purple") for i in range(SHOWN + 2)]
    with pytest.raises(SnapshotDataError) as caught:
        load(good(tmp_path, later=bad))
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'later.csv'}: {SHOWN + 2} bad rows: line 2: ")
    assert f"line {SHOWN + 1}:" in message and f"line {SHOWN + 2}:" not in message
    assert message.endswith("; and 2 more")
    assert "\n" not in message


@pytest.mark.parametrize("column", ROW_COLUMNS)
def test_a_missing_column_is_named(tmp_path, column):
    header = ",".join(c for c in ROW_COLUMNS if c != column)
    manifest = write_layers(tmp_path, [("fall", "transition", "2024-12-08", "2024-12-08", [])], header=header)
    with pytest.raises(SnapshotDataError, match=rf"fall\.csv: missing column\(s\) {column}$"):
        load(manifest)


@pytest.mark.parametrize(
    ("layers", "problem"),
    [
        (
            [("fall", "event", "2024-12-08", "2024-12-08", FALL)],
            "kind 'event' is not one of transition, snapshot",
        ),
        ([("fall", "transition", "2024-12-08", "2024-12-09", FALL)], "a transition happens on one day"),
        (
            [("fall", "snapshot", "2024-12-09", "2024-12-08", FALL)],
            "end 2024-12-08 is before start 2024-12-09",
        ),
        ([("fall", "snapshot", "2019-01-01", "2024-12-08", FALL)], "is not after the baseline"),
        ([("fall", "snapshot", "2024-12-08", "12/12/2024", FALL)], "end '12/12/2024' is not a date"),
        (
            [
                ("later", "snapshot", "2025-03-01", "2025-03-05", LATER),
                ("fall", "transition", "2024-12-08", "2024-12-08", FALL),
            ],
            "end 2024-12-08 is not after the previous layer's end 2025-03-05",
        ),
        ([("Fall!", "transition", "2024-12-08", "2024-12-08", FALL)], "bad id 'Fall!'"),
    ],
)
def test_a_bad_list_of_layers_is_named(tmp_path, layers, problem):
    manifest = write_layers(tmp_path, layers)
    with pytest.raises(SnapshotDataError) as caught:
        load(manifest)
    assert str(caught.value).startswith(str(manifest))
    assert problem in str(caught.value)


def test_a_missing_layer_file_and_a_missing_manifest_are_named(tmp_path):
    manifest = good(tmp_path)
    (tmp_path / "later.csv").unlink()
    with pytest.raises(SnapshotDataError, match=r"line 3: file 'later\.csv' does not exist"):
        load(manifest)
    with pytest.raises(SnapshotDataError, match=r"nowhere\.csv: cannot read"):
        load(tmp_path / "nowhere.csv")


def test_a_layer_error_is_a_baseline_error_so_start_up_refuses_it_the_same_way():
    assert issubclass(SnapshotDataError, BaselineDataError)


# --- what the Timeline asks ---------------------------------------------------------------------
BASELINE = {
    "SY990000": BaselineRow("SY990000", "Town 0", "old", None, "high", "Old held it."),
    "SY990001": BaselineRow("SY990001", "Town 1", "old", "north", "medium", "Split."),
    "SY990100": BaselineRow("SY990100", "Town 100", "rebel", None, "high", "Rebel base."),
}


@pytest.fixture
def control(tmp_path) -> ControlLayers:
    return ControlLayers(BASELINE, load(good(tmp_path)), FACTIONS)


def test_before_the_baseline_nothing_and_from_it_the_baseline(control):
    assert control.base_on("SY990000", date(2020, 3, 5)) is None
    row = control.base_on("SY990000", BASELINE_START)
    assert (row.controller, row.layer_id, row.source, row.since) == (
        "old",
        BASELINE_ID,
        BASELINE_ID,
        BASELINE_START,
    )


def test_a_layer_row_restarts_the_unit_on_its_date_and_not_before(control):
    assert control.base_on("SY990000", date(2024, 12, 7)).controller == "old"
    row = control.base_on("SY990000", date(2024, 12, 8))
    assert (row.controller, row.controller2, row.layer_id, row.label, row.since) == (
        "new",
        None,
        "fall",
        "Label fall",
        date(2024, 12, 8),
    )
    assert control.restart_day("SY990000", date(2024, 12, 7)) == BASELINE_START
    assert control.restart_day("SY990000", date(2025, 6, 1)) == date(2024, 12, 8)


def test_the_latest_row_wins_and_its_date_is_the_rows_not_the_layers(control):
    assert control.base_on("SY990001", date(2025, 3, 1)).controller == "north"
    row = control.base_on(
        "SY990001", date(2025, 3, 2)
    )  # the layer ends on 5 March; the row holds from 2 March
    assert (row.controllers, row.confidence, row.source) == (("new", "north"), "medium", "Paper A | Paper B")


def test_a_side_past_its_valid_to_is_drawn_as_its_successor(control):
    before = control.base_on("SY990100", date(2025, 1, 28))
    after = control.base_on("SY990100", date(2025, 1, 29))
    assert (before.controller, before.since) == ("rebel", BASELINE_START)
    assert (after.controller, after.since, after.layer_id) == ("new", date(2025, 1, 29), BASELINE_ID)
    # Renaming is not a restart: records between the baseline and the renaming still count.
    assert control.restart_day("SY990100", date(2025, 6, 1)) == BASELINE_START


def test_a_second_holder_renamed_into_the_first_is_dropped(tmp_path):
    baseline = {"SY990000": BaselineRow("SY990000", "Town 0", "new", "rebel", "low", "Split.")}
    control = ControlLayers(baseline, [], FACTIONS)
    assert control.base_on("SY990000", date(2025, 1, 1)).controllers == ("new", "rebel")
    assert control.base_on("SY990000", date(2025, 2, 1)).controllers == ("new",)


def test_change_days_list_every_row_date_and_renaming(control):
    assert control.change_days() == [BASELINE_START, date(2024, 12, 8), date(2025, 1, 29), date(2025, 3, 2)]
    assert control.latest_day() == date(2025, 3, 2)
