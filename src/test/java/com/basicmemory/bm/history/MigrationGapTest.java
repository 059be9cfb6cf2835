package com.basicmemory.bm.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import com.basicmemory.bm.config.BmHome;

/**
 * V2 and V3 came from two changes at once. Flyway applies every migration, on a new database, on one left at V1 by an
 * older bm, and on one that got V3 before V2 existed (user_version 3): V2 is applied out of order.
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
        assertEquals(List.of("1", "2", "3"), query(ds, "SELECT version FROM flyway_schema_history WHERE success = 1"
                + " AND version IS NOT NULL ORDER BY installed_rank"));
        assertEquals(List.of(Integer.toString(HistoryDatabase.USER_VERSION)), query(ds, "PRAGMA user_version"));
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
        assertEquals(List.of("1", "2", "3"), query(ds, "SELECT version FROM flyway_schema_history WHERE success = 1"
                + " AND version IS NOT NULL ORDER BY installed_rank"));
        assertEquals(List.of("r1"), query(ds, "SELECT id FROM sync_runs"), "existing history is kept");
        assertEquals(List.of("0"), query(ds, "SELECT count(*) FROM conflict_resolutions"));
    }

    @Test
    void aDatabaseThatGotV3BeforeV2ExistedGetsV2() throws Exception {
        BmHome home = new BmHome(tmp.resolve("home"));
        Files.createDirectories(home.root());
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + home.database());
        Flyway.configure(Migrations.class.getClassLoader()).dataSource(ds).resourceProvider(new Migrations.Provider())
                .locations("classpath:" + Migrations.LOCATION).target("1").load().migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO sync_runs (id, started_at_ms, timestamp, duration_seconds, exit_code, success,"
                    + " status, dry_run, resync, report_json) VALUES ('r1', 0, '1970-01-01T00:00:00Z', 1, 0, 1,"
                    + " 'success', 0, 0, '{}')");
        }
        // what a bm with V1 and V3 only left: both applied, user_version 3
        Migrations.Provider all = new Migrations.Provider();
        Flyway.configure(Migrations.class.getClassLoader()).dataSource(ds).resourceProvider(new ResourceProvider() {
            @Override
            public LoadableResource getResource(String name) {
                return name.contains("V2__") ? null : all.getResource(name);
            }

            @Override
            public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
                return all.getResources(prefix, suffixes).stream().filter(r -> !r.getFilename().startsWith("V2__"))
                        .toList();
            }
        }).locations("classpath:" + Migrations.LOCATION).load().migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 3");
        }
        assertEquals(List.of("1", "3"), query(ds, "SELECT version FROM flyway_schema_history WHERE success = 1"
                + " AND version IS NOT NULL ORDER BY installed_rank"));

        open(home, ds).connection().close();
        assertEquals(List.of("1", "3", "2"), query(ds, "SELECT version FROM flyway_schema_history WHERE success = 1"
                + " AND version IS NOT NULL ORDER BY installed_rank"));
        assertEquals(List.of("1"), query(ds, "SELECT count(*) FROM sync_rollup"), "V2 backfilled the rollup of r1");
        assertEquals(List.of(Integer.toString(HistoryDatabase.USER_VERSION)), query(ds, "PRAGMA user_version"));
    }
}
