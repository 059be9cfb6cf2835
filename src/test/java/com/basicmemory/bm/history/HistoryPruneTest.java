package com.basicmemory.bm.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.report.SyncStatus;
import com.basicmemory.bm.testing.Reports;
import com.basicmemory.bm.testing.TestHistory;

/** {@code bm sync history --prune}: rows, report files and logs go together, by the run's start time. */
class HistoryPruneTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    /** 90 days before the clock. */
    static final Instant CUTOFF = Instant.parse("2026-08-27T12:00:00Z");

    @TempDir
    Path tmp;
    TestHistory h;

    @BeforeEach
    void setUp() {
        h = TestHistory.at(tmp.resolve("home"));
    }

    SyncReport save(String id, Instant start) {
        SyncReport r = Reports.run(id, start.toString()).duration(1).project("w", SyncStatus.SUCCESS, 1).build();
        h.store().save(r);
        return r;
    }

    List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    List<String> rows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = h.db().connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void rowsReportFilesAndLogsOlderThanTheCutoffGoTogether() throws Exception {
        save("a00000000000", CUTOFF.minusSeconds(10 * 86400));
        save("b00000000000", CUTOFF.minusMillis(500)); // its file is named one second before the cutoff
        save("c00000000000", CUTOFF.plusMillis(500)); // named at the cutoff second: kept
        save("d00000000000", CLOCK.instant().minusSeconds(86400));
        Path dir = h.home().historyDir();
        Files.writeString(dir.resolve("20200101T000000Z-garbage00001.json"), "{ unreadable"); // old name: removed
        Files.writeString(dir.resolve("20261120T000000Z-garbage00002.json"), "{ unreadable"); // recent: kept
        Files.writeString(dir.resolve("my-backup.json"), "{}"); // not named by bm: never touched
        Path logs = Files.createDirectories(h.home().logsDir());
        Files.writeString(logs.resolve("20260801T000000Z-a00000000000.log"), "old");
        Files.writeString(logs.resolve("20261124T120000Z-d00000000000.log"), "new");
        Files.writeString(logs.resolve("notes.log"), "not bm's");
        try (Connection c = h.db().connection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO version_restores (id, restored_at_ms, project, path, source) VALUES"
                    + " ('old', " + CUTOFF.minusSeconds(1).toEpochMilli() + ", 'w', 'w/a.md', 's3'),"
                    + " ('new', " + CUTOFF.toEpochMilli() + ", 'w', 'w/a.md', 'git')");
        }

        HistoryPrune.Result r = new HistoryPrune(h.home(), h.repository(), CLOCK).prune("90d", "bm sync history");

        assertEquals(new HistoryPrune.Result("2026-08-27T12:00Z", 2, 3, 1, 1), r);
        assertEquals(List.of("20260827T120000Z-c00000000000.json", "20261120T000000Z-garbage00002.json",
                "20261124T120000Z-d00000000000.json", "my-backup.json"), names(dir));
        assertEquals(List.of("20261124T120000Z-d00000000000.log", "notes.log"), names(logs));
        assertEquals(List.of("c00000000000", "d00000000000"), rows("SELECT id FROM sync_runs ORDER BY id"));
        assertEquals(List.of("c00000000000", "d00000000000"),
                rows("SELECT run_id FROM sync_run_projects ORDER BY run_id"), "project rows go with their run");
        assertEquals(List.of("new"), rows("SELECT id FROM version_restores"));
    }

    @Test
    void aCutoffInTheFutureIsBadInput() {
        BmException e = assertThrows(BmException.class,
                () -> new HistoryPrune(h.home(), h.repository(), CLOCK).prune("2027-01-01", "bm"));
        assertEquals(2, e.exitCode());
        BmException bad = assertThrows(BmException.class,
                () -> new HistoryPrune(h.home(), h.repository(), CLOCK).prune("ninety days", "bm"));
        assertEquals("invalid --prune 'ninety days': use a duration like 30m, 24h, 7d, 2w or a date like 2026-11-01"
                + " or 2026-11-01T14:30", bad.getMessage());
    }
}
