-- Ideas written in an anonymous brainstorm, kept apart from the map's document until the
-- facilitator reveals them (the document reaches every participant). `writer` is 'f:' (the
-- facilitator) or 'p:WORKSHOP:PARTICIPANT'; it is never written into the map, and is blanked when
-- the idea is revealed.
CREATE TABLE brainstorm_ideas (
    map_id     TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    round      INTEGER NOT NULL,
    writer     TEXT NOT NULL,
    stage      TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    revealed   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (map_id, id)
);
CREATE INDEX brainstorm_ideas_round ON brainstorm_ideas (map_id, round, writer);
