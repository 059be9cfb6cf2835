package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.testing.BmRun;
import com.basicmemory.bm.testing.Device;
import com.basicmemory.bm.testing.Era;
import com.basicmemory.bm.testing.HistoryDb;

/**
 * The device lock with real processes. A sync is kept busy by rclone's own bandwidth limit (RCLONE_BWLIMIT, read by
 * rclone from the environment) on a 6 MiB file.
 */
class LockIT {
    @TempDir
    Path tmp;
    Device a;
    Path cloud;

    @BeforeEach
    void setUp() throws Exception {
        cloud = tmp.resolve("cloud");
        a = new Device("a", tmp).setup(cloud.toString()).withSlowPendingSync(6, 42);
    }

    /** Waits until the running sync holds the lock (written into sync.lock) and its rclone bisync is running. */
    private void awaitLockHeld(Process p) throws Exception {
        Path lock = a.home().resolve("sync.lock");
        for (int i = 0; i < 300; i++) {
            if (Files.exists(lock) && Files.readString(lock).contains("\"pid\"")
                    && Files.exists(a.home().resolve("bisync/w")) && hasRcloneChild(p)) {
                return;
            }
            assertTrue(p.isAlive(), "the first sync ended before it could be observed");
            Thread.sleep(50);
        }
        throw new AssertionError("the first sync never took the lock");
    }

    /**
     * rclone bisync itself is running (not one of bm's short rclone calls before it: version, listings): only then
     * is a stop in the middle of a transfer. On a loaded machine those calls can take longer than the test's pause.
     */
    private static boolean hasRcloneChild(Process p) {
        return p.descendants().anyMatch(h -> h.info().commandLine()
                .map(c -> c.contains("rclone") && c.contains(" bisync ")).orElse(false));
    }

    @Test
    void secondSyncWhileTheFirstRunsExitsWithLockBusyNamingTheHolder() throws Exception {
        Process first = a.start("sync");
        awaitLockHeld(first);
        BmRun second = a.bm("sync");
        assertEquals(3, second.exitCode(), second::toString);
        assertTrue(second.stderr().contains("another sync is running on this device (PID " + first.pid()),
                second::toString);
        assertTrue(first.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue());
        List<Map<String, Object>> busy = HistoryDb.query(a.home(),
                "SELECT exit_code FROM sync_runs WHERE status = 'lock_busy'");
        assertEquals(1, busy.size(), "the refused run is recorded");
        assertEquals(3, ((Number) busy.get(0).get("exit_code")).intValue());
        assertTrue(Files.exists(cloud.resolve("w/big.bin")));
    }

    @Test
    void afterKill9OfARunningSyncTheNextOneIsNotBlocked() throws Exception {
        Process first = a.start("sync");
        awaitLockHeld(first);
        first.destroyForcibly();
        first.waitFor(10, TimeUnit.SECONDS);
        a.env("RCLONE_BWLIMIT", "0");
        BmRun next = a.bm("sync", "--report");
        assertNotEquals(3, next.exitCode(), next::toString);
        assertEquals(0, next.exitCode(), next::toString);
        assertTrue(next.stderr().contains("was killed before it finished"), next::toString);
        assertEquals(Device.sha256(a.file("w/big.bin")), Device.sha256(cloud.resolve("w/big.bin")),
                "the file reached the cloud whole");
        List<Map<String, Object>> interrupted = HistoryDb.query(a.home(),
                "SELECT id FROM sync_runs WHERE status = 'interrupted'");
        assertEquals(1, interrupted.size(), "the killed run is recorded as interrupted");
    }

    @Test
    void sigtermDuringASyncSavesTheReportReleasesTheLockAndTheNextRunRecovers() throws Exception {
        a.env("BM_STOP_GRACE_SECONDS", "0");
        Process first = a.start("sync");
        awaitLockHeld(first);
        Thread.sleep(500);
        first.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its pipes)
        String err = new String(first.getErrorStream().readAllBytes());
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, first.exitValue(), err);
        assertTrue(err.contains("SIGTERM: stopping"), err);
        assertEquals("", Files.readString(a.home().resolve("sync.lock")), "the lock is released");
        List<Map<String, Object>> rows = HistoryDb.query(a.home(),
                "SELECT status, exit_code FROM sync_runs ORDER BY started_at_ms DESC LIMIT 1");
        assertEquals("interrupted", rows.get(0).get("status"), "the report is saved and indexed");
        assertEquals(1, ((Number) rows.get(0).get("exit_code")).intValue());

        a.env("RCLONE_BWLIMIT", "0");
        BmRun next = a.bm("sync");
        if (Era.current().modern()) {
            // rclone 1.66+ stops gracefully and bm passes --recover: the next run carries on, no resync needed
            assertEquals(0, next.exitCode(), next::toString);
        } else {
            assertEquals(4, next.exitCode(), next::toString);
            assertTrue(next.stderr().contains("bm sync --resync --project w"), next::toString);
            BmRun resync = a.bm("sync", "--resync");
            assertEquals(0, resync.exitCode(), resync::toString);
        }
        Map<String, String> local = a.tree();
        Map<String, String> remote = Device.tree(cloud);
        assertEquals(local.get("w/big.bin"), remote.get("w/big.bin"), "nothing lost: the big file is whole on both sides");
        assertEquals(local.get("w/small.md"), remote.get("w/small.md"));
    }
}
