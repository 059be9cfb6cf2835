package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.lock.DeviceLock;
import com.basicmemory.bm.testing.BmRun;
import com.basicmemory.bm.testing.Device;
import com.basicmemory.bm.testing.HistoryDb;
import com.basicmemory.bm.testing.RcloneTestSupport;
import com.basicmemory.bm.testing.S3MockServer;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code bm cloud versions} and {@code bm cloud restore} against a real S3 API with bucket versioning (S3Mock on
 * loopback, the shared versioned bucket, a prefix of its own per test), the real rclone and the real launcher. No
 * flow deletes a file: S3Mock 4.12.4 keeps listing deleted keys of a versioned bucket.
 */
@ExtendWith(S3MockServer.Extension.class)
class RecoveryS3IT {
    @TempDir
    Path tmp;
    S3MockServer s3;
    Path rcloneConfig;
    String remote;
    Device a;

    @BeforeEach
    void setUp(S3MockServer server) {
        s3 = server;
        rcloneConfig = s3.writeRcloneConfig(tmp.resolve("rclone"));
        remote = s3.remote("r-" + UUID.randomUUID().toString().substring(0, 8));
        a = device("a").setup(remote);
    }

    private Device device(String name) {
        Device d = new Device(name, tmp).env("RCLONE_CONFIG", rcloneConfig.toString());
        if (Files.isReadable(Path.of("/etc/ssl/certs/ca-certificates.crt"))) {
            d.env("AWS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt"); // bm copes with it (RCLONE-NOTES.md)
        }
        return d;
    }

    static BmRun ok(BmRun r) {
        assertEquals(0, r.exitCode(), () -> "expected exit 0: " + r);
        assertFalse(r.stderr().contains("Exception"), r::toString);
        return r;
    }

    private Map<String, String> rcloneEnv() {
        return s3.rcloneEnvironment(rcloneConfig);
    }

    private String cloudRead(String rel) {
        return RcloneTestSupport.run(rcloneEnv(), Duration.ofSeconds(60), List.of("cat", remote + "/" + rel))
                .assertSuccess().stdout();
    }

    /** Three versions of {@code rel}, each synced (uploaded) by its own run; returns the contents, oldest first. */
    private List<String> threeVersions(String rel) {
        List<String> contents = List.of("one\n", "two, longer\n", "three\n");
        a.write(rel, contents.get(0));
        ok(a.bm("sync"));
        for (int i = 1; i < contents.size(); i++) {
            a.edit(rel, contents.get(i));
            ok(a.bm("sync"));
        }
        return contents;
    }

    /**
     * Three versions of {@code rel} uploaded straight with rclone (faster than three syncs; restore needs no sync
     * state), the newest also written locally, as a sync would have left it; returns the contents, oldest first.
     */
    private List<String> seedVersions(String rel) throws Exception {
        List<String> contents = List.of("one\n", "two, longer\n", "three\n");
        Path staged = tmp.resolve("staged");
        for (String c : contents) {
            Files.writeString(staged, c);
            RcloneTestSupport.run(rcloneEnv(), Duration.ofSeconds(60), List.of("copyto", staged.toString(),
                    remote + "/" + rel)).assertSuccess();
        }
        a.write(rel, contents.get(2));
        return contents;
    }

    private JsonNode versions(String rel) {
        JsonNode v = Device.json(ok(a.bm("cloud", "versions", rel, "--json")));
        assertEquals("s3", v.get("source").asText(), v::toString);
        return v.get("versions");
    }

    private long restores() {
        if (!Files.exists(a.home().resolve("bm.db"))) {
            return 0;
        }
        return ((Number) HistoryDb.query(a.home(), "SELECT count(*) AS n FROM version_restores").get(0).get("n"))
                .longValue();
    }

    @Test
    void versionsListsEveryStoredVersionNewestFirstWithRclonesOwnVersionNames() throws Exception {
        List<String> contents = seedVersions("p/n.md");
        JsonNode all = Device.json(ok(a.bm("cloud", "versions", "p/n.md", "--json")));
        assertEquals("p/n.md", all.get("path").asText());
        assertEquals("p", all.get("project").asText());
        assertEquals(remote + "/p", all.get("location").asText());
        assertTrue(all.get("note").isNull());
        JsonNode v = all.get("versions");
        assertEquals(3, v.size(), v::toString);
        for (int i = 0; i < 3; i++) {
            JsonNode e = v.get(i);
            assertEquals(contents.get(2 - i).length(), e.get("size").asInt(), v::toString);
            assertEquals(i == 0, e.get("current").asBoolean(), v::toString);
            assertTrue(e.get("version_id").asText().matches("v\\d{4}-\\d\\d-\\d\\d-\\d{6}-\\d{3}"), v::toString);
            if (i > 0) {
                assertTrue(Instant.parse(e.get("time").asText()).isBefore(Instant.parse(v.get(i - 1).get("time")
                        .asText())), "newest first: " + v);
            }
        }
        // rclone itself lists the old versions under names carrying the same ids
        Map<String, Long> listed = RcloneTestSupport.lsjsonTree(rcloneEnv(), remote + "/p", "--s3-versions");
        assertEquals(Map.of("n.md", 6L, "n-" + v.get(1).get("version_id").asText() + ".md", 12L,
                "n-" + v.get(2).get("version_id").asText() + ".md", 4L), listed);

        BmRun text = ok(a.bm("cloud", "versions", "p/n.md"));
        assertTrue(text.stdout().startsWith("p/n.md: 3 versions in S3 object versions of " + remote + "/p\n"), text::toString);
        assertTrue(text.stdout().contains(v.get(2).get("version_id").asText()), text::toString);
        assertEquals(1, text.stdout().lines().filter(l -> l.endsWith("current")).count(), text::toString);

        // inside the sync directory, a path relative to the current directory
        JsonNode here = Device.json(ok(a.bmIn(a.file("p"), "cloud", "versions", "n.md", "--json")));
        assertEquals(all, here);
    }

    @Test
    void restoreByIdBacksUpTheLocalFileRecordsItAndTheNextSyncCarriesItEverywhere() throws Exception {
        threeVersions("p/n.md");
        a.edit("p/n.md", "unsynced local edit\n");
        Instant before = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Files.setLastModifiedTime(a.file("p/n.md"), java.nio.file.attribute.FileTime.from(before));
        String oldest = versions("p/n.md").get(2).get("version_id").asText();

        BmRun r = ok(a.bm("cloud", "restore", "p/n.md", "--version-id", oldest, "--json"));
        JsonNode res = Device.json(r);
        assertEquals("one\n", a.read("p/n.md"));
        assertEquals(oldest, res.get("version_id").asText());
        assertEquals("s3", res.get("source").asText());
        assertFalse(res.get("dry_run").asBoolean());
        assertEquals(a.file("p/n.md").toRealPath().toString(), res.get("restored_to").asText());
        assertTrue(r.stderr().contains("run `bm sync`"), r::toString);
        Path backup = Path.of(res.get("backup").asText());
        assertTrue(backup.startsWith(a.home().resolve("restore-backups")), backup::toString);
        assertTrue(backup.endsWith(Path.of("p/n.md")), backup::toString);
        assertEquals("unsynced local edit\n", Files.readString(backup), "the replaced file, verified, kept");
        assertTrue(Files.getLastModifiedTime(a.file("p/n.md")).toInstant().isAfter(before),
                "a fresh modification time, so that bisync's size+time check sees the change");

        List<Map<String, Object>> rows = HistoryDb.query(a.home(), "SELECT * FROM version_restores");
        assertEquals(1, rows.size(), rows::toString);
        assertEquals("p/n.md", rows.get(0).get("path"));
        assertEquals("p", rows.get(0).get("project"));
        assertEquals("s3", rows.get(0).get("source"));
        assertEquals(oldest, rows.get(0).get("version_id"));
        assertEquals(Files.readString(a.home().resolve("device-id")).strip(), rows.get(0).get("device_id"));
        assertEquals(1, Device.json(ok(a.bm("stats", "--json"))).get("version_restores").asInt());

        JsonNode sync = Device.json(ok(a.bm("sync", "--report")));
        assertEquals(1, sync.get("to_cloud").get("updated").asInt(), sync::toString);
        assertEquals("one\n", cloudRead("p/n.md"));
        JsonNode after = versions("p/n.md");
        assertEquals(4, after.size(), "the restore is a new version: " + after);
        assertEquals(4, after.get(0).get("size").asInt());

        Device b = device("b").setup(remote);
        ok(b.bm("sync"));
        assertEquals("one\n", b.read("p/n.md"));
        assertEquals(0, ((Number) HistoryDb.query(b.home(), "SELECT count(*) AS n FROM version_restores").get(0)
                .get("n")).intValue(), "restores are counted on the device that restored");
    }

    @Test
    void restoreByTimestampTakesTheNewestVersionAtOrBeforeItAlsoInASubfolderWithGlobCharacters() throws Exception {
        String rel = "p/sub dir/a [x] {1}.md";
        List<String> contents = seedVersions(rel);
        JsonNode v = versions(rel);
        assertEquals(3, v.size(), v::toString);
        String second = v.get(1).get("time").asText();
        Instant third = Instant.parse(v.get(0).get("time").asText());

        ok(a.bm("cloud", "restore", rel, "--timestamp", second));
        assertEquals(contents.get(1), a.read(rel), "a version stored exactly at the time counts");
        ok(a.bm("cloud", "restore", rel, "--timestamp", third.minusMillis(1).toString()));
        assertEquals(contents.get(1), a.read(rel), "one millisecond before the third: still the second");
        ok(a.bm("cloud", "restore", rel, "--timestamp", "2099-01-01 00:00"));
        assertEquals(contents.get(2), a.read(rel), "a local time after every version: the current one");
        assertEquals(3, restores());

        Path copy = a.file("p/sub dir/first.md");
        JsonNode to = Device.json(ok(a.bm("cloud", "restore", rel, "--version-id", v.get(2).get("version_id")
                .asText(), "--to", copy.toString(), "--json")));
        assertEquals(contents.get(0), Files.readString(copy));
        assertEquals(contents.get(2), a.read(rel), "--to leaves PATH as it is");
        assertTrue(to.get("backup").isNull());
        assertEquals(4, restores());
    }

    @Test
    void dryRunSaysWhatItWouldDoAndChangesNothing() throws Exception {
        seedVersions("p/n.md");
        String oldest = versions("p/n.md").get(2).get("version_id").asText();
        Map<String, String> tree = a.tree();
        BmRun r = ok(a.bm("cloud", "restore", "p/n.md", "--version-id", oldest, "--dry-run"));
        assertTrue(r.stdout().contains("would restore version " + oldest), r::toString);
        assertTrue(r.stdout().contains("would first copy the current file to " + a.home().resolve("restore-backups")),
                r::toString);
        assertTrue(r.stdout().contains("rclone copy --s3-versions " + remote + "/p "), r::toString);
        assertTrue(r.stdout().contains("--files-from-raw"), r::toString);
        assertEquals(tree, a.tree());
        assertFalse(Files.exists(a.home().resolve("restore-backups")));
        assertEquals(0, restores());
    }

    @Test
    void badInputExits2WithOneLineAndChangesNothing() throws Exception {
        seedVersions("p/n.md");
        JsonNode v = versions("p/n.md");
        a.write("p/unsynced.md", "never synced\n");
        Files.writeString(tmp.resolve("outside.md"), "outside\n");
        Files.createSymbolicLink(a.file("p/link.md"), tmp.resolve("outside.md"));
        Map<String, String> tree = a.tree();
        String first = v.get(2).get("time").asText();
        String id = v.get(1).get("version_id").asText();

        BadInputIT.oneLine(a.bm("cloud", "restore", "p/n.md", "--version-id", "v2001-01-01-000000-000"), 2,
                "no version 'v2001-01-01-000000-000' of p/n.md in the cloud " + remote + "/p");
        BadInputIT.oneLine(a.bm("cloud", "restore", "p/n.md", "--version-id", "latest"), 2,
                "'latest' is not an S3 version id");
        BadInputIT.oneLine(a.bm("cloud", "restore", "p/n.md", "--timestamp", Instant.parse(first).minusMillis(1)
                .toString()), 2, "is before the first version of p/n.md");
        BadInputIT.oneLine(a.bm("cloud", "restore", tmp.resolve("outside.md").toString(), "--version-id", id), 2,
                "is outside the sync directory");
        BadInputIT.oneLine(a.bm("cloud", "restore", "p/link.md", "--version-id", id), 2,
                "leads outside the sync directory " + a.syncDir().toRealPath() + " through a symbolic link");
        BadInputIT.oneLine(a.bm("cloud", "versions", "p/unsynced.md"), 2, "p/unsynced.md has no versions in the cloud");
        BadInputIT.oneLine(a.bm("cloud", "restore", "p/n.md", "--version-id", id, "--to", a.file("p/unsynced.md")
                .toString()), 2, "exists: name a new file");

        assertEquals(tree, a.tree());
        assertEquals("outside\n", Files.readString(tmp.resolve("outside.md")));
        assertFalse(Files.exists(a.home().resolve("restore-backups")));
        assertEquals(0, restores());
    }

    @Test
    void aRunningSyncsLockMakesRestoreExit3NamingItAndChangeNothing() throws Exception {
        seedVersions("p/n.md");
        String oldest = versions("p/n.md").get(2).get("version_id").asText();
        DeviceLock.Acquired held = (DeviceLock.Acquired) DeviceLock.tryAcquire(a.home().resolve("sync.lock"),
                "bm sync --watch");
        try (DeviceLock lock = held.lock()) {
            BmRun r = a.bm("cloud", "restore", "p/n.md", "--version-id", oldest, "--wait", "0");
            assertEquals(3, r.exitCode(), r::toString);
            assertEquals(1, r.stderrLines().size(), r::toString);
            assertTrue(r.stderr().contains("`bm sync --watch`"), r::toString);
        }
        assertEquals("three\n", a.read("p/n.md"));
        assertFalse(Files.exists(a.home().resolve("restore-backups")));
        assertEquals(0, restores());
        List<String> left = new ArrayList<>();
        try (var s = Files.list(a.file("p"))) {
            s.forEach(p -> left.add(p.getFileName().toString()));
        }
        assertEquals(List.of("n.md"), left, "no temporary file left");
    }
}
