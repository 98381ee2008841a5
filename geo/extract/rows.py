"""The record a happening gives at a place: its id, place words and notes, the ACLED-style row."""

import hashlib
from bisect import bisect_right

from geo.extract.context import _NEAR, _WHOLE, Happening
from geo.extract.sentences import Sentence
from geo.extract.triggers import Trigger
from geo.gazetteer import LEVEL_NAMES, Place, PlaceMention
from geo.records import EventRecord
from geo.sources import Source


def _event_id(source: Source, sentence: Sentence, trigger: Trigger, place_id: str) -> str:
    key = f"{source.sha256}|{sentence.start + trigger.start}|{trigger.event_type}|{place_id}"
    return "ev-" + hashlib.sha1(key.encode()).hexdigest()[:14]


_LOCATING_ROLES = frozenset({"reference", "locator"})


def _event_places(mentions: list[PlaceMention], body: int) -> list[PlaceMention]:
    """Mentions in the body that may carry an event or say where one is: not a dateline, an
    organisation's name or a capital standing for its government (`PlaceMention.role`).
    Reference points and locators stay, so that a record can say what was only a landmark."""
    return [m for m in mentions if m.start >= body and (m.may_carry_event or m.role in _LOCATING_ROLES)]


def _place_notes(m: PlaceMention | None) -> list[str]:
    """How the gazetteer placed a name it does not list ("not in the gazetteer; placed at ..."),
    or read a spelling it does not list exactly (a fuzzy match, with its score)."""
    if m is None:
        return []
    notes = [m.note] if m.note else []
    if not m.alternatives and ("fuzzy spelling match" in m.rule or m.rule.startswith("name of a village")):
        notes.append(f'"{m.text}" read as {m.place.name}: {m.rule}')
    return notes


def _geo_precision(m: PlaceMention, sentence: str) -> int:
    if m.place.is_unlisted:
        return m.place.geo_precision or 3
    if m.place.is_area:
        return 3
    return 2 if _NEAR.search(sentence[max(0, m.start - 40) : m.start]) else 1


def _record_place_name(place: Place) -> str:
    """An admin area is named with its level ("Idleb governorate"): the same word names a city
    and its governorate, and a reader of the record must know which one was meant."""
    level = LEVEL_NAMES.get(place.kind)
    return f"{place.name} {level}" if level else place.name


def _record(source: Source, s: Sentence, h: Happening, m: PlaceMention | None) -> EventRecord:
    t = h.trigger
    r = h.date_range
    assert r is not None
    place = m.place if m else None
    notes = list(h.notes)
    coverage = ""
    if m and place and place.is_area:
        coverage = "whole" if _WHOLE.search(s.text[max(0, m.start - 25) : m.start]) else "part"
    if m and m.rule.startswith("anaphor: "):
        notes.append(m.rule.removeprefix("anaphor: "))
    if m and m.alternatives:
        notes.append(
            f'"{m.text}" read as {place.name} ({place.kind}; {m.rule}); could also be: '
            + ", ".join(f"{p.name} ({LEVEL_NAMES.get(p.kind, p.kind)})" for p in m.alternatives[:3])
        )
    notes.extend(_place_notes(m))
    assoc = sorted({a.actor for a in h.assoc} - {h.actor1_id, h.actor2_id})
    return EventRecord(
        event_id=_event_id(source, s, t, place.place_id if place else ""),
        source_id=source.source_id,
        sentence=s.text,
        sentence_start=s.start,
        sentence_end=s.end,
        mention=m.text if m else "",
        mention_start=s.start + m.start if m else None,
        mention_end=s.start + m.end if m else None,
        place=_record_place_name(place) if place else "",
        place_id=place.place_id if place else "",
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        geo_precision=_geo_precision(m, s.text) if m and place else None,
        admin1=(place.admin1 or "") if place else "",
        admin1_name=(place.admin1_name or "") if place else "",
        admin2=(place.admin2 or "") if place else "",
        admin2_name=(place.admin2_name or "") if place else "",
        admin3=(place.admin3 or "") if place else "",
        admin3_name=(place.admin3_name or "") if place else "",
        area_adm3="|".join(place.area_adm3) if place and place.is_area else "",
        coverage=coverage,
        date_start=r.start.isoformat(),
        date_end=r.end.isoformat(),
        time_precision=r.precision,
        date_basis=r.basis,
        event_type=t.event_type,
        trigger=t.text,
        actor1=h.actor1_id,
        actor2=h.actor2_id,
        assoc_actor1="|".join(assoc),
        actor1_text=h.actor1.text if h.actor1 else "",
        actor2_text=h.actor2.text if h.actor2 else "",
        notes="; ".join(notes),
    )


def _bucket(items: list, starts: list[int], sentence: Sentence) -> list:
    lo = bisect_right(starts, sentence.start - 1)
    hi = bisect_right(starts, sentence.end - 1)
    return [x for x in items[lo:hi] if x.end <= sentence.end]
