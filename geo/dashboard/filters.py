"""The Events table's filters: an `EventFilter` and the records that match every criterion."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from geo.records import EventRecord


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
