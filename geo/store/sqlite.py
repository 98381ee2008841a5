"""The SQLite event store: an embedded database (WAL) of sources and their event records.

A source is keyed by its slug and by a hash of its text. Ingesting a source replaces its records in
one transaction, so readers (the dashboard) see either the old or the new state of a source, never
half of one. `generation()` changes whenever the store's content does; views key caches on it.
A read-write open brings the schema up to date (geo/store/migrations); a read-only open
(`readonly=True`, for the dashboard's readers) only reads: no WAL switch, no migration, no new file.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo.errors import FrontlinesError
from geo.records import COLUMNS, EventRecord, from_row
from geo.sources import Source, SourceKey
from geo.store import migrations

# Today's schema is written as numbered steps in geo/store/migrations/; this is their count.
SCHEMA_VERSION = migrations.SCHEMA_VERSION


class StoreError(FrontlinesError, RuntimeError):
    """The store cannot be opened or used; the message names the file."""


class StoreBehind(StoreError):
    """A read-only open of a store whose schema is older than this code's: it needs migrating."""


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

        self.path = parse_store_location(path, name="store") if isinstance(path, str) else Path(path)
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

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # writing
    def ingest(self, source: Source, records: list[EventRecord], extractor: str) -> IngestResult:
        """Store a source and its records, replacing any earlier version of the same source."""
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only; cannot ingest {source.source_id!r}")
        ids = [r.event_id for r in records]
        if len(ids) != len(set(ids)):
            raise StoreError(
                f"{source.path or source.source_id}: the extractor gave two records the same event id"
            )
        with self.transaction() as db:
            old = db.execute(
                f"SELECT source_id, sha256, extractor, published, {', '.join(_METADATA)} "
                "FROM sources WHERE source_id = ? OR sha256 = ?",
                (source.source_id, source.sha256),
            ).fetchall()
            if (
                any(
                    r["sha256"] == source.sha256
                    and r["extractor"] == extractor
                    # Relative dates are read against the publication day: a new one re-extracts.
                    and r["published"] == source.published.isoformat()
                    for r in old
                )
                and len(old) == 1
            ):
                kept = old[0]["source_id"]
                n = db.execute("SELECT count(*) FROM events WHERE source_id = ?", (kept,)).fetchone()
                metadata = _metadata_of(source)
                if tuple(old[0][c] for c in _METADATA) == metadata:
                    return IngestResult(kept, "unchanged", n[0])
                # Same text, same records, new description (an outlet or URL found later): the
                # records stand, the description is replaced, and views see a new generation.
                db.execute(
                    f"UPDATE sources SET {', '.join(f'{c} = ?' for c in _METADATA)} WHERE source_id = ?",
                    (*metadata, kept),
                )
                _bump_generation(db)
                return IngestResult(kept, "metadata updated", n[0])
            db.executemany("DELETE FROM sources WHERE source_id = ?", [(r["source_id"],) for r in old])
            db.execute(
                "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
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
                    time.time(),
                ),
            )
            db.executemany(
                f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                [tuple(getattr(r, c) for c in COLUMNS) for r in records],
            )
            _bump_generation(db)
        return IngestResult(source.source_id, "replaced" if old else "added", len(records))

    def ingest_many(
        self, items: Sequence[tuple[Source, list[EventRecord]]], extractor: str
    ) -> list[IngestResult]:
        """`ingest` for each (source, records), all in ONE transaction: a batch of a bulk ingest
        is stored whole or not at all, and readers see it appear at once."""
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only; cannot ingest {len(items)} sources")
        with self.transaction():
            return [self.ingest(source, records, extractor) for source, records in items]

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

    def events(self, source_id: str | None = None) -> list[EventRecord]:
        query = f"SELECT {', '.join(COLUMNS)} FROM events"
        args: tuple[str, ...] = ()
        if source_id is not None:
            query += " WHERE source_id = ?"
            args = (source_id,)
        rows = self._db.execute(query + " ORDER BY date_start, source_id, sentence_start, event_id", args)
        return [from_row(dict(row)) for row in rows]

    def sources(self) -> list[Source]:
        rows = self._db.execute("SELECT * FROM sources ORDER BY published, source_id").fetchall()
        return [_source_of(row) for row in rows]

    def source(self, source_id: str) -> Source | None:
        row = self._db.execute("SELECT * FROM sources WHERE source_id = ?", (source_id,)).fetchone()
        return _source_of(row) if row else None

    def snapshot(self) -> tuple[list[Source], list[EventRecord]]:
        """Sources and events read in one transaction, so they always belong together."""
        self._db.execute("BEGIN")
        try:
            return self.sources(), self.events()
        finally:
            self._db.execute("COMMIT")


# What describes a source without changing its records (its text, extractor and publication day
# do): an outlet or URL found later updates these alone.
_METADATA = ("title", "outlet", "url", "published_basis")


def _metadata_of(source: Source) -> tuple[str | None, ...]:
    return (source.title, source.outlet, source.url, source.published_basis)


def _bump_generation(db: sqlite3.Connection) -> None:
    db.execute(
        "INSERT INTO meta VALUES ('generation', '1') "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
    )


def _source_of(row: sqlite3.Row) -> Source:
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
