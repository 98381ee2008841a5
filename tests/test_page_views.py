"""Page logic of the Events, Territory and Method pages (geo.page_views) on synthetic records over
the small world of tests/small_world.py; the committed factions table gives names and colours."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo import page_views
from geo.baseline import BASELINE_ID, BaselineRow
from geo.control import IN_FLUX, IN_FLUX_WORDS, Timeline
from geo.dashboard import EventFilter, filter_events
from geo.extract import extract
from geo.page_views import filter_from_params, filter_to_params
from geo.sources import Source
from tests.small_world import adm3_frame, small_gazetteer
from tests.test_control import SIDES, record

D = date.fromisoformat
XSS = "<script>alert(1)</script>"
IDLIB_UNITS = "SY070000|SY070003|SY070200|SY070400"


@pytest.fixture(scope="module")
def records():
    return [
        record(
            "e1",
            "captured",
            "hts",
            "2024-12-01",
            "2024-12-05",
            "SY050100",
            source_id="a",
            admin1="SY05",
            place="Hama",
            place_id="gn:1",
            latitude=35.13,
            longitude=36.75,
            sentence=f"HTS captured Hama {XSS}.",
            sentence_start=10,
        ),
        record(
            "e2", "statement", "russia", "2024-12-03", "2024-12-03", source_id="b", sentence="Moscow said."
        ),
        record(
            "e3",
            "captured",
            "opposition",
            "2024-11-27",
            "2024-11-30",
            source_id="a",
            admin1="SY07",
            place="Idleb",
            place_id="adm1:SY07",
            geo_precision=3,
            area_adm3=IDLIB_UNITS,
            coverage="whole",
            sentence="Rebels took all of Idlib.",
            sentence_start=40,
        ),
        record(
            "e4",
            "clashes",
            "sdf",
            "2016-05-01",
            "2016-05-31",
            "SY020402",
            source_id="b",
            admin1="SY02",
            actor2="sna",
            assoc_actor1="turkey|usa",
            time_precision=3,
        ),
        record(
            "e5",
            "control_claim",
            "sdf",
            "2024-11-01",
            "2024-11-30",
            source_id="b",
            place="Northeastern Syria",
            place_id="region:northeastern-syria",
            geo_precision=3,
            area_adm3="SY080000|SY110100",
            coverage="part",
        ),
    ]


@pytest.fixture(scope="module")
def timeline(records):
    base = {
        "SY050100": BaselineRow("SY050100", "Hama", "regime", None, "high", "Held by the government."),
        "SY070000": BaselineRow("SY070000", "Idleb", "hts", None, "high", "HTS pocket."),
        "SY070003": BaselineRow("SY070003", "Saraqab", "regime", None, "medium", "South of the line."),
        "SY020402": BaselineRow("SY020402", "Tall Refaat", "sdf", "sna", "low", "Split by a front line."),
        "SY110100": BaselineRow("SY110100", "Ar-Raqqa", "sdf", None, "high", "SDF-held."),
    }
    return Timeline(adm3_frame(), base, records, SIDES)


@pytest.fixture(scope="module")
def sources():
    return {
        "a": Source("a", f"Report A {XSS}", "Report A\nbody", D("2024-12-06"), "test"),
        "b": Source("b", "Report B", "Report B\nbody", D("2024-12-04"), "test"),
        "unused": Source("unused", "Unused", "Unused\nbody", D("2024-12-01"), "test"),
    }


@pytest.fixture(scope="module")
def options(records, factions, timeline, sources):
    return page_views.filter_options(records, factions, page_views.governorate_names(timeline), sources)


# --- Events ------------------------------------------------------------------------------------


def test_filter_options_offer_what_occurs_in_display_order(options):
    assert (options.start, options.end) == (D("2016-05-01"), D("2024-12-05"))
    assert options.factions == ("hts", "sna", "opposition", "sdf", "russia", "turkey", "usa")
    assert options.event_types == ("captured", "clashes", "control_claim", "statement")
    # Own governorates and those of areas' sub-districts, in P-code order.
    assert options.governorates == ("SY02", "SY05", "SY07", "SY08", "SY11")
    assert options.sources == ("a", "b")


def test_no_records_no_options(factions, sources):
    assert page_views.filter_options([], factions, {}, sources) is None


def test_params_set_the_filter(options, records):
    wanted, notices = filter_from_params(
        {"type": "captured,statement", "faction": "hts", "from": "2024-12-01", "gov": "SY05"}, options
    )
    assert notices == ()
    assert wanted == EventFilter(
        D("2024-12-01"),
        options.end,
        frozenset({"hts"}),
        frozenset({"captured", "statement"}),
        frozenset({"SY05"}),
        frozenset(),
    )
    assert [r.event_id for r in filter_events(records, wanted)] == ["e1"]


def test_a_governorate_matches_an_area_record_through_its_sub_districts(options, records):
    wanted, _ = filter_from_params({"gov": "SY11"}, options)
    assert [r.event_id for r in filter_events(records, wanted)] == ["e5"]


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"type": "captured,bombing"}, "1 unknown value(s) of “type”"),
        ({"source": XSS}, "unknown value(s) of “source”"),
        ({"from": "yesterday"}, "not a date"),
        ({"to": "2024-02-30"}, "no such day"),
        ({"from": "2024-12-04", "to": "2024-12-01"}, "“from” is after “to”"),
        ({"from": "1990-01-01"}, "limited to the records' span"),
        ({"zoom": "3"}, "unknown URL parameter"),
        ({"type": "x" * 1000}, "too long"),
    ],
)
def test_bad_params_are_dropped_with_a_notice_that_never_echoes_them(options, params, notice):
    wanted, notices = filter_from_params(params, options)
    assert any(notice in n for n in notices), notices
    assert not any("<" in n or "xxxx" in n or "bombing" in n for n in notices)
    assert options.start <= wanted.start <= wanted.end <= options.end


def test_params_round_trip_and_defaults_are_left_out(options):
    assert filter_to_params(EventFilter(options.start, options.end), options) == {}
    wanted = EventFilter(
        D("2024-11-01"),
        D("2024-12-03"),
        frozenset({"sdf", "hts"}),
        frozenset({"statement"}),
        frozenset({"SY07"}),
        frozenset({"b"}),
    )
    params = filter_to_params(wanted, options)
    assert params["faction"] == "hts,sdf"  # in the options' order, whatever the set's
    assert filter_from_params(params, options) == (wanted, ())


def test_event_table_is_plain_text_newest_first(records, factions, timeline, sources):
    ordered = page_views.newest_first(records)
    assert [r.event_id for r in ordered] == ["e1", "e2", "e3", "e5", "e4"]
    table = page_views.event_table(ordered, factions, page_views.governorate_names(timeline), sources)
    assert list(table.columns) == page_views.EVENT_TABLE_COLUMNS
    first = table.iloc[0]
    assert first["sentence"] == f"HTS captured Hama {XSS}."  # text, shown as text: never escaped twice
    assert (first["type"], first["actor1"], first["governorate"]) == (
        "captured",
        "HTS-led opposition",
        "Hama",
    )
    assert first["source"] == f"Report A {XSS}"
    area = table[table["event_id"] == "e3"].iloc[0]
    assert area["place"] == "Idleb (whole, 4 sub-districts)" and area["geo_precision"] == "3"
    clashes = table[table["event_id"] == "e4"].iloc[0]
    assert (
        clashes["with"] == "Turkey, United States (US forces)"
        and clashes["actor2"] == "Syrian National Army (Turkish-backed)"
    )
    assert table[table["event_id"] == "e2"].iloc[0]["geo_precision"] == ""


# --- Territory ---------------------------------------------------------------------------------


def test_area_over_time_lines_up_every_side_on_every_day(timeline, factions):
    days = [D("2020-03-05"), D("2024-11-26"), D("2024-12-06")]
    frame = page_views.area_over_time(timeline, days, factions)
    per_day = frame.groupby("date")["percent"].sum()
    assert all(abs(p - 100) < 0.1 for p in per_day)
    sides = list(dict.fromkeys(frame["controller"]))
    assert sides == ["regime", "hts", "opposition", "sdf", "unknown"]  # factions' order, unknown last
    assert len(frame) == len(days) * len(sides)
    before = frame[frame["date"] == "2020-03-05"].set_index("controller")
    assert before.loc["unknown", "percent"] == pytest.approx(100, abs=0.01)
    assert before.loc["hts", "km2"] == 0
    after = frame[frame["date"] == "2024-12-06"].set_index("controller")
    assert (
        after.loc["hts", "km2"]
        > frame[frame["date"] == "2024-11-26"].set_index("controller").loc["hts", "km2"]
    )


def test_units_not_settled_are_their_own_share_not_their_old_holders(timeline, factions):
    days = [D("2024-11-30"), D("2024-12-03"), D("2024-12-05")]
    frame = page_views.area_over_time(timeline, days, factions)
    sides = list(dict.fromkeys(frame["controller"]))
    assert sides[-2:] == [IN_FLUX, "unknown"]
    share = frame.set_index(["date", "controller"])["km2"]
    hama = float(timeline.changes_between(D("2024-11-30"), D("2024-12-05"))["area_km2"].iloc[0])
    assert share[(pd.Timestamp("2024-11-30"), IN_FLUX)] == 0
    assert share[(pd.Timestamp("2024-12-03"), IN_FLUX)] == pytest.approx(hama, abs=0.2)
    regime = [share[(pd.Timestamp(d), "regime")] for d in days]
    assert regime[1] == pytest.approx(regime[0] - hama, abs=0.2) and regime[2] == pytest.approx(
        regime[1], abs=0.2
    )
    assert set(frame[frame["controller"] == IN_FLUX]["side"]) == {IN_FLUX_WORDS}
    table = page_views.share_table(timeline, D("2024-11-30"), D("2024-12-03"), factions).set_index("side")
    assert table.loc[IN_FLUX_WORDS, "percent_end"] > 0 == table.loc[IN_FLUX_WORDS, "percent_start"]


def test_share_table_compares_two_dates(timeline, factions):
    table = page_views.share_table(timeline, D("2024-11-26"), D("2024-12-06"), factions).set_index("side")
    assert table["percent_end"].sum() == pytest.approx(100, abs=0.1)
    assert table["percent_start"].sum() == pytest.approx(100, abs=0.1)
    hts = table.loc["HTS-led opposition"]
    assert hts["change_points"] == pytest.approx(hts["percent_end"] - hts["percent_start"], abs=0.01)
    assert hts["change_points"] > 0 and table.loc["Syrian government (Assad)", "change_points"] < 0


def test_unit_changes_name_the_change_and_its_first_excerpt(timeline, factions):
    changes = {c.adm3_id: c for c in page_views.unit_changes(timeline, D("2024-11-26"), D("2024-12-06"))}
    assert set(changes) == set(timeline.changes_between(D("2024-11-26"), D("2024-12-06"))["adm3_id"])
    hama = changes["SY050100"]
    assert (hama.from_controller, hama.to_controller, hama.kind) == ("regime", "hts", "changed hands")
    assert hama.first_sentence == f"HTS captured Hama {XSS}." and hama.first_link == "Sources?source=a&at=10"
    assert hama.evidence[0] == "e1"
    saraqab = changes["SY070003"]  # the whole-Idlib claim gave it to the opposition
    assert (saraqab.to_controller, saraqab.kind) == ("opposition", "changed hands")
    assert "SY070000" not in changes  # the umbrella's claim confirms HTS, its member: no change


def test_a_unit_still_changing_is_coloured_by_the_incoming_side(timeline, factions):
    changes = page_views.unit_changes(timeline, D("2024-11-26"), D("2024-12-03"))
    hama = next(c for c in changes if c.adm3_id == "SY050100")
    # Inside the capture's range with no fighting reported on the day: possibly changed.
    assert (hama.kind, hama.to_controller, hama.incoming) == ("possibly changed", "regime", "hts")
    assert hama.still_open and hama.shown_side == "hts"
    styles = page_views.change_styles(changes, factions)
    assert styles["SY050100"]["fillColor"] == factions["hts"].colour and "dashArray" in styles["SY050100"]
    table = page_views.change_table(changes, factions).set_index("adm3_id")
    assert table.loc["SY050100", "to"] == "Syrian government (Assad) (possibly changed to HTS-led opposition)"
    assert table.loc["SY050100", "evidence"].split()[0] == "e1"


def test_the_baseline_explains_a_change_no_record_made(timeline, factions):
    changes = {c.adm3_id: c for c in page_views.unit_changes(timeline, D("2020-03-05"), D("2020-03-06"))}
    raqqa = changes["SY110100"]
    assert (raqqa.kind, raqqa.evidence, raqqa.first_link) == ("first known holder", (BASELINE_ID,), "")
    assert raqqa.first_sentence == "Baseline: SDF-held."
    assert not raqqa.still_open and raqqa.shown_side == "sdf"
    style = page_views.change_styles([raqqa], factions)["SY110100"]
    assert style["fillColor"] == factions["sdf"].colour and "dashArray" not in style


def test_changes_are_largest_first(timeline):
    changes = page_views.unit_changes(timeline, D("2020-03-05"), D("2020-03-06"))
    assert [c.area_km2 for c in changes] == sorted((c.area_km2 for c in changes), reverse=True)


@pytest.mark.parametrize(
    ("before", "after", "status", "kind"),
    [
        ("regime", "hts", "settled", "changed hands"),
        ("unknown", "sdf", "settled", "first known holder"),
        ("regime", "regime", "changing", "changing hands"),
        ("regime", "regime", "possible", "possibly changed"),
        ("regime", "regime", "contested", "contested"),
        ("regime", "regime", "settled", "settled"),
    ],
)
def test_change_kind(before, after, status, kind):
    assert page_views.change_kind(before, after, status) == kind


# --- Method ------------------------------------------------------------------------------------


def test_method_facts_are_counted_from_the_data(timeline, sources, factions):
    facts = page_views.method_facts(timeline, sources, factions)
    assert (facts.units, facts.baseline_rows, facts.records, facts.sources) == (20, 5, 5, 3)
    assert facts.baseline_confidence == {"high": 3, "medium": 1, "low": 1}
    assert facts.baseline_by_controller == {"regime": 2, "sdf": 2, "hts": 1}
    assert facts.split_units == [("Tall Refaat", "Aleppo", "sdf", "sna")]
    assert facts.by_type == {"captured": 2, "clashes": 1, "control_claim": 1, "statement": 1}
    assert facts.by_geo_precision == {"1": 2, "3": 2, "none": 1}
    assert facts.by_time_precision == {1: 4, 3: 1}
    # e1 colours Hama; e3 colours the 4 Idlib units; e5 names part of an area and colours nothing.
    assert (facts.colouring_records, facts.coloured_units) == (2, 5)
    assert (facts.area_whole, facts.area_part) == (1, 1)
    assert facts.umbrella == {"hts": "opposition", "sna": "opposition"}


def test_town_claim_example_prefers_a_town_named_unlike_its_sub_district(timeline, factions, records):
    record, unit = page_views.town_claim_example(timeline, factions)
    assert (record.event_id, unit) == ("e1", "Hama")  # the only claim from a town
    newer_same_name = _town_claim("e9", "Saraqab", "SY070003", "2024-12-07")
    older_unlike = _town_claim("e8", "Dana", "SY070003", "2024-12-01")
    both = Timeline(adm3_frame(), {}, [newer_same_name, older_unlike], SIDES)
    assert page_views.town_claim_example(both, factions) == (older_unlike, "Saraqab")
    alone = Timeline(adm3_frame(), {}, [newer_same_name], SIDES)
    assert page_views.town_claim_example(alone, factions) == (newer_same_name, "Saraqab")
    no_town = Timeline(adm3_frame(), {}, [r for r in records if r.event_id != "e1"], SIDES)
    assert page_views.town_claim_example(no_town, factions) is None


def _town_claim(event_id: str, place: str, unit: str, day: str):
    return record(event_id, "captured", "hts", day, day, unit, place=place, place_id="gn:9")


def test_date_examples_show_every_time_precision():
    examples = page_views.date_examples(D("2024-12-10"))
    by_phrase = {e.phrase: e for e in examples}
    assert by_phrase["yesterday"].start == by_phrase["yesterday"].end == D("2024-12-09")
    assert by_phrase["last week"].precision == 2 and by_phrase["in 2016"].precision == 3
    assert {e.precision for e in examples} == {1, 2, 3}
    assert all(e.start <= e.end <= D("2024-12-10") and e.phrase in e.basis for e in examples)
    assert page_views.date_examples(D("2024-12-10"), ["next week", "tomorrow"]) == []


def test_the_worked_example_shows_each_time_precision_and_a_whole_area(tmp_path):
    records = extract(page_views.example_source(D("2024-12-10")), small_gazetteer(tmp_path))
    assert {r.time_precision for r in records} == {1, 2, 3}
    assert any(r.geo_precision == 3 and r.coverage == "whole" for r in records)
    assert any(r.geo_precision == 1 and r.event_type == "captured" for r in records)
