"""The SQLite event store: an embedded database (WAL) of sources and their event records.

A source is keyed by its slug and by a hash of its text. Ingesting a source replaces its records in
one transaction, so readers (the dashboard) see either the old or the new state of a source, never
half of one. `generation()` changes whenever the store's content does; views key caches on it.
A read-write open brings the schema up to date (geo/store/migrations); a read-only open
(`readonly=True`, for the dashboard's readers) only reads: no WAL switch, no migration, no new file.

Reviews (geo/reviews.py) are rows of their own, written in the same transactions as what they
review; `events()` returns records with them applied, so no reader sees a machine record a person
has corrected or rejected.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from geo.errors import FrontlinesError
from geo.records import STORED_COLUMNS, EventRecord, from_row
from geo.reviews import NewReview, Review, ReviewError, apply_reviews
from geo.sources import Source, SourceKey
from geo.store import common, migrations

# Today's schema is written as numbered steps in geo/store/migrations/; this is their count.
SCHEMA_VERSION = migrations.SCHEMA_VERSION


class StoreError(FrontlinesError, RuntimeError):
    """The store cannot be opened or used; the message names the file."""


class StoreBehind(StoreError):
    """A read-only open of a store whose schema is older than this code's: it needs migrating."""


class StoreUnavailable(StoreError):
    """A shared store's server cannot be reached now (PostgreSQL); the same call may work later."""


def _newer_message(path: Path, version: int) -> str:
    return (
        f"{path}: store has schema version {version}, this code needs {SCHEMA_VERSION}; "
        "move it aside and ingest the sources again"
    )


@dataclass(frozen=True)
class IngestResult:
    source_id: str
    action: str  # "added", "replaced", "metadata updated" or "unchanged"
    records: int


class Store:
    """Today's store: one SQLite file. Read-write by default; `readonly=True` for readers."""

    def __init__(self, path: Path | str, timeout: float = 30.0, *, readonly: bool = False) -> None:
        from geo.store.location import parse_store_location

        where = parse_store_location(path, name="store") if isinstance(path, str) else Path(path)
        if not isinstance(where, Path):
            raise StoreError(f"store {where}: a PostgreSQL store; open it with geo.store.open_store")
        self.path = where
        self.readonly = readonly
        self._depth = 0  # open `transaction()` blocks: only the outermost begins and commits
        if readonly:
            self._db = self._open_readonly(timeout)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._db = self._open(timeout)
                return
            except sqlite3.OperationalError as exc:
                # Switching a new file to WAL, or creating its schema, while another process does
                # the same fails at once with "locked" instead of waiting: wait and try again.
                if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                    raise StoreError(f"{self.path}: not a usable event store ({exc})") from exc
                time.sleep(0.05)
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{self.path}: not a usable event store ({exc})") from exc

    @classmethod
    def open_readonly(cls, path: Path | str, timeout: float = 30.0) -> Store:
        """A reader's open: SQLite's `mode=ro`, refused if the file is missing or not migrated."""
        return cls(path, timeout, readonly=True)

    def _open_readonly(self, timeout: float) -> sqlite3.Connection:
        # Checked first: `mode=ro` refuses to create a file, but its message names no file.
        if not self.path.is_file():
            raise StoreError(
                f"{self.path}: no event store here (`python -m geo setup` or `ingest` makes one)"
            )
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        try:
            db = sqlite3.connect(
                uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable event store ({exc})") from exc
        try:
            db.row_factory = sqlite3.Row
            db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            version = migrations.version_of(db)
            if version > SCHEMA_VERSION:
                raise StoreError(_newer_message(self.path, version))
            if version < SCHEMA_VERSION:
                raise StoreBehind(
                    f"{self.path}: store has schema version {version}, this code needs {SCHEMA_VERSION}; "
                    "a read-write open (any `python -m geo ingest`) migrates it"
                )
        except sqlite3.DatabaseError as exc:
            db.close()
            raise StoreError(f"{self.path}: not a usable event store ({exc})") from exc
        except BaseException:
            db.close()
            raise
        return db

    def _open(self, timeout: float) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
        try:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA foreign_keys = ON")
            db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreError(f"{self.path}: could not switch the store to WAL mode (got {mode})")
            # In WAL mode NORMAL never corrupts or half-applies a transaction; a power cut may
            # only lose the last commits, which the next ingest redoes. It spares an fsync a commit.
            db.execute("PRAGMA synchronous = NORMAL")
            try:
                migrations.migrate(db, migrations.MIGRATIONS)
            except migrations.NewerSchema as exc:
                raise StoreError(_newer_message(self.path, exc.version)) from None
        except BaseException:
            db.close()
            raise
        return db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error (Ctrl-C included).

        Blocks nest: an inner one (an `ingest` inside `ingest_many`) joins the outer transaction,
        and only the outermost commits, so a batch is stored whole or not at all.
        """
        if self._depth:
            self._depth += 1
            try:
                yield self._db
            finally:
                self._depth -= 1
            return
        if not self._db.in_transaction:
            self._db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")
        finally:
            self._depth = 0

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Several reads seen as one state of the store (a read transaction, unless one is open)."""
        if self._db.in_transaction:
            yield
            return
        self._db.execute("BEGIN")
        try:
            yield
        finally:
            self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # writing
    def ingest(
        self,
        source: Source,
        records: list[EventRecord],
        extractor: str,
        reviews: Sequence[NewReview] = (),
    ) -> IngestResult:
        """Store a source and its records, replacing any earlier version of the same source.

        `reviews` (of these records, made before saving: the Add articles page's preview) are
        written in the same transaction: both are stored, or neither.
        """
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only; cannot ingest {source.source_id!r}")
        common.check_ingest(source, records, reviews)
        with self.transaction() as db:
            result = self._ingest(db, source, records, extractor)
            for review in reviews:
                self._insert_review(db, review, result.source_id)
            if reviews and result.action == "unchanged":
                _bump_generation(db)
        return result

    def _ingest(
        self, db: sqlite3.Connection, source: Source, records: list[EventRecord], extractor: str
    ) -> IngestResult:
        old = db.execute(
            f"SELECT source_id, sha256, extractor, published, {', '.join(common.METADATA)} "
            "FROM sources WHERE source_id = ? OR sha256 = ? ORDER BY source_id",
            (source.source_id, source.sha256),
        ).fetchall()
        plan = common.plan_ingest(old, source, extractor)
        if plan.kept is not None:
            n = db.execute("SELECT count(*) FROM events WHERE source_id = ?", (plan.kept,)).fetchone()
            if plan.action == "metadata updated":
                db.execute(
                    f"UPDATE sources SET {', '.join(f'{c} = ?' for c in common.METADATA)} WHERE source_id = ?",
                    (*common.metadata_of(source), plan.kept),
                )
                _bump_generation(db)
            return IngestResult(plan.kept, plan.action, n[0])
        db.executemany("DELETE FROM sources WHERE source_id = ?", [(sid,) for sid in plan.remove])
        # Reviews stay with the text they were made on, also when it comes back under a new name.
        db.executemany(
            "UPDATE reviews SET source_id = ? WHERE source_id = ?",
            [(source.source_id, sid) for sid in plan.remove if sid != source.source_id],
        )
        db.execute(
            f"INSERT INTO sources ({', '.join(common.SOURCE_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(common.SOURCE_COLUMNS))})",
            common.source_row(source, extractor, time.time()),
        )
        db.executemany(
            f"INSERT INTO events ({', '.join(STORED_COLUMNS)}) VALUES ({', '.join('?' * len(STORED_COLUMNS))})",
            [tuple(getattr(r, c) for c in STORED_COLUMNS) for r in records],
        )
        _bump_generation(db)
        return IngestResult(source.source_id, plan.action, len(records))

    def ingest_many(
        self, items: Sequence[tuple[Source, list[EventRecord]]], extractor: str
    ) -> list[IngestResult]:
        """`ingest` for each (source, records), all in ONE transaction: a batch of a bulk ingest
        is stored whole or not at all, and readers see it appear at once."""
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only; cannot ingest {len(items)} sources")
        with self.transaction():
            return [self.ingest(source, records, extractor) for source, records in items]

    def _insert_review(self, db: sqlite3.Connection, review: NewReview, source_id: str) -> Review:
        at = common.now_utc()
        cursor = db.execute(
            "INSERT INTO reviews (event_id, source_id, action, reviewer, reviewed_at, changes, reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                review.event_id,
                source_id,
                review.action,
                review.reviewer,
                at,
                common.changes_json(review),
                review.reason,
            ),
        )
        return common.stored_review(review, int(cursor.lastrowid or 0), source_id, at)

    def _writable(self, what: str) -> None:
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only; cannot {what}")

    def add_review(self, review: NewReview) -> Review:
        """Store a review of a stored record (one transaction, a new generation)."""
        self._writable(f"review {review.event_id!r}")
        with self.transaction() as db:
            row = db.execute("SELECT source_id FROM events WHERE event_id = ?", (review.event_id,)).fetchone()
            if row is None:
                raise ReviewError(f"{self.path}: no event record {review.event_id!r}")
            stored = self._insert_review(db, review, row["source_id"])
            _bump_generation(db)
        return stored

    def undo_last_review(self, reviewer: str | None = None) -> Review | None:
        """Withdraw the newest review still standing (by `reviewer`, if named); None if there is none.

        The row stays, marked undone, so the audit trail keeps what was done and withdrawn.
        """
        self._writable("undo a review")
        with self.transaction() as db:
            query = "SELECT * FROM reviews WHERE undone_at IS NULL"
            args: tuple[str, ...] = ()
            if reviewer is not None:
                query += " AND reviewer = ?"
                args = (reviewer,)
            row = db.execute(query + " ORDER BY review_id DESC LIMIT 1", args).fetchone()
            if row is None:
                return None
            db.execute(
                "UPDATE reviews SET undone_at = ? WHERE review_id = ?", (common.now_utc(), row["review_id"])
            )
            _bump_generation(db)
        return common.review_of(row)

    def remove_source(self, source_id: str) -> int:
        """Remove a source, its records and their reviews in one transaction; the records removed."""
        self._writable(f"remove {source_id!r}")
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM sources WHERE source_id = ?", (source_id,)).fetchone() is None:
                raise StoreError(f"{self.path}: no source {source_id!r}")
            n = db.execute("SELECT count(*) FROM events WHERE source_id = ?", (source_id,)).fetchone()[0]
            db.execute("DELETE FROM reviews WHERE source_id = ?", (source_id,))
            db.execute("DELETE FROM sources WHERE source_id = ?", (source_id,))
            _bump_generation(db)
        return int(n)

    # reading
    def source_keys(self, extractor: str) -> dict[str, SourceKey]:
        """source id -> what `ingest` compares (`SourceKey`), for the sources `extractor` made:
        a bulk ingest skips a file whose key is here without extracting it again."""
        rows = self._db.execute(
            "SELECT source_id, sha256, published, title, outlet, url, published_basis "
            "FROM sources WHERE extractor = ?",
            (extractor,),
        )
        return {row[0]: SourceKey(*row[1:]) for row in rows}

    def generation(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def machine_events(self, source_id: str | None = None) -> list[EventRecord]:
        """The records as the extractor made them, reviews not applied."""
        query = f"SELECT {', '.join(STORED_COLUMNS)} FROM events"
        args: tuple[str, ...] = ()
        if source_id is not None:
            query += " WHERE source_id = ?"
            args = (source_id,)
        rows = self._db.execute(query + " ORDER BY date_start, source_id, sentence_start, event_id", args)
        return [from_row(dict(row)) for row in rows]

    def events(self, source_id: str | None = None, *, include_rejected: bool = False) -> list[EventRecord]:
        """The records with their reviews applied; rejected ones only when asked for.

        Ordered by the machine's dates, so a correction does not move a record in the list.
        """
        with self._reading():
            records = self.machine_events(source_id)
            reviews = self.reviews(source_id=source_id)
        return apply_reviews(records, reviews, include_rejected=include_rejected)

    def event(self, event_id: str) -> EventRecord | None:
        """One record, reviews applied (a rejected one too: it is still there to be reviewed)."""
        row = self._db.execute(
            f"SELECT {', '.join(STORED_COLUMNS)} FROM events WHERE event_id = ?", (event_id,)
        ).fetchone()
        if row is None:
            return None
        reviewed = apply_reviews(
            [from_row(dict(row))], self.reviews(event_id=event_id), include_rejected=True
        )
        return reviewed[0]

    def reviews(self, event_id: str | None = None, source_id: str | None = None) -> list[Review]:
        """Reviews still standing (not undone), oldest first."""
        query, args = "SELECT * FROM reviews WHERE undone_at IS NULL", []
        if event_id is not None:
            query += " AND event_id = ?"
            args.append(event_id)
        if source_id is not None:
            query += " AND source_id = ?"
            args.append(source_id)
        return [common.review_of(row) for row in self._db.execute(query + " ORDER BY review_id", args)]

    def source_by_sha256(self, sha256: str) -> Source | None:
        """The stored source with this text (its sha256), if any: how a duplicate is recognised."""
        row = self._db.execute("SELECT * FROM sources WHERE sha256 = ?", (sha256,)).fetchone()
        return common.source_of(row) if row else None

    def sources(self) -> list[Source]:
        rows = self._db.execute("SELECT * FROM sources ORDER BY published, source_id").fetchall()
        return [common.source_of(row) for row in rows]

    def source(self, source_id: str) -> Source | None:
        row = self._db.execute("SELECT * FROM sources WHERE source_id = ?", (source_id,)).fetchone()
        return common.source_of(row) if row else None

    def snapshot(self) -> tuple[list[Source], list[EventRecord]]:
        """Sources and reviewed events read in one transaction, so they always belong together."""
        with self._reading():
            sources, records, reviews = self.sources(), self.machine_events(), self.reviews()
        return sources, apply_reviews(records, reviews)

    # spatial queries: in Python here, in SQL on PostgreSQL (geo/store/common.py holds the rules)
    def events_in_units(self, adm3_ids: Iterable[str]) -> list[EventRecord]:
        """The records placed in one of the sub-districts `adm3_ids` (by point or by area)."""
        return common.in_units(self.events(), adm3_ids)

    def events_in_bbox(self, box: common.BBox) -> list[EventRecord]:
        """The records whose point lies in the map view `box` (edges inside)."""
        return common.in_bbox(self.events(), box)


def _bump_generation(db: sqlite3.Connection) -> None:
    db.execute(
        "INSERT INTO meta VALUES ('generation', '1') "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
    )
