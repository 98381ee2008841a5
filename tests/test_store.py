"""The event store on both backends (SQLite and PostgreSQL, via `store_location`): idempotent
ingest, replacement in one transaction, and the spatial queries; then what is each backend's own."""

import sqlite3
from dataclasses import replace
from datetime import date

import psycopg
import pytest

from geo.records import COLUMNS, EventRecord
from geo.sources import Source
from geo.store import SCHEMA_VERSION, BBox, Store, StoreError, open_store


def source(text="Title\nRebels captured Hama on Thursday.\n", sid="hama"):
    return Source(sid, "Title", text, date(2024, 12, 6), "test", None, None, None)


def record(event_id="ev-1", source_id="hama", place="Hama"):
    values = {c: "" for c in COLUMNS}
    values.update(
        event_id=event_id,
        source_id=source_id,
        sentence="Rebels captured Hama on Thursday.",
        sentence_start=6,
        sentence_end=39,
        mention_start=22,
        mention_end=26,
        latitude=35.13,
        longitude=36.75,
        geo_precision=1,
        time_precision=1,
        place=place,
        date_start="2024-12-05",
        date_end="2024-12-05",
        event_type="captured",
    )
    return EventRecord(**values)


def test_new_store_is_wal_with_a_schema_version(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        assert store.generation() == 0
    db = sqlite3.connect(tmp_path / "s.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_ingest_then_read_back(store_location):
    with open_store(store_location) as store:
        result = store.ingest(source(), [record()], "x1")
        assert (result.action, result.records) == ("added", 1)
        assert store.events() == [record()]
        assert store.source("hama").text == source().text
        assert store.generation() == 1


def test_same_text_same_extractor_is_unchanged(store_location):
    with open_store(store_location) as store:
        store.ingest(source(), [record()], "x1")
        assert store.ingest(source(), [record()], "x1").action == "unchanged"
        assert store.generation() == 1


def test_new_extractor_replaces_records(store_location):
    with open_store(store_location) as store:
        store.ingest(source(), [record("ev-1"), record("ev-2")], "x1")
        assert store.ingest(source(), [record("ev-3")], "x2").action == "replaced"
        assert [r.event_id for r in store.events()] == ["ev-3"]


def test_same_text_under_another_name_is_the_same_source(store_location):
    with open_store(store_location) as store:
        store.ingest(source(sid="a"), [record("ev-1", "a")], "x1")
        result = store.ingest(source(sid="b"), [record("ev-1", "b")], "x1")
        assert (result.source_id, result.action) == ("a", "unchanged")
        assert [s.source_id for s in store.sources()] == ["a"]
        store.ingest(source(sid="b"), [record("ev-1", "b")], "x2")  # re-extracted: takes the new name
        assert [s.source_id for s in store.sources()] == ["b"]
        assert [r.source_id for r in store.events()] == ["b"]


def test_edited_text_under_the_same_name_replaces_it(store_location):
    with open_store(store_location) as store:
        store.ingest(source(), [record("ev-1")], "x1")
        store.ingest(source(text="Title\nRebels captured Homs.\n"), [record("ev-9", place="Homs")], "x1")
        assert [r.place for r in store.events()] == ["Homs"]
        assert len(store.sources()) == 1


def test_a_failing_ingest_leaves_the_store_as_it_was(store_location):
    with open_store(store_location) as store:
        store.ingest(source(), [record("ev-1")], "x1")
        broken = [record("ev-2"), record("ev-3", source_id="elsewhere")]  # foreign key: fails mid-insert
        with pytest.raises((sqlite3.IntegrityError, psycopg.IntegrityError)):
            store.ingest(source(text="Title\nOther text.\n"), broken, "x1")
        assert [r.event_id for r in store.events()] == ["ev-1"]
        assert store.source("hama").text == source().text
        assert store.generation() == 1


def test_filter_by_source(store_location):
    with open_store(store_location) as store:
        store.ingest(source(sid="a", text="A\nx."), [record("ev-1", "a")], "x1")
        store.ingest(source(sid="b", text="B\ny."), [record("ev-2", "b")], "x1")
        assert [r.event_id for r in store.events("b")] == ["ev-2"]


def test_a_file_that_is_not_a_database_is_reported(tmp_path):
    path = tmp_path / "s.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable event store"):
        Store(path)


def test_a_store_from_another_schema_version_is_refused(tmp_path):
    path = tmp_path / "s.sqlite"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(StoreError, match="schema version 99"):
        Store(path)


def test_snapshot_reads_sources_and_events_together(store_location):
    with open_store(store_location) as store:
        store.ingest(source(), [record()], "x1")
        sources, events = store.snapshot()
        assert [s.source_id for s in sources] == ["hama"] and len(events) == 1
        assert replace(events[0]) == record()


def test_records_with_the_same_id_are_refused_before_anything_is_written(store_location):
    with open_store(store_location) as store:
        with pytest.raises(StoreError, match="same event id"):
            store.ingest(source(), [record("ev-1"), record("ev-1")], "x1")
        assert store.sources() == [] and store.generation() == 0


def test_a_new_outlet_or_url_for_the_same_text_updates_the_description_and_keeps_the_records(store_location):
    with open_store(store_location) as store:
        store.ingest(source(), [record()], "x1")
        described = replace(source(), outlet="Example Wire", url="https://example.org/hama")
        result = store.ingest(described, [record()], "x1")
        assert (result.action, result.records) == ("metadata updated", 1)
        assert (store.source("hama").outlet, store.source("hama").url) == (
            "Example Wire",
            "https://example.org/hama",
        )
        assert store.events() == [record()]
        assert store.generation() == 2  # views rebuild from the new description
        assert store.ingest(described, [record()], "x1").action == "unchanged"
        assert store.generation() == 2


def test_a_new_publication_day_for_the_same_text_replaces_the_records(store_location):
    with open_store(store_location) as store:
        store.ingest(source(), [record()], "x1")
        later = replace(source(), published=date(2024, 12, 9))
        moved = replace(record(), date_start="2024-12-08", date_end="2024-12-08")
        assert store.ingest(later, [moved], "x1").action == "replaced"
        assert store.events() == [moved]


def placed(event_id, *, lon=None, lat=None, admin3="", area=""):
    return replace(record(event_id), longitude=lon, latitude=lat, admin3=admin3, area_adm3=area)


SPATIAL = [
    placed("ev-hama", lon=36.75, lat=35.13, admin3="SY0500"),
    placed("ev-edge", lon=37.0, lat=36.0, admin3="SY0501"),  # on the view's north-east corner
    placed("ev-aleppo", lon=37.16, lat=36.2, admin3="SY0200"),
    placed("ev-area", area="SY0200|SY0501"),  # an area place: no point of its own
    placed("ev-nowhere"),
]


def test_events_in_units_by_point_or_by_area(store_location):
    with open_store(store_location) as store:
        store.ingest(source(), SPATIAL, "x1")
        assert [r.event_id for r in store.events_in_units(["SY0500"])] == ["ev-hama"]
        assert sorted(r.event_id for r in store.events_in_units({"SY0501", "SY0500"})) == [
            "ev-area",
            "ev-edge",
            "ev-hama",
        ]
        assert sorted(r.event_id for r in store.events_in_units(["SY0200"])) == ["ev-aleppo", "ev-area"]
        assert store.events_in_units([]) == [] and store.events_in_units(["SY9999"]) == []
        assert store.events_in_units(["SY0500"]) == [SPATIAL[0]]  # whole records, as events() gives


def test_events_in_bbox_takes_points_in_the_view_edges_included(store_location):
    with open_store(store_location) as store:
        store.ingest(source(), SPATIAL, "x1")
        view = BBox(west=36.5, south=35.0, east=37.0, north=36.0)
        assert sorted(r.event_id for r in store.events_in_bbox(view)) == ["ev-edge", "ev-hama"]
        everything = BBox(35.0, 32.0, 43.0, 38.0)
        assert sorted(r.event_id for r in store.events_in_bbox(everything)) == [
            "ev-aleppo",
            "ev-edge",
            "ev-hama",
        ]
        assert store.events_in_bbox(BBox(40.0, 30.0, 41.0, 31.0)) == []


def test_a_bbox_upside_down_is_refused_with_one_line():
    with pytest.raises(StoreError, match=r"^bounding box 37.0,35.0,36.0,36.0: west must not exceed east"):
        BBox(37.0, 35.0, 36.0, 36.0)


def test_both_backends_order_records_alike(store_location):
    # PostgreSQL's collation is the database's; the store sorts byte-wise, as SQLite does.
    records = [
        replace(record(f"ev-{i}"), date_start=d, source_id="hama", sentence_start=start)
        for i, (d, start) in enumerate(
            [("2024-12-05", 9), ("2024-12-05", 2), ("2024-11-30", 50), ("2024-12-10", 1)]
        )
    ]
    mixed = [replace(record("Ev-Z"), date_start="2024-12-05", sentence_start=2), *records]
    with open_store(store_location) as store:
        store.ingest(source(), mixed, "x1")
        assert [r.event_id for r in store.events()] == ["ev-2", "Ev-Z", "ev-1", "ev-0", "ev-3"]


def test_the_spatial_queries_see_records_as_reviewed(store_location):
    from geo.reviews import NewReview

    moved = {"admin3": ("SY0500", "SY0200"), "longitude": (36.75, 37.16), "latitude": (35.13, 36.2)}
    with open_store(store_location) as store:
        store.ingest(source(), SPATIAL, "x1")
        store.add_review(NewReview("ev-hama", "correct", "Rana", moved, "it was Aleppo"))
        store.add_review(NewReview("ev-aleppo", "reject", "Rana"))
        assert store.events_in_units(["SY0500"]) == []
        (hama,) = [r for r in store.events_in_units(["SY0200"]) if r.event_id == "ev-hama"]
        assert (hama.admin3, hama.reviewed) == ("SY0200", "corrected")
        assert sorted(r.event_id for r in store.events_in_units(["SY0200"])) == ["ev-area", "ev-hama"]
        assert store.events_in_bbox(BBox(36.5, 35.0, 36.9, 35.5)) == []
        assert [r.event_id for r in store.events_in_bbox(BBox(37.1, 36.1, 37.2, 36.3))] == ["ev-hama"]
