"""Control rules on synthetic records over the small world's sub-districts (tests/small_world.py)."""

from __future__ import annotations

from datetime import date

import pytest

from geo.baseline import BASELINE_ID, BaselineRow
from geo.control import IN_FLUX, Timeline, claims_of, compatible
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
        time_precision=kw.pop("time_precision", 1),
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


def test_a_range_is_possibly_changed_inside_and_settled_on_its_last_day():
    tl = timeline([record("e1", "captured", "hts", "2024-12-01", "2024-12-05", "SY050100", time_precision=2)])
    assert state(tl, "SY050100", "2024-11-30").status == "settled"
    for day in ("2024-12-01", "2024-12-03", "2024-12-04"):
        s = state(tl, "SY050100", day)
        assert (s.controller, s.status, s.to_controller, s.since, s.in_progress) == (
            "regime",
            "possible",
            "hts",
            D("2024-12-01"),
            True,
        )
        assert s.window == (D("2024-12-01"), D("2024-12-05"))
    assert state(tl, "SY050100", "2024-12-03").evidence == ("e1", BASELINE_ID)
    # The report says it happened by the range's last day: settled on that day, not after it.
    s = state(tl, "SY050100", "2024-12-05")
    assert (s.controller, s.status, s.since, s.evidence, s.in_progress) == (
        "hts",
        "settled",
        D("2024-12-05"),
        ("e1", BASELINE_ID),
        False,
    )
    assert s.window == (D("2024-12-01"), D("2024-12-05"))


def test_a_one_day_claim_settles_on_its_day_with_no_window():
    tl = timeline([record("e1", "captured", "hts", "2024-12-03", "2024-12-03", "SY050100")])
    assert state(tl, "SY050100", "2024-12-02").controller == "regime"
    s = state(tl, "SY050100", "2024-12-03")
    assert (s.controller, s.status, s.since, s.window) == ("hts", "settled", D("2024-12-03"), None)


def fighting(event_id: str, day: str, unit: str = "SY050100", **kw) -> EventRecord:
    return record(event_id, kw.pop("event_type", "clashes"), "hts", day, kw.pop("end", day), unit, **kw)


@pytest.mark.parametrize(
    ("fight", "status"),
    [
        (fighting("f1", "2024-12-03"), "changing"),  # clashes in the unit, dated to that day
        (fighting("f1", "2024-12-03", event_type="offensive"), "changing"),
        (fighting("f1", "2024-12-02", end="2024-12-04"), "changing"),  # a day-dated span covers it
        (fighting("f1", "2024-12-01", end="2024-12-05", time_precision=2), "possible"),  # a week
        (fighting("f1", "2024-12-03", unit="SY040100"), "possible"),  # fighting elsewhere
        (fighting("f1", "2024-12-02"), "possible"),  # fighting on another day
        (fighting("f1", "2024-12-03", event_type="airstrike"), "possible"),  # not ground fighting
        (
            fighting("f1", "2024-12-03", unit="", geo_precision=3, area_adm3="SY050100", coverage="part"),
            "possible",
        ),
        (
            fighting("f1", "2024-12-03", unit="", geo_precision=3, area_adm3="SY050100", coverage="whole"),
            "changing",
        ),
    ],
)
def test_changing_hands_needs_fighting_reported_in_the_unit_on_the_day(fight, status):
    claim = record("e1", "captured", "hts", "2024-12-01", "2024-12-05", "SY050100", time_precision=2)
    s = state(timeline([claim, fight]), "SY050100", "2024-12-03")
    assert (s.controller, s.status, s.to_controller) == ("regime", status, "hts")


def test_a_year_precision_record_is_possibly_changed_for_the_year_before_the_baseline():
    tl = timeline(
        [record("e1", "captured", "regime", "2016-01-01", "2016-12-31", "SY050100", time_precision=3)]
    )
    for day in ("2016-01-01", "2016-07-01", "2016-12-30"):
        s = state(tl, "SY050100", day)
        assert (s.controller, s.status, s.to_controller) == ("unknown", "possible", "regime")
    assert (state(tl, "SY050100", "2016-12-31").controller, state(tl, "SY050100", "2016-12-31").status) == (
        "regime",
        "settled",
    )
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
    assert state(tl, "SY070003", "2024-12-01").status == "possible"
    assert state(tl, "SY070003", "2024-12-02").controller == "opposition"
    # Idleb was already HTS-held: a claim by the opposition umbrella confirms it, HTS stays.
    for day in ("2024-11-28", "2024-12-02"):
        s = state(tl, "SY070000", day)
        assert (s.controller, s.status, s.evidence) == ("hts", "settled", ("e1", BASELINE_ID))
    assert state(tl, "SY050100", "2024-12-02").controller == "regime"
    assert tl.records_for_unit("SY050100", D("2024-12-02")) == [part]


# --- conflicting claims: each rule, on both sides -------------------------------------------


def test_later_evidence_wins_and_the_loser_is_kept_as_overruled():
    a = record("e1", "captured", "sna", "2024-11-28", "2024-12-02", "SY020402", time_precision=2)
    b = record("e2", "control_claim", "sdf", "2024-12-01", "2024-12-01", "SY020402")
    tl = timeline([a, b])
    # On 1 Dec the SDF claim has settled (it confirms the baseline); the SNA's is still open.
    s = state(tl, "SY020402", "2024-12-01")
    assert (s.controller, s.status, s.to_controller) == ("sdf", "possible", "sna")
    s = state(tl, "SY020402", "2024-12-02")
    assert (s.controller, s.status, s.overruled) == ("sna", "settled", ("e2",))
    assert "e2" not in s.evidence
    (note,) = tl.other_claims(s)
    assert (note.claim.event_id, note.relation, note.reason) == ("e2", "overruled", "older evidence")
    # The other side: the SDF's claim, overlapping the capture's range, is the later one.
    later = record("e2", "control_claim", "sdf", "2024-12-02", "2024-12-03", "SY020402", time_precision=2)
    s = state(timeline([a, later]), "SY020402", "2024-12-03")
    assert (s.controller, s.status, s.overruled) == ("sdf", "settled", ("e1",))
    # A later claim that does not overlap says the unit changed hands again: nothing is overruled.
    after = record("e2", "control_claim", "sdf", "2024-12-03", "2024-12-03", "SY020402")
    s = state(timeline([a, after]), "SY020402", "2024-12-03")
    assert (s.controller, s.status, s.overruled) == ("sdf", "settled", ())


def test_at_the_same_end_a_capture_beats_a_control_claim():
    capture = record("e1", "captured", "hts", "2024-12-01", "2024-12-05", "SY050100", time_precision=2)
    caption = record("e2", "control_claim", "regime", "2024-12-05", "2024-12-05", "SY050100")
    tl = timeline([capture, caption])
    s = state(tl, "SY050100", "2024-12-05")
    assert (s.controller, s.status, s.overruled) == ("hts", "settled", ("e2",))
    (note,) = tl.other_claims(s)
    assert (note.relation, note.reason) == ("overruled", "a weaker type of claim")
    # The other side: two claims of the same type and end date cannot be ranked: contested.
    rival = record("e2", "captured", "regime", "2024-12-05", "2024-12-05", "SY050100")
    s = state(timeline([capture, rival]), "SY050100", "2024-12-05")
    assert s.status == "contested" and {s.controller, s.to_controller} == {"hts", "regime"}
    assert set(s.evidence) >= {"e1", "e2"} and s.overruled == ()


def test_claims_that_agree_show_the_more_specific_side_and_list_the_other():
    a = record("e1", "captured", "sna", "2024-11-26", "2024-12-02", "SY020402", time_precision=2)
    b = record("e2", "control_claim", "opposition", "2024-12-02", "2024-12-02", "SY020402")
    tl = timeline([a, b])
    s = state(tl, "SY020402", "2024-12-02")
    assert (s.controller, s.status, s.evidence[:2], s.overruled) == ("sna", "settled", ("e1", "e2"), ())
    # The capture's range says when it was taken; the caption on the day says nothing of that.
    assert s.window == (D("2024-11-26"), D("2024-12-02"))
    (note,) = tl.other_claims(s)
    assert (note.claim.event_id, note.relation, note.reason) == ("e2", "agrees", "a less specific side")
    umbrella = {"hts": "opposition", "sna": "opposition"}
    assert compatible("hts", "opposition", umbrella) and not compatible("hts", "sna", umbrella)
    # A later generic claim keeps the specific side that took the unit.
    c = record("e3", "control_claim", "opposition", "2024-12-09", "2024-12-09", "SY020402")
    assert state(timeline([a, c]), "SY020402", "2024-12-10").controller == "sna"


def test_an_older_rival_that_does_not_overlap_is_history_not_overruled():
    first = record("e1", "captured", "hts", "2024-12-01", "2024-12-01", "SY050100")
    then = record("e2", "captured", "regime", "2024-12-05", "2024-12-05", "SY050100")
    tl = timeline([first, then])
    assert state(tl, "SY050100", "2024-12-03").controller == "hts"
    s = state(tl, "SY050100", "2024-12-06")
    assert (s.controller, s.overruled, s.evidence) == ("regime", (), ("e2",))
    assert tl.other_claims(s) == []


def test_open_claims_naming_rival_sides_contest_the_unit():
    a = record("e1", "captured", "hts", "2024-12-01", "2024-12-07", "SY050100", time_precision=2)
    b = record("e2", "captured", "sdf", "2024-12-02", "2024-12-08", "SY050100", time_precision=2)
    s = state(timeline([a, b]), "SY050100", "2024-12-03")
    assert (s.controller, s.status, s.in_progress) == ("regime", "contested", True)
    assert s.to_controller in {"hts", "sdf"}


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


def test_control_at_changes_between_area_and_dates():
    tl = timeline([record("e1", "captured", "hts", "2024-12-01", "2024-12-05", "SY050100", time_precision=2)])
    frame = tl.control_at(D("2024-12-05"))
    assert len(frame) == len(adm3_frame()) and frame.crs.to_epsg() == 4326
    row = frame.set_index("adm3_id").loc["SY050100"]
    assert (row.controller, row.status, row.since, row.evidence, row.overruled) == (
        "hts",
        "settled",
        "2024-12-05",
        ["e1", BASELINE_ID],
        [],
    )
    changes = tl.changes_between(D("2024-11-30"), D("2024-12-05"))
    assert changes[["adm3_id", "from_controller", "to_controller"]].values.tolist() == [
        ["SY050100", "regime", "hts"]
    ]
    areas = tl.area_by_faction(D("2024-12-05")).set_index("controller")
    assert areas["percent"].sum() == pytest.approx(100, abs=0.05)
    assert areas.loc["hts", "km2"] > 0 and IN_FLUX not in areas.index
    assert tl.timeline_dates() == [D("2020-03-06"), D("2024-12-01"), D("2024-12-05")]


def test_a_unit_not_settled_counts_to_neither_side():
    tl = timeline([record("e1", "captured", "hts", "2024-12-01", "2024-12-05", "SY050100", time_precision=2)])
    before = tl.area_by_faction(D("2024-11-30")).set_index("controller")["km2"]
    during = tl.area_by_faction(D("2024-12-03")).set_index("controller")["km2"]
    after = tl.area_by_faction(D("2024-12-05")).set_index("controller")["km2"]
    hama = before["regime"] - during["regime"]
    assert IN_FLUX not in before.index and IN_FLUX not in after.index
    assert during[IN_FLUX] == pytest.approx(hama, abs=0.2) and hama > 0
    assert during["hts"] == before["hts"]  # not counted for the incoming side either
    assert after["hts"] == pytest.approx(before["hts"] + hama, abs=0.2)


def test_change_days_and_periods_follow_the_map():
    claim = record("e1", "captured", "hts", "2024-12-01", "2024-12-05", "SY050100", time_precision=2)
    # The umbrella over a unit its member holds changes nothing on the map.
    confirm = record("e2", "control_claim", "opposition", "2024-12-10", "2024-12-12", "SY070000")
    tl = timeline([claim, confirm])
    assert tl.change_days() == [D("2020-03-06"), D("2024-12-01"), D("2024-12-05")]
    assert tl.change_periods() == [(D("2020-03-06"), D("2020-03-06")), (D("2024-12-01"), D("2024-12-05"))]
    # Day-dated fighting inside the range changes the map on its day and the day after.
    fight = fighting("f1", "2024-12-03")
    tl = timeline([claim, fight])
    assert tl.change_days() == [
        D(d) for d in ("2020-03-06", "2024-12-01", "2024-12-03", "2024-12-04", "2024-12-05")
    ]
    assert timeline([], base={}).change_days() == []
