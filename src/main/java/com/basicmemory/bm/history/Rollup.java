package com.basicmemory.bm.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * {@code sync_rollup}: the sums and counts of {@code bm stats} per 15-minute bucket (UTC), for the runs (project
 * {@code ''}) and for each project's part of them. A bucket's rows are always recomputed from the runs that started
 * in it, by the SELECTs below (the V2 migration has the same ones for the rows it found), so they cannot drift from
 * the runs. Every time zone's midnight is on a bucket boundary, so buckets add up to local days exactly.
 */
public final class Rollup {
    /** 15 minutes: every time zone's offset is a multiple of it. */
    public static final long BUCKET_MS = 900_000;

    /** The columns of a rollup row after (project, bucket_ms), in table order. */
    public static final String SUMS = """
            runs_success, runs_conflicts, runs_lock_busy, runs_needs_resync, runs_max_delete_abort,
            runs_safety_abort, runs_failed, runs_interrupted, dry_runs, syncs, successful, with_conflicts, conflicts,
            duration_ms, bytes, to_cloud_created, to_cloud_updated, to_cloud_deleted, to_local_created,
            to_local_updated, to_local_deleted, collisions, max_delete_trips, safety_aborts""";

    /** A sync: a run that held the lock and was not a dry run. */
    private static final String SYNC = "dry_run = 0 AND status <> 'lock_busy'";

    private static final String COMMON = """
            started_at_ms - started_at_ms % 900000,
            count(*) FILTER (WHERE status = 'success'), count(*) FILTER (WHERE status = 'conflicts'),
            count(*) FILTER (WHERE status = 'lock_busy'), count(*) FILTER (WHERE status = 'needs_resync'),
            count(*) FILTER (WHERE status = 'max_delete_abort'), count(*) FILTER (WHERE status = 'safety_abort'),
            count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status = 'interrupted'),
            count(*) FILTER (WHERE dry_run = 1 AND status <> 'lock_busy'),
            count(*) FILTER (WHERE SYNC),
            count(*) FILTER (WHERE dry_run = 0 AND status IN ('success', 'conflicts')),
            count(*) FILTER (WHERE SYNC AND conflicts_count > 0),
            coalesce(sum(conflicts_count) FILTER (WHERE SYNC), 0),
            coalesce(sum(CAST(round(duration_seconds * 1000) AS INTEGER)) FILTER (WHERE SYNC), 0),
            coalesce(sum(bytes_transferred) FILTER (WHERE SYNC), 0),
            coalesce(sum(to_cloud_created) FILTER (WHERE SYNC), 0),
            coalesce(sum(to_cloud_updated) FILTER (WHERE SYNC), 0),
            coalesce(sum(to_cloud_deleted) FILTER (WHERE SYNC), 0),
            coalesce(sum(to_local_created) FILTER (WHERE SYNC), 0),
            coalesce(sum(to_local_updated) FILTER (WHERE SYNC), 0),
            coalesce(sum(to_local_deleted) FILTER (WHERE SYNC), 0),
            """.replace("SYNC", SYNC);

    /**
     * The runs' rows of the runs that started where {@code {where}} says. A run counts as a collision or a trip when
     * one of its projects stopped that way; its own status is then one that outranks it (docs/report.md).
     */
    public static final String RUNS = ("SELECT '', " + COMMON + """
            count(*) FILTER (WHERE dry_run = 0 AND status = 'needs_resync' AND EXISTS (SELECT 1 FROM sync_run_projects p
                WHERE p.run_id = r.id AND p.status = 'needs_resync' AND p.state_diverged = 1)),
            count(*) FILTER (WHERE dry_run = 0 AND status IN ('needs_resync', 'max_delete_abort', 'safety_abort')
                AND EXISTS (SELECT 1 FROM sync_run_projects p WHERE p.run_id = r.id AND p.status = 'max_delete_abort')),
            count(*) FILTER (WHERE dry_run = 0 AND status IN ('needs_resync', 'safety_abort')
                AND EXISTS (SELECT 1 FROM sync_run_projects p WHERE p.run_id = r.id AND p.status = 'safety_abort'))
            FROM sync_runs r WHERE {where} GROUP BY 2
            """);

    /** The projects' rows of the parts that started where {@code {where}} says. */
    public static final String PROJECTS = ("SELECT project, " + COMMON + """
            count(*) FILTER (WHERE dry_run = 0 AND status = 'needs_resync' AND state_diverged = 1),
            count(*) FILTER (WHERE dry_run = 0 AND status = 'max_delete_abort'),
            count(*) FILTER (WHERE dry_run = 0 AND status = 'safety_abort')
            FROM sync_run_projects WHERE {where} GROUP BY project, 2
            """);

    private Rollup() {
    }

    public static long floor(long ms) {
        return Math.floorDiv(ms, BUCKET_MS) * BUCKET_MS;
    }

    public static long ceil(long ms) {
        return -Math.floorDiv(-ms, BUCKET_MS) * BUCKET_MS;
    }

    /**
     * Recomputes the rows of the buckets from the one holding {@code fromMs} to the one holding {@code toMs}, from the
     * runs now in the database, in the caller's transaction.
     */
    static void recompute(Connection c, long fromMs, long toMs) throws SQLException {
        long from = floor(fromMs);
        long to = floor(toMs) + BUCKET_MS;
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM sync_rollup WHERE bucket_ms >= ? AND bucket_ms < ?");
                PreparedStatement runs = c.prepareStatement("INSERT INTO sync_rollup "
                        + RUNS.replace("{where}", "started_at_ms >= ? AND started_at_ms < ?"));
                PreparedStatement projects = c.prepareStatement("INSERT INTO sync_rollup "
                        + PROJECTS.replace("{where}", "started_at_ms >= ? AND started_at_ms < ?"))) {
            for (PreparedStatement ps : new PreparedStatement[] {delete, runs, projects}) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                ps.executeUpdate();
            }
        }
    }

    /** Removes the rows of the buckets before the one holding {@code cutoffMs} and recomputes that one. */
    static void pruneBefore(Connection c, long cutoffMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_rollup WHERE bucket_ms < ?")) {
            ps.setLong(1, floor(cutoffMs));
            ps.executeUpdate();
        }
        recompute(c, cutoffMs, cutoffMs);
    }
}
