"""What every store backend decides alike: what an ingest does, how a source and a review are kept
in a row, and the spatial filters.

The backends (geo/store/sqlite.py, geo/store/postgres.py) differ in how they lock, write and query;
what an ingest means (unchanged, a new description, or new records), what a review row holds and
which records lie in a sub-district or a map view is decided here once, so the two cannot drift
apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from geo.records import EventRecord
from geo.reviews import NewReview, Review
from geo.sources import Source

# The `sources` table's columns, in the order of both backends' first migration.
SOURCE_COLUMNS = (
    "source_id",
    "sha256",
    "extractor",
    "title",
    "outlet",
    "url",
    "published",
    "published_basis",
    "text",
    "path",
    "ingested_at",
)


def source_row(source: Source, extractor: str, ingested_at: float) -> tuple[Any, ...]:
    """A source as the values of a `sources` row, in SOURCE_COLUMNS order."""
    return (
        source.source_id,
        source.sha256,
        extractor,
        source.title,
        source.outlet,
        source.url,
        source.published.isoformat(),
        source.published_basis,
        source.text,
        source.path,
        ingested_at,
    )


def source_of(row: Mapping[str, Any]) -> Source:
    """A `sources` row (any mapping by column name) as a Source."""
    return Source(
        source_id=row["source_id"],
        title=row["title"],
        text=row["text"],
        published=date.fromisoformat(row["published"]),
        published_basis=row["published_basis"],
        outlet=row["outlet"],
        url=row["url"],
        path=row["path"],
    )


# What describes a source without changing its records (its text, extractor and publication day
# do): an outlet or URL found later updates these alone.
METADATA = ("title", "outlet", "url", "published_basis")


def metadata_of(source: Source) -> tuple[str | None, ...]:
    return (source.title, source.outlet, source.url, source.published_basis)


@dataclass(frozen=True)
class Plan:
    """What one ingest does to the store, decided from the rows that share its name or text.

    `action` is "unchanged" or "metadata updated" (both keep `kept`'s records), or "added" /
    "replaced" (the rows in `remove` go, the new source and its records come in).
    """

    action: str
    kept: str | None = None
    remove: tuple[str, ...] = ()


def plan_ingest(old: Sequence[Mapping[str, object]], source: Source, extractor: str) -> Plan:
    """Decide an ingest from `old`: the stored sources with the same id or the same text hash,
    each with `source_id`, `sha256`, `extractor`, `published` and the METADATA columns."""
    same = [
        r
        for r in old
        if r["sha256"] == source.sha256
        and r["extractor"] == extractor
        # Relative dates are read against the publication day: a new one re-extracts.
        and r["published"] == source.published.isoformat()
    ]
    if same and len(old) == 1:
        kept = old[0]
        if tuple(kept[c] for c in METADATA) == metadata_of(source):
            return Plan("unchanged", str(kept["source_id"]))
        # Same text, same records, new description (an outlet or URL found later): the records
        # stand, the description is replaced, and views see a new generation.
        return Plan("metadata updated", str(kept["source_id"]))
    return Plan("replaced" if old else "added", remove=tuple(str(r["source_id"]) for r in old))


def check_ingest(source: Source, records: Sequence[EventRecord], reviews: Sequence[NewReview]) -> None:
    """Refuse, before anything is written, records sharing an id and reviews of no record."""
    from geo.store.sqlite import StoreError

    ids = [r.event_id for r in records]
    if len(ids) != len(set(ids)):
        raise StoreError(
            f"{source.path or source.source_id}: the extractor gave two records the same event id"
        )
    strays = sorted({r.event_id for r in reviews} - set(ids))
    if strays:
        raise StoreError(f"{source.path or source.source_id}: a review names no record of it ({strays[0]})")


# --- reviews as rows -------------------------------------------------------------------------------


def now_utc() -> str:
    """When a review is made or undone: ISO 8601, UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def changes_json(review: NewReview) -> str:
    return json.dumps({k: list(v) for k, v in review.changes.items()}, ensure_ascii=False)


def stored_review(review: NewReview, review_id: int, source_id: str, at: str) -> Review:
    return Review(
        review_id,
        review.event_id,
        source_id,
        review.action,
        review.reviewer,
        at,
        dict(review.changes),
        review.reason,
    )


def review_of(row: Mapping[str, Any]) -> Review:
    return Review(
        review_id=int(row["review_id"]),
        event_id=row["event_id"],
        source_id=row["source_id"],
        action=row["action"],
        reviewer=row["reviewer"],
        reviewed_at=row["reviewed_at"],
        changes={k: tuple(v) for k, v in json.loads(row["changes"]).items()},
        reason=row["reason"],
    )


# --- the spatial filters, as the SQLite backend runs them in Python (PostgreSQL runs them in SQL)


def in_units(records: Iterable[EventRecord], adm3_ids: Iterable[str]) -> list[EventRecord]:
    """The records placed in one of `adm3_ids`: by their point's sub-district, or by an area that
    covers it."""
    wanted = set(adm3_ids)
    return [r for r in records if r.admin3 in wanted or wanted.intersection(r.area_units)]


@dataclass(frozen=True)
class BBox:
    """A map view in degrees (WGS 84); edges are inside. West > east is refused, not wrapped:
    Syria is far from the antimeridian."""

    west: float
    south: float
    east: float
    north: float

    def __post_init__(self) -> None:
        from geo.store.sqlite import StoreError

        if not (self.west <= self.east and self.south <= self.north):
            raise StoreError(
                f"bounding box {self.west},{self.south},{self.east},{self.north}: "
                "west must not exceed east, nor south north"
            )

    def holds(self, record: EventRecord) -> bool:
        return (
            record.has_point
            and self.west <= record.longitude <= self.east  # type: ignore[operator]
            and self.south <= record.latitude <= self.north  # type: ignore[operator]
        )


def in_bbox(records: Iterable[EventRecord], box: BBox) -> list[EventRecord]:
    """The records whose point lies in `box`."""
    return [r for r in records if box.holds(r)]
