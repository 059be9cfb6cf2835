package com.basicmemory.bm.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.report.SyncStatus;
import com.basicmemory.bm.testing.Reports;
import com.basicmemory.bm.testing.TestHistory;
import com.basicmemory.bm.util.Json;

/** {@code bm sync history show ID}. */
class HistoryServiceTest {
    @TempDir
    Path tmp;
    TestHistory h;
    HistoryService service;
    SyncReport a1;
    SyncReport a2;
    SyncReport d1;

    @BeforeEach
    void setUp() {
        h = TestHistory.at(tmp.resolve("home"));
        service = new HistoryService(h.home(), h.repository(), Clock.systemUTC());
        a1 = Reports.run("abc123000001", "2026-11-20T10:00:00Z").project("w", SyncStatus.SUCCESS, 1).build();
        a2 = Reports.run("abc123000002", "2026-11-21T10:00:00Z").project("w", SyncStatus.SUCCESS, 1).build();
        d1 = Reports.run("def456000001", "2026-11-22T10:00:00Z").project("w", SyncStatus.SUCCESS, 1).build();
        for (SyncReport r : new SyncReport[] {a1, a2, d1}) {
            h.store().save(r);
        }
    }

    @Test
    void aUniquePrefixOrTheWholeIdFindsTheRun() {
        assertEquals(d1, service.show("def4"));
        assertEquals(a2, service.show("abc123000002"));
    }

    @Test
    void anAmbiguousUnknownOrMalformedIdIsBadInput() {
        BmException ambiguous = assertThrows(BmException.class, () -> service.show("abc"));
        assertEquals(2, ambiguous.exitCode());
        assertEquals("run id 'abc' is ambiguous: it starts abc123000001, abc123000002", ambiguous.getMessage());
        BmException unknown = assertThrows(BmException.class, () -> service.show("fff"));
        assertEquals("no sync run with id 'fff'", unknown.getMessage());
        BmException glob = assertThrows(BmException.class, () -> service.show("a*"));
        assertEquals(2, glob.exitCode());
    }

    @Test
    void aRunTheDatabaseDoesNotHaveIsReadFromItsFile() throws Exception {
        SyncReport onlyFile = Reports.run("0ff11e000001", "2026-11-23T10:00:00Z").project("w", SyncStatus.FAILED, 1)
                .build();
        Files.writeString(h.store().fileFor(onlyFile), Json.pretty(onlyFile));
        assertEquals(onlyFile, service.show("0ff11e"));
    }
}
