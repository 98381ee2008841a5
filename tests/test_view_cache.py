"""The dashboard's on-disk cache of derived data (geo/view_cache.py): a file is used only under
its exact key (store location, generation, code and data version), a damaged one is rebuilt
rather than trusted or fatal, and writing never leaves half a file."""

from __future__ import annotations

import os
import pickle
from datetime import date

import pytest

from geo import view_cache
from geo.records import COLUMNS, EventRecord


def record() -> EventRecord:
    values = {c: "" for c in COLUMNS}
    values.update(
        event_id="ev-1",
        source_id="src",
        sentence="Government forces retook Saraqib on Sunday.",
        sentence_start=0,
        sentence_end=43,
        mention_start=25,
        mention_end=32,
        latitude=35.86,
        longitude=36.8,
        geo_precision=1,
        time_precision=1,
        place="Saraqib",
        date_start="2024-12-01",
        date_end="2024-12-01",
        event_type="captured",
    )
    return EventRecord(**values)


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINES_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


class Builds:
    """A builder that counts its calls and returns a value that says which call made it."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict:
        self.calls += 1
        return {"built": self.calls, "records": [record()]}


def test_a_value_is_read_back_under_its_own_key():
    build = Builds()
    first = view_cache.cached("data", "/stores/a.sqlite", (3, "v1"), build)
    again = view_cache.cached("data", "/stores/a.sqlite", (3, "v1"), build)
    assert build.calls == 1
    assert again == first and again is not first  # read from disk, not the same object
    assert again["records"][0].place == "Saraqib"


def test_a_cache_of_another_generation_is_never_used():
    build = Builds()
    view_cache.cached("data", "/stores/a.sqlite", (3, "v1"), build)
    assert view_cache.read("data", "/stores/a.sqlite", (4, "v1")) is None
    newer = view_cache.cached("data", "/stores/a.sqlite", (4, "v1"), build)
    assert newer["built"] == 2 and build.calls == 2
    # One file per store location: the newer generation replaced the older one.
    assert view_cache.read("data", "/stores/a.sqlite", (3, "v1")) is None
    assert len(list(view_cache.cache_file("data", "/stores/a.sqlite").parent.glob("*.pickle"))) == 1


def test_another_code_or_data_version_or_store_or_kind_is_a_miss():
    view_cache.write("data", "/stores/a.sqlite", (3, "v1"), {"x": 1})
    assert view_cache.read("data", "/stores/a.sqlite", (3, "v2")) is None
    assert view_cache.read("data", "/stores/b.sqlite", (3, "v1")) is None
    assert view_cache.read("search", "/stores/a.sqlite", (3, "v1")) is None
    assert view_cache.read("data", "/stores/a.sqlite", (3, "v1")) == {"x": 1}


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated: the writer died (or a disk filled up)
        lambda data: b"\x00" * len(data),  # overwritten
        lambda data: b"",  # empty
        lambda data: pickle.dumps((view_cache.FORMAT, "data", "/stores/a.sqlite", (3, "v1"))) + b"junk",
    ],
    ids=["truncated", "zeroed", "empty", "key-then-garbage"],
)
def test_a_damaged_cache_file_is_rebuilt_not_a_crash(damage):
    build = Builds()
    view_cache.cached("data", "/stores/a.sqlite", (3, "v1"), build)
    path = view_cache.cache_file("data", "/stores/a.sqlite")
    path.write_bytes(damage(path.read_bytes()))
    assert view_cache.read("data", "/stores/a.sqlite", (3, "v1")) is None
    rebuilt = view_cache.cached("data", "/stores/a.sqlite", (3, "v1"), build)
    assert rebuilt["built"] == 2
    # ...and the rebuilt value was written back whole.
    assert view_cache.read("data", "/stores/a.sqlite", (3, "v1"))["built"] == 2


def test_a_cache_that_cannot_be_written_still_gives_the_value(cache_dir):
    cache_dir.mkdir(parents=True)
    (cache_dir / view_cache.FOLDER).write_text("a file where the folder should be")
    build = Builds()
    assert view_cache.cached("data", "/stores/a.sqlite", (1, "v"), build)["built"] == 1
    assert view_cache.cached("data", "/stores/a.sqlite", (1, "v"), build)["built"] == 2
    assert not list(cache_dir.glob(".*"))  # no temporary file left behind


def test_the_version_changes_with_the_files_that_build_the_objects(tmp_path, cache_dir):
    view = tmp_path / "view.py"
    view.write_text("BUILD = 1\n")
    before = view_cache.version([view])
    assert view_cache.version([view]) == before
    view.write_text("BUILD = 2\n")
    assert view_cache.version([view]) != before
    # A damaged boundary cache (same name, other size) changes it too, so it is read, and named.
    changed = view_cache.version([view])
    (cache_dir / "boundaries-0123").mkdir(parents=True)
    (cache_dir / "boundaries-0123" / "adm3.parquet").write_bytes(b"x" * 100)
    with_cache = view_cache.version([view])
    assert with_cache != changed
    (cache_dir / "boundaries-0123" / "adm3.parquet").write_bytes(b"x" * 50)
    assert view_cache.version([view]) != with_cache


def test_remove_deletes_only_that_stores_files():
    view_cache.write("data", "/stores/a.sqlite", (1, "v"), 1)
    view_cache.write("search", "/stores/a.sqlite", (1, "v"), 2)
    view_cache.write("data", "/stores/b.sqlite", (1, "v"), 3)
    view_cache.remove("/stores/a.sqlite")
    assert view_cache.read("data", "/stores/a.sqlite", (1, "v")) is None
    assert view_cache.read("search", "/stores/a.sqlite", (1, "v")) is None
    assert view_cache.read("data", "/stores/b.sqlite", (1, "v")) == 3


def test_a_day_survives_the_round_trip():
    view_cache.write("data", "/s", (1, "v"), [date(2024, 12, 8)])
    assert view_cache.read("data", "/s", (1, "v")) == [date(2024, 12, 8)]


def test_the_folder_keeps_the_most_recently_used_files(monkeypatch):
    monkeypatch.setattr(view_cache, "KEEP", 3)
    for n in range(3):
        view_cache.write("data", f"/stores/{n}.sqlite", (1, "v"), n)
    os.utime(view_cache.cache_file("data", "/stores/1.sqlite"), (1, 1))  # the oldest...
    os.utime(view_cache.cache_file("data", "/stores/0.sqlite"), (2, 2))
    assert view_cache.read("data", "/stores/1.sqlite", (1, "v")) == 1  # ...until read again
    view_cache.write("data", "/stores/3.sqlite", (1, "v"), 3)
    kept = {n for n in range(4) if view_cache.read("data", f"/stores/{n}.sqlite", (1, "v")) is not None}
    assert kept == {1, 2, 3}
