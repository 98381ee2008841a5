"""Event records: the ACLED-style row each happening in an article becomes, and its exports.

The field order below is the export column order (CSV, JSON, GeoJSON properties). ACLED's own
names map one to one: event_date <- date_start/date_end, location <- place, source <- source_id,
assoc_actor_1 <- assoc_actor1.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, fields
from typing import Any

UNLISTED_PREFIX = "unlisted:"
# The kinds of happening a record can be (geo/extract/triggers.py makes them; reviewers may set them).
EVENT_TYPES = (
    "captured",
    "airstrike",
    "offensive",
    "clashes",
    "withdrawal",
    "control_claim",
    "statement",
    "other",
)


@dataclass(frozen=True)
class EventRecord:
    # identity and source
    event_id: str
    source_id: str
    sentence: str
    sentence_start: int
    sentence_end: int
    mention: str  # the place words as written ("" when the happening names no place)
    mention_start: int | None
    mention_end: int | None
    # place
    place: str
    place_id: str
    latitude: float | None
    longitude: float | None
    geo_precision: int | None  # 1 town, 2 near a town, 3 region; None: no Syrian place
    admin1: str
    admin1_name: str
    admin2: str
    admin2_name: str
    admin3: str
    admin3_name: str
    area_adm3: str  # for area places: the sub-district P-codes covered, "|"-separated
    coverage: str  # for area places: "whole" (e.g. "all of Idlib province") or "part"
    # time
    date_start: str  # YYYY-MM-DD, inclusive
    date_end: str
    time_precision: int  # 1 day, 2 about a week, 3 a month or longer
    date_basis: str
    # what and who
    event_type: str
    trigger: str  # the words that decided the event type
    actor1: str
    actor2: str
    assoc_actor1: str
    actor1_text: str
    actor2_text: str
    notes: str
    # what people made of it (geo/reviews.py): "", "confirmed", "corrected" or "rejected", and who
    # decided last; set when reviews are applied, never stored with the machine's record
    reviewed: str = ""
    reviewer: str = ""

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_unlisted(self) -> bool:
        """A name the gazetteer lacks, placed at the area its context gives ("unlisted:<slug>@<area>"):
        its point is that area's, not the place's own."""
        return self.place_id.startswith(UNLISTED_PREFIX)

    @property
    def area_units(self) -> tuple[str, ...]:
        return tuple(self.area_adm3.split("|")) if self.area_adm3 else ()

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


COLUMNS: list[str] = [f.name for f in fields(EventRecord)]
REVIEW_COLUMNS = ("reviewed", "reviewer")
# What the extractor makes and the store keeps; the review columns are derived on reading.
STORED_COLUMNS: list[str] = [c for c in COLUMNS if c not in REVIEW_COLUMNS]


def from_row(row: dict[str, Any]) -> EventRecord:
    return EventRecord(**{name: row[name] for name in STORED_COLUMNS})


def to_csv(records: list[EventRecord]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(record.as_dict())
    return out.getvalue()


def to_json(records: list[EventRecord]) -> str:
    return json.dumps([r.as_dict() for r in records], ensure_ascii=False, indent=1)


def to_geojson(records: list[EventRecord]) -> str:
    """A FeatureCollection; records with no point have `geometry: null`, as RFC 7946 allows."""
    features = [
        {
            "type": "Feature",
            "id": r.event_id,
            "geometry": {"type": "Point", "coordinates": [r.longitude, r.latitude]} if r.has_point else None,
            "properties": r.as_dict(),
        }
        for r in records
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
