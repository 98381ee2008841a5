"""The Timeline over dated layers (geo/snapshots.py): small synthetic layers on the small world,
synthetic records on top. The restart rule, sides and their successors, renaming, the stops and
quick jumps the layers add, and what the panel, the map and the colour provenance say of them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from geo import dashboard
from geo.baseline import BASELINE_ID, BaselineRow
from geo.control import Timeline
from geo.evidence import background_html
from geo.factions import Faction
from geo.provenance import colour_provenance
from geo.snapshots import ControlLayers, Layer, LayerRow
from tests.small_world import adm3_frame
from tests.test_control import record

D = date.fromisoformat
FALL_DAY = D("2024-12-08")


def faction(fid: str, valid_from=None, valid_to=None, successor=None, umbrella=None) -> Faction:
    return Faction(
        fid,
        fid.upper(),
        (),
        "#123456",
        "solid",
        None,
        True,
        "test",
        valid_from,
        valid_to,
        successor,
        umbrella,
    )


FACTIONS = {
    f.id: f
    for f in (
        faction("regime"),
        faction("government", valid_from=FALL_DAY),
        faction("hts", valid_to=D("2025-01-28"), successor="government", umbrella="opposition"),
        faction("sna", valid_to=D("2025-05-16"), successor="government", umbrella="opposition"),
        faction("opposition"),
        faction("sdf"),
    )
}
SIDES = set(FACTIONS)
HAMA, IDLEB, MENBIJ, HASAKEH, SARAQAB = "SY050100", "SY070000", "SY020500", "SY080000", "SY070003"


def row(unit: str, day: str, controller: str, confidence: str = "high", controller2=None) -> LayerRow:
    return LayerRow(
        unit, unit, D(day), controller, controller2, confidence, f"{unit} basis", "Paper A | Paper B"
    )


def layer(lid: str, kind: str, start: str, end: str, label: str, *rows: LayerRow) -> Layer:
    return Layer(lid, kind, label, D(start), D(end), "Paper A", "why", Path(f"{lid}.csv"), tuple(rows))


LAYERS = [
    layer(
        "fall",
        "transition",
        "2024-12-08",
        "2024-12-08",
        "Fall of Assad",
        row(HAMA, "2024-12-08", "government"),
        row(SARAQAB, "2024-12-08", "government", "medium"),
        row(HASAKEH, "2024-12-08", "sdf", "low"),
    ),
    layer("north", "snapshot", "2024-12-08", "2024-12-12", "North", row(MENBIJ, "2024-12-09", "sna")),
]


def base() -> dict[str, BaselineRow]:
    return {
        u: BaselineRow(u, u, c, None, "high", "baseline row")
        for u, c in {HAMA: "regime", IDLEB: "hts", MENBIJ: "sdf", HASAKEH: "sdf", SARAQAB: "regime"}.items()
    }


def timeline(records=(), layers=LAYERS) -> Timeline:
    b = base()
    return Timeline(adm3_frame(), b, list(records), SIDES, ControlLayers(b, layers, FACTIONS))


def state(tl: Timeline, unit: str, day: str):
    return tl.unit_state(unit, D(day))


def test_a_layer_row_restarts_the_unit_and_older_claims_are_history():
    tl = timeline([record("e1", "captured", "hts", "2024-12-05", "2024-12-05", HAMA)])
    assert (state(tl, HAMA, "2024-12-06").controller, state(tl, HAMA, "2024-12-06").evidence) == (
        "hts",
        ("e1", BASELINE_ID),
    )
    s = state(tl, HAMA, "2024-12-08")
    assert (s.controller, s.since, s.evidence, s.confidence) == ("government", FALL_DAY, ("fall",), "high")


def test_a_claim_ending_on_the_rows_day_or_later_still_counts():
    tl = timeline([record("e1", "captured", "sdf", "2024-12-10", "2024-12-10", HAMA)])
    assert state(tl, HAMA, "2024-12-09").controller == "government"
    s = state(tl, HAMA, "2024-12-10")
    assert (s.controller, s.evidence) == ("sdf", ("e1", "fall"))  # the claim, then the row it changed
    tl = timeline([record("e2", "captured", "sdf", "2024-12-08", "2024-12-08", SARAQAB)])
    assert state(tl, SARAQAB, "2024-12-09").controller == "sdf"


def test_a_unit_no_layer_lists_keeps_its_baseline_and_its_claims():
    tl = timeline([record("e1", "captured", "opposition", "2024-12-01", "2024-12-01", IDLEB)])
    s = state(tl, IDLEB, "2024-12-12")
    assert (s.controller, s.evidence) == ("hts", ("e1", BASELINE_ID))


def test_hts_and_the_government_agree_from_the_governments_first_day():
    # "HTS took Hama" on 10 Dec 2024: the background says government; the claim confirms it.
    tl = timeline([record("e1", "captured", "hts", "2024-12-10", "2024-12-10", HAMA)])
    s = state(tl, HAMA, "2024-12-11")
    assert (s.controller, s.status, s.evidence, s.since) == (
        "government",
        "settled",
        ("e1", "fall"),
        FALL_DAY,
    )
    # The other side: a government claim over HTS-held Idlib confirms HTS.
    tl = timeline([record("e2", "control_claim", "government", "2024-12-10", "2024-12-10", IDLEB)])
    s = state(tl, IDLEB, "2024-12-11")
    assert (s.controller, s.status, s.evidence) == ("hts", "settled", ("e2", BASELINE_ID))
    # An open claim by the successor over the old side's ground is no change under way.
    tl = timeline(
        [record("e3", "captured", "government", "2024-12-10", "2024-12-14", IDLEB, time_precision=2)]
    )
    assert (state(tl, IDLEB, "2024-12-11").status, state(tl, IDLEB, "2024-12-11").in_progress) == (
        "settled",
        False,
    )


def test_a_side_and_its_successor_do_not_agree_before_the_successor_exists():
    tl = timeline()
    assert tl.agree("hts", "government", FALL_DAY) and tl.agree("government", "sna", D("2025-02-01"))
    assert not tl.agree("hts", "government", D("2024-12-07"))
    assert not tl.agree("sdf", "government", D("2025-02-01"))  # not a successor


def test_a_rival_still_changes_a_layer_row():
    tl = timeline([record("e1", "captured", "sdf", "2024-12-10", "2024-12-10", MENBIJ)])
    assert state(tl, MENBIJ, "2024-12-09").controller == "sna"
    assert state(tl, MENBIJ, "2024-12-10").controller == "sdf"


def test_old_sides_are_drawn_as_their_successor_after_valid_to():
    tl = timeline([record("e1", "captured", "opposition", "2024-12-01", "2024-12-01", IDLEB)])
    assert state(tl, IDLEB, "2025-01-28").controller == "hts"
    s = state(tl, IDLEB, "2025-01-29")
    # "opposition took Idlib" in 2024 agreed with HTS; HTS ground is the government's now.
    assert (s.controller, s.since, s.evidence) == ("government", D("2025-01-29"), ("e1", BASELINE_ID))
    assert state(tl, MENBIJ, "2025-05-16").controller == "sna"
    assert state(tl, MENBIJ, "2025-05-17").controller == "government"
    tl = timeline([record("e2", "captured", "hts", "2024-12-20", "2024-12-20", MENBIJ)])
    assert state(tl, MENBIJ, "2025-02-01").controller == "government"  # an HTS claim, renamed


def test_the_layers_change_days_are_map_changes_and_stops():
    tl = timeline(
        [record("e1", "captured", "hts", "2024-11-30", "2024-11-30", HAMA, latitude=35.1, longitude=36.7)]
    )
    assert {FALL_DAY, D("2024-12-09"), D("2025-01-29"), D("2025-05-17")} <= set(tl.change_days())
    stops = dashboard.slider_stops(tl)
    assert {D("2024-11-30"), FALL_DAY, D("2024-12-09"), D("2025-01-29")} <= set(stops)
    assert stops[-1] == D("2025-05-17")  # the background's last change, after every record
    jumps = dashboard.quick_jumps(tl, stops, dashboard.layer_moments(tl))
    assert jumps[-2:] == [("Fall of Assad", FALL_DAY), ("Latest", D("2025-05-17"))]
    # Without layers, the timeline ends with the records.
    plain = Timeline(adm3_frame(), base(), tl.records, SIDES)
    assert dashboard.slider_stops(plain)[-1] == D("2024-11-30")
    assert dashboard.layer_moments(plain) == []


def test_a_layers_day_says_the_background_changed_the_map_not_an_article():
    tl = timeline()
    text = dashboard.what_happened(tl.records, tl, FALL_DAY)
    assert "No event is reported" in text
    assert "background “Fall of Assad” sets 3 sub-districts (not from an article)" in text
    assert "background “North”" in dashboard.what_happened(tl.records, tl, D("2024-12-09"))
    assert "background" not in dashboard.what_happened(tl.records, tl, D("2024-12-10"))


def test_the_panel_the_popup_and_the_provenance_name_the_layer_in_force():
    tl = timeline()
    s = state(tl, HASAKEH, "2024-12-12")
    assert tl.background_id(s) == "fall"
    p = colour_provenance(s, tl, {})
    assert (p.confidence, p.background, p.baseline_decided, p.source_count) == ("low", True, True, 0)
    assert p.words.startswith("low confidence · Fall of Assad (background knowledge")
    html = background_html(tl.background_row(HASAKEH, "fall", D("2024-12-12")), FACTIONS)
    assert "Fall of Assad" in html and "8 December 2024" in html and "Paper B" in html and "low" in html
    assert "baseline row" not in html
    earlier = background_html(tl.background_row(HASAKEH, BASELINE_ID, D("2024-12-01")), FACTIONS)
    assert "Baseline" in earlier and "Fall of Assad" not in earlier
    ctx = dashboard.MapContext(tl, {}, FACTIONS, [])
    lines = dashboard.background_popups(tl, FACTIONS)[HASAKEH]
    after, before = dashboard.map_state(ctx, D("2024-12-12")), dashboard.map_state(ctx, D("2024-12-01"))
    assert lines[after["u"][HASAKEH][5]].startswith("Fall of Assad (8 December 2024): SDF, low confidence")
    assert lines[before["u"][HASAKEH][5]].startswith("2020 baseline")


def test_a_timeline_without_layers_behaves_as_the_baseline_alone():
    tl = Timeline(adm3_frame(), base(), [], SIDES)
    s = state(tl, HAMA, "2025-06-01")
    assert (s.controller, s.evidence) == ("regime", (BASELINE_ID,))


def test_the_png_credits_the_layers_that_colour_its_day():
    from geo.map_image import attribution

    tl = timeline()
    before = attribution(tl, tl.states_at(D("2024-12-01")))
    after = attribution(tl, tl.states_at(D("2024-12-12")))
    assert "(2020 baseline)" in before and "Fall of Assad" not in before
    assert "(2020 baseline, Fall of Assad, North)" in after
