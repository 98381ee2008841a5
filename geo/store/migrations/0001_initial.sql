-- The schema of the first store (user_version 1): sources, their event records, and `meta`, which
-- holds the store's generation. Frozen: later changes are new numbered files, never edits here.
CREATE TABLE IF NOT EXISTS sources (
    source_id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    extractor TEXT NOT NULL,
    title TEXT NOT NULL,
    outlet TEXT,
    url TEXT,
    published TEXT NOT NULL,
    published_basis TEXT NOT NULL,
    text TEXT NOT NULL,
    path TEXT,
    ingested_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(source_id) ON DELETE CASCADE,
    sentence TEXT,
    sentence_start INTEGER,
    sentence_end INTEGER,
    mention TEXT,
    mention_start INTEGER,
    mention_end INTEGER,
    place TEXT,
    place_id TEXT,
    latitude REAL,
    longitude REAL,
    geo_precision INTEGER,
    admin1 TEXT,
    admin1_name TEXT,
    admin2 TEXT,
    admin2_name TEXT,
    admin3 TEXT,
    admin3_name TEXT,
    area_adm3 TEXT,
    coverage TEXT,
    date_start TEXT,
    date_end TEXT,
    time_precision INTEGER,
    date_basis TEXT,
    event_type TEXT,
    trigger TEXT,
    actor1 TEXT,
    actor2 TEXT,
    assoc_actor1 TEXT,
    actor1_text TEXT,
    actor2_text TEXT,
    notes TEXT
);
CREATE INDEX IF NOT EXISTS events_by_source ON events(source_id);
CREATE INDEX IF NOT EXISTS events_by_date ON events(date_start, date_end);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
