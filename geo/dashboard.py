"""What the dashboard shows, as plain data: the timeline's stops, dates in words, what happened on
a date, permalinks (query parameters), event filters, and which town or unit a click selected.

Pure functions over the domain types, so page logic can be tested without a browser.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import geopandas as gpd
import shapely

from geo.baseline import BASELINE_START
from geo.control import Timeline
from geo.evidence import TYPE_WORDS, baseline_html, esc, excerpt, popup_html, range_words
from geo.factions import Faction
from geo.records import EventRecord
from geo.sources import Source

MAX_PARAM_LENGTH = 100
BEFORE_OFFENSIVE = date(2024, 11, 26)


def slider_stops(timeline: Timeline) -> list[date]:
    """Every date on which something changes or happens, plus every day covered by a record known
    to the day or the week (the fine-grained stretch of the story, e.g. an offensive's days)."""
    stops = set(timeline.timeline_dates())
    for record in timeline.records:
        if record.time_precision in (1, 2):
            day, end = date.fromisoformat(record.date_start), date.fromisoformat(record.date_end)
            while day <= end:
                stops.add(day)
                day += timedelta(days=1)
    return sorted(stops)


def nearest_stop(stops: Sequence[date], wanted: date) -> date:
    """The last stop on or before `wanted` (the state shown then), else the first stop."""
    before = [s for s in stops if s <= wanted]
    return before[-1] if before else stops[0]


def date_in_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def records_on(records: Iterable[EventRecord], day: date) -> list[EventRecord]:
    """Records whose date range covers the day."""
    iso = day.isoformat()
    return [r for r in records if r.date_start <= iso <= r.date_end]


def what_happened(records: Iterable[EventRecord], timeline: Timeline, day: date) -> str:
    """One line for the selected date: events reported for it and units changing hands."""
    on = records_on(records, day)
    states = timeline.states_at(day)
    changing = sum(s.status == "changing" for s in states.values())
    contested = sum(s.status == "contested" for s in states.values())
    if not on and not changing and not contested:
        return "No event is reported for this date; the map shows the latest known state."
    counts = Counter(TYPE_WORDS.get(r.event_type, r.event_type) for r in on)
    parts = [f"{n} {kind}" for kind, n in counts.most_common()]
    text = f"{len(on)} event record{'s' if len(on) != 1 else ''} cover this date" + (
        f" ({', '.join(parts)})" if parts else ""
    )
    if changing:
        text += f"; {changing} sub-district{'s' if changing != 1 else ''} changing hands"
    if contested:
        text += f"; {contested} contested"
    return text + "."


@dataclass(frozen=True)
class ViewRequest:
    """What a permalink asks for, after checking; notices say what was ignored and why."""

    day: date | None = None
    place: str | None = None
    notices: tuple[str, ...] = field(default_factory=tuple)


_SAFE_ID = re.compile(r"[A-Za-z0-9:_\-.]{1,100}")


def parse_view_params(
    params: Mapping[str, str], stops: Sequence[date], known_places: set[str]
) -> ViewRequest:
    """`?date=YYYY-MM-DD&place=<place or unit id>` -> a view. Bad values are dropped with a notice;
    notices never repeat the raw value (it may be long or contain markup)."""
    notices: list[str] = []
    day = place = None
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
                    day = nearest_stop(stops, wanted)
    raw_place = params.get("place")
    if raw_place is not None:
        if not _SAFE_ID.fullmatch(raw_place) or raw_place not in known_places:
            notices.append("Ignored the place in the URL: no town or sub-district has that id.")
        else:
            place = raw_place
    return ViewRequest(day, place, tuple(notices))


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

STATUS_CODES = {"settled": "s", "changing": "c", "contested": "x"}
MAX_EVENT_MARKERS = 400
RECENT_DAYS = 7


@dataclass(frozen=True)
class MapContext:
    """Everything the per-date map state is made from; built once per store generation."""

    timeline: Timeline
    sources: Mapping[str, Source]
    factions: Mapping[str, Faction]
    towns: Sequence[Town]


def unit_title(timeline: Timeline, unit: str) -> tuple[str, str]:
    name, district, governorate = timeline.unit_names[unit]
    return name, f"sub-district of {district}, {governorate}"


def map_state(ctx: MapContext, day: date) -> dict:
    """The compact state `geo.mapview`'s runtime applies for one date (see its docstring)."""
    tl = ctx.timeline
    states = tl.states_at(day)
    popups: list[str] = []
    units: dict[str, list] = {}
    for unit, s in states.items():
        entry: list = [
            s.controller,
            STATUS_CODES[s.status],
            s.to_controller,
            s.since.isoformat() if s.since else "",
        ]
        records = tl.records_for_unit(unit, day)
        if records:
            name, subtitle = unit_title(tl, unit)
            first = excerpt(records[0], ctx.sources.get(records[0].source_id), tl, ctx.factions)
            popups.append(popup_html(name, subtitle, first, len(records)))
            entry.append(len(popups) - 1)
        units[unit] = entry

    iso = day.isoformat()
    recent_from = (day - timedelta(days=RECENT_DAYS - 1)).isoformat()
    towns = []
    visible = {r.place_id for r in tl.records if r.has_point and r.date_start <= iso}
    for town in ctx.towns:
        if town.place_id not in visible:
            continue
        records = [r for r in tl.records_for_place(town.place_id) if r.date_start <= iso]
        first = excerpt(records[0], ctx.sources.get(records[0].source_id), tl, ctx.factions)
        tip = f"<b>{esc(town.name)}</b>" + (
            f" · <span dir='rtl'>{esc(town.name_ar)}</span>" if town.name_ar else ""
        )
        holder = states[town.admin3].controller if town.admin3 in states else "unknown"
        popup = popup_html(town.name, town.name_ar or "town", first, len(records))
        towns.append([town.latitude, town.longitude, town.place_id, holder, tip, popup])

    groups: dict[tuple[str, str], list[EventRecord]] = {}
    for r in tl.records:
        if r.has_point and r.date_start <= iso:
            groups.setdefault((r.place_id, r.event_type), []).append(r)
    events, clusters = [], []
    if len(groups) <= MAX_EVENT_MARKERS:
        slots: dict[str, int] = {}
        for (place_id, kind), records in sorted(groups.items()):
            latest = max(records, key=lambda r: r.date_end)
            slot = slots[place_id] = slots.get(place_id, -1) + 1
            recent = latest.date_end >= recent_from
            tip = (
                f"{len(records)} × {esc(TYPE_WORDS.get(kind, kind))} at {esc(latest.place)}; latest "
                f"{esc(range_words(latest.date_start, latest.date_end))}"
            )
            events.append([latest.latitude, latest.longitude, kind, int(recent), len(records), tip, slot])
    else:
        # Too many groups for one marker each: one canvas circle per place, sized by its count.
        by_place: dict[str, list[EventRecord]] = {}
        for (place_id, _), records in groups.items():
            by_place.setdefault(place_id, []).extend(records)
        for records in by_place.values():
            latest = max(records, key=lambda r: r.date_end)
            recent = latest.date_end >= recent_from
            tip = f"{len(records)} events at {esc(latest.place)}"
            clusters.append([latest.latitude, latest.longitude, len(records), int(recent), tip])
    return {
        "d": iso,
        "baseline": day >= BASELINE_START,
        "u": units,
        "p": popups,
        "towns": towns,
        "ev": events,
        "clusters": clusters,
    }


def baseline_popups(timeline: Timeline, factions: Mapping[str, Faction]) -> dict[str, str]:
    """Static popups for the base map: each unit's baseline row (shown from 2020-03-06 when no
    record speaks of the unit)."""
    popups = {}
    for unit, row in timeline.baseline.items():
        name, subtitle = unit_title(timeline, unit)
        popups[unit] = popup_html(name, subtitle, None, 0, baseline_html(row, factions))
    return popups
