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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from geo.records import COLUMNS, EventRecord
from geo.sources import Source
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
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM events"
_SOURCE_COLUMNS = (
    "source_id, sha256, extractor, title, outlet, url, published, published_basis, text, path, ingested_at"
)


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

    # writing
    def ingest(self, source: Source, records: list[EventRecord], extractor: str) -> IngestResult:
        """Store a source and its records, replacing any earlier version of the same source."""
        if self.readonly:
            raise StoreError(f"{self.location}: opened read-only; cannot ingest {source.source_id!r}")
        if common.duplicate_event_ids(records):
            raise StoreError(
                f"{source.path or source.source_id}: the extractor gave two records the same event id"
            )
        with self._conn() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            with conn.cursor(row_factory=dict_row) as cur:
                old = cur.execute(
                    f"SELECT source_id, sha256, extractor, published, {', '.join(common.METADATA)} "
                    "FROM sources WHERE source_id = %s OR sha256 = %s ORDER BY source_id",
                    (source.source_id, source.sha256),
                ).fetchall()
            plan = common.plan_ingest(old, source, extractor)
            if plan.kept is not None:
                (n,) = conn.execute(
                    "SELECT count(*) FROM events WHERE source_id = %s", (plan.kept,)
                ).fetchone()
                if plan.action == "metadata updated":
                    conn.execute(
                        f"UPDATE sources SET {', '.join(f'{c} = %s' for c in common.METADATA)} "
                        "WHERE source_id = %s",
                        (*common.metadata_of(source), plan.kept),
                    )
                    _bump_generation(conn)
                return IngestResult(plan.kept, plan.action, int(n))
            if plan.remove:
                conn.execute("DELETE FROM sources WHERE source_id = ANY(%s)", (list(plan.remove),))
            conn.execute(
                f"INSERT INTO sources ({_SOURCE_COLUMNS}) VALUES ({', '.join(['%s'] * 11)})",
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
            with conn.cursor() as cur, cur.copy(f"COPY events ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for r in records:
                    copy.write_row(tuple(getattr(r, c) for c in COLUMNS))
            _bump_generation(conn)
        return IngestResult(source.source_id, plan.action, len(records))

    # reading
    def generation(self) -> int:
        with self._conn() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def events(self, source_id: str | None = None) -> list[EventRecord]:
        with self._conn() as conn:
            return _events(conn, source_id)

    def sources(self) -> list[Source]:
        with self._conn() as conn:
            return _sources(conn)

    def source(self, source_id: str) -> Source | None:
        with self._conn() as conn, conn.cursor(row_factory=dict_row) as cur:
            row = cur.execute(
                f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE source_id = %s", (source_id,)
            ).fetchone()
        return _source_of(row) if row else None

    def snapshot(self) -> tuple[list[Source], list[EventRecord]]:
        """Sources and events read in one REPEATABLE READ transaction, so they belong together."""
        with self._conn() as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return _sources(conn), _events(conn)

    # spatial queries, in the database
    def events_in_units(self, adm3_ids: Iterable[str]) -> list[EventRecord]:
        """The records placed in one of the sub-districts `adm3_ids` (by point or by area)."""
        ids = sorted(set(adm3_ids))
        with self._conn() as conn:
            return _records(
                conn,
                f"{_SELECT} WHERE admin3 = ANY(%(ids)s) OR string_to_array(area_adm3, '|') && %(ids)s::text[] "
                f"ORDER BY {_ORDER}",
                {"ids": ids},
            )

    def events_in_bbox(self, box: common.BBox) -> list[EventRecord]:
        """The records whose point lies in the map view `box` (edges inside), by the GiST index."""
        with self._conn() as conn:
            return _records(
                conn,
                f"{_SELECT} WHERE geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326) ORDER BY {_ORDER}",
                (box.west, box.south, box.east, box.north),
            )


def _records(conn: psycopg.Connection, query: str, args: Any = None) -> list[EventRecord]:
    with conn.cursor() as cur:
        cur.execute(query, args)
        return [EventRecord(*row) for row in cur]


def _events(conn: psycopg.Connection, source_id: str | None = None) -> list[EventRecord]:
    if source_id is None:
        return _records(conn, f"{_SELECT} ORDER BY {_ORDER}")
    return _records(conn, f"{_SELECT} WHERE source_id = %s ORDER BY {_ORDER}", (source_id,))


def _sources(conn: psycopg.Connection) -> list[Source]:
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(
            f'SELECT {_SOURCE_COLUMNS} FROM sources ORDER BY published COLLATE "C", source_id COLLATE "C"'
        ).fetchall()
    return [_source_of(row) for row in rows]


def _bump_generation(conn: psycopg.Connection) -> None:
    conn.execute(
        "INSERT INTO meta VALUES ('generation', '1') "
        "ON CONFLICT (key) DO UPDATE SET value = (meta.value::bigint + 1)::text"
    )


def _source_of(row: dict[str, Any]) -> Source:
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
