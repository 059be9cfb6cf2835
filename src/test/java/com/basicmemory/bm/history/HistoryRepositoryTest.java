package com.basicmemory.bm.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.report.Conflict;
import com.basicmemory.bm.report.Direction;
import com.basicmemory.bm.report.ProjectReport;
import com.basicmemory.bm.report.ReportStore;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.report.SyncStatus;
import com.basicmemory.bm.testing.TestHistory;
import com.basicmemory.bm.util.Json;

/** The history tables on a real SQLite file, migrated by the real Flyway migrations. */
class HistoryRepositoryTest {
    @TempDir
    Path tmp;
    BmHome home;
    HistoryRepository repo;
    ReportStore store;

    @BeforeEach
    void setUp() {
        TestHistory h = TestHistory.at(tmp.resolve("home"));
        home = h.home();
        repo = h.repository();
        store = h.store();
    }

    static SyncReport report(String id, String time, SyncStatus status, String project) {
        ProjectReport p = new ProjectReport(project, status, status.exitCode(), 0, "balanced", new Direction(1, 2, 3),
                new Direction(4, 5, 6), List.of(new Conflict(project + "/a.md", List.of(project + "/a.md..path1"))),
                10, 0.5, false, false, List.of(), List.of());
        return new SyncReport(id, time, 0.7, status.exitCode(), 0, status.ok(), status, false, false, "balanced",
                List.of(project), "dev", "v1.60.1", 5, 7, 9, new Direction(1, 2, 3), new Direction(4, 5, 6), 10,
                List.of(new Conflict(project + "/a.md", List.of(project + "/a.md..path1"))), List.of(), List.of(p),
                List.of(), "0.1.0", "host", "/s", "/c", "bm sync", 1);
    }

    @Test
    void storedReportsComeBackWholeNewestFirstAndFiltered() throws Exception {
        SyncReport r1 = report("aaaaaaaaaaa1", "2026-11-20T10:00:00Z", SyncStatus.SUCCESS, "work");
        SyncReport r2 = report("aaaaaaaaaaa2", "2026-11-22T10:00:00+01:00", SyncStatus.CONFLICTS, "notes");
        SyncReport r3 = report("aaaaaaaaaaa3", "2026-11-24T10:00:00Z", SyncStatus.NEEDS_RESYNC, "work");
        for (SyncReport r : List.of(r1, r2, r3)) {
            ReportStore.Saved s = store.save(r);
            assertEquals(true, s.indexed(), s.indexError());
            assertEquals(Json.mapper().readTree(Json.compact(r)), Json.mapper().readTree(Files.readString(s.file())));
        }
        assertEquals(List.of(r3, r2, r1), repo.list(new HistoryQuery(null, null, null, null, 20)));
        assertEquals(List.of(r3), repo.list(new HistoryQuery(null, null, null, null, 1)));
        assertEquals(List.of(r3, r1), repo.list(new HistoryQuery(null, null, "work", null, 20)));
        assertEquals(List.of(r2), repo.list(new HistoryQuery(null, null, null, "conflicts", 20)));
        assertEquals(List.of(r3, r2), repo.list(new HistoryQuery(Instant.parse("2026-11-21T00:00:00Z"), null, null,
                null, 20)));
        assertEquals(List.of(r2, r1), repo.list(new HistoryQuery(null, Instant.parse("2026-11-23T00:00:00Z"), null,
                null, 20)));
    }

    @Test
    void aReportIndexedTwiceStaysOneRow() {
        SyncReport r = report("bbbbbbbbbbb1", "2026-11-20T10:00:00Z", SyncStatus.SUCCESS, "work");
        store.save(r);
        repo.insert(r, "again.json");
        assertEquals(1, repo.list(new HistoryQuery(null, null, null, null, 20)).size());
    }

    @Test
    void whenTheDatabaseIsUnusableTheFileIsKeptAndIndexedLater() throws Exception {
        Files.createDirectories(home.root());
        Files.writeString(home.database(), "this is not a database, it is a text file of more than 100 bytes ......"
                + "..........................................................................");
        SyncReport r = report("ccccccccccc1", "2026-11-20T10:00:00Z", SyncStatus.SUCCESS, "work");
        ReportStore.Saved saved = store.save(r);
        assertEquals(false, saved.indexed());
        assertEquals(true, Files.exists(saved.file()));
        Files.delete(home.database());
        setUp();
        SyncReport next = report("ccccccccccc2", "2026-11-21T10:00:00Z", SyncStatus.SUCCESS, "work");
        assertEquals(true, store.save(next).indexed());
        assertEquals(2, repo.list(new HistoryQuery(null, null, null, null, 20)).size(), "the pending one was indexed");
    }

    @Test
    void aReportLeftUnindexedIsIndexedByTheFirstReadOfTheNextProcess() throws Exception {
        Files.createDirectories(home.root());
        Files.writeString(home.database(), "not a database ".repeat(20));
        SyncReport r = report("ddddddddddd1", "2026-11-20T10:00:00Z", SyncStatus.SUCCESS, "work");
        assertEquals(false, store.save(r).indexed());
        Path pending = home.historyDir().resolve(".pending-index");
        assertEquals(true, Files.exists(pending));
        Files.delete(home.database());
        setUp(); // the next process: a read command, no sync
        assertEquals(List.of(r), repo.list(new HistoryQuery(null, null, null, null, 20)));
        assertEquals(false, Files.exists(pending));
    }

    @Test
    void theRollupAlwaysEqualsOneComputedFromTheRuns() throws Exception {
        for (int i = 0; i < 6; i++) {
            store.save(report("fffffffffff" + i, "2026-11-2" + i + "T10:0" + i + ":00Z",
                    i % 2 == 0 ? SyncStatus.SUCCESS : SyncStatus.NEEDS_RESYNC, i % 3 == 0 ? "work" : "notes"));
        }
        repo.insert(report("fffffffffff1", "2026-11-21T10:01:00Z", SyncStatus.CONFLICTS, "work"), "again.json");
        repo.deleteBefore(Instant.parse("2026-11-22T10:01:00Z"));
        TestHistory h = TestHistory.at(home.root());
        try (java.sql.Connection c = h.db().connection()) {
            c.setAutoCommit(false);
            List<String> maintained = MigrationsTest.rollup(c);
            try (java.sql.Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM sync_rollup");
            }
            Rollup.recompute(c, 0, Instant.parse("2027-01-01T00:00:00Z").toEpochMilli());
            assertEquals(MigrationsTest.rollup(c), maintained);
            assertEquals(8, maintained.size(), "4 runs left (22nd to 25th), each with its project's row");
            c.rollback();
        }
    }

    /** Holds SQLite's write lock from another connection (as another process would) until the returned latch. */
    private static Thread holdWriteLock(Path db, java.util.concurrent.CountDownLatch held, long millis) {
        Thread t = new Thread(() -> {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
                    java.sql.Statement s = c.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                held.countDown();
                Thread.sleep(millis);
                s.execute("COMMIT");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "lock-holder");
        t.start();
        return t;
    }

    @Test
    void aReportWaitsForAnotherProcessThatHoldsTheDatabaseForAMoment() throws Exception {
        store.save(report("eeeeeeeeeee0", "2026-11-20T10:00:00Z", SyncStatus.SUCCESS, "work"));
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        Thread holder = holdWriteLock(home.database(), held, 1500);
        held.await();
        // the insert reads (is this run indexed already?) before it writes: it must wait for the lock, not fail
        ReportStore.Saved saved = store.save(report("eeeeeeeeeee1", "2026-11-21T10:00:00Z", SyncStatus.SUCCESS,
                "work"));
        holder.join();
        assertEquals(true, saved.indexed(), saved.indexError());
        assertEquals(2, repo.list(new HistoryQuery(null, null, null, null, 20)).size());
        assertEquals(1, repo.deleteBefore(Instant.parse("2026-11-21T00:00:00Z")).runs());
    }

    @Test
    void aDatabaseLockedLongerThanTheBusyTimeoutKeepsTheReportForTheNextRun() throws Exception {
        store.save(report("eeeeeeeeeee2", "2026-11-20T10:00:00Z", SyncStatus.SUCCESS, "work"));
        org.sqlite.SQLiteDataSource impatient = HistoryDatabase.dataSource(home.database(), 200);
        HistoryDatabase db = new HistoryDatabase(home, () -> impatient, () -> Migrations.flyway(impatient));
        ReportStore shortWait = new ReportStore(home, new HistoryRepository(db));
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        Thread holder = holdWriteLock(home.database(), held, 1500);
        held.await();
        SyncReport r = report("eeeeeeeeeee3", "2026-11-21T10:00:00Z", SyncStatus.SUCCESS, "work");
        ReportStore.Saved saved = shortWait.save(r);
        assertEquals(false, saved.indexed());
        assertEquals(true, saved.indexError().contains("is locked by another process"), saved.indexError());
        assertEquals(true, Files.exists(saved.file()), "the report file is the durable record");
        assertEquals(true, Files.exists(home.historyDir().resolve(".pending-index")));
        holder.join();
        setUp(); // the next process
        assertEquals(2, repo.list(new HistoryQuery(null, null, null, null, 20)).size(), "indexed by the next one");
        assertEquals(false, Files.exists(home.historyDir().resolve(".pending-index")));
    }
}
