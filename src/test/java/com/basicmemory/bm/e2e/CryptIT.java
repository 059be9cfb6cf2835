package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.testing.BmRun;
import com.basicmemory.bm.testing.Device;
import com.basicmemory.bm.testing.RcloneTestSupport;
import com.basicmemory.bm.testing.S3MockServer;

/**
 * {@code bm cloud setup --encrypt}: an rclone crypt remote over the cloud, with the real rclone and the real
 * launcher, over a local folder and over S3 (S3Mock, an unversioned bucket of its own). Each device has its own rclone
 * config file ({@code RCLONE_CONFIG}), where bm adds the crypt remote.
 */
@ExtendWith(S3MockServer.Extension.class)
class CryptIT {
    static final String PASSWORD = "correct horse battery staple";
    static final String PLAIN = "the launch plan is secret\n";

    @TempDir
    Path tmp;

    static BmRun ok(BmRun r) {
        assertEquals(0, r.exitCode(), () -> "expected exit 0: " + r);
        assertFalse(r.stderr().contains("Exception"), r::toString);
        return r;
    }

    /** A device with its own rclone config file (a copy of {@code base}, or none yet). */
    Device device(String name, Path base) throws IOException {
        Path conf = tmp.resolve(name + "-rclone.conf");
        if (base != null) {
            Files.copy(base, conf);
        }
        return new Device(name, tmp).env("RCLONE_CONFIG", conf.toString());
    }

    static Path rcloneConfig(Device d) {
        return Path.of(d.environment().get("RCLONE_CONFIG"));
    }

    /** Every file under {@code root} as raw bytes, for "is the plain text anywhere?". */
    static void assertNowhere(Path root, String... needles) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                for (String n : needles) {
                    assertFalse(root.relativize(f).toString().contains(n), "'" + n + "' in the name " + f);
                    if (Files.isRegularFile(f)) {
                        String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                        assertFalse(content.contains(n), "'" + n + "' in " + f);
                    }
                }
            }
        }
    }

    static String obscuredPassword(Device d) throws IOException {
        Matcher m = Pattern.compile("(?m)^\\[bm-crypt\\][^\\[]*?^password = (\\S+)$")
                .matcher(Files.readString(rcloneConfig(d)));
        assertTrue(m.find(), "a password line in the bm-crypt section of " + rcloneConfig(d));
        return m.group(1);
    }

    @Test
    void aFileSyncedThroughCryptIsUnreadableInTheCloudFolderAndIdenticalOnASecondDevice() throws Exception {
        Path cloud = tmp.resolve("cloud");
        Device a = device("a", null).env("BM_CRYPT_PASSWORD", PASSWORD);
        BmRun setup = ok(a.bm("cloud", "setup", "--sync-dir", a.syncDir().toString(), "--remote", cloud.toString(),
                "--encrypt"));
        assertTrue(setup.stderr().contains("cloud bm-crypt: (rclone crypt over " + cloud), setup::toString);
        assertTrue(Files.readString(a.home().resolve("config.json")).contains("\"remote\" : \"bm-crypt:\""));
        String obscured = obscuredPassword(a);
        assertNotEquals(PASSWORD, obscured);
        assertEquals(PASSWORD + "\n", RcloneTestSupport.run(Map.of("PATH", System.getenv("PATH")), "reveal", obscured)
                .assertSuccess().stdout(), "obscured the way rclone obscures");

        a.write("launch/plan.md", PLAIN).write("launch/notes/todo.md", "- keep it quiet\n");
        BmRun sync = ok(a.bm("sync", "-v"));
        assertEquals(2, Device.tree(cloud).size(), Device.tree(cloud)::toString);
        assertNowhere(cloud, "launch", "plan", "todo", "notes", "secret", "quiet");

        Path pw = Files.writeString(tmp.resolve("pw.txt"), PASSWORD + "\n");
        Device b = device("b", null);
        ok(b.bm("cloud", "setup", "--sync-dir", b.syncDir().toString(), "--remote", cloud.toString(), "--encrypt",
                "--password-file", pw.toString()));
        ok(b.bm("sync"));
        assertEquals(a.tree(), b.tree());
        assertEquals(PLAIN, b.read("launch/plan.md"));

        // the password is nowhere but (obscured) in rclone's config: not in bm's files, output or the cloud
        for (Device d : List.of(a, b)) {
            assertNowhere(d.home(), PASSWORD, obscured, obscuredPassword(d));
            assertFalse(Files.readString(rcloneConfig(d)).contains(PASSWORD));
        }
        for (BmRun r : List.of(setup, sync)) {
            assertFalse(r.stdout().contains(PASSWORD) || r.stderr().contains(PASSWORD), r::toString);
            assertFalse(r.stdout().contains(obscured) || r.stderr().contains(obscured), r::toString);
        }
        assertNowhere(cloud, PASSWORD);
    }

    @Test
    void onATerminalThePasswordIsAskedTwiceWithoutEcho() throws Exception {
        Device t = device("t", null);
        Files.createDirectories(t.syncDir());
        BmRun r = t.bmInTerminal("typed secret 1\ntyped secret 1\n", "cloud", "setup", "--sync-dir",
                t.syncDir().toString(), "--remote", tmp.resolve("t-cloud").toString(), "--encrypt");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("Encryption password for the cloud:"), r::toString);
        assertTrue(r.stdout().contains("The same password again:"), r::toString);
        assertEquals("typed secret 1\n", RcloneTestSupport.run(Map.of("PATH", System.getenv("PATH")), "reveal",
                obscuredPassword(t)).assertSuccess().stdout());

        Device u = device("u", null);
        Files.createDirectories(u.syncDir());
        BmRun differ = u.bmInTerminal("one\ntwo\n", "cloud", "setup", "--sync-dir", u.syncDir().toString(),
                "--remote", tmp.resolve("u-cloud").toString(), "--encrypt");
        assertEquals(2, differ.exitCode(), differ::toString);
        assertTrue(differ.stdout().contains("the two passwords differ"), differ::toString);
        assertFalse(Files.exists(rcloneConfig(u)));
    }

    @Test
    void encryptRefusesPlainFilesAnotherPasswordOrNoPasswordAndChangesNothing() throws Exception {
        Path cloud = tmp.resolve("cloud");
        Device plain = new Device("plain", tmp).setup(cloud.toString());
        plain.write("work/a.md", "a\n");
        ok(plain.bm("sync"));
        Device c = device("c", null).env("BM_CRYPT_PASSWORD", PASSWORD);
        BadInputIT.oneLine(c.bm("cloud", "setup", "--sync-dir", c.syncDir().toString(), "--remote", cloud.toString(),
                "--encrypt"), 2, "already holds 1 of 1 top-level files or folders that are not encrypted with this"
                        + " password; nothing was changed");
        assertFalse(Files.exists(rcloneConfig(c)), "no crypt remote was added");
        assertFalse(Files.exists(c.home().resolve("config.json")));
        assertFalse(Files.exists(c.syncDir()));
        assertEquals(Map.of("work/a.md", plain.tree().get("work/a.md")), Device.tree(cloud));

        Path secret = tmp.resolve("secret-cloud");
        Device d = device("d", null).env("BM_CRYPT_PASSWORD", PASSWORD);
        ok(d.bm("cloud", "setup", "--sync-dir", d.syncDir().toString(), "--remote", secret.toString(), "--encrypt"));
        d.write("work/a.md", "a\n");
        ok(d.bm("sync"));
        Device e = device("e", null).env("BM_CRYPT_PASSWORD", "another password");
        BadInputIT.oneLine(e.bm("cloud", "setup", "--sync-dir", e.syncDir().toString(), "--remote", secret.toString(),
                "--encrypt"), 2, "not encrypted with this password");
        assertFalse(Files.exists(rcloneConfig(e)));

        BadInputIT.oneLine(device("f", null).bm("cloud", "setup", "--sync-dir", tmp.resolve("f").toString(),
                "--encrypt"), 2, "--encrypt needs a password");
        BadInputIT.oneLine(d.bm("cloud", "setup", "--sync-dir", d.syncDir().toString(), "--remote",
                tmp.resolve("fresh").toString(), "--encrypt"), 2, "rclone already has a remote named 'bm-crypt'");
        BadInputIT.oneLine(d.bm("cloud", "setup", "--sync-dir", d.syncDir().toString(), "--password-file", "x"), 2,
                "go with --encrypt");
        assertTrue(Files.readString(d.home().resolve("config.json")).contains("\"remote\" : \"bm-crypt:\""),
                "d's setup is unchanged");
    }

    @Test
    void cryptOverS3KeepsNamesAndContentsUnreadableInTheBucket(S3MockServer s3) throws Exception {
        String bucket = "c-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(bucket);
        Path base = s3.writeRcloneConfig(tmp.resolve("s3"));
        String remote = S3MockServer.REMOTE + ":" + bucket + "/kb";
        Device a = device("a", base).env("BM_CRYPT_PASSWORD", PASSWORD);
        Device b = device("b", base).env("BM_CRYPT_PASSWORD", PASSWORD);
        ok(a.bm("cloud", "setup", "--sync-dir", a.syncDir().toString(), "--remote", remote, "--encrypt"));
        a.write("launch/plan.md", PLAIN);
        ok(a.bm("sync"));

        Map<String, String> env = s3.rcloneEnvironment(base);
        Map<String, Long> objects = RcloneTestSupport.lsjsonTree(env, remote);
        assertEquals(1, objects.size(), objects::toString);
        String key = objects.keySet().iterator().next();
        assertFalse(key.contains("launch") || key.contains("plan"), key);
        String stored = RcloneTestSupport.run(env, Duration.ofSeconds(60), List.of("cat", remote + "/" + key))
                .assertSuccess().stdout();
        assertFalse(stored.contains("secret") || stored.contains("launch"), "the object holds ciphertext");

        ok(b.bm("cloud", "setup", "--sync-dir", b.syncDir().toString(), "--remote", remote, "--encrypt"));
        ok(b.bm("sync"));
        assertEquals(a.tree(), b.tree());
        assertEquals(PLAIN, b.read("launch/plan.md"));
    }
}
