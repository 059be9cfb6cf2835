package com.basicmemory.bm.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.basicmemory.bm.report.Conflict;
import com.basicmemory.bm.report.ProjectReport;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.report.SyncStatus;
import com.basicmemory.bm.util.Json;
import com.fasterxml.jackson.core.JsonProcessingException;

/** Rows of the history tables, mapped to and from {@link SyncReport} in this one place. */
public final class HistoryRepository {
    private final HistoryDatabase db;

    public HistoryRepository(HistoryDatabase db) {
        this.db = db;
    }

    private static final String INSERT_RUN = """
            INSERT OR REPLACE INTO sync_runs (
                id, started_at_ms, timestamp, duration_seconds, exit_code, rclone_exit_code, success, status,
                dry_run, resync, profile, device_id, rclone_version,
                to_cloud_created, to_cloud_updated, to_cloud_deleted,
                to_local_created, to_local_updated, to_local_deleted,
                bytes_transferred, conflicts_count, errors_count, report_file, report_json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private static final String INSERT_PROJECT = """
            INSERT OR REPLACE INTO sync_run_projects (
                run_id, project, started_at_ms, status, exit_code,
                to_cloud_created, to_cloud_updated, to_cloud_deleted,
                to_local_created, to_local_updated, to_local_deleted,
                conflicts_count, bytes_transferred, duration_seconds, dry_run, state_diverged)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private static final String INSERT_CONFLICT = """
            INSERT OR REPLACE INTO sync_conflicts (run_id, project, path, files) VALUES (?, ?, ?, ?)
            """;

    /** A report and the name of its file in {@code sync-history/}. */
    public record Indexed(SyncReport report, String reportFile) {
    }

    /**
     * True when the project stopped with {@code needs_resync} because its bisync state diverged (an interrupted run,
     * another device's run): what {@code multi_device_collisions} counts. A project that ends {@code needs_resync}
     * with a {@link ProjectReport#RESYNC_NOTE_PREFIX} note was refused or blocked by bm before a resync it was about to
     * start (a first run with differing files, a requested resync blocked by an earlier conflict copy). The V2
     * migration applies the same rule to rows indexed before it.
     */
    public static boolean stateDiverged(ProjectReport p) {
        return p.status() == SyncStatus.NEEDS_RESYNC
                && (p.notes() == null || p.notes().stream().noneMatch(n -> n.startsWith(ProjectReport.RESYNC_NOTE_PREFIX)));
    }

    /** See {@link HistoryDatabase#open()}. */
    public void open() {
        db.open();
    }

    /**
     * Why a parsed object cannot be indexed as a report (a corrupt or foreign file), or null: the fields the rows
     * need.
     */
    public static String problem(SyncReport r) {
        if (r == null) {
            return "empty file";
        }
        if (r.id() == null || r.id().isBlank()) {
            return "no id";
        }
        if (r.timestamp() == null) {
            return "no timestamp";
        }
        try {
            OffsetDateTime.parse(r.timestamp());
        } catch (DateTimeParseException e) {
            return "bad timestamp '" + r.timestamp() + "'";
        }
        if (r.status() == null) {
            return "no status";
        }
        if (r.toCloud() == null || r.toLocal() == null) {
            return "no to_cloud/to_local counts";
        }
        if (r.perProject() != null && r.perProject().stream().anyMatch(p -> p == null || p.project() == null
                || p.status() == null || p.toCloud() == null || p.toLocal() == null)) {
            return "an incomplete per_project entry";
        }
        if (r.conflicts() != null && r.conflicts().stream().anyMatch(k -> k == null || k.path() == null)) {
            return "an incomplete conflicts entry";
        }
        return null;
    }

    /** Inserts one report (idempotent: a report indexed twice stays one row). */
    public void insert(SyncReport r, String reportFile) {
        try (Connection c = db.connection()) {
            insertAll(c, List.of(new Indexed(r, reportFile)));
        } catch (SQLException e) {
            throw db.unusable(e);
        }
    }

    /**
     * Inserts reports in one transaction on the given connection (the pool's, or a database being rebuilt), with
     * batched statements. Idempotent.
     */
    public static void insertAll(Connection c, List<Indexed> reports) throws SQLException {
        if (reports.isEmpty()) {
            return;
        }
        boolean auto = c.getAutoCommit();
        HistoryDatabase.beginWrite(c);
        try (PreparedStatement run = c.prepareStatement(INSERT_RUN);
                PreparedStatement project = c.prepareStatement(INSERT_PROJECT);
                PreparedStatement conflict = c.prepareStatement(INSERT_CONFLICT);
                PreparedStatement known = c.prepareStatement("SELECT started_at_ms FROM sync_runs WHERE id = ?")) {
            long from = Long.MAX_VALUE;
            long to = Long.MIN_VALUE;
            for (Indexed x : reports) {
                long t = OffsetDateTime.parse(x.report().timestamp()).toInstant().toEpochMilli();
                from = Math.min(from, t);
                to = Math.max(to, t);
                known.setString(1, x.report().id()); // indexed again: its old bucket is recomputed too
                try (ResultSet rs = known.executeQuery()) {
                    if (rs.next()) {
                        from = Math.min(from, rs.getLong(1));
                        to = Math.max(to, rs.getLong(1));
                    }
                }
                bind(run, project, conflict, x.report(), x.reportFile(), t);
            }
            run.executeBatch();
            project.executeBatch();
            conflict.executeBatch();
            Rollup.recompute(c, from, to);
            HistoryDatabase.endWrite(c, true);
        } catch (SQLException | RuntimeException e) {
            HistoryDatabase.endWrite(c, false);
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static void bind(PreparedStatement run, PreparedStatement project, PreparedStatement conflict,
            SyncReport r, String reportFile, long startedAt) throws SQLException {
        int i = 1;
        run.setString(i++, r.id());
        run.setLong(i++, startedAt);
        run.setString(i++, r.timestamp());
        run.setDouble(i++, r.durationSeconds());
        run.setInt(i++, r.exitCode());
        run.setObject(i++, r.rcloneExitCode());
        run.setInt(i++, r.success() ? 1 : 0);
        run.setString(i++, r.status().id());
        run.setInt(i++, r.dryRun() ? 1 : 0);
        run.setInt(i++, r.resync() ? 1 : 0);
        run.setString(i++, r.profile());
        run.setString(i++, r.deviceId());
        run.setString(i++, r.rcloneVersion());
        run.setInt(i++, r.toCloud().created());
        run.setInt(i++, r.toCloud().updated());
        run.setInt(i++, r.toCloud().deleted());
        run.setInt(i++, r.toLocal().created());
        run.setInt(i++, r.toLocal().updated());
        run.setInt(i++, r.toLocal().deleted());
        run.setLong(i++, r.bytesTransferred());
        run.setInt(i++, r.conflictCount());
        run.setInt(i++, r.errors() == null ? 0 : r.errors().size());
        run.setString(i++, reportFile);
        run.setString(i, Json.compact(r));
        run.addBatch();
        if (r.perProject() != null) {
            for (ProjectReport p : r.perProject()) {
                i = 1;
                project.setString(i++, r.id());
                project.setString(i++, p.project());
                project.setLong(i++, startedAt);
                project.setString(i++, p.status().id());
                project.setInt(i++, p.exitCode());
                project.setInt(i++, p.toCloud().created());
                project.setInt(i++, p.toCloud().updated());
                project.setInt(i++, p.toCloud().deleted());
                project.setInt(i++, p.toLocal().created());
                project.setInt(i++, p.toLocal().updated());
                project.setInt(i++, p.toLocal().deleted());
                project.setInt(i++, p.conflicts() == null ? 0 : p.conflicts().size());
                project.setLong(i++, p.bytesTransferred());
                project.setDouble(i++, p.durationSeconds());
                project.setInt(i++, r.dryRun() ? 1 : 0);
                project.setInt(i, stateDiverged(p) ? 1 : 0);
                project.addBatch();
            }
        }
        if (r.conflicts() != null) {
            for (Conflict k : r.conflicts()) {
                int slash = k.path().indexOf('/');
                conflict.setString(1, r.id());
                conflict.setString(2, slash > 0 ? k.path().substring(0, slash) : null);
                conflict.setString(3, k.path());
                conflict.setString(4, Json.compact(k.files()));
                conflict.addBatch();
            }
        }
    }

    /** Runs matching the query, newest first. */
    public List<SyncReport> list(HistoryQuery q) {
        return parse(listJson(q));
    }

    /** The report objects (JSON, as stored) of the runs matching the query, newest first: the SQL alone. */
    public List<String> listJson(HistoryQuery q) {
        // Conditions are added only when used, so SQLite can walk an index newest first and stop after LIMIT rows:
        // sync_runs_window (time), sync_runs_status_started_at (a status), or, for a project, its rows in
        // sync_run_projects_window joined to the runs (a rare project never scans the whole history).
        StringBuilder sql = new StringBuilder();
        List<Object> args = new ArrayList<>();
        String time;
        if (q.project() != null) {
            sql.append("SELECT r.report_json FROM sync_run_projects p JOIN sync_runs r ON r.id = p.run_id"
                    + " WHERE p.project = ?");
            args.add(q.project());
            time = "p.started_at_ms";
        } else {
            sql.append("SELECT r.report_json FROM sync_runs r WHERE 1 = 1");
            time = "r.started_at_ms";
        }
        if (q.since() != null) {
            sql.append(" AND ").append(time).append(" >= ?");
            args.add(q.since().toEpochMilli());
        }
        if (q.until() != null) {
            sql.append(" AND ").append(time).append(" < ?");
            args.add(q.until().toEpochMilli());
        }
        if (q.status() != null) {
            sql.append(" AND r.status = ?");
            args.add(q.status());
        }
        sql.append(" ORDER BY ").append(time).append(" DESC, r.id DESC LIMIT ?");
        args.add(q.limit());
        return json(sql.toString(), args);
    }

    /** Runs whose id starts with {@code prefix}, at most {@code max}. */
    public List<SyncReport> findByIdPrefix(String prefix, int max) {
        String escaped = prefix.replace("[", "[[]").replace("*", "[*]").replace("?", "[?]");
        return parse(json("SELECT report_json FROM sync_runs WHERE id GLOB ? ORDER BY id LIMIT ?",
                List.of(escaped + "*", max)));
    }

    /** What a prune removed from the database. */
    public record Pruned(int runs, int versionRestores) {
    }

    /**
     * Removes runs that started before {@code cutoff} (their projects, conflicts and rollup rows go with them) and
     * version restores older than it, in one transaction.
     */
    public Pruned deleteBefore(Instant cutoff) {
        try (Connection c = db.connection()) {
            HistoryDatabase.beginWrite(c);
            try (PreparedStatement runs = c.prepareStatement("DELETE FROM sync_runs WHERE started_at_ms < ?");
                    PreparedStatement restores = c.prepareStatement(
                            "DELETE FROM version_restores WHERE restored_at_ms < ?")) {
                runs.setLong(1, cutoff.toEpochMilli());
                restores.setLong(1, cutoff.toEpochMilli());
                Pruned p = new Pruned(runs.executeUpdate(), restores.executeUpdate());
                Rollup.pruneBefore(c, cutoff.toEpochMilli());
                HistoryDatabase.endWrite(c, true);
                return p;
            } catch (SQLException | RuntimeException e) {
                HistoryDatabase.endWrite(c, false);
                throw e;
            }
        } catch (SQLException e) {
            throw db.unusable(e);
        }
    }

    private List<String> json(String sql, List<Object> args) {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw db.unusable(e);
        }
        return out;
    }

    /** Report objects as stored, as records. */
    public static List<SyncReport> parse(List<String> json) {
        List<SyncReport> out = new ArrayList<>(json.size());
        try {
            for (String j : json) {
                out.add(Json.mapper().readValue(j, SyncReport.class));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a history row holds unreadable JSON: " + e.getOriginalMessage(), e);
        }
        return out;
    }
}
