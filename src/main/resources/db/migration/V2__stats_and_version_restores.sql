-- `bm stats` and `bm sync history` answered with SQL at any scale (docs/stats.md), and the table that
-- `bm cloud restore` fills (version_restores). Nothing parses report JSON at query time: what stats need is a column.

-- Per project: the run's dry_run flag (stats leave dry runs out without a join), and whether the project stopped
-- with needs_resync because its bisync state diverged (an interrupted run, another device's run), as opposed to
-- bm refusing or blocking a resync it was about to start (a first run with differing files, a requested resync
-- blocked by an earlier conflict copy): those projects carry a note starting with "resync: ".
-- bm computes it when it indexes a report (HistoryRepository.stateDiverged); rows indexed before this migration
-- get the same rule here, once.
ALTER TABLE sync_run_projects ADD COLUMN dry_run INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_run_projects ADD COLUMN state_diverged INTEGER NOT NULL DEFAULT 0;

UPDATE sync_run_projects
SET dry_run = (SELECT r.dry_run FROM sync_runs r WHERE r.id = sync_run_projects.run_id);

UPDATE sync_run_projects
SET state_diverged = 1
WHERE status = 'needs_resync'
  AND NOT EXISTS (
    SELECT 1
    FROM sync_runs r, json_each(r.report_json, '$.per_project') pp, json_each(pp.value, '$.notes') n
    WHERE r.id = sync_run_projects.run_id
      AND json_extract(pp.value, '$.project') = sync_run_projects.project
      AND substr(n.value, 1, 8) = 'resync: ');

-- Newest first, and the window of the durations (percentiles): a covering index, so neither touches the ~1 KB of
-- report JSON each row holds. It replaces the plain time index of V1.
DROP INDEX sync_runs_started_at;
CREATE INDEX sync_runs_window ON sync_runs (started_at_ms, dry_run, status, duration_seconds);
DROP INDEX sync_run_projects_project_started_at;
CREATE INDEX sync_run_projects_window ON sync_run_projects (project, started_at_ms, dry_run, status, duration_seconds);

-- The sums and counts of `bm stats`, per 15-minute bucket (UTC; every time zone's midnight falls on a bucket
-- boundary, so buckets add up to local days exactly): a 30-day window is ~2,900 rows whatever the number of runs.
-- project '' holds the runs; a project's name, that project's part of each run. A row is always recomputed from the
-- runs of its bucket (HistoryRepository/Rollup: when reports are indexed or pruned), never updated by increments, so
-- it cannot drift from them. docs/stats.md defines each number.
CREATE TABLE sync_rollup (
    project               TEXT    NOT NULL,
    bucket_ms             INTEGER NOT NULL,   -- start of the bucket, epoch ms (a multiple of 900000)
    runs_success          INTEGER NOT NULL,   -- every run (part) by status, dry runs included
    runs_conflicts        INTEGER NOT NULL,
    runs_lock_busy        INTEGER NOT NULL,
    runs_needs_resync     INTEGER NOT NULL,
    runs_max_delete_abort INTEGER NOT NULL,
    runs_safety_abort     INTEGER NOT NULL,
    runs_failed           INTEGER NOT NULL,
    runs_interrupted      INTEGER NOT NULL,
    dry_runs              INTEGER NOT NULL,   -- dry runs not refused by the lock
    syncs                 INTEGER NOT NULL,   -- the rest: not dry runs, not lock_busy
    successful            INTEGER NOT NULL,   -- of the syncs: success or conflicts
    with_conflicts        INTEGER NOT NULL,   -- of the syncs: at least one conflict
    conflicts             INTEGER NOT NULL,   -- of the syncs: conflicts created
    duration_ms           INTEGER NOT NULL,   -- of the syncs: sum of durations, milliseconds
    bytes                 INTEGER NOT NULL,
    to_cloud_created      INTEGER NOT NULL,
    to_cloud_updated      INTEGER NOT NULL,
    to_cloud_deleted      INTEGER NOT NULL,
    to_local_created      INTEGER NOT NULL,
    to_local_updated      INTEGER NOT NULL,
    to_local_deleted      INTEGER NOT NULL,
    collisions            INTEGER NOT NULL,   -- syncs in which a project (this one) stopped needs_resync, state diverged
    max_delete_trips      INTEGER NOT NULL,   -- syncs in which a project (this one) stopped max_delete_abort
    safety_aborts         INTEGER NOT NULL,   -- syncs in which a project (this one) stopped safety_abort
    PRIMARY KEY (project, bucket_ms)
) WITHOUT ROWID;
CREATE INDEX sync_rollup_bucket ON sync_rollup (bucket_ms);

-- The rows indexed before this migration (the same SELECTs as Rollup.RUNS and Rollup.PROJECTS; MigrationsTest keeps
-- them equal).
INSERT INTO sync_rollup
SELECT '', started_at_ms - started_at_ms % 900000,
       count(*) FILTER (WHERE status = 'success'), count(*) FILTER (WHERE status = 'conflicts'),
       count(*) FILTER (WHERE status = 'lock_busy'), count(*) FILTER (WHERE status = 'needs_resync'),
       count(*) FILTER (WHERE status = 'max_delete_abort'), count(*) FILTER (WHERE status = 'safety_abort'),
       count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status = 'interrupted'),
       count(*) FILTER (WHERE dry_run = 1 AND status <> 'lock_busy'),
       count(*) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'),
       count(*) FILTER (WHERE dry_run = 0 AND status IN ('success', 'conflicts')),
       count(*) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy' AND conflicts_count > 0),
       coalesce(sum(conflicts_count) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'), 0),
       coalesce(sum(CAST(round(duration_seconds * 1000) AS INTEGER)) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'), 0),
       coalesce(sum(bytes_transferred) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'), 0),
       coalesce(sum(to_cloud_created) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'), 0),
       coalesce(sum(to_cloud_updated) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'), 0),
       coalesce(sum(to_cloud_deleted) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'), 0),
       coalesce(sum(to_local_created) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'), 0),
       coalesce(sum(to_local_updated) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'), 0),
       coalesce(sum(to_local_deleted) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'), 0),
       count(*) FILTER (WHERE dry_run = 0 AND status = 'needs_resync' AND EXISTS (SELECT 1 FROM sync_run_projects p
           WHERE p.run_id = r.id AND p.status = 'needs_resync' AND p.state_diverged = 1)),
       count(*) FILTER (WHERE dry_run = 0 AND status IN ('needs_resync', 'max_delete_abort', 'safety_abort')
           AND EXISTS (SELECT 1 FROM sync_run_projects p WHERE p.run_id = r.id AND p.status = 'max_delete_abort')),
       count(*) FILTER (WHERE dry_run = 0 AND status IN ('needs_resync', 'safety_abort')
           AND EXISTS (SELECT 1 FROM sync_run_projects p WHERE p.run_id = r.id AND p.status = 'safety_abort'))
FROM sync_runs r
GROUP BY 2;

INSERT INTO sync_rollup
SELECT project, started_at_ms - started_at_ms % 900000,
       count(*) FILTER (WHERE status = 'success'), count(*) FILTER (WHERE status = 'conflicts'),
       count(*) FILTER (WHERE status = 'lock_busy'), count(*) FILTER (WHERE status = 'needs_resync'),
       count(*) FILTER (WHERE status = 'max_delete_abort'), count(*) FILTER (WHERE status = 'safety_abort'),
       count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status = 'interrupted'),
       count(*) FILTER (WHERE dry_run = 1 AND status <> 'lock_busy'),
       count(*) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'),
       count(*) FILTER (WHERE dry_run = 0 AND status IN ('success', 'conflicts')),
       count(*) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy' AND conflicts_count > 0),
       coalesce(sum(conflicts_count) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'), 0),
       coalesce(sum(CAST(round(duration_seconds * 1000) AS INTEGER)) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'), 0),
       coalesce(sum(bytes_transferred) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'), 0),
       coalesce(sum(to_cloud_created) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'), 0),
       coalesce(sum(to_cloud_updated) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'), 0),
       coalesce(sum(to_cloud_deleted) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'), 0),
       coalesce(sum(to_local_created) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'), 0),
       coalesce(sum(to_local_updated) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'), 0),
       coalesce(sum(to_local_deleted) FILTER (WHERE dry_run = 0 AND status <> 'lock_busy'), 0),
       count(*) FILTER (WHERE dry_run = 0 AND status = 'needs_resync' AND state_diverged = 1),
       count(*) FILTER (WHERE dry_run = 0 AND status = 'max_delete_abort'),
       count(*) FILTER (WHERE dry_run = 0 AND status = 'safety_abort')
FROM sync_run_projects
GROUP BY project, 2;

-- One row per file version restored by `bm cloud restore` (filled by a later release; `bm stats` counts it now).
-- These rows are not derived from report files: `bm sync history --rebuild` copies them into the new database.
CREATE TABLE version_restores (
    id             TEXT    NOT NULL PRIMARY KEY,
    restored_at_ms INTEGER NOT NULL,            -- epoch milliseconds (UTC)
    project        TEXT,                        -- top-level folder of the restored file
    path           TEXT    NOT NULL,            -- restored file, relative to the sync directory
    source         TEXT    NOT NULL CHECK (source IN ('s3', 'git')),
    version_id     TEXT,                        -- the S3 version id (source 's3') or the git commit (source 'git')
    device_id      TEXT
);
CREATE INDEX version_restores_restored_at ON version_restores (restored_at_ms);
CREATE INDEX version_restores_project_restored_at ON version_restores (project, restored_at_ms);
