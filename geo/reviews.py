"""Reviews: a person's verdict on one machine-made event record, kept beside it, never over it.

A review confirms, rejects or corrects a record, named by its event id. A correction is stored as
`{field: [old, new]}`, so the extractor's record stays as it was made and the change can be read,
audited and undone. The id does not name the extractor (geo/extract/rows.py: it hashes the text,
the trigger's offset, its type and the place), so a record that a newer extractor makes again gets
the same reviews; a review whose record is gone is kept and reported as such (`orphaned`).

`apply_reviews` is the only place where reviews meet records: the store calls it on every read, so
the timeline, the dashboard, the exports and the command line all see reviewed records, and
rejected ones colour nothing. A place correction carries the place's point and admin units,
looked up in the gazetteer when the review is made, so applying it needs no gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from geo.errors import FrontlinesError
from geo.records import EVENT_TYPES, EventRecord

ACTIONS = ("confirm", "reject", "correct")
# What a reviewer may set, by name (the command line's `--set FIELD=VALUE`).
CORRECTABLE = ("place_id", "event_type", "actor1", "actor2", "date_start", "date_end")
# A place correction also sets these, from the gazetteer's entry for the new place.
PLACE_FIELDS = (
    "place",
    "place_id",
    "latitude",
    "longitude",
    "geo_precision",
    "admin1",
    "admin1_name",
    "admin2",
    "admin2_name",
    "admin3",
    "admin3_name",
    "area_adm3",
    "coverage",
)
DATE_FIELDS = ("date_start", "date_end", "time_precision", "date_basis")
STATUS_OF = {"confirm": "confirmed", "reject": "rejected", "correct": "corrected"}
MAX_REVIEWER = 80
MAX_REASON = 1000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ReviewError(FrontlinesError, ValueError):
    """A review cannot be made as asked; the message names the record or field and the problem."""


def reviewer_name(raw: object) -> str:
    """A reviewer's name as typed, checked: one line, not empty, at most MAX_REVIEWER characters.

    Names are shown to other reviewers, so they are escaped wherever they appear; this only keeps
    out what no name contains (line breaks, control characters) and what is no name at all.
    """
    name = " ".join(str(raw or "").split())
    if not name:
        raise ReviewError("reviewer: a name is needed (who made this review?)")
    if len(name) > MAX_REVIEWER:
        raise ReviewError(f"reviewer: {len(name)} characters; at most {MAX_REVIEWER}")
    if _CONTROL.search(name):
        raise ReviewError("reviewer: the name contains control characters")
    return name


def reason_text(raw: object) -> str:
    reason = str(raw or "").strip()
    if len(reason) > MAX_REASON:
        raise ReviewError(f"reason: {len(reason)} characters; at most {MAX_REASON}")
    if _CONTROL.search(reason.replace("\n", " ").replace("\t", " ")):
        raise ReviewError("reason: the text contains control characters")
    return reason


@dataclass(frozen=True)
class NewReview:
    """A review as a person makes it, before the store numbers and dates it."""

    event_id: str
    action: str
    reviewer: str
    changes: Mapping[str, tuple[Any, Any]] = field(default_factory=dict)
    reason: str = ""

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ReviewError(
                f"review of {self.event_id}: action {self.action!r} is not one of {', '.join(ACTIONS)}"
            )
        if (self.action == "correct") != bool(self.changes):
            raise ReviewError(
                f"review of {self.event_id}: only a correction carries changed fields, and it must"
            )
        object.__setattr__(self, "reviewer", reviewer_name(self.reviewer))
        object.__setattr__(self, "reason", reason_text(self.reason))


@dataclass(frozen=True)
class Review:
    """A stored review: numbered in the order made, with the record's source and the time (UTC)."""

    review_id: int
    event_id: str
    source_id: str
    action: str
    reviewer: str
    reviewed_at: str  # ISO 8601, UTC
    changes: Mapping[str, tuple[Any, Any]]
    reason: str

    @property
    def status(self) -> str:
        return STATUS_OF[self.action]

    def changed_fields(self) -> list[str]:
        """The fields a person set (a place correction's derived fields are not listed)."""
        return [f for f in CORRECTABLE if f in self.changes]


# --- making a correction ------------------------------------------------------------------------


def parse_assignments(items: Iterable[str], option: str = "--set") -> dict[str, str]:
    """`FIELD=VALUE` words (the command line's) -> {field: value}; unknown fields are refused."""
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep:
            raise ReviewError(f"{option}: {item!r} is not FIELD=VALUE")
        if name not in CORRECTABLE:
            raise ReviewError(f"{option}: {name!r} cannot be corrected; fields: {', '.join(CORRECTABLE)}")
        if name in values:
            raise ReviewError(f"{option}: {name} is given twice")
        values[name] = value.strip()
    return values


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ReviewError(f"{name}: {value!r} is not a date written YYYY-MM-DD") from None


def _time_precision(start: date, end: date) -> int:
    """The record's own scale (geo/records.py): 1 a day, 2 about a week, 3 longer."""
    days = (end - start).days
    return 1 if days == 0 else 2 if days <= 7 else 3


def _place_values(place: Any, record: EventRecord) -> dict[str, Any]:
    from geo.gazetteer import LEVEL_NAMES

    level = LEVEL_NAMES.get(place.kind)
    is_area = bool(place.area_adm3)
    return {
        "place": f"{place.name} {level}" if level else place.name,
        "place_id": place.place_id,
        "latitude": None if is_area else place.latitude,
        "longitude": None if is_area else place.longitude,
        # A person named the place: as exact as the place itself (a town, or an area).
        "geo_precision": 3 if is_area else 1,
        "admin1": place.admin1 or "",
        "admin1_name": place.admin1_name or "",
        "admin2": place.admin2 or "",
        "admin2_name": place.admin2_name or "",
        "admin3": place.admin3 or "",
        "admin3_name": place.admin3_name or "",
        "area_adm3": "|".join(place.area_adm3) if is_area else "",
        "coverage": (record.coverage or "whole") if is_area else "",
    }


def correction(
    record: EventRecord,
    values: Mapping[str, str],
    *,
    places: Any,
    sides: Iterable[str],
) -> dict[str, tuple[Any, Any]]:
    """The changes that set `values` on `record`, checked: {field: (old, new)}, only what differs.

    `places` is the gazetteer (its `get(place_id)` finds a place, in Syria, by id); `sides` the
    faction ids a record may name ("" clears a side).
    """
    unknown = sorted(set(values) - set(CORRECTABLE))
    if unknown:
        raise ReviewError(f"{unknown[0]}: cannot be corrected; fields: {', '.join(CORRECTABLE)}")
    new: dict[str, Any] = {}
    if "place_id" in values:
        try:
            place = places.get(values["place_id"])
        except KeyError:
            raise ReviewError(f"place_id: no place {values['place_id']!r} in the gazetteer") from None
        if not place.in_syria or (place.latitude is None and not place.area_adm3):
            raise ReviewError(
                f"place_id: {place.name} ({place.place_id}) is not a place in Syria the map can show"
            )
        new |= _place_values(place, record)
    if "event_type" in values:
        if values["event_type"] not in EVENT_TYPES:
            raise ReviewError(f"event_type: {values['event_type']!r} is not one of {', '.join(EVENT_TYPES)}")
        new["event_type"] = values["event_type"]
    known = set(sides)
    for side in ("actor1", "actor2"):
        if side in values:
            if values[side] and values[side] not in known:
                raise ReviewError(f"{side}: {values[side]!r} is not a side in data/factions.csv")
            new[side] = values[side]
    if "date_start" in values or "date_end" in values:
        start = _day(values.get("date_start", record.date_start), "date_start")
        end = _day(values.get("date_end", record.date_end), "date_end")
        if start > end:
            raise ReviewError(f"date_start {start} is after date_end {end}")
        new |= {
            "date_start": start.isoformat(),
            "date_end": end.isoformat(),
            "time_precision": _time_precision(start, end),
            "date_basis": "set by a reviewer",
        }
    changes = {k: (getattr(record, k), v) for k, v in new.items() if getattr(record, k) != v}
    if not any(k in CORRECTABLE for k in changes):
        raise ReviewError(f"review of {record.event_id}: the record already says that; nothing to correct")
    return changes


# --- applying reviews ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What the reviews of one record come to: its status, who decided last, the fields set."""

    status: str  # "confirmed", "corrected" or "rejected"
    reviewer: str
    values: Mapping[str, Any]


def verdicts(reviews: Iterable[Review]) -> dict[str, Verdict]:
    """Per event id, in the order the reviews were made: corrections add up, the last word
    decides rejection (a confirmation after a rejection restores the record)."""
    out: dict[str, Verdict] = {}
    for review in sorted(reviews, key=lambda r: r.review_id):
        before = out.get(review.event_id)
        values = dict(before.values) if before else {}
        values |= {k: new for k, (_, new) in review.changes.items()}
        status = "rejected" if review.action == "reject" else "corrected" if values else "confirmed"
        out[review.event_id] = Verdict(status, review.reviewer, values)
    return out


def apply_reviews(
    records: Sequence[EventRecord], reviews: Iterable[Review], *, include_rejected: bool = False
) -> list[EventRecord]:
    """The records as reviewed: corrections applied, `reviewed`/`reviewer` set, rejected ones left
    out unless asked for."""
    by_event = verdicts(reviews)
    if not by_event:
        return list(records)
    out = []
    for record in records:
        verdict = by_event.get(record.event_id)
        if verdict is None:
            out.append(record)
            continue
        if verdict.status == "rejected" and not include_rejected:
            continue
        out.append(replace(record, **verdict.values, reviewed=verdict.status, reviewer=verdict.reviewer))
    return out


def orphaned(reviews: Iterable[Review], event_ids: Iterable[str]) -> list[Review]:
    """Reviews whose record is no longer stored (a newer extractor did not make it again)."""
    present = set(event_ids)
    return [r for r in reviews if r.event_id not in present]


def describe(review: Review) -> str:
    """One line for people: what was done, by whom, when, and why (plain text; escape to show)."""
    what = review.status
    if review.action == "correct":
        what += " " + ", ".join(
            f"{f} {review.changes[f][0]!s} → {review.changes[f][1]!s}" for f in review.changed_fields()
        )
    line = f"{what} by {review.reviewer} on {review.reviewed_at[:16].replace('T', ' ')} UTC"
    return f"{line}: {review.reason}" if review.reason else line
