-- Live workshops: the invitation a facilitator hands out for one map, and the people who joined
-- with it. Kept in the data file so a restarted host resumes the same invitation.
CREATE TABLE workshops (
    id            TEXT PRIMARY KEY,
    map_id        TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    invite_token  TEXT NOT NULL UNIQUE,
    short_code    TEXT NOT NULL,
    default_role  TEXT NOT NULL,
    locked        INTEGER NOT NULL DEFAULT 0,
    address       TEXT NOT NULL,
    port          INTEGER NOT NULL,
    started_at    INTEGER NOT NULL,
    ended_at      INTEGER
);
CREATE INDEX workshops_active ON workshops(ended_at);

CREATE TABLE workshop_participants (
    workshop_id     TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    participant_id  TEXT NOT NULL,
    token           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    color           TEXT NOT NULL,
    role            TEXT NOT NULL,
    joined_at       INTEGER NOT NULL,
    revoked_at      INTEGER,
    PRIMARY KEY (workshop_id, participant_id)
);
