package com.basicmemory.bm.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.basicmemory.bm.report.Conflict;
import com.basicmemory.bm.report.ProjectReport;
import com.basicmemory.bm.report.SyncReport;
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
                conflicts_count, bytes_transferred, duration_seconds)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private static final String INSERT_CONFLICT = """
            INSERT OR REPLACE INTO sync_conflicts (run_id, project, path, files) VALUES (?, ?, ?, ?)
            """;

    /** Inserts one report (idempotent: a report indexed twice stays one row). */
    public void insert(SyncReport r, String reportFile) {
        long startedAt = OffsetDateTime.parse(r.timestamp()).toInstant().toEpochMilli();
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement(INSERT_RUN)) {
                    int i = 1;
                    ps.setString(i++, r.id());
                    ps.setLong(i++, startedAt);
                    ps.setString(i++, r.timestamp());
                    ps.setDouble(i++, r.durationSeconds());
                    ps.setInt(i++, r.exitCode());
                    ps.setObject(i++, r.rcloneExitCode());
                    ps.setInt(i++, r.success() ? 1 : 0);
                    ps.setString(i++, r.status().id());
                    ps.setInt(i++, r.dryRun() ? 1 : 0);
                    ps.setInt(i++, r.resync() ? 1 : 0);
                    ps.setString(i++, r.profile());
                    ps.setString(i++, r.deviceId());
                    ps.setString(i++, r.rcloneVersion());
                    ps.setInt(i++, r.toCloud().created());
                    ps.setInt(i++, r.toCloud().updated());
                    ps.setInt(i++, r.toCloud().deleted());
                    ps.setInt(i++, r.toLocal().created());
                    ps.setInt(i++, r.toLocal().updated());
                    ps.setInt(i++, r.toLocal().deleted());
                    ps.setLong(i++, r.bytesTransferred());
                    ps.setInt(i++, r.conflictCount());
                    ps.setInt(i++, r.errors() == null ? 0 : r.errors().size());
                    ps.setString(i++, reportFile);
                    ps.setString(i, Json.compact(r));
                    ps.executeUpdate();
                }
                if (r.perProject() != null && !r.perProject().isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(INSERT_PROJECT)) {
                        for (ProjectReport p : r.perProject()) {
                            int i = 1;
                            ps.setString(i++, r.id());
                            ps.setString(i++, p.project());
                            ps.setLong(i++, startedAt);
                            ps.setString(i++, p.status().id());
                            ps.setInt(i++, p.exitCode());
                            ps.setInt(i++, p.toCloud().created());
                            ps.setInt(i++, p.toCloud().updated());
                            ps.setInt(i++, p.toCloud().deleted());
                            ps.setInt(i++, p.toLocal().created());
                            ps.setInt(i++, p.toLocal().updated());
                            ps.setInt(i++, p.toLocal().deleted());
                            ps.setInt(i++, p.conflicts() == null ? 0 : p.conflicts().size());
                            ps.setLong(i++, p.bytesTransferred());
                            ps.setDouble(i, p.durationSeconds());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                if (r.conflicts() != null && !r.conflicts().isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(INSERT_CONFLICT)) {
                        for (Conflict k : r.conflicts()) {
                            int slash = k.path().indexOf('/');
                            ps.setString(1, r.id());
                            ps.setString(2, slash > 0 ? k.path().substring(0, slash) : null);
                            ps.setString(3, k.path());
                            ps.setString(4, Json.compact(k.files()));
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw db.unusable(e);
        }
    }

    /** Runs matching the query, newest first. */
    public List<SyncReport> list(HistoryQuery q) {
        // Conditions are added only when used, so SQLite can pick the index on started_at_ms (or on status).
        StringBuilder sql = new StringBuilder("SELECT report_json FROM sync_runs r WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.since() != null) {
            sql.append(" AND r.started_at_ms >= ?");
            args.add(q.since().toEpochMilli());
        }
        if (q.until() != null) {
            sql.append(" AND r.started_at_ms < ?");
            args.add(q.until().toEpochMilli());
        }
        if (q.status() != null) {
            sql.append(" AND r.status = ?");
            args.add(q.status());
        }
        if (q.project() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM sync_run_projects p WHERE p.run_id = r.id AND p.project = ?)");
            args.add(q.project());
        }
        sql.append(" ORDER BY r.started_at_ms DESC, r.id DESC LIMIT ?");
        args.add(q.limit());
        List<SyncReport> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Json.mapper().readValue(rs.getString(1), SyncReport.class));
                }
            }
        } catch (SQLException e) {
            throw db.unusable(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a history row holds unreadable JSON: " + e.getOriginalMessage(), e);
        }
        return out;
    }
}
