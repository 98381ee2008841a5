"""What the dashboard shows, as plain data: the timeline's stops, dates in words, what happened on
a date, permalinks (query parameters), event filters, and which town or unit a click selected.

Pure functions over the domain types, so page logic can be tested without a browser.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

import geopandas as gpd
import shapely

from geo.baseline import BASELINE_START
from geo.control import STATUS_WORDS, Timeline, UnitState
from geo.evidence import (
    TYPE_WORDS,
    background_line,
    day_words,
    esc,
    excerpt,
    popup_html,
    range_words,
    side_name,
)
from geo.factions import Faction
from geo.records import UNLISTED_PREFIX, EventRecord
from geo.sources import Source

MAX_PARAM_LENGTH = 100
MAX_TICKS = 7


def slider_stops(timeline: Timeline) -> list[date]:
    """The days the timeline steps through: the baseline's first day, every day a background
    layer row starts or a side is renamed (`ControlLayers.change_days`: the fall of Assad, the
    snapshots), every day the control map changes (`Timeline.change_days`), every day a record
    drawn as a marker begins when it is dated to the day or the week, and "Latest": the last of
    the latest record's last day and the background's last change. A record dated only to a
    month or more ("last month") adds no stop of its own (its first day is a guess), nor does one
    that draws nothing (a statement). Days between two stops show the same map as the stop
    before them."""
    background = timeline.layers.change_days()
    ends = [date.fromisoformat(r.date_end) for r in timeline.records]
    last = max([BASELINE_START, *background, *ends])
    stops = {BASELINE_START, last, *background}
    if timeline.records:
        stops.update(timeline.change_days())
        stops.update(
            date.fromisoformat(r.date_start)
            for r in timeline.records
            if r.has_point and r.time_precision in (1, 2)
        )
    return sorted(d for d in stops if d <= last)


def layer_moments(timeline: Timeline) -> list[tuple[str, date]]:
    """The named days of the background for `quick_jumps`: each transition layer (the fall of
    Assad) by its label and day, as the layer list gives them."""
    return [(layer.label, layer.start) for layer in timeline.layers.layers if layer.kind == "transition"]


def shown_stops(stops: Sequence[date], earlier: bool) -> list[date]:
    """The stops the slider offers: from the baseline on, and the older history too when
    `earlier` is set (or when there is nothing from the baseline on)."""
    recent = [d for d in stops if d >= BASELINE_START]
    return list(stops) if earlier or not recent else recent


def in_earlier_history(day: date) -> bool:
    """Before the 2020 baseline: shown only with the "earlier" control on."""
    return day < BASELINE_START


def has_earlier(stops: Sequence[date]) -> bool:
    """Whether some stops lie before the baseline (so the "earlier" control is worth showing)."""
    return bool(stops) and stops[0] < BASELINE_START


def nearest_stop(stops: Sequence[date], wanted: date) -> date:
    """The last stop on or before `wanted` (the state shown then), else the first stop."""
    i = bisect_right(stops, wanted)
    return stops[i - 1] if i else stops[0]


def next_stop(stops: Sequence[date], day: date) -> date | None:
    """The first stop after `day`, or None at the end."""
    i = bisect_right(stops, day)
    return stops[i] if i < len(stops) else None


def play_start(stops: Sequence[date], day: date) -> date:
    """Where Play starts: the baseline from the end of the timeline (or from before the baseline,
    where the frozen 2020 lines are the story's usual beginning), else the current day."""
    recent = [d for d in stops if d >= BASELINE_START]
    if recent and (day >= stops[-1] or day < recent[0]):
        return recent[0]
    return day


def quick_jumps(
    timeline: Timeline, stops: Sequence[date], moments: Sequence[tuple[str, date]] = ()
) -> list[tuple[str, date]]:
    """Named days to jump to, as (label, stop) pairs in date order, "Latest" last.

    * "Before the offensive": the day before the first stretch of change after the baseline
      (`Timeline.change_periods`), so no change is under way on it ("Before the first change"
      when no offensive record begins in that stretch). It lands on the stop showing that day.
    * `moments`: named days from elsewhere (e.g. ("Fall of Assad", 2024-12-08)), each on the
      stop showing it; those outside the timeline are left out.
    * "Latest": the last stop, the latest day with a change (a record or a background layer).
    """
    if not stops:
        return []
    jumps: list[tuple[str, date]] = []
    after = [(a, b) for a, b in timeline.change_periods() if a > BASELINE_START]
    if after:
        start, end = after[0]
        eve = start - timedelta(days=1)
        offensive = any(
            r.event_type == "offensive" and start.isoformat() <= r.date_start <= end.isoformat()
            for r in timeline.records
        )
        label = "Before the offensive" if offensive else "Before the first change"
        jumps.append((label, nearest_stop(stops, eve)))
    for label, day in moments:
        if stops[0] <= day <= stops[-1]:
            jumps.append((label, nearest_stop(stops, day)))
    jumps.sort(key=lambda j: j[1])
    return [*jumps, ("Latest", stops[-1])]


def tick_marks(stops: Sequence[date], max_ticks: int = MAX_TICKS) -> list[tuple[float, str]]:
    """Labels for a row under the slider: (position from 0 to 1, date words) for at most
    `max_ticks` stops, the first and last always, the others evenly by index (the slider spaces
    its options evenly, whatever the days between them)."""
    if not stops:
        return []
    n = len(stops)
    if n == 1:
        return [(0.0, stop_label(stops[0]))]
    count = min(n, max_ticks)
    picks = sorted({round(k * (n - 1) / (count - 1)) for k in range(count)})
    return [(i / (n - 1), stop_label(stops[i])) for i in picks]


def stop_label(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def date_in_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def records_on(records: Iterable[EventRecord], day: date) -> list[EventRecord]:
    """Records whose date range covers the day."""
    iso = day.isoformat()
    return [r for r in records if r.date_start <= iso <= r.date_end]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def background_rows_on(timeline: Timeline, day: date) -> list[tuple[str, int]]:
    """Each dated layer (the fall of Assad, a snapshot) with rows dated `day`: label and row count."""
    found = []
    for layer in timeline.layers.layers:
        count = sum(row.date == day for row in layer.rows)
        if count:
            found.append((layer.label, count))
    return found


def what_happened(records: Iterable[EventRecord], timeline: Timeline, day: date) -> str:
    """One line for the selected date: events reported for it, units whose change is under way,
    and, when nothing is, how long the map stays as it is."""
    on = records_on(records, day)
    states = timeline.states_at(day)
    counts = Counter(s.status for s in states.values())
    open_parts = [
        f"{_plural(counts[status], 'sub-district')} {words}"
        for status, words in (
            ("changing", "changing hands"),
            ("possible", "possibly changed"),
            ("contested", "contested"),
        )
        if counts[status]
    ]
    if on:
        kinds = Counter(TYPE_WORDS.get(r.event_type, r.event_type) for r in on)
        parts = [f"{n} {kind}" for kind, n in kinds.most_common()]
        text = f"{_plural(len(on), 'event record')} {'covers' if len(on) == 1 else 'cover'} this date"
        text += f" ({', '.join(parts)})"
    else:
        text = "No event is reported for this date"
    # A layer's day changes the map with no article: say which background layer, so the change
    # is never presented as reported news.
    for label, count in background_rows_on(timeline, day):
        text += f"; background “{label}” sets {_plural(count, 'sub-district')} (not from an article)"
    if open_parts:
        return f"{text}; {'; '.join(open_parts)}."
    following = [d for d in timeline.change_days() if d > day]
    if following and not on:
        until = following[0] - timedelta(days=1)
        if until > day:
            return f"{text}; the map stays as it is until {day_words(until)}."
    return f"{text}; the map shows the latest known state." if not on else f"{text}."


def between_words(start: date, end: date) -> str:
    """ "25 Nov and 1 Dec 2024" (the year once when both days share it)."""
    first = f"{start.day} {start:%b}" if start.year == end.year else f"{start.day} {start:%b %Y}"
    return f"{first} and {end.day} {end:%b %Y}"


def state_html(timeline: Timeline, state: UnitState, day: date, factions: Mapping[str, Faction]) -> str:
    """The evidence panel's line for a unit on a date (escaped HTML): holder, status and when,
    then the claims that did not decide it (agreeing, overruled or contesting ones)."""
    holder = f"<b>{esc(side_name(state.controller, factions))}</b>"
    other = esc(side_name(state.to_controller, factions)) if state.to_controller else ""
    words = STATUS_WORDS.get(state.status, state.status)
    window = between_words(*state.window) if state.window else ""
    if state.status in ("possible", "changing") and other:
        text = f"{holder}, {words} → <b>{other}</b>"
        if window:
            text += f" sometime between {window}"
        if state.status == "changing":
            text += " (fighting is reported in the sub-district on this day)"
    elif state.status == "contested" and other:
        text = f"{holder}, contested by <b>{other}</b>"
        if window and state.in_progress:
            text += f" (claims open between {window})"
    else:
        text = f"{holder}, {words}"
        if state.since:
            text += f" since {state.since:%-d %b %Y}"
        if window:
            text += f" (taken sometime between {window})"
    lines = [f"On {day:%-d %B %Y}: {text}."]
    for note in timeline.other_claims(state):
        c = note.claim
        label = {"agrees": "Also claimed", "overruled": "Overruled", "contests": "Contested by"}[
            note.relation
        ]
        kind = TYPE_WORDS.get(c.event_type, c.event_type)
        when = f"{c.end:%-d %b %Y}" if c.start == c.end else f"between {between_words(c.start, c.end)}"
        lines.append(
            f"<small>{label}: {esc(side_name(c.controller, factions))} ({esc(kind)}, {when}; "
            f"{esc(c.event_id)}): {esc(note.reason)}.</small>"
        )
    return "<br>".join(lines)


@dataclass(frozen=True)
class ViewRequest:
    """What a permalink asks for, after checking; notices say what was ignored and why.
    `between_stops` is set when the date is inside the timeline but not one of its stops: it is
    still the date shown (never silently another), so the view adds it to its stops."""

    day: date | None = None
    place: str | None = None
    notices: tuple[str, ...] = field(default_factory=tuple)
    between_stops: bool = False


_SAFE_ID = re.compile(r"[A-Za-z0-9:_\-.@]{1,100}")  # "@": unlisted places, "unlisted:<slug>@<area>"
# A readable place value ("aleppo", "tal-rifaat", "تل رفعت"): letters of any script, digits,
# spaces and a little punctuation; it is only looked up, never shown.
_SAFE_NAME = re.compile(r"[\w\- ':.@]{1,100}")


def parse_view_params(
    params: Mapping[str, str],
    stops: Sequence[date],
    known_places: set[str],
    resolve: Callable[[str], str | None] | None = None,
) -> ViewRequest:
    """`?date=YYYY-MM-DD&place=<id or name>` -> a view. A place is an id in `known_places`, or
    whatever `resolve` makes of a readable name (e.g. `geo.place_search.PlaceSearch.resolve`).
    Bad values are dropped with a notice; notices never repeat the raw value (it may be long or
    contain markup)."""
    notices: list[str] = []
    day = place = None
    between = False
    unknown = sorted(k for k in params if k not in {"date", "place"})
    if unknown:
        notices.append(f"Ignored {len(unknown)} unknown URL parameter(s).")
    raw_date = params.get("date")
    if raw_date is not None:
        if len(raw_date) > MAX_PARAM_LENGTH or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw_date):
            notices.append("Ignored the date in the URL: it is not a date written YYYY-MM-DD.")
        else:
            try:
                wanted = date.fromisoformat(raw_date)
            except ValueError:
                notices.append("Ignored the date in the URL: no such day.")
            else:
                if stops and not (stops[0] <= wanted <= stops[-1]):
                    notices.append(
                        f"Ignored the date in the URL: it is outside the timeline ({stops[0]} to {stops[-1]})."
                    )
                elif stops:
                    day = wanted
                    if wanted not in stops:
                        between = True
                        notices.append(
                            f"{wanted:%-d %B %Y} (from the URL) is not one of the timeline's marked days: "
                            "it is added to the timeline, and the map shows the state on that day."
                        )
    raw_place = params.get("place")
    if raw_place is not None:
        if _SAFE_ID.fullmatch(raw_place) and raw_place in known_places:
            place = raw_place
        elif resolve and _SAFE_NAME.fullmatch(raw_place) and (found := resolve(raw_place)):
            place = found
        else:
            notices.append("Ignored the place in the URL: no town or sub-district has that id or name.")
    return ViewRequest(day, place, tuple(notices), between)


def with_stop(stops: Sequence[date], day: date) -> list[date]:
    """The stops with `day` among them (a permalink's date that is not a stop)."""
    return sorted({*stops, day})


@dataclass(frozen=True)
class EventFilter:
    start: date | None = None
    end: date | None = None
    factions: frozenset[str] = frozenset()
    event_types: frozenset[str] = frozenset()
    governorates: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()


def filter_events(records: Iterable[EventRecord], f: EventFilter) -> list[EventRecord]:
    """Records matching every given criterion; a date range keeps records that overlap it, a
    faction matches either side or an associate, a governorate matches a record's own or area's."""
    out = []
    for r in records:
        if f.start and r.date_end < f.start.isoformat():
            continue
        if f.end and r.date_start > f.end.isoformat():
            continue
        if f.factions and not ({r.actor1, r.actor2, *r.assoc_actor1.split("|")} & f.factions):
            continue
        if f.event_types and r.event_type not in f.event_types:
            continue
        if f.governorates and not ({r.admin1, *(u[:4] for u in r.area_units)} & f.governorates):
            continue
        if f.sources and r.source_id not in f.sources:
            continue
        out.append(r)
    return out


@dataclass(frozen=True)
class Town:
    """A place with evidence, drawn as a marker."""

    place_id: str
    name: str
    name_ar: str
    latitude: float
    longitude: float
    admin3: str

    @property
    def unlisted(self) -> bool:
        """Not in the gazetteer: drawn hollow at the area its context gives."""
        return self.place_id.startswith(UNLISTED_PREFIX)


def towns_with_evidence(records: Iterable[EventRecord], names_ar: Mapping[str, str]) -> list[Town]:
    towns: dict[str, Town] = {}
    for r in records:
        if r.has_point and r.place_id and r.place_id not in towns:
            towns[r.place_id] = Town(
                r.place_id,
                r.place,
                names_ar.get(r.place_id, ""),
                float(r.latitude),
                float(r.longitude),
                r.admin3,
            )
    return sorted(towns.values(), key=lambda t: t.name)


def selection_at(lat: float, lng: float, towns: Sequence[Town], units: gpd.GeoDataFrame) -> str | None:
    """The town whose marker is at the clicked point, else the sub-district containing it."""
    for town in towns:
        if abs(town.latitude - lat) < 1e-6 and abs(town.longitude - lng) < 1e-6:
            return town.place_id
    hits = units.index[units.geometry.contains(shapely.Point(lng, lat))]
    return str(units.loc[hits[0], "adm3_id"]) if len(hits) else None


# --- the map's per-date state ----------------------------------------------------------------

STATUS_CODES = {"settled": "s", "possible": "p", "changing": "c", "contested": "x"}
MAX_EVENT_MARKERS = 400
# Beyond this many places with events, event markers are summed per sub-district (one canvas
# circle each, at most 272): thousands of circles are clutter at country scale, and slow.
MAX_EVENT_PLACES = 1000
# Beyond this many towns with evidence, only this many (those with the most evidence) are drawn,
# without popups: a click still opens the town in the evidence panel.
MAX_TOWN_MARKERS = 300
RECENT_DAYS = 7


@dataclass(frozen=True)
class _Prefix:
    """Records in date_start order and, for each prefix, its latest-ending record (the earliest
    in timeline order on ties, as `max` picks it) and the earliest timeline position: what one
    date's view needs (those started by then), found by bisection instead of a scan."""

    starts: list[str]
    latest: list[EventRecord]
    first: list[int]

    @classmethod
    def of(cls, records: Sequence[EventRecord], positions: list[int]) -> _Prefix:
        """`positions` index `records` (the timeline's), in ascending order."""
        # Stable sort: records starting the same day keep their timeline order.
        positions.sort(key=lambda i: records[i].date_start)
        starts, latest, first = [], [], []
        best, best_pos, lowest = records[positions[0]], positions[0], positions[0]
        for pos in positions:
            r = records[pos]
            if r.date_end > best.date_end or (r.date_end == best.date_end and pos < best_pos):
                best, best_pos = r, pos
            lowest = min(lowest, pos)
            starts.append(r.date_start)
            latest.append(best)
            first.append(lowest)
        return cls(starts, latest, first)

    def count(self, iso: str) -> int:
        return bisect_right(self.starts, iso)


@dataclass(frozen=True)
class _MapIndex:
    """Point records grouped the ways `map_state` draws them, built once per store generation."""

    groups: dict[tuple[str, str], _Prefix]  # (place id, event type)
    places: dict[str, _Prefix]  # place id
    units: dict[str, _Prefix]  # sub-district
    place_starts: dict[str, list[str]]  # place id -> date_start of all its records, sorted
    unit_points: dict[str, tuple[float, float]]  # a point inside each sub-district (lat, lng)

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
        return cls(
            {
                (place, kind): _Prefix.of(records, positions)
                for place, kinds in groups.items()
                for kind, positions in kinds.items()
            },
            {k: _Prefix.of(records, v) for k, v in places.items()},
            {k: _Prefix.of(records, v) for k, v in units.items()},
            {k: sorted(v) for k, v in starts.items()},
            {
                unit: (round(p.y, 5), round(p.x, 5))
                for unit, p in zip(timeline.units["adm3_id"], points, strict=True)
            },
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
        records = tl.records_for_unit(unit, day)
        popup = None
        if records:
            popup = sentences.setdefault(records[0].sentence.strip(), len(sentences))
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
    groups = {key: p for key, p in index.groups.items() if p.starts[0] <= iso}
    events, clusters = [], []
    if len(groups) <= MAX_EVENT_MARKERS:
        slots: dict[str, int] = {}
        for (place_id, kind), prefix in sorted(groups.items()):
            count = prefix.count(iso)
            latest = prefix.latest[count - 1]
            slot = slots[place_id] = slots.get(place_id, -1) + 1
            recent = latest.date_end >= recent_from
            tip = (
                f"{count} × {esc(TYPE_WORDS.get(kind, kind))} at {esc(latest.place)}; latest "
                f"{esc(range_words(latest.date_start, latest.date_end))}"
            )
            events.append([latest.latitude, latest.longitude, kind, int(recent), count, tip, slot])
        return {"ev": events, "clusters": clusters}
    places = [(p.first[p.count(iso) - 1], p) for p in index.places.values() if p.starts[0] <= iso]
    if len(places) <= MAX_EVENT_PLACES:
        # Too many groups for one marker each: one canvas circle per place, sized by its count.
        for _, prefix in sorted(places, key=lambda item: item[0]):
            count = prefix.count(iso)
            latest = prefix.latest[count - 1]
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
        latest = prefix.latest[count - 1]
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
