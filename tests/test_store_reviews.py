"""Reviews in the store: written beside the machine's records, applied on every read, kept across
re-extraction, undone, removed with their source; nothing half-written, nothing lost."""

import sqlite3
import threading
from dataclasses import replace

import pytest

from geo.reviews import NewReview, ReviewError
from geo.store import Store, StoreError
from tests.test_store import record, source


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.sqlite") as s:
        s.ingest(source(), [record(), record("ev-2")], "x1")
        yield s


def correct_type(event_id="ev-1", new="clashes", who="Rana"):
    return NewReview(event_id, "correct", who, {"event_type": ("captured", new)}, "says clashes")


def test_a_correction_is_stored_as_a_review_and_the_machine_record_stays(store):
    before = store.generation()
    stored = store.add_review(correct_type())
    assert stored.review_id == 1 and stored.source_id == "hama" and stored.reviewed_at.endswith("+00:00")
    assert store.generation() == before + 1
    assert store.event("ev-1").event_type == "clashes"
    assert store.event("ev-1").reviewed == "corrected"
    assert [r.event_type for r in store.machine_events()] == ["captured", "captured"]
    (review,) = store.reviews(event_id="ev-1")
    assert review.changes == {"event_type": ("captured", "clashes")} and review.reason == "says clashes"


def test_a_rejected_record_leaves_every_read_but_is_still_there_to_review(store):
    store.add_review(NewReview("ev-1", "reject", "Rana"))
    assert [r.event_id for r in store.events()] == ["ev-2"]
    assert [r.event_id for r in store.snapshot()[1]] == ["ev-2"]
    assert [r.reviewed for r in store.events(include_rejected=True)] == ["rejected", ""]
    assert store.event("ev-1").reviewed == "rejected"


def test_a_review_of_no_record_is_refused(store):
    with pytest.raises(ReviewError, match="no event record 'ev-404'"):
        store.add_review(NewReview("ev-404", "confirm", "Rana"))
    assert store.reviews() == []


def test_undo_withdraws_the_newest_review_of_that_reviewer_and_keeps_the_row(store):
    store.add_review(NewReview("ev-1", "reject", "Rana"))
    store.add_review(NewReview("ev-2", "confirm", "Omar"))
    undone = store.undo_last_review("Rana")
    assert (undone.event_id, undone.action) == ("ev-1", "reject")
    assert [r.event_id for r in store.events()] == ["ev-1", "ev-2"]
    assert store.undo_last_review("Rana") is None
    assert [r.reviewer for r in store.reviews()] == ["Omar"]
    assert store.undo_last_review().reviewer == "Omar"
    rows = sqlite3.connect(store.path).execute("SELECT count(*), count(undone_at) FROM reviews").fetchone()
    assert rows == (2, 2)


def test_re_extraction_keeps_reviews_applied_and_a_vanished_record_keeps_its_review(store):
    store.add_review(correct_type())
    store.add_review(NewReview("ev-2", "reject", "Rana"))
    # A newer extractor makes ev-1 again (same id) and no longer makes ev-2.
    store.ingest(source(), [record()], "x2")
    (kept,) = store.events()
    assert (kept.event_id, kept.event_type, kept.reviewed) == ("ev-1", "clashes", "corrected")
    assert {r.event_id for r in store.reviews()} == {"ev-1", "ev-2"}
    assert store.event("ev-2") is None


def test_reviews_made_before_saving_are_stored_with_the_source_or_not_at_all(tmp_path):
    with Store(tmp_path / "s.sqlite") as s:
        s.ingest(
            source(),
            [record(), record("ev-2")],
            "x1",
            reviews=[correct_type(), NewReview("ev-2", "reject", "Rana")],
        )
        assert [(r.event_id, r.event_type) for r in s.events()] == [("ev-1", "clashes")]
        with pytest.raises(StoreError, match="a review names no record of it"):
            s.ingest(
                source("T\nOther text.\n", sid="b"),
                [record("ev-3", "b")],
                "x1",
                reviews=[correct_type("ev-9")],
            )
        assert s.source("b") is None


def test_an_interrupted_save_leaves_the_store_as_before(tmp_path, monkeypatch):
    with Store(tmp_path / "s.sqlite") as s:
        s.ingest(source(), [record()], "x1")
        before = (s.generation(), s.sources(), s.events(), s.reviews())

        def crash(*args, **kwargs):
            raise KeyboardInterrupt  # a stop between the records and the reviews

        monkeypatch.setattr(Store, "_insert_review", crash)
        with pytest.raises(KeyboardInterrupt):
            s.ingest(
                source("T\nNew text.\n", sid="b"), [record("ev-3", "b")], "x1", reviews=[correct_type("ev-3")]
            )
        with pytest.raises(KeyboardInterrupt):
            s.add_review(correct_type())
        assert (s.generation(), s.sources(), s.events(), s.reviews()) == before


def test_removing_a_source_removes_its_records_and_their_reviews(store):
    store.ingest(source("T\nOther.\n", sid="b"), [record("ev-3", "b")], "x1")
    store.add_review(NewReview("ev-1", "confirm", "Rana"))
    store.add_review(NewReview("ev-3", "confirm", "Rana"))
    assert store.remove_source("hama") == 2
    assert store.source("hama") is None
    assert [r.event_id for r in store.events()] == ["ev-3"]
    assert [r.event_id for r in store.reviews()] == ["ev-3"]
    with pytest.raises(StoreError, match="no source 'hama'"):
        store.remove_source("hama")


def test_a_duplicate_text_is_found_by_its_hash(store):
    assert store.source_by_sha256(source().sha256).source_id == "hama"
    assert store.source_by_sha256("0" * 64) is None


def test_a_reader_cannot_review(store, tmp_path):
    with Store(store.path, readonly=True) as reader:
        with pytest.raises(StoreError, match="opened read-only; cannot review 'ev-1'"):
            reader.add_review(NewReview("ev-1", "confirm", "Rana"))
        with pytest.raises(StoreError, match="cannot remove 'hama'"):
            reader.remove_source("hama")


def test_reviews_from_two_writers_at_once_lose_nothing(store):
    def review_many(who):
        with Store(store.path) as mine:
            for i in range(40):
                mine.add_review(NewReview("ev-1" if i % 2 else "ev-2", "confirm", who, reason=str(i)))

    threads = [threading.Thread(target=review_many, args=(who,)) for who in ("Rana", "Omar")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    reviews = store.reviews()
    assert len(reviews) == 80
    assert {(r.reviewer, r.reason) for r in reviews} == {
        (w, str(i)) for w in ("Rana", "Omar") for i in range(40)
    }


def test_a_renamed_source_keeps_its_reviews(store):
    store.add_review(NewReview("ev-1", "confirm", "Rana"))
    renamed = replace(source(), source_id="hama-renamed")
    store.ingest(renamed, [record(source_id="hama-renamed")], "x2")
    assert [r.source_id for r in store.reviews()] == ["hama-renamed"]
    assert store.remove_source("hama-renamed") == 1
    assert store.reviews() == []
