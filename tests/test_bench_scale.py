"""The benchmark's scale section helpers: the bulk store writer, a server's memory read from
/proc, and the child process that builds a store's derived data as a first start would."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bench import synthetic
from bench.prebuild import memory_mb, prebuild
from geo import view_cache
from geo.factions import load_factions
from geo.store import Store


@pytest.fixture(scope="module")
def vocab() -> synthetic.Vocabulary:
    from geo.gazetteer import load_gazetteer

    return synthetic.vocabulary(load_gazetteer(), load_factions())


def test_memory_is_read_for_this_process_and_another():
    peak, now = memory_mb()
    assert peak >= now > 10
    child = subprocess.Popen([sys.executable, "-c", "import time; x = bytearray(64 << 20); time.sleep(30)"])
    try:
        for _ in range(100):
            peak, now = memory_mb(child.pid)
            if now > 64:
                break
            subprocess.run(["sleep", "0.05"], check=True)
        assert peak >= now > 64
    finally:
        child.kill()
        child.wait()


def test_the_bulk_writer_stores_the_same_records_as_the_plain_one(tmp_path, vocab):
    count = 2 * synthetic.RECORDS_PER_SOURCE + 7
    plain = synthetic.write_store(tmp_path / "plain.sqlite", count, vocab)
    bulk = synthetic.write_store_bulk(tmp_path / "bulk.sqlite", count, vocab)
    with Store(plain) as a, Store(bulk) as b:
        assert a.events() == b.events() and len(b.events()) == count
        assert [s.source_id for s in a.sources()] == [s.source_id for s in b.sources()]
        assert b.generation() > 0


def test_prebuild_leaves_the_derived_data_a_server_reads(tmp_path, vocab):
    store = synthetic.write_store(tmp_path / "events.sqlite", 300, vocab)
    try:
        built = prebuild(store, 4, tmp_path / "built.pickle", tmp_path / "prebuild.log")
        assert view_cache.cache_file("data", str(store)).is_file()
        assert len(built.path) == 4 and built.stops >= 4 and built.path[-1].fills
        assert built.latest_state["units"] == 272 and built.peak_mb > 0 and built.seconds > 0
    finally:
        view_cache.remove(str(store))
