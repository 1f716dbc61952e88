-- The catalog, the map documents (append-only updates plus compacted snapshots) and settings.
CREATE TABLE projects (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE maps (
    id           TEXT PRIMARY KEY,
    project_id   TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    -- Read-only projection of the document, refreshed as it changes.
    title        TEXT NOT NULL DEFAULT '',
    template     TEXT NOT NULL DEFAULT '',
    locale       TEXT NOT NULL DEFAULT '',
    stage_count  INTEGER NOT NULL DEFAULT 0,
    lane_count   INTEGER NOT NULL DEFAULT 0,
    card_count   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX maps_by_project ON maps(project_id, created_at);

CREATE TABLE doc_updates (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    map_id      TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    data        BLOB NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX doc_updates_by_map ON doc_updates(map_id, id);

CREATE TABLE doc_snapshots (
    map_id        TEXT PRIMARY KEY REFERENCES maps(id) ON DELETE CASCADE,
    data          BLOB NOT NULL,
    -- The last doc_updates.id folded into this snapshot.
    up_to_update  INTEGER NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
