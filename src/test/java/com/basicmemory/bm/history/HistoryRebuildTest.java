package com.basicmemory.bm.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.lock.DeviceLock;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.report.SyncStatus;
import com.basicmemory.bm.testing.Reports;
import com.basicmemory.bm.testing.TestHistory;
import com.basicmemory.bm.util.Json;

/** {@code bm sync history --rebuild} on real files and a real SQLite database. */
class HistoryRebuildTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    static final HistoryQuery ALL = new HistoryQuery(null, null, null, null, 1000);

    @TempDir
    Path tmp;
    TestHistory h;
    List<SyncReport> saved;

    @BeforeEach
    void setUp() throws Exception {
        h = TestHistory.at(tmp.resolve("home"));
        saved = List.of(
                Reports.run("b00000000001", "2026-11-20T10:00:00Z").duration(1).project("w", SyncStatus.SUCCESS, 1)
                        .build(),
                Reports.run("b00000000002", "2026-11-21T10:00:00Z").duration(2).project("w", SyncStatus.CONFLICTS, 2,
                        com.basicmemory.bm.report.Direction.NONE, com.basicmemory.bm.report.Direction.NONE, 1, 0,
                        List.of()).build(),
                Reports.run("b00000000003", "2026-11-22T10:00:00Z").duration(3).status(SyncStatus.LOCK_BUSY).build());
        for (SyncReport r : saved) {
            assertTrue(h.store().save(r).indexed());
        }
        sql(h, "INSERT INTO version_restores (id, restored_at_ms, project, path, source, version_id)"
                + " VALUES ('vr1', 1764000000000, 'w', 'w/a.md', 's3', 'v-1')");
        sql(h, "INSERT INTO conflict_resolutions (id, resolved_at_ms, resolved_at, project, path, choice, removed_files,"
                + " backup_dir, interactive) VALUES ('cr1', 1764000000000, '2025-11-24T16:00:00Z', 'w', 'w/a.md',"
                + " 'both', '[]', '/b', 1)");
    }

    static void sql(TestHistory h, String sql) throws Exception {
        try (Connection c = h.db().connection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    HistoryRebuild rebuild() {
        return new HistoryRebuild(h.home(), h.db(), CLOCK);
    }

    /** A second process: a new stack on the same home. */
    TestHistory reopen() {
        return TestHistory.at(h.home().root());
    }

    @Test
    void theDatabaseIsRecreatedFromTheFilesAndUnreadableFilesAreNamedAndKept() throws Exception {
        Path dir = h.home().historyDir();
        Path notJson = dir.resolve("20261101T000000Z-corrupt00001.json");
        Files.writeString(notJson, "{ \"id\": \"corrupt00001\", ");
        Path noTimestamp = dir.resolve("20261102T000000Z-corrupt00002.json");
        Files.writeString(noTimestamp, "{\"id\": \"corrupt00002\", \"status\": \"success\"}");
        Path badStatus = dir.resolve("20261103T000000Z-corrupt00003.json");
        Files.writeString(badStatus, Json.compact(saved.get(0)).replace("\"b00000000001\"", "\"corrupt00003\"")
                .replace("\"success\"", "\"splendid\""));
        SyncReport onlyInFiles = Reports.run("b00000000004", "2026-11-23T10:00:00Z").duration(4)
                .project("w", SyncStatus.FAILED, 4).build();
        Files.writeString(h.store().fileFor(onlyInFiles), Json.pretty(onlyInFiles));
        sql(h, "DELETE FROM sync_runs WHERE id = 'b00000000002'"); // the index drifted from the files

        HistoryRebuild.Result r = rebuild().rebuild("bm sync history --rebuild");

        assertEquals(4, r.reports());
        assertEquals(List.of("20261101T000000Z-corrupt00001.json", "20261102T000000Z-corrupt00002.json",
                "20261103T000000Z-corrupt00003.json"), r.skipped().stream().map(HistoryRebuild.Skipped::file).toList());
        assertTrue(r.skipped().get(0).reason().startsWith("not a report: "), r.skipped()::toString);
        assertEquals("no timestamp", r.skipped().get(1).reason());
        assertTrue(r.skipped().get(2).reason().contains("splendid"), r.skipped()::toString);
        assertEquals(Map.of("conflict_resolutions", 1, "version_restores", 1), r.keptRows(),
                "the tables no report file holds");
        assertNull(r.oldDatabaseKept());
        assertTrue(Files.exists(notJson) && Files.exists(noTimestamp) && Files.exists(badStatus), "never deleted");

        TestHistory after = reopen();
        List<SyncReport> expected = List.of(onlyInFiles, saved.get(2), saved.get(1), saved.get(0));
        assertEquals(expected, after.repository().list(ALL));
        try (Connection c = after.db().connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, version_id FROM version_restores")) {
            assertTrue(rs.next());
            assertEquals("vr1/v-1", rs.getString(1) + "/" + rs.getString(2));
            assertFalse(rs.next());
        }
        assertFalse(Files.exists(h.home().root().resolve("bm.db.rebuild")));
        assertFalse(Files.exists(h.home().root().resolve("bm.db-wal")), "the old WAL cannot meet the new file");
    }

    @Test
    void anUnreadableOldDatabaseIsKeptAsideAndTheRebuildSucceeds() throws Exception {
        Files.delete(h.home().database());
        Files.deleteIfExists(h.home().root().resolve("bm.db-wal"));
        Files.deleteIfExists(h.home().root().resolve("bm.db-shm"));
        String garbage = "not a database ".repeat(40);
        Files.writeString(h.home().database(), garbage);

        HistoryRebuild.Result r = rebuild().rebuild("bm sync history --rebuild");

        assertEquals(3, r.reports());
        assertEquals(h.home().root().resolve("bm.db.unreadable-20261125T120000Z").toString(), r.oldDatabaseKept());
        assertEquals(garbage, Files.readString(Path.of(r.oldDatabaseKept())));
        assertEquals(List.of(saved.get(2), saved.get(1), saved.get(0)), reopen().repository().list(ALL));
    }

    @Test
    void whileASyncHoldsTheDeviceLockTheRebuildIsRefusedWithExit3() throws Exception {
        try (DeviceLock held = ((DeviceLock.Acquired) DeviceLock.tryAcquire(h.home().lockFile(), "bm sync")).lock()) {
            BmException e = assertThrows(BmException.class, () -> rebuild().rebuild("bm sync history --rebuild"));
            assertEquals(3, e.exitCode());
            assertTrue(e.getMessage().startsWith("a sync is running on this device (PID "), e::getMessage);
        }
        assertEquals(3, reopen().repository().list(ALL).size());
    }

    @Test
    void aRebuildThatCannotSwapLeavesTheOldDatabaseAndThePendingListAsTheyWere() throws Exception {
        Path pending = h.home().historyDir().resolve(".pending-index");
        Files.writeString(pending, "20261123T100000Z-b00000000004.json\n");
        Files.writeString(h.home().root().resolve("bm.db.rebuild"), "left over by a crashed rebuild");
        try (Connection reader = TestHistory.dataSource(h.home().database()).getConnection();
                Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM sync_runs")) {
            assertTrue(rs.next()); // another bm has the database open: SQLite will not let it leave WAL mode
            BmException e = assertThrows(BmException.class, () -> rebuild().rebuild("bm sync history --rebuild"));
            assertEquals(1, e.exitCode());
            assertTrue(e.getMessage().contains("is in use by another bm process"), e::getMessage);
        }
        assertEquals("20261123T100000Z-b00000000004.json\n", Files.readString(pending));
        assertFalse(Files.exists(h.home().root().resolve("bm.db.rebuild")));
        try (Connection c = TestHistory.dataSource(h.home().database()).getConnection();
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM sync_runs")) {
            assertEquals(3, rs.next() ? rs.getInt(1) : -1, "the old database is intact");
        }
        rebuild().rebuild("bm sync history --rebuild");
        assertFalse(Files.exists(pending), "every file is indexed by a rebuild: nothing is left pending");
        assertEquals(List.of(saved.get(2), saved.get(1), saved.get(0)), reopen().repository().list(ALL));
    }
}
