package com.basicmemory.bm.cloud;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.config.DeviceId;
import com.basicmemory.bm.history.HistoryDatabase;

/** Rows of {@code version_restores} (migration V2): one per version restored; {@code bm stats} counts them. */
public final class VersionRestoreRepository {
    private static final String INSERT = """
            INSERT INTO version_restores (id, restored_at_ms, project, path, source, version_id, device_id)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """;

    private final HistoryDatabase db;
    private final BmHome home;

    public VersionRestoreRepository(HistoryDatabase db, BmHome home) {
        this.db = db;
        this.home = home;
    }

    public void insert(String id, long restoredAtMs, String project, String path, String source, String versionId) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, id);
            ps.setLong(2, restoredAtMs);
            ps.setString(3, project);
            ps.setString(4, path);
            ps.setString(5, source);
            ps.setString(6, versionId);
            ps.setString(7, DeviceId.of(home));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw db.unusable(e);
        }
    }
}
