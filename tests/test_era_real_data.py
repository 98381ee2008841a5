"""Control through 2026 from the real data: the baseline, the fall-of-Assad transition and the
snapshots (data/snapshots/), with the seed article's records on top. Reference rows are from the
layers' public reports (see each row's basis); the seed article stops on 2 Dec 2024."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from geo import dashboard, paths
from geo.baseline import BASELINE_ID
from geo.cli import main
from geo.control import load_timeline


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "events.sqlite"
    seed = paths.SOURCES / "kremlin-continues-to-support-assad.txt"
    assert main(["ingest", str(seed), "--store", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def timeline(store):
    return load_timeline(store)


def cli_rows(store, day: str, capsys) -> dict[str, dict[str, str]]:
    capsys.readouterr()
    assert main(["control", "--date", day, "--store", str(store), "--format", "csv"]) == 0
    return {r["adm3_id"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}


def test_the_issues_examples_through_the_cli(store, capsys):
    damascus = cli_rows(store, "2024-12-12", capsys)["SY010000"]
    assert (damascus["controller"], damascus["evidence"]) == ("government", "fall-of-assad")
    assert "Fall of Assad (background knowledge" in damascus["provenance"] and damascus["confidence"]
    hasakeh = cli_rows(store, "2025-06-01", capsys)["SY080000"]
    assert hasakeh["controller"] == "sdf"


@pytest.mark.parametrize(
    ("unit", "day", "controller", "layer"),
    [
        ("SY010000", "2024-12-07", "regime", BASELINE_ID),  # Damascus, the day before the fall
        ("SY010000", "2024-12-08", "government", "fall-of-assad"),
        ("SY020500", "2024-12-08", "sdf", BASELINE_ID),  # Manbij before the SNA took it
        ("SY020500", "2024-12-10", "sna", "after-the-fall"),
        ("SY020500", "2025-05-17", "government", "after-the-fall"),  # the SNA integrated
        ("SY110300", "2026-01-17", "sdf", BASELINE_ID),  # Tabqa, the day before the army took it
        ("SY110300", "2026-01-19", "government", "euphrates-2026"),
        ("SY080000", "2026-03-01", "sdf", "integration-2026"),  # Hasakah: SDF, government beside it
    ],
)
def test_reference_rows_through_the_timeline(timeline, unit, day, controller, layer):
    s = timeline.unit_state(unit, date.fromisoformat(day))
    assert (s.controller, s.status, timeline.background_id(s)) == (controller, "settled", layer)


def test_idlib_is_hts_until_its_dissolution_then_the_governments(timeline):
    # The seed article's "all of Idlib province" claim (opposition) agrees with HTS and stays.
    before = timeline.unit_state("SY070000", date(2025, 1, 28))
    after = timeline.unit_state("SY070000", date(2025, 1, 29))
    assert before.controller == "hts" and before.evidence[-1] == BASELINE_ID
    assert any(e in timeline.records_by_id for e in before.evidence)
    assert (after.controller, after.since) == ("government", date(2025, 1, 29))


def test_a_seed_claim_before_the_fall_still_shows_and_the_fall_restarts_the_unit(timeline):
    aleppo = "SY020000"
    s = timeline.unit_state(aleppo, date(2024, 12, 3))
    assert s.controller == "hts" and timeline.records_by_id[s.evidence[0]].event_type == "captured"
    s = timeline.unit_state(aleppo, date(2024, 12, 12))
    assert s.evidence == ("fall-of-assad",) and s.controller == "government"


def test_the_fall_of_assad_leaves_no_unit_to_assads_side(timeline):
    states = timeline.states_at(date(2024, 12, 8))
    assert not [u for u, s in states.items() if "regime" in (s.controller, s.controller2)]
    assert sum(s.controller == "government" for s in states.values()) > 100


def test_the_timeline_reaches_the_latest_layer_and_jumps_to_the_fall(timeline):
    stops = dashboard.slider_stops(timeline)
    latest = max(layer.end for layer in timeline.layers.layers)
    assert stops[-1] >= latest and date(2024, 12, 8) in stops
    jumps = dict(dashboard.quick_jumps(timeline, stops, dashboard.layer_moments(timeline)))
    assert jumps["Fall of Assad"] == date(2024, 12, 8) and jumps["Latest"] == stops[-1]
    # Every step of the map stays small (the per-step payload).
    ctx = dashboard.MapContext(timeline, {}, {}, [])
    for day in (date(2024, 12, 8), date(2025, 7, 20), stops[-1]):
        assert len(json.dumps(dashboard.map_state(ctx, day))) < 100_000
