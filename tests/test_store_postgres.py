"""What is PostgreSQL's own in the store: its schema and migrations, PostGIS, the pool, and the
faults a shared server brings (a wrong URL, a refused password, a server away or restarted).

Against real servers: the session's (conftest `postgres_server`), and for the restart test one of
its own, so stopping it disturbs no other test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import psycopg
import pytest

from geo.store import (
    SCHEMA_VERSION,
    PostgresLocation,
    StoreError,
    StoreUnavailable,
    migrations,
    open_reader,
    open_store,
    parse_store_location,
    postgres,
)
from tests.conftest import ROOT, free_port
from tests.postgres_server import PASSWORD, PASSWORD_USER, PostgresServer
from tests.test_store import record, source


def test_postgresql_has_the_same_schema_history_as_sqlite():
    assert [m.version for m in postgres.MIGRATIONS] == [m.version for m in migrations.MIGRATIONS]
    assert postgres.SCHEMA_VERSION == SCHEMA_VERSION


def test_a_new_database_gets_the_schema_with_points_as_postgis_geometry(postgres_url):
    with open_store(postgres_url) as store:
        store.ingest(source(), [record()], "x1")
    with psycopg.connect(postgres_url) as db:
        versions = [r[0] for r in db.execute("SELECT version FROM schema_version ORDER BY version")]
        assert versions == list(range(1, SCHEMA_VERSION + 1))
        column = db.execute(
            "SELECT type, srid FROM geometry_columns WHERE f_table_name = 'events' AND f_geometry_column = 'geom'"
        ).fetchone()
        assert column == ("POINT", 4326)
        index = db.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'events_geom'").fetchone()[0]
        assert "USING gist (geom)" in index
        # The point is the record's own longitude and latitude.
        assert db.execute("SELECT ST_X(geom), ST_Y(geom) FROM events").fetchone() == (36.75, 35.13)


def test_servers_starting_together_migrate_once(postgres_url):
    location = parse_store_location(postgres_url)
    errors, barrier = [], threading.Barrier(4)

    def start() -> None:
        try:
            with psycopg.connect(location.url, autocommit=True) as conn:
                barrier.wait()
                postgres.migrate(conn)
        except Exception as exc:  # the test reports any failure, whatever its type
            errors.append(repr(exc))

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with psycopg.connect(postgres_url) as db:
        assert db.execute("SELECT count(*) FROM schema_version").fetchone()[0] == SCHEMA_VERSION


def test_a_failing_step_leaves_the_old_version_and_nothing_half_made(postgres_url):
    steps = [
        *postgres.MIGRATIONS,
        migrations.Migration(SCHEMA_VERSION + 1, "a.sql", "CREATE TABLE later (event_id TEXT);"),
        migrations.Migration(SCHEMA_VERSION + 2, "b.sql", "ALTER TABLE nowhere ADD COLUMN x TEXT;"),
    ]
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        postgres.migrate(conn)
        with pytest.raises(psycopg.errors.UndefinedTable, match="nowhere"):
            postgres.migrate(conn, steps)
        assert postgres.schema_version(conn) == SCHEMA_VERSION
        assert conn.execute("SELECT to_regclass('later')").fetchone()[0] is None
        # The lock was given back: the next start migrates at once.
        assert postgres.migrate(conn) == SCHEMA_VERSION


def test_a_store_from_a_newer_schema_is_refused_with_one_line(postgres_url):
    with open_store(postgres_url):
        pass
    postgres.close_pool(parse_store_location(postgres_url))
    with psycopg.connect(postgres_url) as db:
        db.execute("INSERT INTO schema_version (version, name) VALUES (99, '0099_future.sql')")
    with pytest.raises(
        StoreError, match=r"store has schema version 99, this code needs \d+; upgrade Frontlines"
    ):
        open_store(postgres_url)


def test_a_read_only_open_refuses_writes(postgres_url):
    with open_store(postgres_url) as store:
        store.ingest(source(), [record()], "x1")
    with open_reader(postgres_url) as reader:
        assert reader.readonly and reader.events() == [record()]
        with pytest.raises(StoreError, match="opened read-only; cannot ingest 'b'"):
            reader.ingest(source(sid="b", text="B\ny."), [record("ev-2", "b")], "x1")
        assert "frontlines@" in str(reader.path)


# --- bad input: one line naming the store, the password masked ---------------------------------


def refused(url: str) -> str:
    with pytest.raises(StoreError) as info:
        open_store(url)
    message = str(info.value)
    assert "\n" not in message and PASSWORD not in message and "secret" not in message
    return message


def test_an_unreachable_server_is_one_line(postgres_server):
    url = f"postgresql://me:secret@127.0.0.1:{free_port()}/frontlines"
    message = refused(url)
    assert message.startswith(
        f"FRONTLINES_STORE postgresql://me:***@127.0.0.1:{url.split(':')[3]}: cannot connect ("
    )
    assert "refused" in message


def test_a_refused_password_is_one_line(postgres_server, postgres_url):
    dbname = postgres_url.rsplit("/", 1)[1]
    wrong = postgres_server.url(dbname, user=PASSWORD_USER, password="secret")
    assert "password authentication failed" in refused(wrong)
    right = postgres_server.url(dbname, user=PASSWORD_USER, password=PASSWORD)
    with open_store(right) as store:
        assert store.generation() == 0
        assert (
            str(store.path) == f"postgresql://{PASSWORD_USER}:***@127.0.0.1:{postgres_server.port}/{dbname}"
        )
    postgres.close_pool(parse_store_location(right))


def test_a_missing_database_is_one_line(postgres_server):
    message = refused(postgres_server.url("no_such_database"))
    assert 'database "no_such_database" does not exist' in message


@pytest.mark.parametrize("how", ["--store", "FRONTLINES_STORE"])
def test_the_cli_names_an_unusable_postgresql_store_in_one_line_and_exits_2(postgres_server, tmp_path, how):
    url = postgres_server.url("x", user=PASSWORD_USER, password="secret")
    args, env = (["--store", url], {}) if how == "--store" else ([], {"FRONTLINES_STORE": url})
    result = subprocess.run(
        [sys.executable, "-m", "geo", "events", *args],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    shown = f"{PASSWORD_USER}:***@127.0.0.1:{postgres_server.port}/x"
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"error: {how} postgresql://{shown}: cannot connect (")
    assert "password authentication failed" in result.stderr and "secret" not in result.stderr
    assert list(tmp_path.iterdir()) == []


# --- a server that goes away and comes back ---------------------------------------------------


@pytest.fixture
def own_server():
    server = PostgresServer().start()
    yield server
    postgres.close_pools()
    server.remove()


def test_a_lost_server_is_reported_and_the_pool_reconnects_when_it_returns(own_server):
    url = own_server.new_database()
    store = open_store(url)
    store.ingest(source(), [record()], "x1")
    assert store.generation() == 1
    own_server.stop()
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as info:
        store.generation()
    assert time.monotonic() - started < postgres.POOL_TIMEOUT + 10
    assert str(info.value).startswith(f"FRONTLINES_STORE {parse_store_location(url)}: ")
    assert "\n" not in str(info.value)
    own_server.start()
    deadline = time.monotonic() + 30
    while True:  # the pool reconnects in the background; the first calls may still find it away
        try:
            assert store.generation() == 1
            break
        except StoreUnavailable:
            assert time.monotonic() < deadline, "the pool did not reconnect"
            time.sleep(0.2)
    assert store.events() == [record()]
    assert isinstance(store.path, PostgresLocation)


def test_the_command_line_ingests_reviews_and_exports_on_postgresql(postgres_url, tmp_path, capsys):
    import json

    from geo.cli import main

    article = tmp_path / "hama.txt"
    article.write_text("Rebels take Hama\nHTS-led forces captured Hama on Thursday, residents said.\n")
    assert main(["ingest", str(article), "--published", "2024-12-06", "--store", postgres_url]) == 0
    assert "hama: added" in capsys.readouterr().out
    assert main(["events", "--store", postgres_url, "--format", "json"]) == 0
    (event,) = json.loads(capsys.readouterr().out)
    event_id = event["event_id"]
    assert main(["review", "reject", event_id, "--reviewer", "Rana", "--store", postgres_url]) == 0
    capsys.readouterr()
    assert main(["events", "--store", postgres_url, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["review", "list", "--store", postgres_url]) == 0
    (review,) = json.loads(capsys.readouterr().out)
    assert (review["event_id"], review["action"], review["reviewer"]) == (event_id, "reject", "Rana")
    assert main(["control", "--date", "2024-12-07", "--store", postgres_url, "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 272
