"""Interrupted and concurrent writes: killed ingests, two ingests at once, reading while writing,
on both backends (a SQLite file; a database on the session's PostgreSQL).

The store must always open and hold either the old or the new state of each source, never half.
Articles here are written by the test (long ones, so that writes take a while); the CLI is run as
a real process and killed with SIGKILL. The complete states are made on SQLite, so PostgreSQL
must also give exactly SQLite's records.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from geo.cli import main
from geo.store import Store, open_store
from tests.conftest import ROOT

# Kills per backend. PostgreSQL rolls back a dropped connection's transaction on the server, so
# fewer runs check it; SQLite's journal is the client's to get right.
RUNS = {"sqlite": 24, "postgresql": 8}
TOWNS = ["Hama", "Homs", "Idlib", "Aleppo", "Saraqib", "Manbij", "Raqqa", "Daraa", "Azaz", "Afrin"]


def long_article(version: int, sentences: int = 400) -> str:
    lines = [f"Fighting across the north, edition {version}"]
    for i in range(sentences):
        town = TOWNS[(i + version) % len(TOWNS)]
        lines.append(
            f"Rebels captured {town} on Sunday after clashes, and jets struck {TOWNS[i % len(TOWNS)]} overnight ({version}.{i})."
        )
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """Two versions of one source (same file name, different text) and their complete states."""
    folder = tmp_path_factory.mktemp("articles")
    states = {}
    for v in (1, 2):
        (folder / f"v{v}").mkdir()
        path = folder / f"v{v}" / "north.txt"
        path.write_text(long_article(v))
        reference = folder / f"reference-{v}.sqlite"
        assert main(["ingest", str(path), "--published", "2024-12-08", "--store", str(reference)]) == 0
        with Store(reference) as store:
            sources, events = store.snapshot()
            states[sources[0].sha256] = {e.event_id for e in events}
    return folder, states


@pytest.fixture(params=["sqlite", "postgresql"])
def new_store(request, tmp_path):
    """Makes a new, empty store on the parametrized backend at each call; returns its location."""
    made: list[str] = []

    def make() -> str:
        if request.param == "sqlite":
            made.append(str(tmp_path / f"store-{len(made)}.sqlite"))
        else:
            made.append(request.getfixturevalue("postgres_server").new_database())
        return made[-1]

    make.backend = request.param
    yield make
    if request.param == "postgresql":
        from geo.store import parse_store_location, postgres

        server = request.getfixturevalue("postgres_server")
        for url in made:
            postgres.close_pool(parse_store_location(url))
            server.drop_database(url)


def state_of(path: Path | str) -> tuple[str | None, set[str]]:
    with open_store(path) as store:
        sources, events = store.snapshot()
    assert len(sources) <= 1
    return (sources[0].sha256 if sources else None), {e.event_id for e in events}


def ingest_process(article: Path, store: Path | str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "geo",
            "ingest",
            str(article),
            "--published",
            "2024-12-08",
            "--store",
            str(store),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_an_ingest_killed_at_random_points_leaves_the_old_or_the_new_state(versions, new_store):
    folder, states = versions
    rng = random.Random(20241202)
    outcomes = {"old": 0, "new": 0}
    runs = RUNS["postgresql" if new_store.backend == "postgresql" else "sqlite"]
    for run in range(runs):
        store = new_store()
        assert (
            main(
                [
                    "ingest",
                    str(folder / "v1" / "north.txt"),
                    "--published",
                    "2024-12-08",
                    "--store",
                    str(store),
                ]
            )
            == 0
        )
        old_sha, _ = state_of(store)
        process = ingest_process(folder / "v2" / "north.txt", store)
        time.sleep(rng.uniform(0.2, 1.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        if not store.startswith("postgresql://"):
            db = sqlite3.connect(store)
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            db.close()
        sha, ids = state_of(store)
        assert sha in states and ids == states[sha], f"run {run}: half an ingest"
        outcomes["old" if sha == old_sha else "new"] += 1
    print(f"killed ingests: {outcomes}")
    assert outcomes["old"] + outcomes["new"] == runs


def test_two_ingests_at_once_lose_and_duplicate_nothing(versions, tmp_path, new_store):
    folder, states = versions
    other = tmp_path / "south.txt"
    other.write_text(long_article(3).replace("the north", "the south"))
    store = new_store()
    first = ingest_process(folder / "v1" / "north.txt", store)
    second = ingest_process(other, store)
    for process in (first, second):
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    with open_store(store) as db:
        sources, events = db.snapshot()
    assert sorted(s.source_id for s in sources) == ["north", "south"]
    ids = [e.event_id for e in events]
    assert len(ids) == len(set(ids))
    north = {e.event_id for e in events if e.source_id == "north"}
    assert north in states.values()


def test_the_same_source_ingested_twice_at_once_ends_whole(versions, new_store):
    folder, states = versions
    store = new_store()
    processes = [ingest_process(folder / f"v{v}" / "north.txt", store) for v in (1, 2)]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    sha, ids = state_of(store)
    assert ids == states[sha]


def test_a_reader_never_sees_half_an_ingest(versions, new_store):
    folder, states = versions
    store = new_store()
    assert (
        main(["ingest", str(folder / "v1" / "north.txt"), "--published", "2024-12-08", "--store", str(store)])
        == 0
    )
    seen, problems, stop = [], [], threading.Event()

    def read() -> None:
        with open_store(store) as db:
            while not stop.is_set():
                try:
                    sources, events = db.snapshot()
                except Exception as exc:  # the test must report any error, whatever its type
                    problems.append(repr(exc))
                    continue
                sha = sources[0].sha256 if sources else None
                if sha not in states or {e.event_id for e in events} != states[sha]:
                    problems.append(f"half state: {sha} with {len(events)} events")
                seen.append(sha)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for v in (2, 1, 2, 1):
            process = ingest_process(folder / f"v{v}" / "north.txt", store)
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err.decode()
    finally:
        stop.set()
        reader.join()
    assert problems == []
    assert len(set(seen)) == 2, "the reader should have seen both versions"
    assert store.startswith("postgresql://") or os.path.exists(store)
