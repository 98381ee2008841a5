"""What the Events, Territory and Method pages show, as plain data: the events table and its
filters (also as query parameters), area per side over time, the units that changed hands between
two dates with their evidence and how to colour them, and the counts the Method page quotes.

Pure functions over the domain types (`geo.control.Timeline`, `geo.records.EventRecord`), so the
pages stay thin and their logic is tested without Streamlit. Tables hold plain text only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from geo.baseline import BASELINE_ID
from geo.control import COLOURING_TYPES, IN_FLUX, IN_FLUX_WORDS, STATUS_WORDS, Timeline, claims_of
from geo.dashboard import EventFilter
from geo.evidence import TYPE_WORDS, side_name, source_link
from geo.factions import UNKNOWN_ID, Faction
from geo.records import EventRecord
from geo.sources import Source

MAX_PARAM_LENGTH = 400
PARAM_NAMES = ("from", "to", "faction", "type", "gov", "source")
OPEN_KINDS = tuple(STATUS_WORDS[s] for s in ("possible", "changing", "contested"))
UNCHANGED_STYLE = {"fillColor": "#d9d9d9", "fillOpacity": 0.15, "color": "#9a9a9a", "weight": 0.4}

# --- Events ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FilterOptions:
    """The values the Events filters offer: those that occur in the records, in display order."""

    start: date
    end: date
    factions: tuple[str, ...]
    event_types: tuple[str, ...]
    governorates: tuple[str, ...]
    sources: tuple[str, ...]


def governorate_names(timeline: Timeline) -> dict[str, str]:
    """adm1 P-code -> governorate name, in P-code order."""
    pairs = sorted(zip(timeline.units["adm1_id"], timeline.units["adm1_name"], strict=True))
    return dict(pairs)


def record_governorates(record: EventRecord) -> set[str]:
    """The governorates a record is placed in: its own, or those its area's sub-districts are in."""
    return {g for g in (record.admin1, *(u[:4] for u in record.area_units)) if g}


def record_sides(record: EventRecord) -> set[str]:
    return {a for a in (record.actor1, record.actor2, *record.assoc_actor1.split("|")) if a}


def filter_options(
    records: Sequence[EventRecord],
    factions: Mapping[str, Faction],
    governorates: Mapping[str, str],
    sources: Mapping[str, Source],
) -> FilterOptions | None:
    """None when there are no records."""
    if not records:
        return None
    sides = set().union(*(record_sides(r) for r in records))
    types = {r.event_type for r in records}
    places = set().union(*(record_governorates(r) for r in records))
    used_sources = {r.source_id for r in records}
    return FilterOptions(
        start=date.fromisoformat(min(r.date_start for r in records)),
        end=date.fromisoformat(max(r.date_end for r in records)),
        factions=tuple([f for f in factions if f in sides] + sorted(sides - set(factions))),
        event_types=tuple([t for t in TYPE_WORDS if t in types] + sorted(types - set(TYPE_WORDS))),
        governorates=tuple([g for g in governorates if g in places] + sorted(places - set(governorates))),
        sources=tuple([s for s in sources if s in used_sources] + sorted(used_sources - set(sources))),
    )


def _date_param(raw: str | None, name: str, notices: list[str]) -> date | None:
    if raw is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        notices.append(f"Ignored “{name}” in the URL: it is not a date written YYYY-MM-DD.")
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        notices.append(f"Ignored “{name}” in the URL: no such day.")
        return None


def filter_from_params(
    params: Mapping[str, str], options: FilterOptions
) -> tuple[EventFilter, tuple[str, ...]]:
    """`?from=&to=&faction=&type=&gov=&source=` (lists comma-separated) -> a filter within the
    options, and notices for what was ignored. Notices never repeat raw values."""
    notices: list[str] = []
    if any(len(v) > MAX_PARAM_LENGTH for v in params.values()):
        return EventFilter(options.start, options.end), ("Ignored the URL's filters: a value is too long.",)
    unknown = sorted(k for k in params if k not in PARAM_NAMES)
    if unknown:
        notices.append(f"Ignored {len(unknown)} unknown URL parameter(s).")
    start = _date_param(params.get("from"), "from", notices) or options.start
    end = _date_param(params.get("to"), "to", notices) or options.end
    if start > end:
        notices.append("Ignored the dates in the URL: “from” is after “to”.")
        start, end = options.start, options.end
    clipped = (max(start, options.start), min(end, options.end))
    if clipped != (start, end):
        notices.append(
            f"Dates in the URL were limited to the records' span ({options.start} to {options.end})."
        )
    start, end = clipped
    if start > end:
        start, end = options.start, options.end

    def chosen(name: str, allowed: Sequence[str]) -> frozenset[str]:
        raw = params.get(name)
        if raw is None:
            return frozenset()
        values = [v.strip() for v in raw.split(",") if v.strip()]
        kept = [v for v in values if v in allowed]
        if len(kept) < len(values):
            notices.append(f"Ignored {len(values) - len(kept)} unknown value(s) of “{name}” in the URL.")
        return frozenset(kept)

    f = EventFilter(
        start=start,
        end=end,
        factions=chosen("faction", options.factions),
        event_types=chosen("type", options.event_types),
        governorates=chosen("gov", options.governorates),
        sources=chosen("source", options.sources),
    )
    return f, tuple(notices)


def filter_to_params(f: EventFilter, options: FilterOptions) -> dict[str, str]:
    """The query parameters that reproduce a filter; what is left at its default is left out."""
    params: dict[str, str] = {}
    if f.start and f.start != options.start:
        params["from"] = f.start.isoformat()
    if f.end and f.end != options.end:
        params["to"] = f.end.isoformat()
    for name, values, order in (
        ("faction", f.factions, options.factions),
        ("type", f.event_types, options.event_types),
        ("gov", f.governorates, options.governorates),
        ("source", f.sources, options.sources),
    ):
        if values:
            params[name] = ",".join(v for v in order if v in values)
    return params


def newest_first(records: Iterable[EventRecord]) -> list[EventRecord]:
    """By end date then start date, newest first; within a day, in text order."""
    ordered = sorted(records, key=lambda r: (r.source_id, r.sentence_start, r.event_id))
    return sorted(ordered, key=lambda r: (r.date_end, r.date_start), reverse=True)


EVENT_TABLE_COLUMNS = [
    "date_start",
    "date_end",
    "type",
    "place",
    "sentence",
    "actor1",
    "actor2",
    "with",
    "governorate",
    "time_precision",
    "geo_precision",
    "source",
    "reviewed",
    "event_id",
]


def event_table(
    records: Sequence[EventRecord],
    factions: Mapping[str, Faction],
    governorates: Mapping[str, str],
    sources: Mapping[str, Source],
) -> pd.DataFrame:
    """One row per record, in the given order, as plain text for a table."""
    rows = []
    for r in records:
        source = sources.get(r.source_id)
        place = r.place or ""
        if r.area_units:
            place += f" ({'whole' if r.coverage == 'whole' else 'part'}, {len(r.area_units)} sub-districts)"
        rows.append(
            {
                "date_start": r.date_start,
                "date_end": r.date_end,
                "time_precision": r.time_precision,
                "type": TYPE_WORDS.get(r.event_type, r.event_type),
                "place": place,
                "geo_precision": "" if r.geo_precision is None else str(r.geo_precision),
                "governorate": ", ".join(governorates.get(g, g) for g in sorted(record_governorates(r))),
                "actor1": side_name(r.actor1, factions) if r.actor1 else "",
                "actor2": side_name(r.actor2, factions) if r.actor2 else "",
                "with": ", ".join(side_name(a, factions) for a in r.assoc_actor1.split("|") if a),
                "sentence": r.sentence,
                "source": source.title if source else r.source_id,
                "reviewed": f"{r.reviewed} by {r.reviewer}" if r.reviewed else "",
                "event_id": r.event_id,
            }
        )
    return pd.DataFrame(rows, columns=EVENT_TABLE_COLUMNS)


# --- Territory ---------------------------------------------------------------------------------


def side_order(factions: Mapping[str, Faction], present: Iterable[str]) -> list[str]:
    """Controllers in the factions table's order, then any others by id, then the units in flux
    (IN_FLUX: changing hands or possibly changed), then unknown."""
    present = set(present)
    known = [f for f in factions if f in present and f != UNKNOWN_ID]
    others = sorted(present - set(factions) - {UNKNOWN_ID, IN_FLUX})
    tail = [c for c in (IN_FLUX, UNKNOWN_ID) if c in present]
    return known + others + tail


def side_label(controller: str, factions: Mapping[str, Faction]) -> str:
    """A controller's name, or what the IN_FLUX share stands for."""
    return IN_FLUX_WORDS if controller == IN_FLUX else side_name(controller, factions)


def area_over_time(timeline: Timeline, days: Sequence[date], factions: Mapping[str, Faction]) -> pd.DataFrame:
    """Long table (date, controller, side, km2, percent): every side that holds ground on any of
    the days gets a row on every day (0 where it holds none), so stacked charts line up. Units
    changing hands or possibly changed are their own row (controller IN_FLUX), not their old
    holder's."""
    tables = {d: timeline.area_by_faction(d).set_index("controller") for d in days}
    present = set().union(*(set(t.index) for t in tables.values())) if tables else set()
    order = side_order(factions, present)
    rows = [
        {
            "date": pd.Timestamp(d),
            "controller": c,
            "side": side_label(c, factions),
            "km2": float(t["km2"].get(c, 0.0)),
            "percent": float(t["percent"].get(c, 0.0)),
        }
        for d, t in tables.items()
        for c in order
    ]
    return pd.DataFrame(rows, columns=["date", "controller", "side", "km2", "percent"])


def share_table(timeline: Timeline, start: date, end: date, factions: Mapping[str, Faction]) -> pd.DataFrame:
    """Per side: km² and % of Syria on both dates, and the change in percentage points; units
    not settled on a date are their own row (IN_FLUX)."""
    a = timeline.area_by_faction(start).set_index("controller")
    b = timeline.area_by_faction(end).set_index("controller")
    rows = []
    for c in side_order(factions, set(a.index) | set(b.index)):
        pa, pb = float(a["percent"].get(c, 0.0)), float(b["percent"].get(c, 0.0))
        rows.append(
            {
                "side": side_label(c, factions),
                "km2_start": float(a["km2"].get(c, 0.0)),
                "percent_start": pa,
                "km2_end": float(b["km2"].get(c, 0.0)),
                "percent_end": pb,
                "change_points": round(pb - pa, 2),
            }
        )
    return pd.DataFrame(
        rows, columns=["side", "km2_start", "percent_start", "km2_end", "percent_end", "change_points"]
    )


@dataclass(frozen=True)
class UnitChange:
    """A sub-district whose controller or status differs between two dates, and why."""

    adm3_id: str
    name: str
    district: str
    governorate: str
    from_controller: str
    from_status: str
    to_controller: str  # the holder on the end date
    to_status: str
    incoming: str  # possibly changed/changing: the side taking it; contested: the rival; else ""
    kind: str  # changed hands | possibly changed | changing hands | contested | settled | first known holder
    area_km2: float
    evidence: tuple[str, ...]
    first_sentence: str  # the newest excerpt's sentence, or the baseline's basis
    first_link: str = ""  # the Sources page at that sentence ("" for the baseline)

    @property
    def still_open(self) -> bool:
        """Still possibly changed, changing hands or contested on the end date."""
        return self.kind in OPEN_KINDS and bool(self.incoming)

    @property
    def shown_side(self) -> str:
        """The side whose colour the change map fills the unit with."""
        return self.incoming if self.still_open else self.to_controller


def change_kind(from_controller: str, to_controller: str, to_status: str) -> str:
    if from_controller != to_controller:
        return "first known holder" if from_controller == UNKNOWN_ID else "changed hands"
    if to_status in ("possible", "changing", "contested"):
        return STATUS_WORDS[to_status]
    return "settled"


def unit_changes(timeline: Timeline, start: date, end: date) -> list[UnitChange]:
    """The units `Timeline.changes_between` lists, largest first, with names and first evidence."""
    changes = timeline.changes_between(start, end)
    states = timeline.states_at(end)
    out = []
    for row in changes.itertuples():
        name, district, governorate = timeline.unit_names[row.adm3_id]
        evidence = tuple(row.evidence)
        first = next((timeline.records_by_id[e] for e in evidence if e in timeline.records_by_id), None)
        if first is not None:
            sentence, link = first.sentence, source_link(first.source_id, first.sentence_start)
        elif (lid := next((e for e in evidence if e in timeline.background_labels), None)) and (
            background := timeline.background_row(row.adm3_id, lid, end)
        ):
            # The baseline's or a dated layer's row (the fall of Assad, a snapshot): its basis.
            label = "Baseline" if lid == BASELINE_ID else background.label
            sentence, link = f"{label}: {background.basis}", ""
        else:
            sentence, link = "", ""
        out.append(
            UnitChange(
                adm3_id=row.adm3_id,
                name=name,
                district=district,
                governorate=governorate,
                from_controller=row.from_controller,
                from_status=row.from_status,
                to_controller=row.to_controller,
                to_status=row.to_status,
                incoming=states[row.adm3_id].to_controller,
                kind=change_kind(row.from_controller, row.to_controller, row.to_status),
                area_km2=float(row.area_km2),
                evidence=evidence,
                first_sentence=sentence,
                first_link=link,
            )
        )
    return sorted(out, key=lambda c: (-c.area_km2, c.adm3_id))


def _state_words(controller: str, status: str, incoming: str, factions: Mapping[str, Faction]) -> str:
    words = side_name(controller, factions)
    if status == "changing" and incoming:
        return f"{words} (changing hands to {side_name(incoming, factions)})"
    if status == "possible" and incoming:
        return f"{words} (possibly changed to {side_name(incoming, factions)})"
    if status == "contested" and incoming:
        return f"{words} (contested by {side_name(incoming, factions)})"
    return words


def change_table(changes: Sequence[UnitChange], factions: Mapping[str, Faction]) -> pd.DataFrame:
    rows = [
        {
            "sub-district": c.name,
            "district": c.district,
            "governorate": c.governorate,
            "change": c.kind,
            "from": _state_words(c.from_controller, c.from_status, "", factions)
            + ("" if c.from_status == "settled" else f" ({STATUS_WORDS[c.from_status]})"),
            "to": _state_words(c.to_controller, c.to_status, c.incoming, factions),
            "km2": c.area_km2,
            "evidence": " ".join(c.evidence),
            "first excerpt": c.first_sentence,
            "read": c.first_link,
            "adm3_id": c.adm3_id,
        }
        for c in changes
    ]
    columns = [
        "sub-district",
        "district",
        "governorate",
        "change",
        "from",
        "to",
        "km2",
        "evidence",
        "first excerpt",
        "read",
        "adm3_id",
    ]
    return pd.DataFrame(rows, columns=columns)


def change_styles(changes: Iterable[UnitChange], factions: Mapping[str, Faction]) -> dict[str, dict]:
    """Leaflet path styles for the units that changed: filled by the new holder's colour (by the
    incoming or rival side's, lighter and dashed, while a unit is still changing or contested)."""

    def colour(side: str) -> str:
        return factions[side].colour if side in factions else UNCHANGED_STYLE["fillColor"]

    styles = {}
    for c in changes:
        if c.still_open:
            styles[c.adm3_id] = {
                "fillColor": colour(c.shown_side),
                "fillOpacity": 0.5,
                "color": "#333333",
                "weight": 1.2,
                "dashArray": "4 3",
            }
        else:
            styles[c.adm3_id] = {
                "fillColor": colour(c.shown_side),
                "fillOpacity": 0.85,
                "color": "#222222",
                "weight": 1.2,
            }
    return styles


# --- Method and data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MethodFacts:
    """Counts the Method page quotes, all computed from the data in use."""

    units: int
    baseline_rows: int
    baseline_confidence: dict[str, int]
    baseline_by_controller: dict[str, int]
    split_units: list[tuple[str, str, str, str]]  # (adm3 name, governorate, controller, controller2)
    records: int
    sources: int
    by_type: dict[str, int]
    by_geo_precision: dict[str, int]  # "1", "2", "3", "none"
    by_time_precision: dict[int, int]
    colouring_records: int
    coloured_units: int
    area_whole: int
    area_part: int
    umbrella: dict[str, str]


def method_facts(
    timeline: Timeline, sources: Mapping[str, Source], factions: Mapping[str, Faction]
) -> MethodFacts:
    territorial = {f for f, x in factions.items() if x.territorial and f != UNKNOWN_ID}
    known = set(timeline.unit_ids)
    records = timeline.records
    claims = {r.event_id: claims_of(r, known, territorial) for r in records}
    baseline = timeline.baseline
    confidence = Counter(row.confidence for row in baseline.values())
    split = sorted(
        (row.adm3_name, timeline.unit_names.get(u, ("", "", ""))[2], row.controller, row.controller2 or "")
        for u, row in baseline.items()
        if row.controller2
    )
    areas = [r for r in records if r.area_units and r.event_type in COLOURING_TYPES]
    return MethodFacts(
        units=len(timeline.unit_ids),
        baseline_rows=len(baseline),
        baseline_confidence={level: confidence.get(level, 0) for level in ("high", "medium", "low")},
        baseline_by_controller=dict(Counter(row.controller for row in baseline.values()).most_common()),
        split_units=split,
        records=len(records),
        sources=len({r.source_id for r in records} | set(sources)),
        by_type={t: n for t in TYPE_WORDS if (n := sum(r.event_type == t for r in records))},
        by_geo_precision={
            k: n
            for k in ("1", "2", "3", "none")
            if (n := sum(("none" if r.geo_precision is None else str(r.geo_precision)) == k for r in records))
        },
        by_time_precision={p: n for p in (1, 2, 3) if (n := sum(r.time_precision == p for r in records))},
        colouring_records=sum(bool(c) for c in claims.values()),
        coloured_units=len({c.unit for cs in claims.values() for c in cs}),
        area_whole=sum(r.coverage == "whole" for r in areas),
        area_part=sum(r.coverage != "whole" for r in areas),
        umbrella=dict(timeline.umbrella),
    )


def town_claim_example(timeline: Timeline, factions: Mapping[str, Faction]) -> tuple[EventRecord, str] | None:
    """A record that colours a sub-district from a town in it, and that sub-district's name: the
    newest whose town is named unlike its sub-district (the clearest example), else the newest."""
    territorial = {f for f, x in factions.items() if x.territorial and f != UNKNOWN_ID}
    known = set(timeline.unit_ids)
    found = [
        (r, timeline.unit_names[r.admin3][0])
        for r in newest_first(timeline.records)
        if r.geo_precision in (1, 2) and claims_of(r, known, territorial)
    ]
    unlike = [(r, unit) for r, unit in found if r.place.casefold() != unit.casefold()]
    return (unlike or found or [None])[0]


# Date words the Method page resolves live, to show each time precision and how ranges are read.
DATE_EXAMPLE_PHRASES = (
    "yesterday",
    "on Sunday",
    "on Dec. 2, 2024",
    "last week",
    "in recent days",
    "two weeks ago",
    "last month",
    "in 2016",
    "since 2020",
)
# A made-up report (not in the data), run through the extractor on the Method page so that its
# examples always show what the rules do now.
EXAMPLE_TITLE = "Example report (made up for this page)"
EXAMPLE_BODY = (
    "Government forces recaptured the town of Saraqib on Sunday, a war monitor said.\n"
    "Clashes were reported near Morek last week.\n"
    "Rebels took control of all of Daraa province in recent days.\n"
    "The army said it still controls Homs."
)


@dataclass(frozen=True)
class DateExample:
    phrase: str
    start: date
    end: date
    precision: int
    basis: str


def date_examples(published: date, phrases: Iterable[str] = DATE_EXAMPLE_PHRASES) -> list[DateExample]:
    """Each phrase, in a sentence of its own, resolved against `published` by `geo.dates`; phrases
    the resolver does not read (or drops, e.g. future words) are left out."""
    from geo.dates import find_dates

    out = []
    for phrase in phrases:
        sentence = f"It happened {phrase}."
        found = [m for m in find_dates(sentence, published) if m.text == phrase]
        if found:
            r = found[0].range
            out.append(DateExample(phrase, r.start, r.end, r.precision, r.basis))
    return out


def example_source(published: date) -> Source:
    return Source(
        source_id="method-example",
        title=EXAMPLE_TITLE,
        text=f"{EXAMPLE_TITLE}\n{EXAMPLE_BODY}",
        published=published,
        published_basis="made up for the Method page",
    )
