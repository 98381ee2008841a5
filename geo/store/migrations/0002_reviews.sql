-- Reviews (user_version 2): people's verdicts on event records (geo/reviews.py), kept beside the
-- records, never over them. No foreign key to events: a review outlives a re-extraction, and a
-- newer extractor's record with the same event id gets it again. `changes` is JSON
-- {field: [old, new]}; an undone review keeps its row with `undone_at` set, for the audit trail.
CREATE TABLE IF NOT EXISTS reviews (
    review_id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    source_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('confirm', 'reject', 'correct')),
    reviewer TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    changes TEXT NOT NULL DEFAULT '{}',
    reason TEXT NOT NULL DEFAULT '',
    undone_at TEXT
);
CREATE INDEX IF NOT EXISTS reviews_by_event ON reviews(event_id);
CREATE INDEX IF NOT EXISTS reviews_by_source ON reviews(source_id);
