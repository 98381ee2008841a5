"""The map's per-date state: the index over point records built once per store generation
(`MapContext`), the compact state `geo.mapview`'s runtime applies for one date (`map_state`)
and the base map's static popup lines.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

import numpy as np

from geo.baseline import BASELINE_START
from geo.control import Timeline
from geo.dashboard.selection import Town
from geo.evidence import TYPE_WORDS, background_line, esc, excerpt, popup_html, range_words
from geo.factions import Faction
from geo.record_table import RecordTable
from geo.records import EventRecord
from geo.sources import Source

STATUS_CODES = {"settled": "s", "possible": "p", "changing": "c", "contested": "x"}
MAX_EVENT_MARKERS = 400
# Beyond this many places with events, event markers are summed per sub-district (one canvas
# circle each, at most 272): thousands of circles are clutter at country scale, and slow.
MAX_EVENT_PLACES = 1000
# Beyond this many towns with evidence, only this many (those with the most evidence) are drawn,
# without popups: a click still opens the town in the evidence panel.
MAX_TOWN_MARKERS = 300
RECENT_DAYS = 7
# Records spanning at most this many days are found by date through a window on their start;
# the few longer ones ("in 2016") are checked one by one.
SHORT_SPAN_DAYS = 45


@dataclass(frozen=True)
class _Prefix:
    """Records in date_start order and, for each prefix, its latest-ending record (the earliest
    in timeline order on ties, as `max` picks it) and the earliest timeline position: what one
    date's view needs (those started by then), found by bisection instead of a scan. Positions
    are rows of the timeline's `RecordTable`, held in numpy arrays (a million of them at scale)."""

    starts: list[str]
    latest_rows: np.ndarray
    first: np.ndarray

    @classmethod
    def of(cls, records: RecordTable, positions: list[int]) -> _Prefix:
        """`positions` index `records` (the timeline's), in ascending order."""
        rows = np.array(positions, dtype=np.int64)
        start_codes, end_codes = records.day_codes("date_start"), records.day_codes("date_end")
        # Stable sort: records starting the same day keep their timeline order.
        rows = rows[np.argsort(start_codes[rows], kind="stable")]
        ends = end_codes[rows].tolist()
        latest, best_end, best_pos = [], -1, -1
        for pos, end in zip(rows.tolist(), ends, strict=True):
            if end > best_end or (end == best_end and pos < best_pos):
                best_end, best_pos = end, pos
            latest.append(best_pos)
        days = records.days
        return cls(
            [days[c] for c in start_codes[rows].tolist()],
            np.array(latest, dtype=np.int32),
            np.minimum.accumulate(rows).astype(np.int32),
        )

    def count(self, iso: str) -> int:
        return bisect_right(self.starts, iso)

    def latest(self, records: RecordTable, count: int) -> EventRecord:
        """The latest-ending record among the first `count`."""
        return records[int(self.latest_rows[count - 1])]


@dataclass(frozen=True)
class _MapIndex:
    """Point records grouped the ways `map_state` draws them, built once per store generation."""

    groups: dict[tuple[str, str], _Prefix]  # (place id, event type)
    places: dict[str, _Prefix]  # place id
    units: dict[str, _Prefix]  # sub-district
    place_starts: dict[str, list[str]]  # place id -> date_start of all its records, sorted
    unit_points: dict[str, tuple[float, float]]  # a point inside each sub-district (lat, lng)
    # The first date_start of each group and of each place, sorted: how many have begun by a date
    # is one bisection, not a scan of thousands of groups.
    group_firsts: list[str]
    place_firsts: list[str]

    @classmethod
    def of(cls, timeline: Timeline) -> _MapIndex:
        # Positions (ints) rather than tuples: with 100k records, allocating that many small
        # containers makes Python's cyclic GC walk the whole heap again and again.
        records = timeline.records
        groups: dict[str, dict[str, list[int]]] = {}
        places: dict[str, list[int]] = {}
        units: dict[str, list[int]] = {}
        starts: dict[str, list[str]] = {}
        for pos, r in enumerate(records):
            if r.place_id:
                starts.setdefault(r.place_id, []).append(r.date_start)
            if r.latitude is None or r.longitude is None:
                continue
            groups.setdefault(r.place_id, {}).setdefault(r.event_type, []).append(pos)
            places.setdefault(r.place_id, []).append(pos)
            if r.admin3 in timeline.unit_names:
                units.setdefault(r.admin3, []).append(pos)
        points = timeline.units.geometry.representative_point()
        group_index = {
            (place, kind): _Prefix.of(records, positions)
            for place, kinds in groups.items()
            for kind, positions in kinds.items()
        }
        place_index = {k: _Prefix.of(records, v) for k, v in places.items()}
        return cls(
            group_index,
            place_index,
            {k: _Prefix.of(records, v) for k, v in units.items()},
            {k: sorted(v) for k, v in starts.items()},
            {
                unit: (round(p.y, 5), round(p.x, 5))
                for unit, p in zip(timeline.units["adm3_id"], points, strict=True)
            },
            sorted(p.starts[0] for p in group_index.values()),
            sorted(p.starts[0] for p in place_index.values()),
        )


@dataclass(frozen=True)
class MapContext:
    """Everything the per-date map state is made from; built once per store generation."""

    timeline: Timeline
    sources: Mapping[str, Source]
    factions: Mapping[str, Faction]
    towns: Sequence[Town]

    @cached_property
    def index(self) -> _MapIndex:
        return _MapIndex.of(self.timeline)

    @cached_property
    def _background_order(self) -> dict[str, dict[str, int]]:
        return {
            unit: {row.layer_id: k for k, row in enumerate(self.timeline.layers.rows_of(unit))}
            for unit in self.timeline.unit_ids
        }

    @cached_property
    def _by_start(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(start codes, positions) of the short records sorted by start, and the long ones' positions."""
        records = self.timeline.records
        starts, ends = records.day_codes("date_start"), records.day_codes("date_end")
        ordinals = np.array([date.fromisoformat(d).toordinal() for d in records.days], dtype=np.int64)
        spans = ordinals[ends] - ordinals[starts] if len(records) else np.zeros(0, dtype=np.int64)
        short = np.flatnonzero(spans <= SHORT_SPAN_DAYS)
        short = short[np.argsort(starts[short], kind="stable")]
        return starts[short], short, np.flatnonzero(spans > SHORT_SPAN_DAYS)

    def records_on(self, day: date) -> list[EventRecord]:
        """`geo.dashboard.records_on(timeline.records, day)`, found without scanning every record:
        a short record covering `day` started at most SHORT_SPAN_DAYS before it."""
        starts, short, long = self._by_start
        records = self.timeline.records
        iso = day.isoformat()
        upto, since = records.days_upto(iso), records.days_from(iso)
        lo = np.searchsorted(starts, records.days_from((day - timedelta(days=SHORT_SPAN_DAYS)).isoformat()))
        hi = np.searchsorted(starts, upto)
        start_codes, end_codes = records.day_codes("date_start"), records.day_codes("date_end")
        window = short[lo:hi]
        hits = window[end_codes[window] >= since]
        spanning = long[(start_codes[long] < upto) & (end_codes[long] >= since)]
        return records.rows(np.sort(np.concatenate([hits, spanning])))

    def prepare(self) -> None:
        """Build the indexes now, so that a context stored once (pages/__init__.py keeps it on
        disk per store generation) is stored with them rather than rebuilding them per start."""
        _ = self.index, self._background_order, self._by_start

    def background_index(self, unit: str, layer_id: str | None) -> int | None:
        """The position of the background row `layer_id` among the unit's (`background_popups`)."""
        return self._background_order.get(unit, {}).get(layer_id) if layer_id else None


def unit_title(timeline: Timeline, unit: str) -> tuple[str, str]:
    name, district, governorate = timeline.unit_names[unit]
    return name, f"sub-district of {district}, {governorate}"


def map_state(ctx: MapContext, day: date) -> dict:
    """The compact state `geo.mapview`'s runtime applies for one date (see its docstring).

    Work per date is bounded whatever the store holds: records are found through `ctx.index`
    (bisection, not scans), at most MAX_TOWN_MARKERS towns are drawn, and event markers are
    summed per place, then per sub-district, as their number grows."""
    tl = ctx.timeline
    index = ctx.index
    states = tl.states_at(day)
    # Popups show one line, the newest sentence, as plain text (the runtime escapes it). They are
    # sent once per distinct sentence: an area record ("all of Idlib") speaks for dozens of units.
    sentences: dict[str, int] = {}
    units: dict[str, list] = {}
    for unit, s in states.items():
        entry: list = [
            s.controller,
            STATUS_CODES[s.status],
            s.to_controller,
            s.since.isoformat() if s.since else "",
        ]
        newest = tl.newest_for_unit(unit, day)
        popup = None
        if newest is not None:
            popup = sentences.setdefault(newest.sentence.strip(), len(sentences))
        background = ctx.background_index(unit, tl.background_id(s))
        if popup is not None or background is not None:
            entry.append(popup)
        if background is not None:
            entry.append(background)
        units[unit] = entry

    iso = day.isoformat()
    recent_from = (day - timedelta(days=RECENT_DAYS - 1)).isoformat()
    return {
        "d": iso,
        "baseline": day >= BASELINE_START,
        "u": units,
        "p": list(sentences),
        "towns": _town_markers(ctx, states, iso),
        **_event_markers(ctx, index, iso, recent_from),
    }


def _town_markers(ctx: MapContext, states: Mapping, iso: str) -> list[list]:
    tl, index = ctx.timeline, ctx.index
    visible = [
        town
        for town in ctx.towns
        if town.place_id in index.places and index.places[town.place_id].starts[0] <= iso
    ]
    crowded = len(visible) > MAX_TOWN_MARKERS
    if crowded:
        counts = {t.place_id: bisect_right(index.place_starts.get(t.place_id, []), iso) for t in visible}
        ranked = sorted(visible, key=lambda t: (-counts[t.place_id], t.name, t.place_id))
        keep = {t.place_id for t in ranked[:MAX_TOWN_MARKERS]}
        visible = [t for t in visible if t.place_id in keep]
    towns = []
    for town in visible:
        tip = f"<b>{esc(town.name)}</b>" + (
            f" · <span dir='rtl' lang='ar'>{esc(town.name_ar)}</span>" if town.name_ar else ""
        )
        if town.unlisted:
            tip += "<br><small>not in the gazetteer; placed at the area its context gives</small>"
        holder = states[town.admin3].controller if town.admin3 in states else "unknown"
        if crowded:
            count = counts[town.place_id]
            tip += f"<br><small>{count} excerpt{'s' if count != 1 else ''}: click for the panel</small>"
            popup = ""
        else:
            records = [r for r in tl.records_for_place(town.place_id) if r.date_start <= iso]
            first = excerpt(records[0], ctx.sources.get(records[0].source_id), tl, ctx.factions)
            popup = popup_html(town.name, town.name_ar or "town", first, len(records))
        towns.append([town.latitude, town.longitude, town.place_id, holder, tip, popup, int(town.unlisted)])
    return towns


def _event_markers(ctx: MapContext, index: _MapIndex, iso: str, recent_from: str) -> dict[str, list]:
    """One marker per (place, event type); past MAX_EVENT_MARKERS of them, one canvas circle
    per place; past MAX_EVENT_PLACES places, one per sub-district."""
    events, clusters = [], []
    if bisect_right(index.group_firsts, iso) <= MAX_EVENT_MARKERS:
        groups = {key: p for key, p in index.groups.items() if p.starts[0] <= iso}
        slots: dict[str, int] = {}
        for (place_id, kind), prefix in sorted(groups.items()):
            count = prefix.count(iso)
            latest = prefix.latest(ctx.timeline.records, count)
            slot = slots[place_id] = slots.get(place_id, -1) + 1
            recent = latest.date_end >= recent_from
            tip = (
                f"{count} × {esc(TYPE_WORDS.get(kind, kind))} at {esc(latest.place)}; latest "
                f"{esc(range_words(latest.date_start, latest.date_end))}"
            )
            events.append([latest.latitude, latest.longitude, kind, int(recent), count, tip, slot])
        return {"ev": events, "clusters": clusters}
    if bisect_right(index.place_firsts, iso) <= MAX_EVENT_PLACES:
        places = [(p.first[p.count(iso) - 1], p) for p in index.places.values() if p.starts[0] <= iso]
        # Too many groups for one marker each: one canvas circle per place, sized by its count.
        for _, prefix in sorted(places, key=lambda item: item[0]):
            count = prefix.count(iso)
            latest = prefix.latest(ctx.timeline.records, count)
            recent = latest.date_end >= recent_from
            tip = f"{count} events at {esc(latest.place)}"
            clusters.append([latest.latitude, latest.longitude, count, int(recent), tip])
        return {"ev": events, "clusters": clusters}
    # Too many places: one canvas circle per sub-district, at a point inside it (a click there
    # selects the sub-district, whose panel lists every excerpt).
    for unit, prefix in sorted(index.units.items()):
        count = prefix.count(iso)
        if not count:
            continue
        latest = prefix.latest(ctx.timeline.records, count)
        recent = latest.date_end >= recent_from
        name, district, _ = ctx.timeline.unit_names[unit]
        tip = (
            f"{count} events in {esc(name)} ({esc(district)}); latest at {esc(latest.place)}, "
            f"{esc(range_words(latest.date_start, latest.date_end))}"
        )
        lat, lng = index.unit_points[unit]
        clusters.append([lat, lng, count, int(recent), tip])
    return {"ev": events, "clusters": clusters}


def background_popups(timeline: Timeline, factions: Mapping[str, Faction]) -> dict[str, list[str]]:
    """Static popup lines for the base map: per unit, one plain-text line for each of its
    background rows (the baseline's, then each layer's that lists it), oldest first. A date's
    state names the one in force by its index (`map_state`), so the per-date payload carries a
    number, not the text."""
    return {
        unit: [background_line(row, factions) for row in timeline.layers.rows_of(unit)]
        for unit in timeline.unit_ids
        if timeline.layers.rows_of(unit)
    }
