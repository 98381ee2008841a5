"""The store seam: numbered migrations, read-only opens, and the one parser of store locations."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from geo import paths
from geo.cli import main
from geo.store import SCHEMA_VERSION, Store, StoreError, migrations, open_reader, parse_store_location
from tests.test_store import record, source

ROOT = Path(__file__).resolve().parent.parent

# The schema today's code (before the migrations folder) wrote, by hand here: a store made by it
# must open under the migrations and keep its content.
VERSION_1_DDL = """
CREATE TABLE sources (source_id TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, extractor TEXT NOT NULL,
    title TEXT NOT NULL, outlet TEXT, url TEXT, published TEXT NOT NULL, published_basis TEXT NOT NULL,
    text TEXT NOT NULL, path TEXT, ingested_at REAL NOT NULL);
CREATE TABLE events (event_id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(source_id) ON DELETE CASCADE, sentence TEXT,
    sentence_start INTEGER, sentence_end INTEGER, mention TEXT, mention_start INTEGER, mention_end INTEGER,
    place TEXT, place_id TEXT, latitude REAL, longitude REAL, geo_precision INTEGER, admin1 TEXT,
    admin1_name TEXT, admin2 TEXT, admin2_name TEXT, admin3 TEXT, admin3_name TEXT, area_adm3 TEXT,
    coverage TEXT, date_start TEXT, date_end TEXT, time_precision INTEGER, date_basis TEXT, event_type TEXT,
    trigger TEXT, actor1 TEXT, actor2 TEXT, assoc_actor1 TEXT, actor1_text TEXT, actor2_text TEXT, notes TEXT);
CREATE INDEX events_by_source ON events(source_id);
CREATE INDEX events_by_date ON events(date_start, date_end);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO sources VALUES ('old', 'abc', 'x0', 'Old', NULL, NULL, '2024-12-01', 'test', 'Old\ntext.', NULL, 0);
INSERT INTO meta VALUES ('generation', '7');
PRAGMA user_version = 1;
"""


def version_1_store(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.executescript(VERSION_1_DDL)
    db.close()
    return path


def tables(path: Path) -> set[str]:
    db = sqlite3.connect(path)
    try:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")}
    finally:
        db.close()


def test_migrations_are_numbered_from_one_and_set_the_version():
    assert [m.version for m in migrations.MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))
    assert SCHEMA_VERSION >= 1


def test_an_empty_file_is_migrated_to_the_newest_schema(tmp_path):
    path = tmp_path / "s.sqlite"
    path.touch()
    with Store(path) as store:
        assert store.generation() == 0
        store.ingest(source(), [record()], "x1")
    assert {"sources", "events", "meta", "events_by_source", "events_by_date"} <= tables(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_version_1_store_from_todays_schema_opens_and_keeps_its_content(tmp_path):
    path = version_1_store(tmp_path / "old.sqlite")
    with Store(path) as store:
        assert [s.source_id for s in store.sources()] == ["old"]
        assert store.generation() == 7
        store.ingest(source(), [record()], "x1")
        assert store.events() == [record()]
    with Store.open_readonly(path) as reader:
        assert reader.generation() == 8


def test_pending_steps_apply_in_order_in_one_transaction(tmp_path):
    path = version_1_store(tmp_path / "old.sqlite")
    steps = [
        *migrations.MIGRATIONS,
        migrations.Migration(SCHEMA_VERSION + 1, "a.sql", "CREATE TABLE annotations (event_id TEXT);"),
        migrations.Migration(SCHEMA_VERSION + 2, "b.sql", "ALTER TABLE annotations ADD COLUMN verdict TEXT;"),
    ]
    db = sqlite3.connect(path, isolation_level=None)
    assert migrations.migrate(db, steps) == SCHEMA_VERSION + 2
    assert [r[1] for r in db.execute("PRAGMA table_info(annotations)")] == ["event_id", "verdict"]
    db.close()


def test_a_failing_step_leaves_the_store_at_its_old_version_with_nothing_half_made(tmp_path):
    path = version_1_store(tmp_path / "old.sqlite")
    steps = [
        *migrations.MIGRATIONS,
        migrations.Migration(SCHEMA_VERSION + 1, "a.sql", "CREATE TABLE annotations (event_id TEXT);"),
        migrations.Migration(SCHEMA_VERSION + 2, "b.sql", "ALTER TABLE nowhere ADD COLUMN x TEXT;"),
    ]
    db = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="nowhere"):
        migrations.migrate(db, steps)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "reviews" not in tables(path)
    db.close()


def test_migration_files_must_run_without_gaps(tmp_path):
    (tmp_path / "0001_first.sql").write_text("CREATE TABLE a (x);")
    (tmp_path / "0003_third.sql").write_text("CREATE TABLE c (x);")
    with pytest.raises(ValueError, match=r"0003_third\.sql should be numbered 0002"):
        migrations.load(tmp_path)


def test_a_read_only_open_refuses_writes(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.ingest(source(), [record()], "x1")
    with Store(path, readonly=True) as reader:
        assert reader.events() == [record()] and reader.generation() == 1
        with pytest.raises(StoreError, match="opened read-only; cannot ingest 'b'"):
            reader.ingest(source(sid="b", text="B\ny."), [record("ev-2", "b")], "x1")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader._db.execute("DELETE FROM events")
    with Store(path) as store:
        assert store.events() == [record()] and store.generation() == 1


def test_a_read_only_open_does_not_create_a_missing_file(tmp_path):
    path = tmp_path / "missing" / "s.sqlite"
    with pytest.raises(StoreError, match=r"s\.sqlite: no event store here"):
        Store.open_readonly(path)
    assert not path.parent.exists()


def test_a_read_only_open_does_no_migration(tmp_path):
    path = tmp_path / "s.sqlite"
    path.touch()
    with pytest.raises(StoreError, match="schema version 0, this code needs"):
        Store.open_readonly(path)
    assert path.stat().st_size == 0


def test_a_reader_creates_or_migrates_once_then_reads_only(tmp_path):
    path = tmp_path / "s.sqlite"
    with open_reader(path) as store:  # missing: one read-write open makes it, as before
        assert store.generation() == 0 and not store.readonly
    with open_reader(path) as store:
        assert store.readonly


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/tmp/x/events.sqlite", Path("/tmp/x/events.sqlite")),
        ("relative/events.sqlite", Path("relative/events.sqlite")),
        ("sqlite:///relative.db", Path("relative.db")),
        ("sqlite:////abs/dir/e.db", Path("/abs/dir/e.db")),
        ("SQLite:////abs/with%20space.db", Path("/abs/with space.db")),
        (Path("/p/q.sqlite"), Path("/p/q.sqlite")),
    ],
)
def test_store_locations(value, expected):
    assert parse_store_location(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "postgresql://me:secret@db/frontlines",
            "FRONTLINES_STORE: postgresql:// stores are not supported yet (issue 14); give a SQLite file path",
        ),
        (
            "mysql://db/x",
            "FRONTLINES_STORE: mysql:// stores are not supported yet (issue 14); give a SQLite file path",
        ),
        ("sqlite://", "FRONTLINES_STORE: a sqlite:// URL names no host"),
        ("sqlite:///", "FRONTLINES_STORE: sqlite:// URL without a file name"),
        ("sqlite:///e.db?mode=ro", "FRONTLINES_STORE: sqlite:// URLs take no options here"),
        ("", "FRONTLINES_STORE: empty"),
    ],
)
def test_refused_store_locations_are_one_line(value, message):
    with pytest.raises(StoreError) as info:
        parse_store_location(value)
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value) and "secret" not in str(info.value)


def test_a_postgresql_store_is_refused_and_no_folder_is_made(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FRONTLINES_STORE", "postgresql://db/frontlines")
    with pytest.raises(StoreError, match="postgresql:// stores are not supported yet"):
        Store("postgresql://db/frontlines")
    with pytest.raises(StoreError, match=r"^FRONTLINES_STORE: postgresql://"):
        open_reader(paths.store_path())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "env", "line"),
    [
        (
            ["events", "--store", "postgresql://db/frontlines"],
            {},
            "error: --store: postgresql:// stores are not supported yet (issue 14); give a SQLite file path",
        ),
        (
            ["events"],
            {"FRONTLINES_STORE": "postgresql://db/frontlines"},
            "error: FRONTLINES_STORE: postgresql:// stores are not supported yet (issue 14); give a SQLite file path",
        ),
    ],
)
def test_the_cli_refuses_a_postgresql_store_with_one_line_and_exit_2(tmp_path, args, env, line):
    result = subprocess.run(
        [sys.executable, "-m", "geo", *args],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, result.stderr.splitlines()) == (2, [line])
    assert list(tmp_path.iterdir()) == []


def test_the_cli_reads_a_sqlite_url(tmp_path, monkeypatch, capsys):
    article = tmp_path / "hama.txt"
    article.write_text("Rebels take Hama\nHTS-led forces captured Hama on Thursday, residents said.\n")
    monkeypatch.chdir(tmp_path)
    assert main(["ingest", str(article), "--published", "2024-12-06", "--store", "sqlite:///e.db"]) == 0
    assert "hama: added" in capsys.readouterr().out
    assert (tmp_path / "e.db").is_file()
