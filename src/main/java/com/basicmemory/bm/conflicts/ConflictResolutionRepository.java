package com.basicmemory.bm.conflicts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;

import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.config.DeviceId;
import com.basicmemory.bm.history.HistoryDatabase;
import com.basicmemory.bm.util.Json;

/** Rows of {@code conflict_resolutions}, mapped from {@link Resolution} in this one place. */
public final class ConflictResolutionRepository {
    private static final String INSERT = """
            INSERT INTO conflict_resolutions (
                id, resolved_at_ms, resolved_at, project, path, choice, kept_from, other_file, removed_files,
                backup_dir, naming, interactive, device_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final HistoryDatabase db;
    private final BmHome home;

    public ConflictResolutionRepository(HistoryDatabase db, BmHome home) {
        this.db = db;
        this.home = home;
    }

    public void insert(Resolution r, String naming) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            int i = 1;
            ps.setString(i++, r.id());
            ps.setLong(i++, OffsetDateTime.parse(r.resolvedAt()).toInstant().toEpochMilli());
            ps.setString(i++, r.resolvedAt());
            ps.setString(i++, r.project());
            ps.setString(i++, r.path());
            ps.setString(i++, r.choice().id());
            ps.setString(i++, r.keptFrom());
            ps.setString(i++, r.otherFile());
            ps.setString(i++, Json.compact(r.removed()));
            ps.setString(i++, r.backupDir());
            ps.setString(i++, naming);
            ps.setInt(i++, r.interactive() ? 1 : 0);
            ps.setString(i, DeviceId.of(home));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw db.unusable(e);
        }
    }
}
