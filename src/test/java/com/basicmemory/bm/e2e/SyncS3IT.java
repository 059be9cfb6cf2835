package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.testing.BmRun;
import com.basicmemory.bm.testing.Device;
import com.basicmemory.bm.testing.Era;
import com.basicmemory.bm.testing.RcloneTestSupport;
import com.basicmemory.bm.testing.S3MockServer;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two devices syncing through a real S3 API (Adobe S3Mock on loopback) with the real rclone. Each test gets its own
 * unversioned bucket (S3Mock 4.12.4 keeps listing deleted keys in versioned buckets, which breaks bisync deletes).
 * The environment keeps this machine's AWS_CA_BUNDLE: bm itself must cope with it.
 */
@ExtendWith(S3MockServer.Extension.class)
class SyncS3IT {
    @TempDir
    Path tmp;
    S3MockServer s3;
    Path rcloneConfig;
    String bucket;
    Device a;
    Device b;

    @BeforeEach
    void setUp(S3MockServer server) {
        s3 = server;
        bucket = "t-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(bucket);
        rcloneConfig = s3.writeRcloneConfig(tmp.resolve("rclone"));
        String remote = S3MockServer.REMOTE + ":" + bucket + "/kb";
        a = device("a").setup(remote);
        b = device("b").setup(remote);
    }

    private Device device(String name) {
        Device d = new Device(name, tmp).env("RCLONE_CONFIG", rcloneConfig.toString());
        if (Files.isReadable(Path.of("/etc/ssl/certs/ca-certificates.crt"))) {
            d.env("AWS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt");
        }
        return d;
    }

    /** The bucket's files under kb/ (path to size), listed by rclone itself. */
    private Map<String, Long> cloud() {
        Map<String, String> env = s3.rcloneEnvironment(rcloneConfig);
        return RcloneTestSupport.lsjsonTree(env, S3MockServer.REMOTE + ":" + bucket + "/kb");
    }

    private String cloudRead(String rel) {
        Map<String, String> env = s3.rcloneEnvironment(rcloneConfig);
        return RcloneTestSupport.run(env, Duration.ofSeconds(60),
                java.util.List.of("cat", S3MockServer.REMOTE + ":" + bucket + "/kb/" + rel))
                .assertSuccess().stdout();
    }

    static BmRun ok(BmRun r) {
        assertEquals(0, r.exitCode(), () -> "expected exit 0: " + r);
        return r;
    }

    @Test
    void createUpdateDeleteInBothDirectionsThroughS3() {
        a.write("work/plan.md", "# plan\n").write("work/todo.md", "- one\n").write("notes/n.md", "n\n");
        JsonNode first = Device.json(ok(a.bm("sync", "--report")));
        assertEquals(3, first.get("to_cloud").get("created").asInt());
        assertEquals(Map.of("work/plan.md", 7L, "work/todo.md", 6L, "notes/n.md", 2L), cloud());
        assertTrue(first.get("remote").asText().startsWith("s3:" + bucket));

        JsonNode second = Device.json(ok(b.bm("sync", "--report")));
        assertEquals(3, second.get("to_local").get("created").asInt());
        assertEquals(a.tree(), b.tree());

        b.edit("work/plan.md", "# plan\nfrom b\n").delete("work/todo.md").write("work/new.md", "new\n");
        JsonNode up = Device.json(ok(b.bm("sync", "--report")));
        JsonNode toCloud = up.get("to_cloud");
        assertEquals("{\"created\":1,\"updated\":1,\"deleted\":1}", toCloud.toString());
        assertEquals("# plan\nfrom b\n", cloudRead("work/plan.md"));
        assertFalse(cloud().containsKey("work/todo.md"));

        JsonNode down = Device.json(ok(a.bm("sync", "--report")));
        assertEquals("{\"created\":1,\"updated\":1,\"deleted\":1}", down.get("to_local").toString());
        assertEquals(a.tree(), b.tree());
    }

    @Test
    void aConflictThroughS3KeepsBothVersions() {
        a.write("notes/idea.md", "base\n").write("notes/other.md", "other\n");
        ok(a.bm("sync"));
        ok(b.bm("sync"));
        a.edit("notes/idea.md", "from a\n");
        b.edit("notes/idea.md", "from b, longer\n");
        ok(a.bm("sync"));
        BmRun r = ok(b.bm("sync", "--report"));
        JsonNode report = Device.json(r);
        assertEquals("conflicts", report.get("status").asText());
        assertEquals("notes/idea.md", report.get("conflicts").get(0).get("path").asText());
        assertTrue(r.stderr().contains("1 conflict: run `bm conflicts list`"), r::toString);
        Era era = Era.current();
        assertEquals(era.conflictFiles("notes/idea.md"), Device.texts(report.get("conflicts").get(0).get("files")));
        assertEquals("from b, longer\n", cloudRead(era.localCopy("notes/idea.md")));
        assertEquals("from a\n", cloudRead(era.cloudVersion("notes/idea.md")));
        ok(a.bm("sync"));
        assertEquals(a.tree(), b.tree());
        // settled in rclone's listings: b's edit of the winner is an ordinary change, not a new conflict
        b.edit(era.cloudVersion("notes/idea.md"), "from b, after the conflict\n");
        JsonNode next = Device.json(ok(b.bm("sync", "--report")));
        assertEquals("success", next.get("status").asText(), next::toString);
        assertEquals("from b, after the conflict\n", cloudRead(era.cloudVersion("notes/idea.md")));
    }

    @Test
    void firstRunAgainstAnS3BucketWithADifferingNoteStopsThenResyncKeepsBoth() {
        a.write("p/n.md", "cloud version\n");
        ok(a.bm("sync"));
        b.write("p/n.md", "local version\n");
        BmRun stop = b.bm("sync");
        assertEquals(4, stop.exitCode(), stop::toString);
        assertEquals("cloud version\n", cloudRead("p/n.md"), "nothing overwritten in the cloud");
        ok(b.bm("sync", "--resync"));
        assertEquals("cloud version\n", b.read("p/n.md"));
        assertEquals("local version\n", cloudRead(Era.current().localCopy("p/n.md")));
    }

    @Test
    void noSecretEverReachesReportsLogsOrTheDatabase() throws IOException {
        a.write("w/a.md", "a\n");
        a.env("RCLONE_CONFIG_S3_SECRET_ACCESS_KEY", "super-secret-value-1234");
        ok(a.bm("sync", "-v"));
        a.write("w/b.md", "b\n");
        BmRun r = ok(a.bm("sync", "--dry-run", "--report"));
        assertFalse(r.stdout().contains("super-secret-value-1234") || r.stderr().contains("super-secret-value-1234"));
        try (Stream<Path> files = Files.walk(a.home())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    assertFalse(content.contains("super-secret-value-1234"), "secret in " + f);
                    assertFalse(content.contains(S3MockServer.SECRET_ACCESS_KEY), "secret in " + f);
                }
            }
        }
    }
}
