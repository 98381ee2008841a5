"""The PostgreSQL/PostGIS event store: one database shared by a team's app servers and ingests.

Same schema, behaviour and API as the SQLite store (geo/store/sqlite.py); what an ingest decides
is shared with it (geo/store/common.py). Differences that matter to callers:

- Connections come from one pool per store URL and process (psycopg_pool), so the dashboard's
  open on every rerun costs no new connection. A connection the server dropped is found out
  before use (`check`) and replaced; while the server is away every call raises `StoreUnavailable`,
  and the next call after it returns works again.
- The schema is brought up to date once per process, at the first open, by the numbered SQL files
  in geo/store/migrations/postgres/ under an advisory lock: servers starting together wait for
  each other instead of racing. Applied steps are rows of `schema_version`.
- Writers take one transaction-scoped advisory lock, as SQLite's BEGIN IMMEDIATE serialises them;
  a snapshot reads in one REPEATABLE READ transaction. Readers never see half an ingest.
- Record points are a PostGIS `geometry(Point, 4326)` with a GiST index; `events_in_bbox` and
  `events_in_units` run in SQL here and in Python on SQLite, with the same results.
"""

from __future__ import annotations

import atexit
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from geo.records import STORED_COLUMNS, EventRecord
from geo.reviews import NewReview, Review, ReviewError, apply_reviews
from geo.sources import Source, SourceKey
from geo.store import common, migrations
from geo.store.location import PostgresLocation
from geo.store.sqlite import IngestResult, StoreError, StoreUnavailable

MIGRATIONS = migrations.load(migrations.FOLDER / "postgres")
SCHEMA_VERSION = len(MIGRATIONS)
# Advisory lock keys (any bigint, the same in every process): schema changes, and writes.
MIGRATION_LOCK = 0x46524F4E_54000001
WRITE_LOCK = 0x46524F4E_54000002
CONNECT_TIMEOUT = 5  # seconds, per connection attempt
POOL_TIMEOUT = 5.0  # seconds a call waits for a connection before reporting the store away
_ORDER = 'date_start COLLATE "C" NULLS FIRST, source_id COLLATE "C", sentence_start NULLS FIRST, event_id COLLATE "C"'
_SELECT = f"SELECT {', '.join(STORED_COLUMNS)} FROM events"
_SOURCE_COLUMNS = ", ".join(common.SOURCE_COLUMNS)


def _problem(exc: BaseException, location: PostgresLocation) -> str:
    """libpq's message on one line, without the password should it ever echo one."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    password = _password(location)
    return text.replace(password, "***") if password else text


def _password(location: PostgresLocation) -> str | None:
    from urllib.parse import urlsplit

    try:
        return urlsplit(location.url).password
    except ValueError:
        return None


def _connect(location: PostgresLocation, **kwargs: Any) -> psycopg.Connection:
    """One connection, or a StoreError naming the store and why not (refused, password, ...)."""
    try:
        return psycopg.connect(location.url, connect_timeout=CONNECT_TIMEOUT, **kwargs)
    except psycopg.Error as exc:
        raise StoreUnavailable(
            f"{location.origin} {location}: cannot connect ({_problem(exc, location)})"
        ) from None


# --- schema ---------------------------------------------------------------------------------------


def schema_version(conn: psycopg.Connection) -> int:
    exists = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()[0]
    if not exists:
        return 0
    return int(conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0])


def migrate(conn: psycopg.Connection, steps: list[migrations.Migration] = MIGRATIONS) -> int:
    """Bring the database of `conn` (autocommit) to the newest schema in `steps`; return it.

    Pending steps and their `schema_version` rows commit together, so a failure leaves the old
    version and no half-made schema. Under a session advisory lock: a second process starting at
    the same moment waits, then finds the work done.
    """
    newest = len(steps)
    conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
    try:
        with conn.transaction():
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                "name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            version = schema_version(conn)
            if version > newest:
                raise migrations.NewerSchema(version, newest)
            for step in migrations.pending(version, steps):
                conn.execute(step.sql.encode())  # a whole file: no parameters, several statements
                conn.execute(
                    "INSERT INTO schema_version (version, name) VALUES (%s, %s)", (step.version, step.name)
                )
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
    return newest


# --- one pool per store and process ----------------------------------------------------------------

_pools: dict[str, ConnectionPool] = {}
_pools_lock = threading.Lock()


def _pool(location: PostgresLocation) -> ConnectionPool:
    """The process's pool for `location`, made (after migrating the schema) on first use."""
    with _pools_lock:
        pool = _pools.get(location.url)
        if pool is not None:
            return pool
        with _connect(location, autocommit=True) as conn:
            try:
                migrate(conn)
            except migrations.NewerSchema as exc:
                raise StoreError(
                    f"{location.origin} {location}: store has schema version {exc.version}, "
                    f"this code needs {SCHEMA_VERSION}; upgrade Frontlines"
                ) from None
            except psycopg.Error as exc:
                raise StoreError(
                    f"{location.origin} {location}: cannot prepare the schema ({_problem(exc, location)})"
                ) from None
        pool = ConnectionPool(
            location.url,
            min_size=1,
            max_size=4,
            timeout=POOL_TIMEOUT,
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT},
            # A connection the server dropped (a restart) is found out before use and replaced.
            check=ConnectionPool.check_connection,
            reconnect_timeout=24 * 3600,  # keep trying while the server is away, however long
            name="frontlines",
            open=True,
        )
        _pools[location.url] = pool
        return pool


def close_pools() -> None:
    """Close every pool of this process (at exit; tests call it between servers)."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close(timeout=1.0)


def close_pool(location: PostgresLocation) -> None:
    with _pools_lock:
        pool = _pools.pop(location.url, None)
    if pool is not None:
        pool.close(timeout=1.0)


atexit.register(close_pools)


# --- the store ---------------------------------------------------------------------------------------


class PostgresStore:
    """A PostgreSQL store; `readonly=True` refuses writes. Cheap to open: the pool is shared."""

    def __init__(self, location: PostgresLocation, *, readonly: bool = False) -> None:
        self.location = location
        self.path = location  # what messages name, as the SQLite store's path
        self.readonly = readonly
        self._pool = _pool(location)

    def close(self) -> None:
        """Nothing to release: connections go back to the process's pool after each call."""

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _conn(self) -> Iterator[psycopg.Connection]:
        try:
            with self._pool.connection() as conn:
                yield conn
        except PoolTimeout:
            raise StoreUnavailable(self._away_message()) from None
        except psycopg.errors.TransactionRollback:
            raise
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(
                f"{self.location.origin} {self.location}: connection lost ({_problem(exc, self.location)})"
            ) from None

    def _away_message(self) -> str:
        # The pool only says it waited; one direct attempt says why (refused, shutting down, ...).
        try:
            _connect(self.location).close()
        except StoreUnavailable as exc:
            return str(exc)
        return f"{self.location.origin} {self.location}: no connection free after {POOL_TIMEOUT:.0f}s"

    @contextmanager
    def _writing(self, what: str) -> Iterator[psycopg.Connection]:
        """One write transaction, after every other writer's (as SQLite's BEGIN IMMEDIATE)."""
        if self.readonly:
            raise StoreError(f"{self.location}: opened read-only; cannot {what}")
        with self._conn() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield conn

    @contextmanager
    def _reading(self) -> Iterator[psycopg.Connection]:
        """Several reads seen as one state of the store: one REPEATABLE READ transaction."""
        with self._conn() as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield conn

    # writing
    def ingest(
        self,
        source: Source,
        records: list[EventRecord],
        extractor: str,
        reviews: Sequence[NewReview] = (),
    ) -> IngestResult:
        """Store a source and its records, replacing any earlier version of the same source;
        `reviews` of these records (made before saving) are written in the same transaction."""
        if self.readonly:
            raise StoreError(f"{self.location}: opened read-only; cannot ingest {source.source_id!r}")
        common.check_ingest(source, records, reviews)
        with self._writing(f"ingest {source.source_id!r}") as conn:
            result = self._ingest(conn, source, records, extractor)
            for review in reviews:
                self._insert_review(conn, review, result.source_id)
            if reviews and result.action == "unchanged":
                _bump_generation(conn)
        return result

    def ingest_many(
        self, items: Sequence[tuple[Source, list[EventRecord]]], extractor: str
    ) -> list[IngestResult]:
        """`ingest` for each (source, records), all in ONE transaction: a batch of a bulk ingest
        is stored whole or not at all, and readers see it appear at once."""
        if self.readonly:
            raise StoreError(f"{self.location}: opened read-only; cannot ingest {len(items)} sources")
        for source, records in items:
            common.check_ingest(source, records, ())
        with self._writing(f"ingest {len(items)} sources") as conn:
            return [self._ingest(conn, source, records, extractor) for source, records in items]

    def _ingest(
        self, conn: psycopg.Connection, source: Source, records: list[EventRecord], extractor: str
    ) -> IngestResult:
        with conn.cursor(row_factory=dict_row) as cur:
            old = cur.execute(
                f"SELECT source_id, sha256, extractor, published, {', '.join(common.METADATA)} "
                "FROM sources WHERE source_id = %s OR sha256 = %s ORDER BY source_id",
                (source.source_id, source.sha256),
            ).fetchall()
        plan = common.plan_ingest(old, source, extractor)
        if plan.kept is not None:
            (n,) = conn.execute("SELECT count(*) FROM events WHERE source_id = %s", (plan.kept,)).fetchone()
            if plan.action == "metadata updated":
                conn.execute(
                    f"UPDATE sources SET {', '.join(f'{c} = %s' for c in common.METADATA)} WHERE source_id = %s",
                    (*common.metadata_of(source), plan.kept),
                )
                _bump_generation(conn)
            return IngestResult(plan.kept, plan.action, int(n))
        if plan.remove:
            conn.execute("DELETE FROM sources WHERE source_id = ANY(%s)", (list(plan.remove),))
            # Reviews stay with the text they were made on, also when it comes back under a new name.
            conn.execute(
                "UPDATE reviews SET source_id = %s WHERE source_id = ANY(%s)",
                (source.source_id, [r for r in plan.remove if r != source.source_id]),
            )
        conn.execute(
            f"INSERT INTO sources ({', '.join(common.SOURCE_COLUMNS)}) "
            f"VALUES ({', '.join(['%s'] * len(common.SOURCE_COLUMNS))})",
            common.source_row(source, extractor, time.time()),
        )
        # COPY: the fastest way in; `geom` is computed by the table from longitude and latitude.
        with conn.cursor() as cur, cur.copy(f"COPY events ({', '.join(STORED_COLUMNS)}) FROM STDIN") as copy:
            for r in records:
                copy.write_row(tuple(getattr(r, c) for c in STORED_COLUMNS))
        _bump_generation(conn)
        return IngestResult(source.source_id, plan.action, len(records))

    def _insert_review(self, conn: psycopg.Connection, review: NewReview, source_id: str) -> Review:
        at = common.now_utc()
        (review_id,) = conn.execute(
            "INSERT INTO reviews (event_id, source_id, action, reviewer, reviewed_at, changes, reason) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING review_id",
            (
                review.event_id,
                source_id,
                review.action,
                review.reviewer,
                at,
                common.changes_json(review),
                review.reason,
            ),
        ).fetchone()
        return common.stored_review(review, int(review_id), source_id, at)

    def add_review(self, review: NewReview) -> Review:
        """Store a review of a stored record (one transaction, a new generation)."""
        with self._writing(f"review {review.event_id!r}") as conn:
            row = conn.execute(
                "SELECT source_id FROM events WHERE event_id = %s", (review.event_id,)
            ).fetchone()
            if row is None:
                raise ReviewError(f"{self.location}: no event record {review.event_id!r}")
            stored = self._insert_review(conn, review, row[0])
            _bump_generation(conn)
        return stored

    def undo_last_review(self, reviewer: str | None = None) -> Review | None:
        """Withdraw the newest review still standing (by `reviewer`, if named); the row stays, marked."""
        with self._writing("undo a review") as conn, conn.cursor(row_factory=dict_row) as cur:
            query, args = "SELECT * FROM reviews WHERE undone_at IS NULL", []
            if reviewer is not None:
                query += " AND reviewer = %s"
                args.append(reviewer)
            row = cur.execute(query + " ORDER BY review_id DESC LIMIT 1", args).fetchone()
            if row is None:
                return None
            cur.execute(
                "UPDATE reviews SET undone_at = %s WHERE review_id = %s", (common.now_utc(), row["review_id"])
            )
            _bump_generation(conn)
        return common.review_of(row)

    def remove_source(self, source_id: str) -> int:
        """Remove a source, its records and their reviews in one transaction; the records removed."""
        with self._writing(f"remove {source_id!r}") as conn:
            if conn.execute("SELECT 1 FROM sources WHERE source_id = %s", (source_id,)).fetchone() is None:
                raise StoreError(f"{self.location}: no source {source_id!r}")
            (n,) = conn.execute("SELECT count(*) FROM events WHERE source_id = %s", (source_id,)).fetchone()
            conn.execute("DELETE FROM reviews WHERE source_id = %s", (source_id,))
            conn.execute("DELETE FROM sources WHERE source_id = %s", (source_id,))
            _bump_generation(conn)
        return int(n)

    # reading
    def source_keys(self, extractor: str) -> dict[str, SourceKey]:
        """source id -> what `ingest` compares (`SourceKey`), for the sources `extractor` made:
        a bulk ingest skips a file whose key is here without extracting it again."""
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT source_id, sha256, published, title, outlet, url, published_basis "
                "FROM sources WHERE extractor = %s",
                (extractor,),
            ).fetchall()
        return {row[0]: SourceKey(*row[1:]) for row in rows}

    def generation(self) -> int:
        with self._conn() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def machine_events(self, source_id: str | None = None) -> list[EventRecord]:
        """The records as the extractor made them, reviews not applied."""
        with self._conn() as conn:
            return _machine_events(conn, source_id)

    def events(self, source_id: str | None = None, *, include_rejected: bool = False) -> list[EventRecord]:
        """The records with their reviews applied; rejected ones only when asked for."""
        with self._reading() as conn:
            records = _machine_events(conn, source_id)
            reviews = _reviews(conn, source_id=source_id)
        return apply_reviews(records, reviews, include_rejected=include_rejected)

    def event(self, event_id: str) -> EventRecord | None:
        """One record, reviews applied (a rejected one too: it is still there to be reviewed)."""
        with self._reading() as conn:
            found = _records(conn, f"{_SELECT} WHERE event_id = %s", (event_id,))
            reviews = _reviews(conn, event_id=event_id)
        return apply_reviews(found, reviews, include_rejected=True)[0] if found else None

    def reviews(self, event_id: str | None = None, source_id: str | None = None) -> list[Review]:
        """Reviews still standing (not undone), oldest first."""
        with self._conn() as conn:
            return _reviews(conn, event_id=event_id, source_id=source_id)

    def source_by_sha256(self, sha256: str) -> Source | None:
        """The stored source with this text (its sha256), if any: how a duplicate is recognised."""
        with self._conn() as conn, conn.cursor(row_factory=dict_row) as cur:
            row = cur.execute(
                f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE sha256 = %s", (sha256,)
            ).fetchone()
        return common.source_of(row) if row else None

    def sources(self) -> list[Source]:
        with self._conn() as conn:
            return _sources(conn)

    def source(self, source_id: str) -> Source | None:
        with self._conn() as conn, conn.cursor(row_factory=dict_row) as cur:
            row = cur.execute(
                f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE source_id = %s", (source_id,)
            ).fetchone()
        return common.source_of(row) if row else None

    def snapshot(self) -> tuple[list[Source], list[EventRecord]]:
        """Sources and reviewed events read in one transaction, so they always belong together."""
        with self._reading() as conn:
            sources, records, reviews = _sources(conn), _machine_events(conn), _reviews(conn)
        return sources, apply_reviews(records, reviews)

    # spatial queries, in the database. A correction may move a record, so the records with a
    # standing correction are read too, and the rule (geo/store/common.py) is applied to the
    # reviewed records: the answer is SQLite's, while the index does the work.
    def events_in_units(self, adm3_ids: Iterable[str]) -> list[EventRecord]:
        """The records placed in one of the sub-districts `adm3_ids` (by point or by area)."""
        ids = sorted(set(adm3_ids))
        where = "admin3 = ANY(%(ids)s) OR string_to_array(area_adm3, '|') && %(ids)s::text[]"
        return common.in_units(self._reviewed_where(where, {"ids": ids}), ids)

    def events_in_bbox(self, box: common.BBox) -> list[EventRecord]:
        """The records whose point lies in the map view `box` (edges inside), by the GiST index."""
        where = "geom && ST_MakeEnvelope(%(w)s, %(s)s, %(e)s, %(n)s, 4326)"
        args = {"w": box.west, "s": box.south, "e": box.east, "n": box.north}
        return common.in_bbox(self._reviewed_where(where, args), box)

    def _reviewed_where(self, where: str, args: dict[str, Any]) -> list[EventRecord]:
        corrected = "SELECT event_id FROM reviews WHERE undone_at IS NULL AND action = 'correct'"
        with self._reading() as conn:
            found = _records(
                conn, f"{_SELECT} WHERE ({where}) OR event_id IN ({corrected}) ORDER BY {_ORDER}", args
            )
            reviews = _reviews(conn, event_ids=[r.event_id for r in found])
        return apply_reviews(found, reviews)


def _records(conn: psycopg.Connection, query: str, args: Any = None) -> list[EventRecord]:
    with conn.cursor() as cur:
        cur.execute(query, args)
        # Rows come in STORED_COLUMNS order, the record's fields less the review ones at the end.
        return [EventRecord(*row) for row in cur]


def _machine_events(conn: psycopg.Connection, source_id: str | None = None) -> list[EventRecord]:
    if source_id is None:
        return _records(conn, f"{_SELECT} ORDER BY {_ORDER}")
    return _records(conn, f"{_SELECT} WHERE source_id = %s ORDER BY {_ORDER}", (source_id,))


def _reviews(
    conn: psycopg.Connection,
    *,
    event_id: str | None = None,
    source_id: str | None = None,
    event_ids: list[str] | None = None,
) -> list[Review]:
    query, args = "SELECT * FROM reviews WHERE undone_at IS NULL", []
    for clause, value in (
        ("event_id = %s", event_id),
        ("source_id = %s", source_id),
        ("event_id = ANY(%s)", event_ids),
    ):
        if value is not None:
            query += f" AND {clause}"
            args.append(value)
    with conn.cursor(row_factory=dict_row) as cur:
        return [common.review_of(row) for row in cur.execute(query + " ORDER BY review_id", args)]


def _sources(conn: psycopg.Connection) -> list[Source]:
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            f'SELECT {_SOURCE_COLUMNS} FROM sources ORDER BY published COLLATE "C", source_id COLLATE "C"'
        ).fetchall()
    return [common.source_of(row) for row in rows]


def _bump_generation(conn: psycopg.Connection) -> None:
    conn.execute(
        "INSERT INTO meta VALUES ('generation', '1') "
        "ON CONFLICT (key) DO UPDATE SET value = (meta.value::bigint + 1)::text"
    )
