-- One row per `bm sync` run. The JSON files in BM_HOME/sync-history are the durable record; these tables index them
-- (report_json holds the same object) so that history and stats are answered with SQL.
CREATE TABLE sync_runs (
    id                TEXT    NOT NULL PRIMARY KEY,
    started_at_ms     INTEGER NOT NULL,            -- start time, epoch milliseconds (UTC)
    timestamp         TEXT    NOT NULL,            -- start time, ISO-8601 with offset, as in the report
    duration_seconds  REAL    NOT NULL,
    exit_code         INTEGER NOT NULL,
    rclone_exit_code  INTEGER,
    success           INTEGER NOT NULL,
    status            TEXT    NOT NULL,
    dry_run           INTEGER NOT NULL,
    resync            INTEGER NOT NULL,
    profile           TEXT,
    device_id         TEXT,
    rclone_version    TEXT,
    to_cloud_created  INTEGER NOT NULL DEFAULT 0,
    to_cloud_updated  INTEGER NOT NULL DEFAULT 0,
    to_cloud_deleted  INTEGER NOT NULL DEFAULT 0,
    to_local_created  INTEGER NOT NULL DEFAULT 0,
    to_local_updated  INTEGER NOT NULL DEFAULT 0,
    to_local_deleted  INTEGER NOT NULL DEFAULT 0,
    bytes_transferred INTEGER NOT NULL DEFAULT 0,
    conflicts_count   INTEGER NOT NULL DEFAULT 0,
    errors_count      INTEGER NOT NULL DEFAULT 0,
    report_file       TEXT,
    report_json       TEXT    NOT NULL
);
CREATE INDEX sync_runs_started_at ON sync_runs (started_at_ms);
CREATE INDEX sync_runs_status_started_at ON sync_runs (status, started_at_ms);

-- One row per project of a run (a run with one project has one row).
CREATE TABLE sync_run_projects (
    run_id            TEXT    NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
    project           TEXT    NOT NULL,
    started_at_ms     INTEGER NOT NULL,
    status            TEXT    NOT NULL,
    exit_code         INTEGER NOT NULL,
    to_cloud_created  INTEGER NOT NULL DEFAULT 0,
    to_cloud_updated  INTEGER NOT NULL DEFAULT 0,
    to_cloud_deleted  INTEGER NOT NULL DEFAULT 0,
    to_local_created  INTEGER NOT NULL DEFAULT 0,
    to_local_updated  INTEGER NOT NULL DEFAULT 0,
    to_local_deleted  INTEGER NOT NULL DEFAULT 0,
    conflicts_count   INTEGER NOT NULL DEFAULT 0,
    bytes_transferred INTEGER NOT NULL DEFAULT 0,
    duration_seconds  REAL    NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, project)
);
CREATE INDEX sync_run_projects_project_started_at ON sync_run_projects (project, started_at_ms);

-- Conflicts created by a run: the original file and its conflict copies (JSON array of paths).
CREATE TABLE sync_conflicts (
    run_id  TEXT NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
    project TEXT,
    path    TEXT NOT NULL,
    files   TEXT NOT NULL,
    PRIMARY KEY (run_id, path)
);
