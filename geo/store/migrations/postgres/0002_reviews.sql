-- Reviews (schema version 2), the twin of ../0002_reviews.sql: people's verdicts on event
-- records (geo/reviews.py), kept beside the records, never over them. No foreign key to events:
-- a review outlives a re-extraction. `changes` is JSON text {field: [old, new]}, as on SQLite; an
-- undone review keeps its row with `undone_at` set, for the audit trail. Review ids are never
-- reused (an identity column, as SQLite's AUTOINCREMENT).
CREATE TABLE reviews (
    review_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id TEXT NOT NULL,
    source_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('confirm', 'reject', 'correct')),
    reviewer TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    changes TEXT NOT NULL DEFAULT '{}',
    reason TEXT NOT NULL DEFAULT '',
    undone_at TEXT
);
CREATE INDEX reviews_by_event ON reviews(event_id);
CREATE INDEX reviews_by_source ON reviews(source_id);
