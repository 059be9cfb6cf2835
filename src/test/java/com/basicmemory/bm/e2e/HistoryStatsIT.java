package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.lock.DeviceLock;
import com.basicmemory.bm.testing.BmRun;
import com.basicmemory.bm.testing.Device;
import com.basicmemory.bm.testing.HistoryDb;
import com.basicmemory.bm.testing.PromText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code bm stats}, {@code bm sync history show}, {@code --rebuild}, {@code --prune} and the pending-index pickup,
 * with the real {@code target/bm}, real rclone syncs, and report files shaped like the real ones.
 */
class HistoryStatsIT {
    static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    static final List<String> CONTRACT_STATS = List.of("since", "total_syncs", "successful_syncs", "conflict_rate",
            "conflicts_total", "avg_sync_duration", "multi_device_collisions", "max_delete_trips", "version_restores",
            "lock_busy");
    static final List<String> CONTRACT_REPORT = List.of("id", "timestamp", "duration_seconds", "exit_code",
            "rclone_exit_code", "success", "status", "dry_run", "resync", "profile", "projects", "device_id",
            "rclone_version", "files_created", "files_updated", "files_deleted", "to_cloud", "to_local",
            "bytes_transferred", "conflicts", "errors", "per_project");

    @TempDir
    Path tmp;
    Device a;
    Path cloud;

    @BeforeEach
    void setUp() {
        cloud = tmp.resolve("cloud");
        a = new Device("a", tmp).setup(cloud.toString());
        a.write("w/a.md", "a\n");
    }

    static BmRun ok(BmRun r) {
        assertEquals(0, r.exitCode(), r::toString);
        return r;
    }

    /** A report file like the real one, with another id, start time and status: what a long history holds. */
    Path seed(JsonNode real, String id, Instant start, String status) throws Exception {
        ObjectNode r = real.deepCopy();
        r.put("id", id);
        r.put("timestamp", start.toString());
        r.put("status", status);
        r.put("success", status.equals("success") || status.equals("conflicts"));
        Path f = a.home().resolve("sync-history").resolve(FILE_TIME.format(start.atOffset(ZoneOffset.UTC)) + "-" + id
                + ".json");
        Files.writeString(f, Device.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r));
        return f;
    }

    static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

    @Test
    void statsCountARealStateDivergenceButNotAFirstRunRefusalAndEveryViewAgrees() throws Exception {
        ok(a.bm("sync"));
        // project n: differing files on both sides before its first sync -> bm refuses (needs_resync, no collision)
        a.write("n/x.md", "local\n");
        Files.createDirectories(cloud.resolve("n"));
        Files.writeString(cloud.resolve("n/x.md"), "cloud version\n");
        // project w: its bisync state is lost on one side -> rclone says it must resync (a collision)
        try (Stream<Path> s = Files.list(a.home().resolve("bisync/w"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".path2.lst")).toList()) {
                Files.delete(p);
            }
        }
        BmRun both = a.bm("sync");
        assertEquals(4, both.exitCode(), both::toString);
        BmRun refusal = a.bm("sync", "--project", "n");
        assertEquals(4, refusal.exitCode(), refusal::toString);

        JsonNode stats = Device.json(ok(a.bm("stats", "--json")));
        for (String f : CONTRACT_STATS) {
            assertTrue(stats.has(f), () -> "bm stats --json lacks " + f + ": " + stats);
        }
        assertEquals(3, stats.get("total_syncs").asInt(), stats::toString);
        assertEquals(1, stats.get("successful_syncs").asInt());
        assertEquals(1, stats.get("multi_device_collisions").asInt(), "the run with w's divergence, not n's refusal");
        assertEquals(2, stats.get("runs_by_status").get("needs_resync").asInt());
        assertEquals(0, stats.get("conflict_rate").asDouble());
        assertEquals(0, stats.get("lock_busy").asInt());
        assertEquals(0, stats.get("version_restores").asInt());
        JsonNode n = Device.json(ok(a.bm("stats", "--project", "n", "--json")));
        assertEquals(2, n.get("total_syncs").asInt(), n::toString);
        assertEquals(0, n.get("multi_device_collisions").asInt(), "n was only ever refused");
        assertEquals(2, n.get("runs_by_status").get("needs_resync").asInt());

        JsonNode history = Device.json(ok(a.bm("sync", "history", "--json")));
        assertEquals(3, history.size());
        for (JsonNode r : history) {
            for (String f : CONTRACT_REPORT) {
                assertTrue(r.has(f), () -> "history report lacks " + f + ": " + r);
            }
        }
        List<String> statuses = new ArrayList<>();
        history.forEach(r -> statuses.add(r.get("status").asText()));
        assertEquals(List.of("needs_resync", "needs_resync", "success"), statuses, "newest first");

        // show: the whole report, by a prefix of its id; --json is the report file's object
        String id = history.get(1).get("id").asText();
        BmRun show = ok(a.bm("sync", "history", "show", id.substring(0, 6)));
        assertTrue(show.stdout().startsWith("run        " + id + "\nstatus     needs_resync (exit 4"), show::toString);
        assertTrue(show.stdout().contains("project w: needs_resync"), show::toString);
        assertTrue(show.stdout().contains("project n: needs_resync"), show::toString);
        Path file = a.reportFiles().stream().filter(p -> p.getFileName().toString().contains(id)).findFirst()
                .orElseThrow();
        assertEquals(Device.JSON.readTree(file.toFile()), Device.json(ok(a.bm("sync", "history", "show", id,
                "--json"))));

        // the Prometheus textfile carries the same numbers
        Path prom = tmp.resolve("textfile/bm.prom");
        BmRun written = ok(a.bm("stats", "--prometheus", prom.toString()));
        assertEquals("", written.stdout(), "the numbers go to the file");
        PromText.Parsed p = PromText.parse(Files.readString(prom));
        assertEquals(stats.get("total_syncs").asDouble(), p.value("bm_syncs"));
        assertEquals(stats.get("successful_syncs").asDouble(), p.value("bm_successful_syncs"));
        assertEquals(stats.get("multi_device_collisions").asDouble(), p.value("bm_multi_device_collisions"));
        assertEquals(2.0, p.value("bm_runs{status=\"needs_resync\"}"));
        assertEquals(stats.get("avg_sync_duration").asDouble(), p.value("bm_sync_duration_avg_seconds"));
        double lastSuccess = OffsetDateTime.parse(stats.get("last_success").asText()).toInstant().toEpochMilli()
                / 1000.0;
        assertEquals(lastSuccess, p.value("bm_last_success_timestamp_seconds"), 0.0005);
        assertTrue(Math.abs(Instant.now().getEpochSecond() - lastSuccess) < 600, "the first sync's end, minutes ago");

        BmRun text = ok(a.bm("stats"));
        assertTrue(text.stdout().contains("collisions        1 "), text::toString);
        assertTrue(text.stdout().contains("\nDAY "), text::toString);
    }

    @Test
    void rebuildRecreatesTheDatabaseFromTheFilesNamingAndKeepingACorruptFile() throws Exception {
        ok(a.bm("sync"));
        JsonNode real = a.lastReportFile();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        seed(real, "5eed00000001", now.minus(2, ChronoUnit.DAYS), "conflicts");
        seed(real, "5eed00000002", now.minus(1, ChronoUnit.DAYS), "failed");
        Path corrupt = a.home().resolve("sync-history/20261101T000000Z-c0ffee000001.json");
        Files.writeString(corrupt, "{ \"id\": \"c0ffee000001\", \"timestamp\": ");
        HistoryDb.update(a.home(), "INSERT INTO version_restores (id, restored_at_ms, project, path, source, version_id)"
                + " VALUES ('r1', " + now.minus(1, ChronoUnit.HOURS).toEpochMilli() + ", 'w', 'w/a.md', 's3', 'v1')");
        assertEquals(1, Device.json(ok(a.bm("sync", "history", "--json"))).size(), "seeded files are not indexed yet");

        BmRun rebuild = ok(a.bm("sync", "history", "--rebuild", "--json"));
        assertTrue(rebuild.stderr().contains("bm: warning: skipped sync-history/20261101T000000Z-c0ffee000001.json ("),
                rebuild::toString);
        assertTrue(rebuild.stderr().contains("the file is kept"), rebuild::toString);
        assertTrue(Files.exists(corrupt), "a corrupt file is never deleted");
        JsonNode result = Device.json(rebuild);
        assertEquals(3, result.get("reports").asInt(), result::toString);
        assertEquals("20261101T000000Z-c0ffee000001.json", result.get("skipped").get(0).get("file").asText());
        assertEquals(1, result.get("kept_rows").get("version_restores").asInt());

        JsonNode history = Device.json(ok(a.bm("sync", "history", "--json")));
        assertEquals(List.of(real.get("id").asText(), "5eed00000002", "5eed00000001"), ids(history));
        JsonNode stats = Device.json(ok(a.bm("stats", "--json")));
        assertEquals(3, stats.get("total_syncs").asInt());
        assertEquals(1, stats.get("version_restores").asInt(), "rows no report file holds survive a rebuild");
        assertFalse(Files.exists(a.home().resolve("bm.db.rebuild")));
    }

    @Test
    void rebuildAndPruneAreRefusedWithExit3WhileASyncHoldsTheLock() throws Exception {
        ok(a.bm("sync"));
        try (DeviceLock held = ((DeviceLock.Acquired) DeviceLock.tryAcquire(a.home().resolve("sync.lock"),
                "bm sync")).lock()) {
            for (String[] args : List.of(new String[] {"sync", "history", "--rebuild"},
                    new String[] {"sync", "history", "--prune", "90d"})) {
                BmRun r = a.bm(args);
                assertEquals(3, r.exitCode(), r::toString);
                assertEquals(1, r.stderrLines().size(), r::toString);
                assertTrue(r.stderr().startsWith("bm: a sync is running on this device (PID "
                        + ProcessHandle.current().pid()), r::toString);
            }
        }
        assertEquals(1, Device.json(ok(a.bm("sync", "history", "--json"))).size());
    }

    @Test
    void pruneRemovesOldRowsReportFilesAndLogsTogether() throws Exception {
        ok(a.bm("sync"));
        JsonNode real = a.lastReportFile();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path old1 = seed(real, "01d000000001", now.minus(200, ChronoUnit.DAYS), "success");
        Path old2 = seed(real, "01d000000002", now.minus(91, ChronoUnit.DAYS), "failed");
        Path recent = seed(real, "2ece00000001", now.minus(89, ChronoUnit.DAYS), "success");
        Path oldCorrupt = a.home().resolve("sync-history/" + FILE_TIME.format(now.minus(300, ChronoUnit.DAYS)
                .atOffset(ZoneOffset.UTC)) + "-bad000000001.json");
        Files.writeString(oldCorrupt, "not json");
        Path oldLog = a.home().resolve("logs/" + FILE_TIME.format(now.minus(200, ChronoUnit.DAYS)
                .atOffset(ZoneOffset.UTC)) + "-01d000000001.log");
        Files.writeString(oldLog, "old rclone log\n");
        List<Path> logsBefore;
        try (Stream<Path> s = Files.list(a.home().resolve("logs"))) {
            logsBefore = s.filter(p -> !p.equals(oldLog)).toList();
        }
        ok(a.bm("sync", "history", "--rebuild"));
        assertEquals(4, Device.json(ok(a.bm("sync", "history", "--json"))).size());

        JsonNode pruned = Device.json(ok(a.bm("sync", "history", "--prune", "90d", "--json")));
        assertEquals(2, pruned.get("runs").asInt(), pruned::toString);
        assertEquals(3, pruned.get("report_files").asInt(), "two old reports and the old unreadable one");
        assertEquals(1, pruned.get("logs").asInt());

        assertFalse(Files.exists(old1) || Files.exists(old2) || Files.exists(oldCorrupt) || Files.exists(oldLog));
        assertTrue(Files.exists(recent));
        for (Path log : logsBefore) {
            assertTrue(Files.exists(log), log::toString);
        }
        assertEquals(List.of(real.get("id").asText(), "2ece00000001"),
                ids(Device.json(ok(a.bm("sync", "history", "--json")))));
        assertEquals(2, HistoryDb.query(a.home(), "SELECT id FROM sync_runs").size());
    }

    @Test
    void aReportTheDatabaseCouldNotTakeIsIndexedByTheNextCommandWhateverItIs() throws Exception {
        ok(a.bm("sync"));
        Path db = a.home().resolve("bm.db");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(a.home().resolve("bm.db" + suffix));
        }
        Files.writeString(db, "this is not a database ".repeat(20));
        a.write("w/b.md", "b\n");
        BmRun sync = ok(a.bm("sync"));
        assertTrue(sync.stderr().contains("not indexed in the history database"), sync::toString);
        Path pending = a.home().resolve("sync-history/.pending-index");
        assertTrue(Files.exists(pending));

        Files.delete(db); // the database is gone; its reports are not
        JsonNode stats = Device.json(ok(a.bm("stats", "--json")));
        assertEquals(1, stats.get("total_syncs").asInt(), "the pending report was indexed by `bm stats`: " + stats);
        assertFalse(Files.exists(pending));
        assertEquals(1, stats.get("to_cloud").get("created").asInt());
    }
}
