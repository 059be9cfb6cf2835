package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.testing.BmRun;
import com.basicmemory.bm.testing.Device;
import com.basicmemory.bm.testing.RcloneTestSupport;

/**
 * Secrets (issue 8, item 9): remotes configured with keys and passwords, in rclone's config file, in the environment
 * and inline in a connection string, and an rclone that prints a secret in its log. No key, secret or password
 * appears in what bm prints, in a report, a history row (the database files are read as bytes), a log file or an
 * error message; reports, logs and the database are readable by the owner only.
 */
class SecretsIT {
    static final String CRYPT_PASSWORD = "crypt-PLAIN-pass-7391";
    static final String CRYPT_SALT = "crypt-PLAIN-salt-5522";
    static final String S3_KEY_ID = "AKIAKEYID4455TEST";
    static final String S3_SECRET = "s3-SECRET-key-8822";
    static final String ENV_AWS_SECRET = "env-SECRET-aws-1177";
    static final String ENV_REMOTE_SECRET = "env-SECRET-rc-3344";
    static final String INLINE_KEY_ID = "INLINEKEYID9911";
    static final String INLINE_SECRET = "INLINE-SECRET-6655";

    @TempDir
    Path tmp;
    Path rcloneConfig;
    final List<String> secrets = new ArrayList<>(List.of(CRYPT_PASSWORD, CRYPT_SALT, S3_KEY_ID, S3_SECRET,
            ENV_AWS_SECRET, ENV_REMOTE_SECRET, INLINE_KEY_ID, INLINE_SECRET));
    final List<BmRun> runs = new ArrayList<>();

    @BeforeEach
    void writeRcloneConfig() throws IOException {
        String obscured = obscure(CRYPT_PASSWORD);
        String obscuredSalt = obscure(CRYPT_SALT);
        secrets.add(obscured); // the obscured form is as good as the password: rclone reveals it
        secrets.add(obscuredSalt);
        rcloneConfig = tmp.resolve("rclone.conf");
        Files.createDirectories(tmp.resolve("vault-store"));
        Files.writeString(rcloneConfig, """
                [vault]
                type = crypt
                remote = %s
                password = %s
                password2 = %s

                [keys]
                type = s3
                provider = Other
                access_key_id = %s
                secret_access_key = %s
                endpoint = http://127.0.0.1:9
                force_path_style = true
                """.formatted(tmp.resolve("vault-store"), obscured, obscuredSalt, S3_KEY_ID, S3_SECRET));
    }

    private static String obscure(String s) {
        return RcloneTestSupport.run(Map.of("PATH", System.getenv("PATH")), "obscure", s).assertSuccess().stdout()
                .strip();
    }

    private Device device(String name) {
        return new Device(name, tmp).env("RCLONE_CONFIG", rcloneConfig.toString())
                .env("AWS_SECRET_ACCESS_KEY", ENV_AWS_SECRET).env("RCLONE_CONFIG_KEYS_SECRET_ACCESS_KEY",
                        ENV_REMOTE_SECRET);
    }

    /** A device whose cloud is an S3 endpoint nobody listens on: rclone gives up after one try. */
    private Device unreachable(String name) {
        return device(name).env("RCLONE_RETRIES", "1").env("RCLONE_LOW_LEVEL_RETRIES", "1")
                .env("RCLONE_CONTIMEOUT", "2s").env("RCLONE_TIMEOUT", "5s");
    }

    private BmRun bm(Device d, String... args) {
        BmRun r = d.bm(120, args);
        runs.add(r);
        return r;
    }

    @Test
    void noSecretReachesOutputReportsHistoryLogsOrErrors() throws Exception {
        // a crypt remote: the password is in rclone's config only
        Device a = device("a").setup("vault:kb");
        a.write("w/a.md", "a\n").write("w/b.md", "b\n");
        assertEquals(0, bm(a, "sync", "-v").exitCode(), () -> runs.get(runs.size() - 1).toString());
        a.edit("w/a.md", "a, edited\n");
        assertEquals(0, bm(a, "sync", "-v", "--report").exitCode());
        bm(a, "sync", "--dry-run", "-v");
        bm(a, "sync", "history", "--json");
        bm(a, "stats", "--json");
        bm(a, "cloud", "check", "-v", "--json");
        bm(a, "project", "list", "--json");

        // an rclone that prints secrets of its environment in its log (a debug dump, a misbehaving wrapper)
        Path leaky = tmp.resolve("leaky-rclone");
        Files.writeString(leaky, """
                #!/bin/sh
                case " $* " in
                  *" bisync "*) echo "NOTICE: env dump: AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY \
                key=$RCLONE_CONFIG_KEYS_SECRET_ACCESS_KEY" >&2;;
                esac
                exec "$REAL_RCLONE" "$@"
                """);
        assertTrue(leaky.toFile().setExecutable(true));
        a.env("BM_RCLONE", leaky.toString()).env("REAL_RCLONE", RcloneTestSupport.rclone());
        a.edit("w/b.md", "b, edited\n");
        BmRun leak = bm(a, "sync", "-v", "--report");
        assertEquals(0, leak.exitCode(), leak::toString);
        a.environment().remove("BM_RCLONE");

        // an S3 remote with keys in rclone's config and in the environment, unreachable: errors name no secret
        Device k = unreachable("k").setup("keys:bucket/kb");
        k.write("w/k.md", "k\n");
        BmRun failed = bm(k, "sync", "-v");
        assertEquals(1, failed.exitCode(), failed::toString);
        bm(k, "cloud", "check");
        bm(k, "sync", "--dry-run", "-v");

        // keys inline in the remote itself (an rclone connection string)
        Device i = unreachable("i");
        String inline = ":s3,provider=Other,access_key_id=" + INLINE_KEY_ID + ",secret_access_key=" + INLINE_SECRET
                + ",endpoint='http://127.0.0.1:9':bucket/kb";
        BmRun setup = bm(i, "cloud", "setup", "--sync-dir", i.syncDir().toString(), "--remote", inline);
        i.write("w/i.md", "i\n");
        if (setup.exitCode() == 0) {
            assertEquals(1, bm(i, "sync", "-v").exitCode());
            bm(i, "sync", "--dry-run", "-v");
            bm(i, "sync", "--report");
            bm(i, "cloud", "check", "--json");
            bm(i, "sync", "history", "--json");
        }

        for (BmRun r : runs) {
            for (String s : secrets) {
                assertFalse(r.stdout().contains(s) || r.stderr().contains(s), () -> "secret " + s + " printed by " + r);
            }
        }
        assertTrue(leak.stderr().contains("AWS_SECRET_ACCESS_KEY=***") || !leak.stderr().contains("env dump"),
                leak::toString);
        for (Device d : List.of(a, k, i)) {
            for (Path f : files(d.home())) {
                if (f.getFileName().toString().equals("config.json")) {
                    continue; // the user's own setting (an inline remote): owner-only, checked below
                }
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String s : secrets) {
                    assertFalse(content.contains(s), () -> "secret " + s + " in " + f);
                }
            }
        }
        assertTrue(files(a.home()).stream().anyMatch(f -> f.toString().contains("/logs/")), "rclone logs are kept");
        assertTrue(new String(Files.readAllBytes(files(a.home()).stream().filter(f -> f.toString().contains("/logs/"))
                .reduce((x, y) -> y).orElseThrow()), StandardCharsets.UTF_8).contains("AWS_SECRET_ACCESS_KEY=***"),
                "the leaked line is logged, masked");
    }

    @Test
    void reportsLogsAndTheDatabaseAreReadableByTheOwnerOnly() throws Exception {
        Device a = device("a").setup(tmp.resolve("cloud").toString());
        a.write("w/a.md", "a\n");
        assertEquals(0, a.bm("sync").exitCode());
        a.edit("w/a.md", "edited\n");
        assertEquals(0, a.bm("sync").exitCode());
        assertEquals(0, a.bm("sync", "history", "--json").exitCode());
        List<String> loose = new ArrayList<>();
        for (Path f : files(a.home())) {
            String rel = a.home().relativize(f).toString();
            if (rel.startsWith("bisync/")) {
                continue; // rclone's own listings, written with its umask inside the owner-only bisync/ folder
            }
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS));
            if (!mode.equals("rw-------")) {
                loose.add(rel + " " + mode);
            }
        }
        try (Stream<Path> s = Files.walk(a.home())) {
            for (Path d : s.filter(Files::isDirectory).toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(d));
                if (!mode.equals("rwx------")) {
                    loose.add(a.home().relativize(d) + "/ " + mode);
                }
            }
        }
        assertEquals(List.of(), loose, "files and folders of BM_HOME that others could read");
        List<String> kinds = files(a.home()).stream().map(f -> a.home().relativize(f).toString())
                .map(r -> r.startsWith("sync-history/") ? "report" : r.startsWith("logs/") ? "log"
                        : r.startsWith("bm.db") ? "database" : "other").distinct().sorted().toList();
        assertTrue(kinds.containsAll(List.of("database", "log", "report")), kinds::toString);
    }

    private static List<Path> files(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
