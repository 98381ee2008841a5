"""The map's per-date state: the index over point records built once per store generation
(`MapContext`), the compact state for one date (`map_state`; the form the dashboard's map
receives, `frame_state`, leaves out what `frame_table` sends once per generation) and the
base map's static popup lines.
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


def _pack(prefixes: Mapping) -> tuple[list, list[list[str]], np.ndarray, np.ndarray, np.ndarray]:
    """`prefixes` as their keys, their starts, and their arrays end to end with each one's length."""
    values = list(prefixes.values())
    lengths = np.array([len(p.starts) for p in values], dtype=np.int64)
    latest = np.concatenate([p.latest_rows for p in values]) if values else np.empty(0, np.int32)
    first = np.concatenate([p.first for p in values]) if values else np.empty(0, np.int32)
    return list(prefixes), [p.starts for p in values], lengths, latest, first


def _unpack(
    keys: list, starts: list[list[str]], lengths: np.ndarray, latest: np.ndarray, first: np.ndarray
) -> dict:
    ends = np.cumsum(lengths).tolist()
    begins = [end - n for end, n in zip(ends, lengths.tolist(), strict=True)]
    return {
        key: _Prefix(s, latest[b:e], first[b:e])
        for key, s, b, e in zip(keys, starts, begins, ends, strict=True)
    }


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

    # Pickled (geo/view_cache.py) with each mapping's prefixes packed end to end, an array per
    # field: read back as slices of those, the 31,000 prefixes of 100,000 events load in 0.10 s
    # instead of 0.23 s as 62,000 arrays of their own, on the way to every server's first map.
    PACKED = ("groups", "places", "units")

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        for name in self.PACKED:
            state[name] = _pack(state[name])
        return state

    def __setstate__(self, state: dict) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, _unpack(*value) if name in self.PACKED else value)

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

    @cached_property
    def town_counts(self) -> _TownCounts:
        return _TownCounts.of(self.towns, self.index)

    @cached_property
    def side_positions(self) -> dict[str, int]:
        """Each faction's position in `frame_table`'s sides."""
        return {faction: k for k, faction in enumerate(self.factions)}

    @cached_property
    def town_positions(self) -> dict[str, int]:
        """Each town's position in `towns` (and in `frame_table`'s)."""
        return {town.place_id: k for k, town in enumerate(self.towns)}

    def prepare(self) -> None:
        """Build the indexes now, so that a context stored once (pages/__init__.py keeps it on
        disk per store generation) is stored with them rather than rebuilding them per start."""
        _ = self.index, self._background_order, self._by_start, self.town_positions, self.town_counts

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
    states = ctx.timeline.states_at(day)
    sentences: dict[str, int] = {}
    units = _unit_entries(ctx, states, day, sentences)
    iso = day.isoformat()
    recent_from = (day - timedelta(days=RECENT_DAYS - 1)).isoformat()
    crowded, marks = _town_marks(ctx, states, iso)
    events, clusters = _event_marks(ctx, ctx.index, iso, recent_from)
    return {
        "d": iso,
        "baseline": day >= BASELINE_START,
        "u": units,
        "p": list(sentences),
        "towns": [_town_marker(ctx, mark, crowded) for mark in marks],
        "ev": events,
        "clusters": [_cluster_marker(ctx, c) for c in clusters],
    }


def frame_state(ctx: MapContext, day: date) -> dict:
    """`map_state` as the dashboard's map receives it on every step, about a third of its size:
    what a store generation determines (the order of the units, the sides, each town's point,
    names and tooltip, a point inside each sub-district) is in `frame_table`, sent once, so a
    date sends only what the date decides, by position in those lists.

    "u" lists the units in `frame_table`'s order, each `[side, status, incoming or rival side
    (-1: none), since (days after 1970-01-01; 0: none)]`, then as in `map_state` the newest
    sentence's index in "p" and the background line's index. Sides are positions in
    `frame_table`'s "sides" (an id, where a side is not there). Towns are `[position in
    frame_table's towns, holder, excerpts so far, newest sentence's index in "p"]` (the
    sentence only where towns are few enough to have popups); summed events are `[sub-district,
    count, recent, latest place, its dates in words]` or, per place, `[lat, lng, count, recent,
    place]`. Text is plain: the runtime escapes it."""
    states = ctx.timeline.states_at(day)
    sentences: dict[str, int] = {}
    units = _unit_entries(ctx, states, day, sentences)
    side = ctx.side_positions
    iso = day.isoformat()
    recent_from = (day - timedelta(days=RECENT_DAYS - 1)).isoformat()
    crowded, marks = _town_marks(ctx, states, iso)
    positions = ctx.town_positions
    towns = []
    for mark in marks:
        entry: list = [positions[mark.town.place_id], side.get(mark.holder, mark.holder), mark.count]
        if mark.newest is not None:
            entry.append(sentences.setdefault(mark.newest.sentence.strip(), len(sentences)))
        towns.append(entry)
    events, clusters = _event_marks(ctx, ctx.index, iso, recent_from)
    summed = [
        [c.unit, c.count, c.recent, c.latest.place, range_words(c.latest.date_start, c.latest.date_end)]
        if c.unit
        else [c.latitude, c.longitude, c.count, c.recent, c.latest.place]
        for c in clusters
    ]
    coded = []
    for unit in ctx.timeline.unit_ids:
        controller, status, to, since, *rest = units[unit]
        coded.append(
            [
                side.get(controller, controller),
                status,
                side.get(to, to) if to else -1,
                _days(since) if since else 0,
                *rest,
            ]
        )
    return {
        "d": iso,
        "baseline": day >= BASELINE_START,
        "u": coded,
        "p": list(sentences),
        "towns": towns,
        "crowded": int(crowded),
        "ev": events,
        "clusters": summed,
    }


_EPOCH = date(1970, 1, 1).toordinal()


def _days(iso: str) -> int:
    return date.fromisoformat(iso).toordinal() - _EPOCH


def frame_table(ctx: MapContext) -> dict:
    """What a store generation determines of the map's state, sent once (see `frame_state`): the
    units in the order the states list them, the sides, every town with evidence as `[id, lat,
    lng, tooltip HTML (escaped), unlisted]`, and a point inside each sub-district (where its
    summed events are drawn)."""
    return {
        "units": list(ctx.timeline.unit_ids),
        "sides": list(ctx.side_positions),
        "towns": [[t.place_id, t.latitude, t.longitude, _town_tip(t), int(t.unlisted)] for t in ctx.towns],
        "unitPoints": ctx.index.unit_points,
    }


def _unit_entries(ctx: MapContext, states: Mapping, day: date, sentences: dict[str, int]) -> dict[str, list]:
    tl = ctx.timeline
    # Popups show one line, the newest sentence, as plain text (the runtime escapes it). They are
    # sent once per distinct sentence: an area record ("all of Idlib") speaks for dozens of units.
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
    return units


@dataclass(frozen=True)
class _TownMark:
    town: Town
    holder: str
    count: int  # its records begun by the date
    newest: EventRecord | None  # the first of them (newest first), when towns have popups


def _town_marks(ctx: MapContext, states: Mapping, iso: str) -> tuple[bool, list[_TownMark]]:
    """(crowded, the towns drawn, in `ctx.towns` order): past MAX_TOWN_MARKERS, those with the
    most evidence (ties by name, then id), without popups."""
    tl, counts = ctx.timeline, ctx.town_counts
    day = date.fromisoformat(iso).toordinal()
    visible = np.flatnonzero(counts.firsts <= day)
    crowded = len(visible) > MAX_TOWN_MARKERS
    count = np.zeros(len(ctx.towns), dtype=np.int64)
    if crowded:
        # Every town's count at once (a bisection each, in numpy): thousands of towns, each step.
        count[visible] = (
            np.searchsorted(counts.keys, visible * _SPAN + day, "right") - counts.offsets[visible]
        )
        ranked = visible[np.lexsort((counts.rank[visible], -count[visible]))]
        visible = np.sort(ranked[:MAX_TOWN_MARKERS])
    marks = []
    for k in visible.tolist():
        town = ctx.towns[k]
        holder = states[town.admin3].controller if town.admin3 in states else "unknown"
        if crowded:
            marks.append(_TownMark(town, holder, int(count[k]), None))
        else:
            records = [r for r in tl.records_for_place(town.place_id) if r.date_start <= iso]
            marks.append(_TownMark(town, holder, len(records), records[0]))
    return crowded, marks


# Days are ordinals (below 4,000,000 up to the year 9999): town k's record starting on day d is
# the key k * _SPAN + d, so one sorted array holds every town's starts, town after town.
_SPAN = 4_000_000


@dataclass(frozen=True)
class _TownCounts:
    """Per town (in `MapContext.towns` order): the first day it is drawn (a record with a point
    has begun), the sorted keys of its records' starts, where its keys begin, and its rank by
    (name, id)."""

    firsts: np.ndarray
    keys: np.ndarray
    offsets: np.ndarray
    rank: np.ndarray

    @classmethod
    def of(cls, towns: Sequence[Town], index: _MapIndex) -> _TownCounts:
        never = np.iinfo(np.int64).max
        firsts = [
            date.fromisoformat(index.places[t.place_id].starts[0]).toordinal()
            if t.place_id in index.places
            else never
            for t in towns
        ]
        keys, offsets = [], []
        for k, town in enumerate(towns):
            offsets.append(len(keys))
            keys.extend(
                k * _SPAN + date.fromisoformat(d).toordinal()
                for d in index.place_starts.get(town.place_id, [])
            )
        order = sorted(range(len(towns)), key=lambda k: (towns[k].name, towns[k].place_id))
        rank = np.empty(len(towns), dtype=np.int64)
        rank[order] = np.arange(len(towns))
        return cls(
            np.array(firsts, dtype=np.int64),
            np.array(keys, dtype=np.int64),
            np.array(offsets, dtype=np.int64),
            rank,
        )


def _town_tip(town: Town) -> str:
    tip = f"<b>{esc(town.name)}</b>" + (
        f" · <span dir='rtl' lang='ar'>{esc(town.name_ar)}</span>" if town.name_ar else ""
    )
    if town.unlisted:
        tip += "<br><small>not in the gazetteer; placed at the area its context gives</small>"
    return tip


def _town_marker(ctx: MapContext, mark: _TownMark, crowded: bool) -> list:
    town = mark.town
    tip = _town_tip(town)
    if crowded:
        count = mark.count
        tip += f"<br><small>{count} excerpt{'s' if count != 1 else ''}: click for the panel</small>"
        popup = ""
    else:
        newest = mark.newest
        first = excerpt(newest, ctx.sources.get(newest.source_id), ctx.timeline, ctx.factions)
        popup = popup_html(town.name, town.name_ar or "town", first, mark.count)
    return [town.latitude, town.longitude, town.place_id, mark.holder, tip, popup, int(town.unlisted)]


@dataclass(frozen=True)
class _Cluster:
    """Events summed at a place (`unit` empty) or in a sub-district."""

    latitude: float
    longitude: float
    count: int
    recent: int
    latest: EventRecord
    unit: str = ""


def _cluster_marker(ctx: MapContext, c: _Cluster) -> list:
    latest = c.latest
    if not c.unit:
        return [c.latitude, c.longitude, c.count, c.recent, f"{c.count} events at {esc(latest.place)}"]
    name, district, _ = ctx.timeline.unit_names[c.unit]
    tip = (
        f"{c.count} events in {esc(name)} ({esc(district)}); latest at {esc(latest.place)}, "
        f"{esc(range_words(latest.date_start, latest.date_end))}"
    )
    return [c.latitude, c.longitude, c.count, c.recent, tip]


def _event_marks(
    ctx: MapContext, index: _MapIndex, iso: str, recent_from: str
) -> tuple[list, list[_Cluster]]:
    """One marker per (place, event type); past MAX_EVENT_MARKERS of them, one canvas circle
    per place; past MAX_EVENT_PLACES places, one per sub-district."""
    events: list[list] = []
    clusters: list[_Cluster] = []
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
        return events, clusters
    if bisect_right(index.place_firsts, iso) <= MAX_EVENT_PLACES:
        places = [(p.first[p.count(iso) - 1], p) for p in index.places.values() if p.starts[0] <= iso]
        # Too many groups for one marker each: one canvas circle per place, sized by its count.
        for _, prefix in sorted(places, key=lambda item: item[0]):
            count = prefix.count(iso)
            latest = prefix.latest(ctx.timeline.records, count)
            recent = int(latest.date_end >= recent_from)
            clusters.append(_Cluster(latest.latitude, latest.longitude, count, recent, latest))
        return events, clusters
    # Too many places: one canvas circle per sub-district, at a point inside it (a click there
    # selects the sub-district, whose panel lists every excerpt).
    for unit, prefix in sorted(index.units.items()):
        count = prefix.count(iso)
        if not count:
            continue
        latest = prefix.latest(ctx.timeline.records, count)
        recent = int(latest.date_end >= recent_from)
        lat, lng = index.unit_points[unit]
        clusters.append(_Cluster(lat, lng, count, recent, latest, unit))
    return events, clusters


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
