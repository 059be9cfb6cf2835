package com.basicmemory.bm.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import com.basicmemory.bm.report.Direction;
import com.basicmemory.bm.report.ProjectReport;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.report.SyncStatus;
import com.basicmemory.bm.testing.Reports;
import com.basicmemory.bm.testing.TestHistory;
import com.basicmemory.bm.util.Json;

/** The Flyway migrations: numbering, and what V2 does to a database indexed by V1. */
class MigrationsTest {
    @TempDir
    Path tmp;

    @Test
    void everyMigrationFileIsListedInOrder() throws Exception {
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(Paths.get("src/main/resources/db/migration"))) {
            s.map(p -> p.getFileName().toString()).sorted((a, b) -> Integer.compare(
                    Integer.parseInt(a.substring(1, a.indexOf("__"))), Integer.parseInt(b.substring(1,
                            b.indexOf("__"))))).forEach(files::add);
        }
        assertEquals(files, Migrations.FILES, "Migrations.FILES lists the migrations Flyway runs");
    }

    @Test
    void schemaVersionIsTheHighestMigrationNumber() throws Exception {
        Path dir = Paths.get("src/main/resources/db/migration");
        assertTrue(Files.isDirectory(dir), "run from the project folder: " + dir.toAbsolutePath());
        Pattern name = Pattern.compile("V(\\d+)__.+\\.sql");
        TreeSet<Integer> numbers = new TreeSet<>();
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).sorted().forEach(files::add);
        }
        for (String f : files) {
            Matcher m = name.matcher(f);
            assertTrue(m.matches(), "not a Flyway versioned migration: " + f);
            assertTrue(numbers.add(Integer.parseInt(m.group(1))), "two migrations numbered " + m.group(1));
        }
        assertEquals(numbers.last(), HistoryDatabase.SCHEMA_VERSION,
                "HistoryDatabase.SCHEMA_VERSION must be the highest migration number, or databases stay unmigrated");
    }

    @Test
    void aV1DatabaseGetsTheStatsColumnsOfItsExistingRows() throws Exception {
        SQLiteDataSource ds = TestHistory.dataSource(tmp.resolve("bm.db"));
        Flyway.configure(Migrations.class.getClassLoader()).dataSource(ds).resourceProvider(new Migrations.Provider())
                .locations("classpath:" + Migrations.LOCATION).target("1").load().migrate();
        List<SyncReport> reports = List.of(
                Reports.run("m00000000001", "2026-11-20T10:00:00Z").duration(1)
                        .project("diverged", SyncStatus.NEEDS_RESYNC, 1, Direction.NONE, Direction.NONE, 0, 0,
                                List.of("next step: bm sync --resync --project diverged"))
                        .project("refused", SyncStatus.NEEDS_RESYNC, 1, Direction.NONE, Direction.NONE, 0, 0,
                                List.of(ProjectReport.RESYNC_NOTE_PREFIX + "first sync of this project on this device"))
                        .project("fine", SyncStatus.SUCCESS, 1, Direction.NONE, Direction.NONE, 0, 0,
                                List.of(ProjectReport.RESYNC_NOTE_PREFIX + "--resync requested"))
                        .build(),
                Reports.run("m00000000002", "2026-11-21T10:00:00Z").duration(1).dryRun()
                        .project("diverged", SyncStatus.NEEDS_RESYNC, 1).build());
        try (Connection c = ds.getConnection()) {
            for (SyncReport r : reports) {
                insertAsV1(c, r);
            }
        }
        TestHistory.flyway(ds).migrate();

        Map<String, String> expected = new HashMap<>();
        for (SyncReport r : reports) {
            for (ProjectReport p : r.perProject()) {
                expected.put(r.id() + "/" + p.project(), (r.dryRun() ? 1 : 0) + "," + (HistoryRepository
                        .stateDiverged(p) ? 1 : 0));
            }
        }
        Map<String, String> actual = new HashMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT run_id, project, dry_run, state_diverged FROM sync_run_projects")) {
            while (rs.next()) {
                actual.put(rs.getString(1) + "/" + rs.getString(2), rs.getInt(3) + "," + rs.getInt(4));
            }
        }
        assertEquals(Map.of("m00000000001/diverged", "0,1", "m00000000001/refused", "0,0", "m00000000001/fine", "0,0",
                "m00000000002/diverged", "1,1"), expected, "the rule itself");
        assertEquals(expected, actual, "the migration applies the same rule as indexing");

        try (Connection c = ds.getConnection()) {
            List<String> migrated = rollup(c);
            assertEquals(6, migrated.size(), "per run (2 buckets): the run's row and one per project (4)");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM sync_rollup");
            }
            Rollup.recompute(c, 0, System.currentTimeMillis());
            assertEquals(migrated, rollup(c), "the migration's SELECTs are the ones bm recomputes buckets with");
        }
    }

    /** Every rollup row, as text. */
    static List<String> rollup(Connection c) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM sync_rollup ORDER BY project, bucket_ms")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(rs.getString(i)).append('|');
                }
                rows.add(sb.toString());
            }
        }
        return rows;
    }

    /** What V1's HistoryRepository wrote (the columns V1 has). */
    private static void insertAsV1(Connection c, SyncReport r) throws Exception {
        long t = OffsetDateTime.parse(r.timestamp()).toInstant().toEpochMilli();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_runs (id, started_at_ms, timestamp,"
                + " duration_seconds, exit_code, success, status, dry_run, resync, report_json)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)")) {
            ps.setString(1, r.id());
            ps.setLong(2, t);
            ps.setString(3, r.timestamp());
            ps.setDouble(4, r.durationSeconds());
            ps.setInt(5, r.exitCode());
            ps.setInt(6, r.success() ? 1 : 0);
            ps.setString(7, r.status().id());
            ps.setInt(8, r.dryRun() ? 1 : 0);
            ps.setString(9, Json.compact(r));
            ps.executeUpdate();
        }
        for (ProjectReport p : r.perProject()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_run_projects (run_id, project,"
                    + " started_at_ms, status, exit_code) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, r.id());
                ps.setString(2, p.project());
                ps.setLong(3, t);
                ps.setString(4, p.status().id());
                ps.setInt(5, p.exitCode());
                ps.executeUpdate();
            }
        }
    }
}
