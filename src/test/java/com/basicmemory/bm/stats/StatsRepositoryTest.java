package com.basicmemory.bm.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.report.Direction;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.report.SyncStatus;
import com.basicmemory.bm.testing.Reports;
import com.basicmemory.bm.testing.TestHistory;

/**
 * The aggregates of {@code bm stats} on a real SQLite database, against values computed by hand (in the comments)
 * from known sets of reports.
 */
class StatsRepositoryTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    java.nio.file.Path tmp;
    TestHistory h;
    StatsService stats;

    @BeforeEach
    void setUp() {
        h = TestHistory.at(tmp.resolve("home"));
        stats = new StatsService(new StatsRepository(h.db()), CLOCK);
    }

    void save(SyncReport... reports) {
        for (SyncReport r : reports) {
            h.repository().insert(r, r.id() + ".json");
        }
    }

    void restore(String id, String at, String project) throws Exception {
        try (Connection c = h.db().connection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO version_restores (id, restored_at_ms, project, path, source, version_id)"
                    + " VALUES ('" + id + "', " + Instant.parse(at).toEpochMilli() + ", '" + project + "', '"
                    + project + "/a.md', 's3', 'v1')");
        }
    }

    static Map<String, Long> byStatus(long success, long conflicts, long lockBusy, long needsResync, long maxDelete,
            long safety, long failed, long interrupted) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("success", success);
        m.put("conflicts", conflicts);
        m.put("lock_busy", lockBusy);
        m.put("needs_resync", needsResync);
        m.put("max_delete_abort", maxDelete);
        m.put("safety_abort", safety);
        m.put("failed", failed);
        m.put("interrupted", interrupted);
        return m;
    }

    /** Days 2026-10-26 .. 2026-11-25 (the 30-day window ending 2026-11-25T12:00Z, in UTC), all zero but the given. */
    static List<Stats.Day> days(Stats.Day... nonZero) {
        Map<String, Stats.Day> byDate = new LinkedHashMap<>();
        for (java.time.LocalDate d = java.time.LocalDate.parse("2026-10-26");
                !d.isAfter(java.time.LocalDate.parse("2026-11-25")); d = d.plusDays(1)) {
            byDate.put(d.toString(), new Stats.Day(d.toString(), 0, 0, 0, 0, 0, 0));
        }
        for (Stats.Day d : nonZero) {
            byDate.put(d.date(), d);
        }
        return List.copyOf(byDate.values());
    }

    @Test
    void noSyncsAtAllGiveZerosNotErrors() {
        Stats s = stats.compute(null, null);
        assertEquals(new Stats("2026-10-26T12:00Z", "2026-11-25T12:00Z", null, 0, 0, 0.0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0, 0,
                0, 0, 0, 0, 0, byStatus(0, 0, 0, 0, 0, 0, 0, 0), 0, new Stats.Moved(0, 0, 0), new Stats.Moved(0, 0, 0), null,
                null, days()), s);
    }

    @Test
    void allFailedRunsHaveNoSuccessAndTheLastSuccessIsOlderThanTheWindow() {
        save(Reports.run("old000000001", "2026-09-01T08:00:00Z").duration(9).project("work", SyncStatus.SUCCESS, 9)
                        .build(),
                Reports.run("fail00000001", "2026-11-24T10:00:00Z").duration(1).project("work", SyncStatus.FAILED, 1)
                        .build(),
                Reports.run("fail00000002", "2026-11-24T11:00:00Z").duration(2).project("work", SyncStatus.FAILED, 2)
                        .build(),
                Reports.run("fail00000003", "2026-11-25T10:00:00Z").duration(3).status(SyncStatus.FAILED)
                        .error("rclone not found").build());
        Stats s = stats.compute("30d", null);
        // 3 syncs, 0 successful; durations 1, 2, 3: avg 2; sorted, p50 at floor(0.5 * 2) = 1 -> 2, p95 at
        // floor(0.95 * 2) = 1 -> 2
        assertEquals(new Stats("2026-10-26T12:00Z", "2026-11-25T12:00Z", null, 3, 0, 0.0, 0, 0, 0, 0.0, 2.0, 2.0, 2.0, 0,
                0, 0, 0, 0, 0, byStatus(0, 0, 0, 0, 0, 0, 3, 0), 0, new Stats.Moved(0, 0, 0), new Stats.Moved(0, 0, 0),
                "2026-09-01T08:00:09Z", "2026-11-25T10:00:03Z",
                days(new Stats.Day("2026-11-24", 2, 0, 0, 0, 1.5, 0), new Stats.Day("2026-11-25", 1, 0, 0, 0, 3.0, 0))),
                s);
    }

    /** The mixed set: two projects, every outcome, and runs that must not count (outside, dry, refused). */
    void saveMixed() throws Exception {
        Direction none = Direction.NONE;
        save(
                // outside the window: counts nowhere (it is not the newest success either)
                Reports.run("r00000000000", "2026-10-20T10:00:00Z").duration(100)
                        .project("work", SyncStatus.CONFLICTS, 100, new Direction(9, 9, 9), none, 1, 999, List.of())
                        .build(),
                Reports.run("r01000000000", "2026-11-20T10:00:00Z").duration(2)
                        .project("work", SyncStatus.SUCCESS, 1, new Direction(1, 0, 0), none, 0, 100, List.of())
                        .project("notes", SyncStatus.SUCCESS, 1, new Direction(0, 1, 0), new Direction(0, 0, 1), 0,
                                50, List.of())
                        .build(),
                Reports.run("r02000000000", "2026-11-21T10:00:00Z").duration(3)
                        .project("work", SyncStatus.CONFLICTS, 3, new Direction(0, 1, 0), new Direction(0, 1, 0), 2,
                                200, List.of())
                        .build(),
                // work's state diverged (a collision); notes tripped max-delete, masked by the run's status
                Reports.run("r03000000000", "2026-11-22T10:00:00Z").duration(4)
                        .project("work", SyncStatus.NEEDS_RESYNC, 2, none, none, 0, 0,
                                List.of("next step: bm sync --resync --project work"))
                        .project("notes", SyncStatus.MAX_DELETE_ABORT, 2)
                        .build(),
                // a first run refused by bm: needs_resync, but no collision
                Reports.run("r04000000000", "2026-11-22T11:00:00Z").duration(5)
                        .project("notes", SyncStatus.NEEDS_RESYNC, 5, none, none, 0, 0,
                                List.of("resync: first sync of this project on this device",
                                        "next step: bm sync --resync --project notes"))
                        .build(),
                Reports.run("r05000000000", "2026-11-23T10:00:00Z").duration(0.01).status(SyncStatus.LOCK_BUSY)
                        .build(),
                Reports.run("r06000000000", "2026-11-23T11:00:00Z").duration(6).dryRun()
                        .project("work", SyncStatus.SUCCESS, 6, new Direction(5, 0, 0), none, 0, 0, List.of())
                        .build(),
                Reports.run("r07000000000", "2026-11-24T10:00:00Z").duration(7)
                        .project("work", SyncStatus.SAFETY_ABORT, 7).build(),
                Reports.run("r08000000000", "2026-11-24T11:00:00Z").duration(0.5).status(SyncStatus.FAILED).build(),
                Reports.run("r09000000000", "2026-11-25T09:00:00Z").duration(1.5)
                        .project("notes", SyncStatus.CONFLICTS, 1.5, none, new Direction(1, 0, 0), 1, 10, List.of())
                        .build(),
                Reports.run("r10000000000", "2026-11-25T10:00:00Z").duration(8)
                        .project("work", SyncStatus.MAX_DELETE_ABORT, 8).build());
        restore("v1", "2026-11-22T12:00:00Z", "work");
        restore("v0", "2026-10-01T12:00:00Z", "work");
        resolution("k1", "2026-11-21T12:00:00Z", "work");
        resolution("k2", "2026-11-25T11:00:00Z", "notes");
        resolution("k0", "2026-10-21T12:00:00Z", "work");
    }

    void resolution(String id, String at, String project) throws Exception {
        try (Connection c = h.db().connection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO conflict_resolutions (id, resolved_at_ms, resolved_at, project, path, choice,"
                    + " removed_files, backup_dir, interactive) VALUES ('" + id + "', "
                    + Instant.parse(at).toEpochMilli() + ", '" + at + "', '" + project + "', '" + project
                    + "/c0.md', 'local', '[]', '/b', 0)");
        }
    }

    @Test
    void mixedProjectsAllDevice() throws Exception {
        saveMixed();
        Stats s = stats.compute("30d", null);
        // syncs: r01 r02 r03 r04 r07 r08 r09 r10 = 8 (r05 refused by the lock, r06 dry, r00 outside)
        // successful: r01, r02, r09 = 3; with conflicts: r02 (2), r09 (1): rate 2/8, total 3
        // durations 2 3 4 5 7 0.5 1.5 8: sum 31, avg 3.875; sorted 0.5 1.5 2 3 4 5 7 8 (n = 8): p50 at
        // floor(0.5 * 7) = 3 -> 3, p95 at floor(0.95 * 7) = 6 -> 7
        // collisions: r03 (work diverged; r04 was a refusal) = 1; max-delete: r03 (notes), r10 = 2; safety: r07
        // runs by status, all 10 runs of the window: r01 r06(dry) success, r02 r09 conflicts, r05 lock_busy, ...
        // bytes 150 + 200 + 10; to cloud 1/0/0 + 0/1/0 + 0/1/0; to local 0/0/1 + 0/1/0 + 1/0/0
        // last success: r09 09:00 + 1.5 s; last sync: r10 10:00 + 8 s; resolutions k1, k2 (k0 is older): 2 of 3 conflicts
        assertEquals(new Stats("2026-10-26T12:00Z", "2026-11-25T12:00Z", null, 8, 3, 0.25, 2, 3, 2, 2.0 / 3, 3.875, 3.0,
                7.0, 1, 2, 1, 1, 1, 1, byStatus(2, 2, 1, 2, 1, 1, 1, 0), 360, new Stats.Moved(1, 2, 0), new Stats.Moved(1, 1, 1),
                "2026-11-25T09:00:01.500Z", "2026-11-25T10:00:08Z",
                days(new Stats.Day("2026-11-20", 1, 1, 0, 0, 2.0, 150),
                        new Stats.Day("2026-11-21", 1, 1, 1, 2, 3.0, 200),
                        new Stats.Day("2026-11-22", 2, 0, 0, 0, 4.5, 0),
                        new Stats.Day("2026-11-24", 2, 0, 0, 0, 3.75, 0),
                        new Stats.Day("2026-11-25", 2, 1, 1, 1, 4.75, 10))),
                s);
    }

    @Test
    void mixedProjectsOneProjectCountsItsOwnPartOfEachRun() throws Exception {
        saveMixed();
        Stats work = stats.compute("30d", "work");
        // work's rows: r01 success 1 s, r02 conflicts(2) 3 s, r03 needs_resync diverged 2 s, r07 safety 7 s,
        // r10 max-delete 8 s (r06 dry, r00 outside): 5 syncs, 2 successful, rate 1/5
        // durations 1 3 2 7 8: avg 4.2; sorted 1 2 3 7 8: p50 at floor(0.5 * 4) = 2 -> 3, p95 at floor(3.8) = 3 -> 7
        // lock_busy is the device's (1); restores of work in the window: 1; by status: r06 (dry) is a success too
        assertEquals(new Stats("2026-10-26T12:00Z", "2026-11-25T12:00Z", "work", 5, 2, 0.2, 1, 2, 1, 0.5, 4.2, 3.0, 7.0,
                1, 1, 1, 1, 1, 1, byStatus(2, 1, 0, 1, 1, 1, 0, 0), 300, new Stats.Moved(1, 1, 0), new Stats.Moved(0, 1, 0),
                "2026-11-21T10:00:03Z", "2026-11-25T10:00:08Z",
                days(new Stats.Day("2026-11-20", 1, 1, 0, 0, 1.0, 100),
                        new Stats.Day("2026-11-21", 1, 1, 1, 2, 3.0, 200),
                        new Stats.Day("2026-11-22", 1, 0, 0, 0, 2.0, 0),
                        new Stats.Day("2026-11-24", 1, 0, 0, 0, 7.0, 0),
                        new Stats.Day("2026-11-25", 1, 0, 0, 0, 8.0, 0))),
                work);

        Stats notes = stats.compute("30d", "notes");
        // notes' rows: r01 success 1 s, r03 max-delete 2 s, r04 needs_resync refused 5 s, r09 conflicts(1) 1.5 s
        // 4 syncs, 2 successful, rate 1/4; durations avg 9.5/4 = 2.375; sorted 1 1.5 2 5: p50 at floor(1.5) = 1
        // -> 1.5, p95 at floor(2.85) = 2 -> 2
        assertEquals(new Stats("2026-10-26T12:00Z", "2026-11-25T12:00Z", "notes", 4, 2, 0.25, 1, 1, 1, 1.0, 2.375, 1.5,
                2.0, 0, 1, 0, 0, 1, 0, byStatus(1, 1, 0, 1, 1, 0, 0, 0), 60, new Stats.Moved(0, 1, 0), new Stats.Moved(1, 0, 1),
                "2026-11-25T09:00:01.500Z", "2026-11-25T09:00:01.500Z",
                days(new Stats.Day("2026-11-20", 1, 1, 0, 0, 1.0, 50),
                        new Stats.Day("2026-11-22", 2, 0, 0, 0, 3.5, 0),
                        new Stats.Day("2026-11-25", 1, 1, 1, 1, 1.5, 10))),
                notes);

        assertEquals(0, stats.compute("30d", "nope").totalSyncs(), "an unknown project has no syncs");
    }

    @Test
    void percentilesAreDurationsThatOccurredAtPositionFloorPTimesNMinus1() {
        for (int i = 1; i <= 20; i++) {
            save(Reports.run(String.format("p%011d", i), "2026-11-25T0" + (i % 10) + ":" + (10 + i) + ":00Z")
                    .duration(i).project("work", SyncStatus.SUCCESS, i).build());
        }
        Stats s20 = stats.compute("1d", null);
        assertEquals(List.of(10.0, 19.0, 10.5), List.of(s20.p50SyncDuration(), s20.p95SyncDuration(),
                s20.avgSyncDuration()), "n=20: p50 at floor(9.5) = 9 -> 10, p95 at floor(18.05) = 18 -> 19");
        save(Reports.run("p00000000021", "2026-11-25T11:00:00Z").duration(21).project("work", SyncStatus.SUCCESS, 21)
                .build());
        Stats s21 = stats.compute("1d", null);
        assertEquals(List.of(11.0, 20.0), List.of(s21.p50SyncDuration(), s21.p95SyncDuration()),
                "n=21: p50 at 10 -> 11, p95 at floor(19) = 19 -> 20");
    }

    @Test
    void daysAreLocalCalendarDaysAcrossADaylightSavingChange() {
        // Berlin leaves summer time on 2026-10-25 at 01:00 UTC (UTC+2 -> UTC+1)
        Clock berlin = Clock.fixed(Instant.parse("2026-10-27T12:00:00Z"), ZoneId.of("Europe/Berlin"));
        StatsService s = new StatsService(new StatsRepository(h.db()), berlin);
        save(Reports.run("d00000000001", "2026-10-24T22:30:00Z").duration(1).project("w", SyncStatus.SUCCESS, 1)
                        .build(), // 2026-10-25 00:30 local (UTC+2)
                Reports.run("d00000000002", "2026-10-25T22:30:00Z").duration(1).project("w", SyncStatus.SUCCESS, 1)
                        .build(), // 2026-10-25 23:30 local (UTC+1)
                Reports.run("d00000000003", "2026-10-25T23:30:00Z").duration(1).project("w", SyncStatus.SUCCESS, 1)
                        .build()); // 2026-10-26 00:30 local
        List<Stats.Day> days = s.compute("3d", null).perDay();
        assertEquals(List.of("2026-10-24:0", "2026-10-25:2", "2026-10-26:1", "2026-10-27:0"),
                days.stream().map(d -> d.date() + ":" + d.totalSyncs()).toList());
    }

    @Test
    void theWindowStartsAtSince() {
        save(IntStream.range(0, 5).mapToObj(i -> Reports.run("w0000000000" + i, "2026-11-2" + i + "T12:00:00Z")
                .duration(1).project("w", SyncStatus.SUCCESS, 1).build()).toArray(SyncReport[]::new));
        // runs at 20..24 Nov, 12:00; since 3d = 22 Nov 12:00, inclusive
        assertEquals(3, stats.compute("3d", null).totalSyncs());
        assertEquals(2, stats.compute("2026-11-23", null).totalSyncs());
    }

    @Test
    void aWindowStartingInsideABucketTakesOnlyItsRunsOfThatBucket() {
        // buckets are 15 minutes: 12:00-12:15 holds both runs; the window starts between them
        save(Reports.run("e00000000001", "2026-11-24T12:05:00Z").duration(1).project("w", SyncStatus.SUCCESS, 1)
                        .build(),
                Reports.run("e00000000002", "2026-11-24T12:10:00Z").duration(3).project("w", SyncStatus.FAILED, 3)
                        .build(),
                Reports.run("e00000000003", "2026-11-25T11:00:00Z").duration(5).project("w", SyncStatus.SUCCESS, 5)
                        .build());
        Stats s = stats.compute("2026-11-24T12:07:30Z", null);
        assertEquals(List.of(2L, 1L, 4.0, 3.0), List.of(s.totalSyncs(), s.successfulSyncs(), s.avgSyncDuration(),
                s.p50SyncDuration()));
        assertEquals(List.of("2026-11-24:1", "2026-11-25:1"),
                s.perDay().stream().map(d -> d.date() + ":" + d.totalSyncs()).toList());
        Stats w = stats.compute("2026-11-24T12:07:30Z", "w");
        assertEquals(List.of(2L, 1L, 1L), List.of(w.totalSyncs(), w.successfulSyncs(),
                w.runsByStatus().get("failed")));
    }
}
