"""The event store seam: what callers use (`EventStore`), and how a store is found and opened.

Callers name a store by a location (`parse_store_location`: a SQLite path or `sqlite://` URL, or a
`postgresql://` URL) and open it with `open_store`, or `open_reader` when they only read (the
dashboard, on every rerun). The location chooses the backend: `Store` (geo/store/sqlite.py, the
default, one file) or `PostgresStore` (geo/store/postgres.py, a team's shared PostgreSQL/PostGIS
database). Both implement `EventStore`; what an ingest decides is shared (geo/store/common.py),
and each has its schema history in geo/store/migrations/ (PostgreSQL's in its `postgres/` folder).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from geo.records import EventRecord
from geo.reviews import NewReview, Review
from geo.sources import Source, SourceKey
from geo.store.common import BBox
from geo.store.location import PostgresLocation, StoreLocation, parse_store_location
from geo.store.sqlite import SCHEMA_VERSION, IngestResult, Store, StoreBehind, StoreError, StoreUnavailable

__all__ = [
    "SCHEMA_VERSION",
    "BBox",
    "EventStore",
    "IngestResult",
    "PostgresLocation",
    "Store",
    "StoreError",
    "StoreLocation",
    "StoreUnavailable",
    "open_reader",
    "open_store",
    "parse_store_location",
]


class EventStore(Protocol):
    """What the CLI, the timeline and the dashboard use of a store."""

    path: Path | PostgresLocation  # what messages name the store by (a password masked)
    readonly: bool

    def ingest(
        self, source: Source, records: list[EventRecord], extractor: str, reviews: Sequence[NewReview] = ()
    ) -> IngestResult:
        """Store a source, its records and reviews made before saving, in one transaction,
        replacing its earlier version (reviews of the earlier version's records stay)."""
        ...

    def add_review(self, review: NewReview) -> Review:
        """Store a review of a stored record (geo/reviews.py); a new generation."""
        ...

    def undo_last_review(self, reviewer: str | None = None) -> Review | None: ...

    def remove_source(self, source_id: str) -> int:
        """Remove a source with its records and their reviews; the number of records removed."""
        ...

    def ingest_many(
        self, items: Sequence[tuple[Source, list[EventRecord]]], extractor: str
    ) -> list[IngestResult]:
        """`ingest` for each (source, records), all in ONE transaction (a bulk ingest's batch)."""
        ...

    def source_keys(self, extractor: str) -> dict[str, SourceKey]:
        """source id -> `SourceKey` of each source `extractor` made: what a re-ingest compares."""
        ...

    def generation(self) -> int:
        """A number that changes whenever the content does: the key of every cache built from it."""
        ...

    def events(self, source_id: str | None = None, *, include_rejected: bool = False) -> list[EventRecord]:
        """Records with their reviews applied (geo/reviews.apply_reviews)."""
        ...

    def machine_events(self, source_id: str | None = None) -> list[EventRecord]: ...

    def event(self, event_id: str) -> EventRecord | None: ...

    def reviews(self, event_id: str | None = None, source_id: str | None = None) -> list[Review]: ...

    def source_by_sha256(self, sha256: str) -> Source | None: ...

    def sources(self) -> list[Source]: ...

    def source(self, source_id: str) -> Source | None: ...

    def snapshot(self) -> tuple[list[Source], list[EventRecord]]:
        """Sources and events read together, so they always belong to one generation."""
        ...

    def events_in_units(self, adm3_ids: Iterable[str]) -> list[EventRecord]:
        """The records placed in one of the sub-districts `adm3_ids`, by point or by area."""
        ...

    def events_in_bbox(self, box: BBox) -> list[EventRecord]:
        """The records whose point lies in the map view `box`."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> EventStore: ...

    def __exit__(self, *exc: object) -> None: ...


def open_store(
    location: str | Path | PostgresLocation, *, readonly: bool = False, name: str = "FRONTLINES_STORE"
) -> EventStore:
    """Open the store at `location` (a path, or a value as `parse_store_location` takes it)."""
    where = parse_store_location(location, name=name)
    if isinstance(where, PostgresLocation):
        from geo.store.postgres import PostgresStore

        return PostgresStore(where, readonly=readonly)
    return Store(where, readonly=readonly)


def open_reader(location: str | Path | PostgresLocation) -> EventStore:
    """A reader's open: read-only when the store is there at this code's schema.

    Otherwise one read-write open creates or migrates it first, as every open did before readers
    had their own; the next read is read-only again. On PostgreSQL the first open in a process
    migrates (under a lock), and every open after it borrows from the process's pool.
    """
    path = parse_store_location(location)
    if isinstance(path, PostgresLocation):
        return open_store(path, readonly=True)
    if path.is_file():
        try:
            return Store(path, readonly=True)
        except StoreBehind:
            pass
    return Store(path)
