package com.basicmemory.bm.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.basicmemory.bm.history.HistoryDatabase;
import com.basicmemory.bm.history.Rollup;
import com.basicmemory.bm.report.SyncStatus;

/**
 * The aggregates of {@code bm stats}, computed by SQLite; no report is loaded into Java.
 * <ul>
 * <li>Sums and counts: from {@code sync_rollup} (15-minute buckets: ~2,900 rows for 30 days however many runs), plus
 * the runs of the window's first, partial bucket, aggregated by the same SELECT that fills the rollup. One statement
 * gives each local day and the total.</li>
 * <li>Percentiles: SQLite's {@code percentile_disc} (linear time) over the durations of the window, one range scan of
 * a covering index ({@code sync_runs_window}, or {@code sync_run_projects_window} for a project).</li>
 * <li>The newest syncs: the same index, newest first, until the first match.</li>
 * </ul>
 * Statements on the runs name their index ({@code INDEXED BY}): the plans are the measured ones, whatever SQLite's
 * planner would guess without statistics. All statements run in one read transaction, so the numbers come from one
 * snapshot even while a sync writes. Definitions: docs/stats.md.
 */
public final class StatsRepository {
    private static final long DAY_MS = 86_400_000L;

    /**
     * Where the numbers come from: the runs, or one project's part of each run (its status, counts and duration).
     * Parameters: {@code ?1} the window's start, {@code ?2} the project ({@code ''} for the runs), {@code ?3} the first
     * whole bucket of the window.
     */
    private record Source(String table, String window, String rollupEdge, String project) {
        static Source of(String project) {
            if (project == null) {
                return new Source("sync_runs", "sync_runs_window",
                        Rollup.RUNS.replace("{where}", "started_at_ms >= ?1 AND started_at_ms < ?3"), "");
            }
            return new Source("sync_run_projects", "sync_run_projects_window", Rollup.PROJECTS.replace("{where}",
                    "project = ?2 AND started_at_ms >= ?1 AND started_at_ms < ?3"), "project = ?2 AND ");
        }

        String sql(String template) {
            return template.replace("{table}", table).replace("{window}", window).replace("{edge}", rollupEdge)
                    .replace("{project}", project);
        }
    }

    /** A sync: a run that held the lock and was not a dry run. */
    private static final String SYNC = "dry_run = 0 AND status <> 'lock_busy'";

    /** The sums of a set of rollup rows, in this order (see {@link #row}). */
    private static final String SUMS = """
            coalesce(sum(syncs), 0), coalesce(sum(successful), 0), coalesce(sum(with_conflicts), 0),
            coalesce(sum(conflicts), 0), coalesce(round(sum(duration_ms) / 1000.0 / nullif(sum(syncs), 0), 3), 0),
            coalesce(sum(bytes), 0), coalesce(sum(to_cloud_created), 0), coalesce(sum(to_cloud_updated), 0),
            coalesce(sum(to_cloud_deleted), 0), coalesce(sum(to_local_created), 0), coalesce(sum(to_local_updated), 0),
            coalesce(sum(to_local_deleted), 0), coalesce(sum(collisions), 0), coalesce(sum(max_delete_trips), 0),
            coalesce(sum(safety_aborts), 0), coalesce(sum(dry_runs), 0), coalesce(sum(runs_success), 0),
            coalesce(sum(runs_conflicts), 0), coalesce(sum(runs_lock_busy), 0), coalesce(sum(runs_needs_resync), 0),
            coalesce(sum(runs_max_delete_abort), 0), coalesce(sum(runs_safety_abort), 0),
            coalesce(sum(runs_failed), 0), coalesce(sum(runs_interrupted), 0)""";

    private static final int SUMS_COUNT = 24;

    /** The window's rollup rows and its partial first bucket; then one row per local day, and the total (day NULL). */
    private static final String WINDOW = """
            WITH w AS MATERIALIZED (
                SELECT project, bucket_ms, ROLLUP FROM sync_rollup WHERE project = ?2 AND bucket_ms >= ?3
                UNION ALL
                {edge}
            )
            SELECT {day} AS day, SUMS FROM w GROUP BY day
            UNION ALL
            SELECT NULL, SUMS FROM w
            """.replace("ROLLUP", Rollup.SUMS).replace("SUMS", SUMS);

    /** SQLite's percentile_disc: the value at 0-based position floor(p * (n - 1)) of the sorted durations. */
    private static final String PERCENTILES = """
            SELECT coalesce(round(percentile_disc(duration_seconds, 0.5), 3), 0),
                   coalesce(round(percentile_disc(duration_seconds, 0.95), 3), 0)
            FROM {table} INDEXED BY {window} WHERE {project}started_at_ms >= ?1 AND SYNC
            """.replace("SYNC", SYNC);

    /** Runs refused by the lock are the device's (they have no project part). */
    private static final String LOCK_BUSY = """
            SELECT count(*) FROM sync_runs INDEXED BY sync_runs_status_started_at
            WHERE status = 'lock_busy' AND started_at_ms >= ?1
            """;

    private static final String RESTORES = """
            SELECT count(*) FROM version_restores WHERE restored_at_ms >= ?1 PROJECT
            """;

    private static final String RESOLUTIONS = """
            SELECT count(*) FROM conflict_resolutions WHERE resolved_at_ms >= ?1 PROJECT
            """;

    /** The newest sync of all time (or the newest successful one): end time = start + duration. */
    private static final String LAST = """
            SELECT started_at_ms + CAST(round(duration_seconds * 1000) AS INTEGER) FROM {table} INDEXED BY {window}
            WHERE {project}started_at_ms >= 0 AND SYNC CONDITION ORDER BY started_at_ms DESC LIMIT 1
            """.replace("SYNC", SYNC);

    private final HistoryDatabase db;

    public StatsRepository(HistoryDatabase db) {
        this.db = db;
    }

    /** See {@link HistoryDatabase#open()}. */
    public void open() {
        db.open();
    }

    /**
     * The numbers for runs that started at or after {@code since}.
     *
     * @param now the end of the window (for the list of days)
     * @param zone the zone whose calendar days {@code per_day} uses
     * @param project one project, or null for all
     */
    public Stats compute(Instant since, Instant now, ZoneId zone, String project) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                Stats s = compute(c, since, now, zone, project);
                c.commit();
                return s;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw db.unusable(e);
        }
    }

    private static Stats compute(Connection c, Instant since, Instant now, ZoneId zone, String project)
            throws SQLException {
        Source src = Source.of(project);
        List<Object> args = List.of(since.toEpochMilli(), project == null ? "" : project,
                Rollup.ceil(since.toEpochMilli()));

        Map<LocalDate, Stats.Day> days = new TreeMap<>();
        long[] t = new long[SUMS_COUNT];
        double avg = 0;
        String window = src.sql(WINDOW).replace("{day}", localDay(since, now, zone));
        try (PreparedStatement ps = prepare(c, window, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (rs.getObject(1) == null) {
                    for (int i = 0; i < SUMS_COUNT; i++) {
                        t[i] = rs.getLong(i + 2);
                    }
                    avg = rs.getDouble(6);
                } else {
                    LocalDate d = LocalDate.ofEpochDay(rs.getLong(1));
                    days.put(d, new Stats.Day(d.toString(), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), rs.getDouble(6), rs.getLong(7)));
                }
            }
        }
        LocalDate today = LocalDate.ofInstant(now, zone);
        for (LocalDate d = LocalDate.ofInstant(since, zone); !d.isAfter(today); d = d.plusDays(1)) {
            days.putIfAbsent(d, new Stats.Day(d.toString(), 0, 0, 0, 0, 0, 0));
        }
        Map<String, Long> byStatus = new LinkedHashMap<>();
        SyncStatus[] statuses = {SyncStatus.SUCCESS, SyncStatus.CONFLICTS, SyncStatus.LOCK_BUSY,
            SyncStatus.NEEDS_RESYNC, SyncStatus.MAX_DELETE_ABORT, SyncStatus.SAFETY_ABORT, SyncStatus.FAILED,
            SyncStatus.INTERRUPTED};
        for (int i = 0; i < statuses.length; i++) {
            byStatus.put(statuses[i].id(), t[16 + i]);
        }

        double p50 = 0;
        double p95 = 0;
        try (PreparedStatement ps = prepare(c, src.sql(PERCENTILES), args); ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                p50 = rs.getDouble(1);
                p95 = rs.getDouble(2);
            }
        }
        long lockBusy = count(c, LOCK_BUSY, args);
        String andProject = project == null ? "" : "AND project = ?2";
        long restores = count(c, RESTORES.replace("PROJECT", andProject), args);
        long resolutions = count(c, RESOLUTIONS.replace("PROJECT", andProject), args);
        Long lastSync = last(c, src, args, "");
        Long lastSuccess = last(c, src, args, "AND status IN ('success', 'conflicts')");

        long total = t[0];
        return new Stats(iso(since, zone), iso(now, zone), project, total, t[1],
                total == 0 ? 0 : (double) t[2] / total, t[2], t[3], resolutions,
                t[3] == 0 ? 0 : (double) resolutions / t[3], avg, p50, p95, t[12], t[13], t[14], restores,
                lockBusy, t[15], byStatus, t[5], new Stats.Moved(t[6], t[7], t[8]), new Stats.Moved(t[9], t[10], t[11]),
                lastSuccess == null ? null : iso(Instant.ofEpochMilli(lastSuccess), zone),
                lastSync == null ? null : iso(Instant.ofEpochMilli(lastSync), zone), List.copyOf(days.values()));
    }

    /** Of all time (the window's start does not apply): the age of the last success is what an alert watches. */
    private static Long last(Connection c, Source src, List<Object> args, String condition) throws SQLException {
        try (PreparedStatement ps = prepare(c, src.sql(LAST).replace("CONDITION", condition), args);
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    /**
     * The SQL for the local calendar day (days since 1970-01-01 in {@code zone}) of a bucket: its start plus the zone's
     * offset at that instant, exact across daylight-saving changes (a CASE over the zone's transitions in the window).
     */
    static String localDay(Instant from, Instant to, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        StringBuilder offset = new StringBuilder();
        ZoneOffsetTransition tr = rules.nextTransition(from);
        while (tr != null && tr.getInstant().isBefore(to)) {
            offset.append(offset.length() == 0 ? "CASE" : "").append(" WHEN bucket_ms < ")
                    .append(tr.getInstant().toEpochMilli()).append(" THEN ")
                    .append(tr.getOffsetBefore().getTotalSeconds() * 1000L);
            tr = rules.nextTransition(tr.getInstant());
        }
        long last = rules.getOffset(to).getTotalSeconds() * 1000L;
        String off = offset.length() == 0 ? Long.toString(last) : offset + " ELSE " + last + " END";
        return "((bucket_ms + " + off + ") / " + DAY_MS + ")";
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        int n = ps.getParameterMetaData().getParameterCount();
        for (int i = 0; i < n; i++) {
            ps.setObject(i + 1, args.get(i));
        }
        return ps;
    }

    private static long count(Connection c, String sql, List<Object> args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static String iso(Instant t, ZoneId zone) {
        return OffsetDateTime.ofInstant(t, zone).toString();
    }
}
