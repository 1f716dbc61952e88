-- Personas of a project (pictures stored in the file, not as paths) and a trash for maps.
CREATE TABLE personas (
    id            TEXT PRIMARY KEY,
    project_id    TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT '',
    goals         TEXT NOT NULL DEFAULT '',
    frustrations  TEXT NOT NULL DEFAULT '',
    quote         TEXT NOT NULL DEFAULT '',
    picture       BLOB,
    picture_type  TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX personas_by_project ON personas(project_id, created_at);

ALTER TABLE maps ADD COLUMN deleted_at INTEGER;
