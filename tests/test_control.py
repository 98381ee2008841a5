"""Control rules on synthetic records over the small world's sub-districts (tests/small_world.py)."""

from __future__ import annotations

from datetime import date

import pytest

from geo.baseline import BASELINE_ID, BaselineRow
from geo.control import Timeline, claims_of, compatible
from geo.records import COLUMNS, EventRecord
from tests.small_world import adm3_frame

SIDES = {"regime", "hts", "sna", "opposition", "sdf", "us_coalition", "isis"}
D = date.fromisoformat


def record(
    event_id: str, event_type: str, actor1: str, start: str, end: str, admin3: str = "", **kw
) -> EventRecord:
    values = {c: "" for c in COLUMNS}
    values.update(
        event_id=event_id,
        source_id=kw.pop("source_id", "src"),
        event_type=event_type,
        actor1=actor1,
        date_start=start,
        date_end=end,
        admin3=admin3,
        geo_precision=kw.pop("geo_precision", 1 if admin3 else None),
        time_precision=1,
        sentence_start=0,
        sentence_end=1,
        mention_start=None,
        mention_end=None,
        latitude=None,
        longitude=None,
    )
    values.update(kw)
    return EventRecord(**values)


def baseline(**controllers: str) -> dict[str, BaselineRow]:
    return {u: BaselineRow(u, u, c, None, "high", "test row") for u, c in controllers.items()}


def timeline(records, base=None) -> Timeline:
    base = (
        base
        if base is not None
        else baseline(SY050100="regime", SY070000="hts", SY070003="regime", SY020402="sdf")
    )
    return Timeline(adm3_frame(), base, records, SIDES)


def state(tl: Timeline, unit: str, day: str):
    return tl.unit_state(unit, D(day))


def test_before_the_baseline_a_unit_without_evidence_is_unknown():
    tl = timeline([])
    s = state(tl, "SY050100", "2020-03-05")
    assert (s.controller, s.status, s.evidence) == ("unknown", "settled", ())
    s = state(tl, "SY050100", "2020-03-06")
    assert (s.controller, s.since, s.evidence) == ("regime", D("2020-03-06"), (BASELINE_ID,))


def test_a_capture_is_changing_during_its_range_and_settled_after():
    tl = timeline([record("e1", "captured", "hts", "2024-12-01", "2024-12-05", "SY050100")])
    assert state(tl, "SY050100", "2024-11-30").status == "settled"
    s = state(tl, "SY050100", "2024-12-03")
    assert (s.controller, s.status, s.to_controller, s.since) == (
        "regime",
        "changing",
        "hts",
        D("2024-12-01"),
    )
    assert s.evidence == ("e1", BASELINE_ID)
    s = state(tl, "SY050100", "2024-12-06")
    assert (s.controller, s.status, s.since, s.evidence) == (
        "hts",
        "settled",
        D("2024-12-06"),
        ("e1", BASELINE_ID),
    )


def test_a_year_precision_record_is_changing_for_the_whole_year_before_the_baseline():
    tl = timeline([record("e1", "captured", "regime", "2016-01-01", "2016-12-31", "SY050100")])
    for day in ("2016-01-01", "2016-07-01", "2016-12-31"):
        s = state(tl, "SY050100", day)
        assert (s.controller, s.status, s.to_controller) == ("unknown", "changing", "regime")
    assert state(tl, "SY050100", "2017-01-01").controller == "regime"
    # From 2020-03-06 the baseline speaks; the 2016 record is history by then.
    assert state(tl, "SY050100", "2021-01-01").evidence == (BASELINE_ID,)


def test_a_whole_area_claim_colours_every_unit_and_a_partial_one_none():
    units = "SY070000|SY070003"
    whole = record(
        "e1",
        "captured",
        "opposition",
        "2024-11-26",
        "2024-12-02",
        geo_precision=3,
        area_adm3=units,
        coverage="whole",
    )
    part = record(
        "e2",
        "control_claim",
        "sdf",
        "2024-11-02",
        "2024-12-02",
        geo_precision=3,
        area_adm3="SY050100",
        coverage="part",
    )
    tl = timeline([whole, part])
    assert state(tl, "SY070003", "2024-12-03").controller == "opposition"
    # Idleb was already HTS-held: a claim by the opposition umbrella confirms it, HTS stays.
    s = state(tl, "SY070000", "2024-12-03")
    assert (s.controller, s.evidence) == ("hts", ("e1", BASELINE_ID))
    assert state(tl, "SY050100", "2024-12-03").controller == "regime"
    assert tl.records_for_unit("SY050100", D("2024-12-03")) == [part]


def test_sources_that_disagree_make_a_unit_contested_and_both_are_kept():
    a = record("e1", "captured", "sna", "2024-11-28", "2024-12-02", "SY020402", source_id="a")
    b = record("e2", "control_claim", "sdf", "2024-12-01", "2024-12-01", "SY020402", source_id="b")
    tl = timeline([a, b])
    s = state(tl, "SY020402", "2024-12-01")
    assert s.status == "contested" and set(s.evidence) >= {"e1", "e2"}
    s = state(tl, "SY020402", "2024-12-03")
    assert (s.status, s.controller, s.to_controller) == ("contested", "sna", "sdf")


def test_a_generic_and_a_specific_opposition_claim_agree():
    a = record("e1", "captured", "sna", "2024-11-26", "2024-12-02", "SY020402")
    b = record("e2", "control_claim", "opposition", "2024-12-02", "2024-12-02", "SY020402")
    s = state(timeline([a, b]), "SY020402", "2024-12-03")
    assert (s.controller, s.status) == ("sna", "settled")
    assert compatible("hts", "opposition") and not compatible("hts", "sna")


def test_only_captures_and_control_claims_by_territorial_sides_colour():
    kept = record("e1", "captured", "russia", "2024-12-01", "2024-12-01", "SY050100", assoc_actor1="regime")
    assert [c.controller for c in claims_of(kept, {"SY050100"}, SIDES)] == ["regime"]
    for r in (
        record("e2", "offensive", "hts", "2024-12-01", "2024-12-01", "SY050100"),
        record("e3", "airstrike", "russia", "2024-12-01", "2024-12-01", "SY050100"),
        record("e4", "captured", "", "2024-12-01", "2024-12-01", "SY050100", actor2="regime"),
        record("e5", "captured", "hts", "2024-12-01", "2024-12-01", ""),
    ):
        assert claims_of(r, {"SY050100"}, SIDES) == []


def test_the_latest_settled_claim_wins():
    first = record("e1", "captured", "hts", "2024-12-01", "2024-12-01", "SY050100")
    then = record("e2", "captured", "regime", "2024-12-05", "2024-12-05", "SY050100")
    tl = timeline([first, then])
    assert state(tl, "SY050100", "2024-12-03").controller == "hts"
    assert state(tl, "SY050100", "2024-12-06").controller == "regime"


def test_control_at_changes_between_area_and_dates():
    tl = timeline([record("e1", "captured", "hts", "2024-12-01", "2024-12-05", "SY050100")])
    frame = tl.control_at(D("2024-12-06"))
    assert len(frame) == len(adm3_frame()) and frame.crs.to_epsg() == 4326
    row = frame.set_index("adm3_id").loc["SY050100"]
    assert (row.controller, row.status, row.since, row.evidence) == (
        "hts",
        "settled",
        "2024-12-06",
        ["e1", BASELINE_ID],
    )
    changes = tl.changes_between(D("2024-11-30"), D("2024-12-06"))
    assert changes[["adm3_id", "from_controller", "to_controller"]].values.tolist() == [
        ["SY050100", "regime", "hts"]
    ]
    areas = tl.area_by_faction(D("2024-12-06")).set_index("controller")
    assert areas["percent"].sum() == pytest.approx(100, abs=0.05)
    assert areas.loc["hts", "km2"] > 0
    assert tl.timeline_dates() == [D("2020-03-06"), D("2024-12-01"), D("2024-12-05")]
