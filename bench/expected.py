"""What the map and the panel must show, worked out in the benchmark's own process from the same
store the app reads: each stop's unit fills, and the towns to click with their panel text.

A timing ends only when the page shows exactly this, so a step that left the map unchanged, or
a panel still showing the previous town, can never count as done.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from geo import dashboard
from geo.control import Timeline
from geo.factions import UNKNOWN_ID, Faction


@dataclass(frozen=True)
class Stop:
    day: date
    label: str  # as the slider shows it: "2 Dec 2024"
    fills: dict[str, str]  # adm3 P-code -> fill colour, lower case


@dataclass(frozen=True)
class Target:
    """A town to click on the latest date, and what the panel then shows."""

    place_id: str
    heading: str
    latitude: float
    longitude: float
    sentence: str  # start of the newest excerpt's sentence


def slider_label(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def fills_at(timeline: Timeline, factions: Mapping[str, Faction], day: date) -> dict[str, str]:
    unknown = factions[UNKNOWN_ID].colour
    return {
        unit: (factions[s.controller].colour if s.controller in factions else unknown).lower()
        for unit, s in timeline.states_at(day).items()
    }


def stops(timeline: Timeline, factions: Mapping[str, Faction], last: int | None = None) -> list[Stop]:
    """The slider's stops (the last `last` of them), with their fills."""
    # What the slider offers on opening: older history is folded behind the "Earlier" switch.
    days = dashboard.shown_stops(dashboard.slider_stops(timeline), False)
    if last is not None:
        days = days[-last:]
    return [Stop(d, slider_label(d), fills_at(timeline, factions, d)) for d in days]


def click_targets(timeline: Timeline, day: date, count: int = 2) -> list[Target]:
    """Towns with evidence on `day` whose panels differ (name and newest sentence), most
    evidence first, so that clicking them in turn always changes the panel."""
    towns = dashboard.towns_with_evidence(timeline.records, {})
    iso = day.isoformat()
    ranked = []
    for town in towns:
        records = [r for r in timeline.records_for_place(town.place_id) if r.date_start <= iso]
        if records:
            ranked.append((-len(records), town.name, town, records[0].sentence))
    ranked.sort(key=lambda item: (item[0], item[1]))
    chosen: list[Target] = []
    for _, _, town, sentence in ranked:
        if any(t.heading == town.name or t.sentence == sentence[:60] for t in chosen):
            continue
        chosen.append(Target(town.place_id, town.name, town.latitude, town.longitude, sentence[:60]))
        if len(chosen) == count:
            return chosen
    raise RuntimeError(f"fewer than {count} towns with distinct evidence on {day}")


def changed(before: Stop, after: Stop) -> bool:
    return before.fills != after.fills


def colour_steps(path: Sequence[Stop]) -> int:
    return sum(changed(a, b) for a, b in pairwise(path))
