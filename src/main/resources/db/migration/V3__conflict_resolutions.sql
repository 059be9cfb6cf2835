-- One row per conflict settled with `bm conflicts resolve` (V2 is taken by another change; Flyway applies V3 after V1
-- all the same). `bm stats` counts resolutions and the resolution rate from here.
CREATE TABLE conflict_resolutions (
    id              TEXT    NOT NULL PRIMARY KEY,   -- random id, also printed by `bm conflicts resolve --json`
    resolved_at_ms  INTEGER NOT NULL,               -- epoch milliseconds (UTC)
    resolved_at     TEXT    NOT NULL,               -- ISO-8601 with offset
    project         TEXT,
    path            TEXT    NOT NULL,               -- the original file, relative to the sync directory
    choice          TEXT    NOT NULL CHECK (choice IN ('local', 'cloud', 'both', 'merge')),
    kept_from       TEXT,                           -- the version now under `path` (null for a merge)
    other_file      TEXT,                           -- with 'both': where the local version now is
    removed_files   TEXT    NOT NULL,               -- JSON array of the conflict copies removed
    backup_dir      TEXT    NOT NULL,               -- BM_HOME/conflict-backups/<UTC time>: a copy of every version
    naming          TEXT,                           -- pathname (rclone <= 1.65), numbered, numbered_keep_extension
    interactive     INTEGER NOT NULL,               -- 1 when a person chose at the prompt
    device_id       TEXT
);
CREATE INDEX conflict_resolutions_resolved_at ON conflict_resolutions (resolved_at_ms);
CREATE INDEX conflict_resolutions_project_resolved_at ON conflict_resolutions (project, resolved_at_ms);
