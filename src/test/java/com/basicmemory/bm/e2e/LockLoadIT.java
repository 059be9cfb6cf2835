package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.testing.BmRun;
import com.basicmemory.bm.testing.Device;
import com.basicmemory.bm.testing.HistoryDb;

/**
 * The device lock under load (issue 8, item 5): 20 {@code bm sync} started at once on one BM_HOME. Exactly one
 * syncs, the 19 others exit 3 naming it, and every refusal is recorded; then {@code kill -9} of the holder: the
 * next run takes the lock at once. The holder is kept busy by rclone's bandwidth limit on a 30 MiB file.
 *
 * <p>No timing is asserted (machines are noisy): the refusal latencies are measured and printed.
 */
class LockLoadIT {
    private static final int RUNS = 20;

    private static final java.util.concurrent.ExecutorService READERS = java.util.concurrent.Executors
            .newCachedThreadPool(r -> {
                Thread t = new Thread(r, "stderr-reader");
                t.setDaemon(true);
                return t;
            });

    @TempDir
    Path tmp;
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** A running bm with its stderr read on a thread, each line stamped with the time it arrived. */
    record Run(Process process, long startNanos, CompletableFuture<List<String>> stderr, List<Long> lineNanos) {
        int exit() throws Exception {
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), "bm did not finish");
            return process.exitValue();
        }

        String err() throws Exception {
            return String.join("\n", stderr.get(30, TimeUnit.SECONDS));
        }

        double secondsToLineContaining(String s) throws Exception {
            List<String> lines = stderr.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(s)) {
                    return (lineNanos.get(i) - startNanos) / 1e9;
                }
            }
            return -1;
        }
    }

    private Run start(Device d, String... args) {
        long t = System.nanoTime();
        Process p = d.start(args);
        started.add(p);
        List<Long> stamps = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<List<String>> err = CompletableFuture.supplyAsync(() -> {
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    stamps.add(System.nanoTime());
                    lines.add(l);
                }
            } catch (java.io.IOException ignored) {
                // killed
            }
            return lines;
        }, READERS);
        return new Run(p, t, err, stamps);
    }

    @Test
    void twentySyncsAtOnceOneRunsNineteenAreRefusedAndAKilledHolderBlocksNoOne() throws Exception {
        Path cloud = tmp.resolve("cloud");
        Device a = new Device("a", tmp).setup(cloud.toString()).withSlowPendingSync(30, 8);

        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(start(a, "sync"));
        }
        // every run but the holder ends by itself; the holder is still uploading at 1 MiB/s
        List<Run> refused = new ArrayList<>();
        Run holder = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (refused.size() + (holder == null ? 0 : 1) < RUNS && System.nanoTime() < deadline) {
            refused.clear();
            List<Run> alive = new ArrayList<>();
            for (Run r : runs) {
                if (r.process().isAlive()) {
                    alive.add(r);
                } else {
                    refused.add(r);
                }
            }
            holder = alive.size() == 1 && refused.size() == RUNS - 1 ? alive.get(0) : null;
            Thread.sleep(100);
        }
        assertEquals(RUNS - 1, refused.size(), "all but one run ended while the holder synced");
        assertTrue(holder != null && holder.process().isAlive(), "one run holds the lock and syncs");
        long holderPid = holder.process().pid();
        List<Double> wall = new ArrayList<>();
        for (Run r : refused) {
            String err = r.err();
            assertEquals(3, r.exit(), err);
            // a run refused in the instant between the holder taking the lock and writing its name says so
            assertTrue(err.contains("another sync is running on this device (PID " + holderPid)
                    || err.contains("another sync is running on this device (holder unknown)"), err);
            assertFalse(err.contains("Exception") || err.contains("\tat "), err);
            wall.add(r.secondsToLineContaining("another sync is running"));
        }
        List<Map<String, Object>> busy = HistoryDb.query(a.home(),
                "SELECT duration_seconds FROM sync_runs WHERE status = 'lock_busy' ORDER BY duration_seconds");
        assertEquals(RUNS - 1, busy.size(), "every refused run is recorded in the history");
        List<Double> inside = busy.stream().map(m -> ((Number) m.get("duration_seconds")).doubleValue()).toList();
        wall.sort(null);
        System.out.printf("LockLoadIT: %d syncs at once on 2 cores: 1 ran, %d refused (exit 3)%n", RUNS, RUNS - 1);
        System.out.printf("LockLoadIT: refusal, process start to the refusal line: median %.2f s, max %.2f s%n",
                wall.get(wall.size() / 2), wall.get(wall.size() - 1));
        System.out.printf("LockLoadIT: refusal, inside bm (report duration, lock attempt and report saved): median"
                + " %.3f s, max %.3f s%n", inside.get(inside.size() / 2), inside.get(inside.size() - 1));

        // kill -9 of the holder (bm only: its rclone goes on, as designed): the next run is not refused
        ProcessHandle.of(holderPid).orElseThrow().destroyForcibly();
        assertTrue(holder.process().waitFor(10, TimeUnit.SECONDS));
        a.env("RCLONE_BWLIMIT", "0").env("BM_ORPHAN_WAIT_SECONDS", "1");
        Run next = start(a, "sync");
        int exit = next.exit();
        String err = next.err();
        assertNotEquals(3, exit, err);
        assertTrue(err.contains("was killed before it finished"), err);
        System.out.printf("LockLoadIT: after kill -9 of the holder, the next run took the lock %.2f s after its"
                + " start (JVM start included)%n", next.secondsToLineContaining("was killed before it finished"));
        // whatever the killed run left, the next runs converge without losing the file
        if (exit == 4) {
            BmRun resync = a.bm("sync", "--resync");
            assertEquals(0, resync.exitCode(), resync::toString);
        } else {
            assertEquals(0, exit, err);
        }
        BmRun last = a.bm("sync");
        assertEquals(0, last.exitCode(), last::toString);
        assertEquals(Device.sha256(a.file("w/big.bin")), Device.sha256(cloud.resolve("w/big.bin")));
        assertEquals(Device.sha256(a.file("w/small.md")), Device.sha256(cloud.resolve("w/small.md")));
    }
}
