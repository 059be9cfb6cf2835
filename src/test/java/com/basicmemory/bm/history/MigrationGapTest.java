package com.basicmemory.bm.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import com.basicmemory.bm.config.BmHome;

/**
 * The migrations have a gap (V1, V3: V2 belongs to another change). Flyway applies them in order all the same, on a
 * new database and on one left at V1 by an older bm.
 */
class MigrationGapTest {
    @TempDir
    Path tmp;

    static List<String> query(SQLiteDataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    static HistoryDatabase open(BmHome home, SQLiteDataSource ds) {
        return new HistoryDatabase(home, () -> ds, () -> Migrations.flyway(ds));
    }

    @Test
    void aNewDatabaseGetsEveryMigration() throws Exception {
        BmHome home = new BmHome(tmp.resolve("home"));
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + home.database());
        open(home, ds).connection().close();
        assertEquals(List.of("1", "3"), query(ds, "SELECT version FROM flyway_schema_history WHERE success = 1"
                + " AND version IS NOT NULL ORDER BY installed_rank"));
        assertEquals(List.of(Integer.toString(HistoryDatabase.SCHEMA_VERSION)), query(ds, "PRAGMA user_version"));
        assertEquals(List.of("conflict_resolutions"), query(ds,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'conflict_resolutions'"));
    }

    @Test
    void aDatabaseLeftAtVersion1IsMigratedToTheNewTable() throws Exception {
        BmHome home = new BmHome(tmp.resolve("home"));
        Files.createDirectories(home.root());
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + home.database());
        Flyway.configure(Migrations.class.getClassLoader()).dataSource(ds).resourceProvider(new Migrations.Provider())
                .locations("classpath:" + Migrations.LOCATION).target("1").load().migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 1");
            s.execute("INSERT INTO sync_runs (id, started_at_ms, timestamp, duration_seconds, exit_code, success,"
                    + " status, dry_run, resync, report_json) VALUES ('r1', 0, '2026-11-25T10:00:00Z', 1, 0, 1,"
                    + " 'success', 0, 0, '{}')");
        }
        open(home, ds).connection().close();
        assertEquals(List.of("1", "3"), query(ds, "SELECT version FROM flyway_schema_history WHERE success = 1"
                + " AND version IS NOT NULL ORDER BY installed_rank"));
        assertEquals(List.of("r1"), query(ds, "SELECT id FROM sync_runs"), "existing history is kept");
        assertEquals(List.of("0"), query(ds, "SELECT count(*) FROM conflict_resolutions"));
    }
}
