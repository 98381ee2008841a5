-- The PostgreSQL twin of ../0001_initial.sql (schema version 1): sources, their event records and
-- `meta` (the store's generation), with the same columns and meanings. PostGIS adds `geom`, each
-- record's point, computed from its longitude and latitude so that every writer fills it alike,
-- and indexed (GiST) for the map's "events in this view" query. Frozen: later changes are new
-- numbered files here, in step with the SQLite ones.
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE TABLE sources (
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
    ingested_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE events (
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
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
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
    notes TEXT,
    geom geometry(Point, 4326) GENERATED ALWAYS AS (
        CASE WHEN longitude IS NOT NULL AND latitude IS NOT NULL
            THEN ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) END
    ) STORED
);
CREATE INDEX events_by_source ON events(source_id);
CREATE INDEX events_by_date ON events(date_start, date_end);
CREATE INDEX events_by_admin3 ON events(admin3);
CREATE INDEX events_by_area ON events USING gin (string_to_array(area_adm3, '|'));
CREATE INDEX events_geom ON events USING gist (geom);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
