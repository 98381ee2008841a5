"""Control from the real data: boundaries, baseline, factions and the seed article's records.

Needs the real data (provisioned boundaries, data/, and the seed article ingested into a store
made here).
"""

from __future__ import annotations

from datetime import date

import pytest

from geo import paths
from geo.baseline import BASELINE_ID
from geo.cli import main
from geo.control import load_timeline


@pytest.fixture(scope="module")
def timeline(tmp_path_factory):
    store = tmp_path_factory.mktemp("store") / "events.sqlite"
    assert (
        main(["ingest", str(paths.SOURCES / "kremlin-continues-to-support-assad.txt"), "--store", str(store)])
        == 0
    )
    return load_timeline(store)


def controllers(timeline, day: str):
    return timeline.control_at(date.fromisoformat(day)).set_index("adm3_id")


def test_on_the_eve_of_the_offensive(timeline):
    c = controllers(timeline, "2024-11-26")["controller"]
    assert (c["SY020000"], c["SY020402"], c["SY020300"], c["SY070000"], c["SY070003"]) == (
        "regime",
        "sdf",
        "sna",
        "hts",
        "regime",
    )


def test_after_the_first_week(timeline):
    frame = controllers(timeline, "2024-12-03")
    assert frame.loc["SY020000", "controller"] in {"hts", "opposition"}
    assert frame.loc["SY020402", "controller"] == "sna"
    assert not (frame[frame["adm1_id"] == "SY07"]["controller"] == "regime").any()
    assert frame.loc["SY020500", "controller"] == "sdf"


def test_the_publication_day_shows_what_the_article_says(timeline):
    """The article (2 Dec 2024) says Aleppo, all of Idlib and Tal Rifaat were taken: on that day
    (the last stop before the fall of Assad; "Latest" is now the background layers' last change)
    they are settled with their new holders."""
    from geo import dashboard

    day = date(2024, 12, 2)
    stops = dashboard.slider_stops(timeline)
    assert day in stops and stops[-1] == timeline.layers.latest_day() > day
    states = timeline.states_at(day)
    assert all(s.status == "settled" for s in states.values())
    idlib = [s for u, s in states.items() if u.startswith("SY07")]
    assert not any(s.controller == "regime" for s in idlib)
    assert (states["SY020000"].controller, states["SY020402"].controller) == ("hts", "sna")
    # Tal Rifaat: the SNA's capture decides; the caption's "opposition fighter" agrees and is shown.
    (note,) = timeline.other_claims(states["SY020402"])
    assert (note.relation, note.claim.controller, note.claim.event_type) == (
        "agrees",
        "opposition",
        "control_claim",
    )


def test_before_the_offensive_nothing_is_under_way(timeline):
    from geo import dashboard

    stops = dashboard.slider_stops(timeline)
    (label, day), fall, latest = dashboard.quick_jumps(timeline, stops, dashboard.layer_moments(timeline))
    assert label == "Before the offensive" and latest == ("Latest", stops[-1])
    assert fall == ("Fall of Assad", date(2024, 12, 8))
    for quiet in (day, date(2024, 11, 24)):
        assert not any(s.in_progress for s in timeline.states_at(quiet).values())
    assert sum(s.status == "possible" for s in timeline.states_at(date(2024, 11, 26)).values()) == 10
    # 27-30 Nov draw the same map as 26 Nov: no stops there (nor after the article until the fall).
    assert [d for d in stops if date(2024, 11, 1) <= d < date(2024, 12, 8)] == [
        date(2024, 11, d) for d in (25, 26)
    ] + [
        date(2024, 12, 1),
        date(2024, 12, 2),
    ]


def test_every_unit_carries_its_evidence_chain(timeline):
    frame = controllers(timeline, "2024-12-03")
    assert all(len(ids) >= 1 for ids in frame["evidence"])
    aleppo = frame.loc["SY020000", "evidence"]
    assert aleppo[-1] == BASELINE_ID and timeline.records_by_id[aleppo[0]].event_type == "captured"
    assert frame.loc["SY010000", "evidence"] == [BASELINE_ID]


def test_before_the_baseline_only_units_with_evidence_are_known(timeline):
    frame = controllers(timeline, "2019-06-01")
    known = frame[frame["controller"] != "unknown"]
    assert list(known.index) == ["SY020000"]  # Aleppo, recaptured by the regime in 2016
    assert known.loc["SY020000", "controller"] == "regime"


def test_territory_adds_up_to_syria(timeline):
    areas = timeline.area_by_faction(date(2024, 12, 3))
    assert areas["km2"].sum() == pytest.approx(188_109, rel=0.001)
    assert areas["percent"].sum() == pytest.approx(100, abs=0.05)


def test_the_cli_prints_one_row_per_sub_district(timeline, tmp_path, capsys):
    store = tmp_path / "s.sqlite"
    assert (
        main(["ingest", str(paths.SOURCES / "kremlin-continues-to-support-assad.txt"), "--store", str(store)])
        == 0
    )
    capsys.readouterr()
    assert main(["control", "--date", "2024-12-03", "--store", str(store), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("adm3_id,adm3_name,adm2_id,adm2_name,adm1_id,adm1_name,controller")
    assert len(lines) == 273
    assert main(["control", "--date", "2024-13-01"]) == 2
