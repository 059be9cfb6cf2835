package com.basicmemory.bm.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import com.basicmemory.bm.projects.ProjectInfo;

/** The last real (not dry) run of each project, one indexed lookup per project. */
public final class ProjectLastSync {
    private final HistoryDatabase db;

    public ProjectLastSync(HistoryDatabase db) {
        this.db = db;
    }

    private static final String LAST = """
            SELECT r.timestamp, p.status, r.id
            FROM sync_run_projects p JOIN sync_runs r ON r.id = p.run_id
            WHERE p.project = ? AND r.dry_run = 0
            ORDER BY p.started_at_ms DESC
            LIMIT 1
            """;

    public Map<String, ProjectInfo.LastSync> of(Collection<String> projects) {
        Map<String, ProjectInfo.LastSync> out = new HashMap<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(LAST)) {
            for (String p : projects) {
                ps.setString(1, p);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.put(p, new ProjectInfo.LastSync(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
        } catch (SQLException e) {
            throw db.unusable(e);
        }
        return out;
    }
}
