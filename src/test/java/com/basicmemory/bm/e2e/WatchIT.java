package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.testing.BmRun;
import com.basicmemory.bm.testing.Device;
import com.basicmemory.bm.testing.HistoryDb;

/** `bm sync --watch` with the real rclone and a local cloud folder. */
class WatchIT {
    @TempDir
    Path tmp;
    Path cloud;
    Device a;
    Process watcher;
    StringBuffer watcherErr = new StringBuffer();

    @BeforeEach
    void setUp() {
        cloud = tmp.resolve("cloud");
        a = new Device("a", tmp).setup(cloud.toString());
        a.write("w/first.md", "first\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (watcher != null && watcher.isAlive()) {
            watcher.toHandle().destroy();
            watcher.waitFor(60, TimeUnit.SECONDS);
            watcher.destroyForcibly();
        }
    }

    private Process startWatcher(Device d, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("sync", "--watch"));
        args.addAll(List.of(extra));
        Process p = d.start(args.toArray(String[]::new));
        Thread t = new Thread(() -> {
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    watcherErr.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // ended
            }
        });
        t.setDaemon(true);
        t.start();
        return p;
    }

    void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what + "; watcher said:\n"
                        + watcherErr);
            }
            Thread.sleep(50);
        }
    }

    private int runs() {
        return runsOf(a);
    }

    @Test
    void aSavedNoteReachesTheCloudWithoutWaitingForTheInterval() throws Exception {
        watcher = startWatcher(a, "--interval", "600s");
        await("the first sync", 60, () -> Files.exists(cloud.resolve("w/first.md")));
        a.write("w/saved.md", "saved\n");
        // the interval is 10 minutes: only the file watcher can bring it over within this test's bound
        await("the saved note in the cloud", 60, () -> Files.exists(cloud.resolve("w/saved.md")));
        assertEquals("saved\n", Files.readString(cloud.resolve("w/saved.md")));
        watcher.toHandle().destroy();
        assertTrue(watcher.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, watcher.exitValue(), watcherErr::toString);
        assertTrue(watcherErr.toString().contains("watcher stopped"), watcherErr::toString);
        assertEquals("", Files.readString(a.home().resolve("sync.lock")), "no stale lock");
        BmRun next = a.bm("sync");
        assertEquals(0, next.exitCode(), "no state needing --resync: " + next);
    }

    @Test
    void aBurstOf2000WritesCollapsesIntoAFewRuns() throws Exception {
        watcher = startWatcher(a, "--interval", "600s");
        await("the first sync", 60, () -> Files.exists(cloud.resolve("w/first.md")) && runs() >= 1);
        Thread.sleep(1000);
        int before = runs();
        Files.createDirectories(a.file("w/burst"));
        for (int i = 0; i < 2000; i++) {
            Files.writeString(a.file("w/burst/n" + i + ".md"), "note " + i + "\n");
        }
        await("2000 notes in the cloud", 180, () -> {
            try (var s = Files.list(cloud.resolve("w/burst"))) {
                return s.count() == 2000;
            } catch (IOException e) {
                return false;
            }
        });
        Thread.sleep(3000); // let any follow-up run finish
        int burstRuns = runs() - before;
        assertTrue(burstRuns >= 1 && burstRuns <= 6, "2000 writes took " + burstRuns + " runs");
    }

    @Test
    void sigtermDuringARunLetsItFinishAndLeavesNoStaleLockNorResyncState() throws Exception {
        byte[] big = new byte[4 * 1024 * 1024];
        new java.util.Random(3).nextBytes(big);
        Files.write(a.file("w/big.bin"), big);
        a.env("RCLONE_BWLIMIT", "1M");
        watcher = startWatcher(a, "--interval", "600s");
        await("rclone running", 60, () -> watcher.descendants().anyMatch(
                h -> h.info().command().map(c -> c.contains("rclone")).orElse(false)
                        && h.info().arguments().map(x -> List.of(x).contains("bisync")).orElse(false)));
        watcher.toHandle().destroy();
        assertTrue(watcher.waitFor(90, TimeUnit.SECONDS));
        assertEquals(0, watcher.exitValue(), watcherErr::toString);
        assertEquals("", Files.readString(a.home().resolve("sync.lock")));
        assertEquals(Device.sha256(a.file("w/big.bin")), Device.sha256(cloud.resolve("w/big.bin")),
                "the run in progress was allowed to finish");
        a.env("RCLONE_BWLIMIT", "0");
        BmRun next = a.bm("sync");
        assertEquals(0, next.exitCode(), next::toString);
    }

    @Test
    void aSecondWatcherIsRefusedAndAManualSyncCanWait() throws Exception {
        watcher = startWatcher(a, "--interval", "600s");
        await("the first sync", 60, () -> Files.exists(cloud.resolve("w/first.md")));
        BmRun second = a.bm("sync", "--watch");
        assertEquals(3, second.exitCode(), second::toString);
        assertTrue(second.stderr().contains("a watcher is already running on this device (PID " + watcher.pid()),
                second::toString);
        BmRun manual = a.bm("sync", "--wait", "60s");
        assertEquals(0, manual.exitCode(), manual::toString);
    }

    @Test
    void twoDevicesWatchingTheSameCloudAreWarnedOnceAndItIsRecorded() throws Exception {
        Device b = new Device("b", tmp).setup(cloud.toString());
        watcher = startWatcher(a, "--interval", "5s", "--no-push");
        await("a's heartbeat", 60, () -> {
            try (var s = Files.list(cloud.resolve(".bm/heartbeats"))) {
                return s.findAny().isPresent();
            } catch (IOException e) {
                return false;
            }
        });
        Process pb = b.start("sync", "--watch", "--interval", "5s", "--no-push");
        try {
            StringBuffer bErr = new StringBuffer();
            Thread t = new Thread(() -> {
                try {
                    bErr.append(new String(pb.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // ended
                }
            });
            t.start();
            await("b's first run", 60, () -> Files.exists(b.home().resolve("bm.db")) && runsOf(b) >= 2);
            pb.toHandle().destroy();
            assertTrue(pb.waitFor(60, TimeUnit.SECONDS));
            t.join(10_000);
            String err = bErr.toString();
            assertEquals(1, err.lines().filter(l -> l.contains("another device is also running `bm sync --watch`"))
                    .count(), err);
            List<Map<String, Object>> rows = HistoryDb.query(b.home(),
                    "SELECT report_json FROM sync_runs WHERE report_json LIKE '%another device is also running%'");
            assertEquals(1, rows.size(), "the warning is recorded once, in a report");
        } finally {
            pb.destroyForcibly();
        }
    }

    /** Runs recorded so far (0 while the database is still being created by the watcher). */
    private static int runsOf(Device d) {
        try {
            return ((Number) HistoryDb.query(d.home(), "SELECT COUNT(*) AS n FROM sync_runs").get(0).get("n"))
                    .intValue();
        } catch (AssertionError e) {
            return 0;
        }
    }

    @Test
    void repeatedFailuresBackOffWithALinePerFailure() throws Exception {
        a.bm("sync");
        // the cloud folder of the project becomes a file: every bisync of it fails
        Path w = cloud.resolve("w");
        try (var s = Files.walk(w)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Files.writeString(w, "not a folder");
        watcher = startWatcher(a, "--interval", "5s", "--no-push");
        await("two failures", 90, () -> watcherErr.toString().contains("failure 2 in a row"));
        String err = watcherErr.toString();
        assertTrue(err.contains("failure 1 in a row; next try in 5 s"), err);
        assertTrue(err.contains("failure 2 in a row; next try in 10 s"), err);
    }

    @Test
    void badWatchOptionsExit2() {
        assertEquals(0, a.bm("sync").exitCode());
        assertEquals(2, a.bm("sync", "--watch", "--interval", "1s").exitCode());
        assertEquals(2, a.bm("sync", "--watch", "--interval", "soon").exitCode());
        assertEquals(2, a.bm("sync", "--watch", "--resync").exitCode());
        assertEquals(2, a.bm("sync", "--bwlimit", "fast").exitCode());
        assertEquals(2, a.bm("sync", "--tpslimit", "-1").exitCode());
        BmRun dry = a.bm("sync", "--dry-run", "--bwlimit", "08:00,512k 18:00,10M 23:00,off", "--tpslimit", "4");
        assertEquals(0, dry.exitCode(), dry::toString);
        assertTrue(dry.stderr().contains("--bwlimit '08:00,512k 18:00,10M 23:00,off' --tpslimit 4"), dry::toString);
    }

    @Test
    void theOptionalHealthEndpointServesHealthAndMetrics() throws Exception {
        watcher = startWatcher(a, "--interval", "600s", "--http", "127.0.0.1:0");
        await("the endpoint and a first run", 60, () -> watcherErr.toString().contains("health endpoint on ")
                && watcherErr.toString().contains("sync done"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("health endpoint on (http://127\\.0\\.0\\.1:\\d+)/")
                .matcher(watcherErr);
        assertTrue(m.find(), watcherErr::toString);
        String base = m.group(1);
        io.restassured.RestAssured.given().baseUri(base).when().get("/health").then().statusCode(200)
                .contentType("application/json").body("status", org.hamcrest.Matchers.equalTo("ok"))
                .body("runs", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("last_run.status", org.hamcrest.Matchers.equalTo("success"));
        String metrics = io.restassured.RestAssured.given().baseUri(base).when().get("/metrics").then()
                .statusCode(200).extract().asString();
        assertTrue(metrics.contains("# TYPE bm_last_success_timestamp_seconds gauge"), metrics);
        assertTrue(java.util.regex.Pattern.compile("(?m)^bm_last_success_timestamp_seconds [1-9]\\d{9}$")
                .matcher(metrics).find(), metrics);
        assertTrue(metrics.contains("bm_watch_up 1"), metrics);
        BmRun noWatch = a.bm("sync", "--http", "127.0.0.1:0");
        assertEquals(2, noWatch.exitCode(), "--http needs --watch: " + noWatch);
    }
}
