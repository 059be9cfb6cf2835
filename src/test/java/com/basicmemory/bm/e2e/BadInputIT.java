package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.basicmemory.bm.testing.BmRun;
import com.basicmemory.bm.testing.Device;

/**
 * Bad input (issue 8, item 8): every row of {@link #table()} runs the real {@code target/bm} on one device that has
 * synced once, and must give exactly one line on stderr ({@code bm: ...} with the expected words), the contract's exit
 * code (2 for bad input and usage, 1 where the input is a broken program), no stack trace, nothing on stdout, and no
 * changed file: the sync directory, the cloud and {@code config.json} are the same before and after. A row may set
 * something up first (a symbolic link, a fake rclone, conflict copies); it is undone after the row.
 *
 * <p>The tests below the table need a fresh device each (a damaged or missing configuration, other setups).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    Path root;
    Device a;
    Path cloud;

    /** Something a row sets up before it runs; returns what undoes it. */
    @FunctionalInterface
    interface Fixture {
        AutoCloseable apply(BadInputIT t) throws Exception;
    }

    /** One bad input: how it is run, the exit code and the words its one line must contain. */
    record Bad(String name, Function<BadInputIT, BmRun> run, int exit, String expected, Fixture fixture,
            boolean prompts, int lines) {
        Bad(String name, Function<BadInputIT, BmRun> run, int exit, String expected, Fixture fixture,
                boolean prompts) {
            this(name, run, exit, expected, fixture, prompts, 1);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Bad bad(int exit, String expected, String... args) {
        return new Bad(args.length == 0 ? "(no command)" : String.join(" ", args), t -> t.a.bm(args), exit, expected,
                t -> () -> { }, false);
    }

    static Bad bad(Fixture fixture, int exit, String expected, String... args) {
        return new Bad(String.join(" ", args), t -> t.a.bm(args), exit, expected, fixture, false);
    }

    /** A row whose arguments need the device (paths inside its sync directory). */
    static Bad row(String name, int exit, String expected, Function<BadInputIT, String[]> args) {
        return new Bad(name, t -> t.a.bm(args.apply(t)), exit, expected, t -> () -> { }, false);
    }

    /** {@code bm cloud setup --sync-dir <a new folder> EXTRA...}: refused, it creates nothing. */
    static Bad setup(int exit, String expected, String... extra) {
        return new Bad("cloud setup --sync-dir NEW " + String.join(" ", extra), t -> {
            List<String> args = new ArrayList<>(List.of("cloud", "setup", "--sync-dir",
                    t.root.resolve("new-sync").toString()));
            args.addAll(List.of(extra));
            BmRun r = t.a.bm(args.toArray(String[]::new));
            assertFalse(Files.exists(t.root.resolve("new-sync")), "a refused setup creates no folder");
            return r;
        }, exit, expected, t -> () -> { }, false);
    }

    /** A row that runs with an environment variable set (BM_RCLONE), under a name that says which. */
    static Bad withEnv(String name, String key, Function<BadInputIT, String> value, int exit, String expected,
            String... args) {
        return new Bad(name + ": " + String.join(" ", args), t -> t.a.bm(args), exit, expected, t -> {
            t.a.env(key, value.apply(t));
            return () -> t.a.environment().remove(key);
        }, false);
    }

    static Stream<Bad> table() {
        return Stream.of(
                // global usage
                bad(2, "a command is required"),
                bad(2, "frobnicate", "frobnicate"),
                bad(2, "-q/--quiet and -v/--verbose cannot be combined", "-q", "-v", "sync"),
                // bm sync: malformed options and durations
                bad(2, "Unknown option: '--bogus'", "sync", "--bogus"),
                bad(2, "unknown profile 'turbo'", "sync", "--profile", "turbo"),
                bad(2, "Missing required parameter for option '--project'", "sync", "--report", "-p"),
                bad(2, "invalid --interval '5x'", "sync", "--watch", "--interval", "5x"),
                bad(2, "invalid --interval '0s': at least 5s", "sync", "--watch", "--interval", "0s"),
                bad(2, "--interval needs --watch", "sync", "--interval", "60s"),
                bad(2, "--no-push needs --watch", "sync", "--no-push"),
                bad(2, "--http needs --watch", "sync", "--http", "127.0.0.1:9464"),
                bad(2, "invalid --http '127.0.0.1:99999'", "sync", "--watch", "--http", "127.0.0.1:99999"),
                bad(2, "--watch cannot be combined with --resync", "sync", "--watch", "--resync"),
                bad(2, "invalid --wait 'forever'", "sync", "--wait=forever"),
                bad(2, "invalid --bwlimit 'fast'", "sync", "--bwlimit", "fast"),
                bad(2, "invalid --tpslimit", "sync", "--tpslimit", "-1"),
                bad(2, "'abc' is not a double", "sync", "--tpslimit", "abc"),
                // unknown and invalid projects, in every command that takes one
                bad(2, "unknown project 'nope' (projects: w)", "sync", "--project", "nope"),
                bad(2, "invalid project name '../etc'", "sync", "--project", "../etc"),
                bad(2, "invalid project name '.hidden'", "sync", "--project", ".hidden"),
                bad(2, "unknown project 'nope'", "project", "profile", "nope", "safe"),
                bad(2, "unknown profile 'turbo'", "project", "profile", "w", "turbo"),
                bad(2, "unknown project 'nope'", "project", "exclude", "nope"),
                bad(2, "invalid project name '../x'", "project", "include", "../x"),
                bad(2, "give a project and at least one pattern", "project", "ignore"),
                bad(2, "unknown project 'nope'", "project", "only", "nope", "*.md"),
                bad(2, "unknown project 'nope'", "conflicts", "list", "--project", "nope"),
                bad(2, "unknown project 'nope'", "cloud", "check", "--project", "nope"),
                // bm sync history and bm stats
                bad(2, "invalid --since 'yesterday'", "sync", "history", "--since", "yesterday"),
                bad(2, "invalid --since '7x'", "sync", "history", "--since", "7x"),
                bad(2, "invalid --since", "sync", "history", "--since", "2026-13-01"),
                bad(2, "invalid --until 'tomorrow'", "sync", "history", "--until", "tomorrow"),
                bad(2, "invalid --limit", "sync", "history", "--limit", "0"),
                bad(2, "--limit", "sync", "history", "--limit", "many"),
                bad(2, "unknown --status 'great'", "sync", "history", "--status", "great"),
                bad(2, "no sync run with id 'nope00'", "sync", "history", "show", "nope00"),
                bad(2, "Missing required parameter: 'ID'", "sync", "history", "show"),
                bad(2, "--since lists runs", "sync", "history", "--rebuild", "--since", "7d"),
                bad(2, "mutually exclusive", "sync", "history", "--rebuild", "--prune", "90d"),
                bad(2, "invalid --prune 'soon'", "sync", "history", "--prune", "soon"),
                bad(2, "in the future", "sync", "history", "--prune", "2099-01-01"),
                bad(2, "invalid --since 'yesterday'", "stats", "--since", "yesterday"),
                bad(2, "--since 2099-01-01 is in the future", "stats", "--since", "2099-01-01"),
                // found by the hostile review: one per_day entry per day made this an OutOfMemoryError
                bad(2, "--since 99999999d reaches back more than 100 years", "stats", "--since", "99999999d"),
                bad(2, "invalid project name", "stats", "--project", "../etc"),
                bad(2, "choose one", "stats", "--prometheus", "-", "--json"),
                // bm conflicts resolve: paths outside the sync directory, symbolic links leaving it, bad names
                bad(2, "name the conflicted file (FILE), or use --all", "conflicts", "resolve"),
                bad(2, "/etc/passwd is outside the sync directory", "conflicts", "resolve", "/etc/passwd", "--keep",
                        "local"),
                bad(2, "../outside.md is outside the sync directory", "conflicts", "resolve", "../outside.md",
                        "--keep", "local"),
                bad(2, "w/a.md has no conflict", "conflicts", "resolve", "w/a.md", "--keep", "local"),
                bad(2, "'sideways' is not local, cloud or both", "conflicts", "resolve", "w/a.md", "--keep",
                        "sideways"),
                bad(2, "invalid --wait 'abc'", "conflicts", "resolve", "--all", "--keep", "both", "--wait=abc"),
                bad(BadInputIT::linkLeavingTheSyncDir, 2, "leads outside the sync directory", "conflicts", "resolve",
                        "w/elsewhere/n.md", "--keep", "local"),
                bad(BadInputIT::projectLinkLeavingTheSyncDir, 2, "is a symlink to", "sync"),
                new Bad("conflicts resolve <a name that is not UTF-8>", t -> t.shell("conflicts resolve"
                        + " \"$(printf 'w/caf\\351.md')\" --keep local"), 2, "is not valid UTF-8", t -> () -> { },
                        false),
                new Bad("conflicts resolve --all --keep local <copies with a name that is not UTF-8>",
                        t -> t.a.bm("conflicts", "resolve", "--all", "--keep", "local"), 2,
                        "the file name is not valid UTF-8", BadInputIT::nonUtf8Conflict, false, 2),
                new Bad("conflicts resolve <a 3 GiB conflict>, no answer on stdin",
                        t -> t.a.bmWithInput("", "conflicts", "resolve", "w/huge.bin"), 2, "no answer on stdin",
                        BadInputIT::hugeConflict, true),
                // bm cloud versions / restore and bm git snapshot (recovery)
                bad(2, "Missing required parameter: 'PATH'", "cloud", "versions"),
                bad(2, "/etc/passwd is outside the sync directory", "cloud", "versions", "/etc/passwd"),
                bad(2, "../x.md is outside the sync directory", "cloud", "versions", "../x.md"),
                row("cloud versions <a note> --source ftp", 2, "invalid --source 'ftp'", t -> new String[] {"cloud",
                    "versions", t.a.file("w/a.md").toString(), "--source", "ftp"}),
                row("cloud versions <a note> --source s3, a local cloud", 2, "no S3 object versions", t -> new String[] {
                    "cloud", "versions", t.a.file("w/a.md").toString(), "--source", "s3"}),
                bad(2, "Missing required argument (specify one of these): (--version-id=ID | --timestamp=TIME)",
                        "cloud", "restore", "w/a.md"),
                bad(2, "are mutually exclusive", "cloud", "restore", "w/a.md", "--version-id", "x", "--timestamp",
                        "2025-01-01"),
                row("cloud restore <a note> --timestamp yesterdayish", 2, "invalid --timestamp 'yesterdayish'",
                    t -> new String[] {"cloud", "restore", t.a.file("w/a.md").toString(), "--timestamp",
                        "yesterdayish"}),
                bad(2, "/etc/passwd is outside the sync directory", "cloud", "restore", "/etc/passwd", "--timestamp",
                        "2025-01-01"),
                row("cloud restore <a note> with no versions anywhere", 2, "there are no versions of w/a.md",
                    t -> new String[] {"cloud", "restore", t.a.file("w/a.md").toString(), "--timestamp",
                        "2025-01-01"}),
                row("cloud restore <a note> --wait=abc", 2, "invalid --wait 'abc'", t -> new String[] {"cloud",
                    "restore", t.a.file("w/a.md").toString(), "--timestamp", "2025-01-01", "--wait=abc"}),
                bad(2, "is not a Git repository", "git", "snapshot"),
                bad(2, "invalid --wait 'abc'", "git", "snapshot", "--wait=abc"),
                setup(2, "--password-file and --crypt-name go with --encrypt", "--crypt-name", "vault"),
                setup(2, "cannot read --password-file", "--encrypt", "--password-file", "/nonexistent/password"),
                // bm cloud setup: empty and unknown remote names, a file as the sync directory
                bad(2, "Missing required option: '--sync-dir=DIR'", "cloud", "setup"),
                setup(2, "--remote must not be empty", "--remote", ""),
                setup(2, "--remote must not be empty", "--remote", "  "),
                setup(2, "rclone has no remote named 'nosuchremote'", "--remote", "nosuchremote:bucket"),
                setup(2, "unknown profile 'turbo'", "--profile", "turbo"),
                bad(2, "is a file, not a folder", "cloud", "setup", "--sync-dir", "/etc/passwd"),
                // BM_RCLONE that is not rclone
                withEnv("BM_RCLONE missing", "BM_RCLONE", t -> t.root.resolve("no/such/rclone").toString(), 2,
                        "rclone not found", "sync"),
                withEnv("BM_RCLONE a folder", "BM_RCLONE", t -> t.root.toString(), 2, "which is not an executable file",
                        "sync"),
                withEnv("BM_RCLONE a program that is not rclone", "BM_RCLONE", t -> t.script("fake-rclone",
                        "echo hello"), 2, "is not a working rclone", "sync"),
                withEnv("BM_RCLONE a program that fails", "BM_RCLONE", t -> t.script("failing-rclone",
                        "echo 'something broke' >&2; exit 7"), 2, "is not a working rclone", "sync"),
                withEnv("BM_RCLONE too old", "BM_RCLONE", t -> t.script("old-rclone", "echo 'rclone v1.57.0'"), 2,
                        "too old", "sync"),
                withEnv("BM_RCLONE not rclone, for cloud check", "BM_RCLONE", t -> t.script("fake-rclone",
                        "echo hello"), 2, "is not a working rclone", "cloud", "check"));
    }

    @BeforeAll
    void setUpDevice() throws IOException {
        root = Files.createTempDirectory("bm-bad-input");
        cloud = root.resolve("cloud");
        a = new Device("a", root).setup(cloud.toString());
        a.write("w/a.md", "a\n");
        BmRun first = a.bm("sync");
        assertEquals(0, first.exitCode(), first::toString);
    }

    @AfterAll
    void removeDevice() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Exit code, exactly one stderr line starting with "bm: " with {@code expected}, no stack trace, no stdout. */
    static void oneLine(BmRun r, int exit, String expected) {
        oneLine(r, exit, expected, false);
    }

    static void oneLine(BmRun r, int exit, String expected, boolean prompts) {
        lines(r, exit, expected, prompts, 1);
    }

    /**
     * Like {@link #oneLine}, for {@code conflicts resolve --all}: its one line per conflict it could not settle is
     * followed by a count ("1 conflict was left as they are (see above)").
     */
    static void lines(BmRun r, int exit, String expected, boolean prompts, int lines) {
        assertEquals(exit, r.exitCode(), r::toString);
        assertEquals(lines, r.stderrLines().size(), () -> "exactly " + lines + " line(s) on stderr: " + r);
        String line = r.stderrLines().get(0);
        assertTrue(line.startsWith("bm: "), r::toString);
        assertTrue(line.contains(expected), () -> "expected '" + expected + "' in: " + r);
        assertFalse(r.stderr().contains("Exception") || r.stderr().contains("\tat "), () -> "stack trace: " + r);
        if (!prompts) {
            assertEquals("", r.stdout(), "stdout carries results only");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void badInputGivesOneLineTheContractExitCodeAndChangesNothing(Bad bad) throws Exception {
        try (AutoCloseable undo = bad.fixture().apply(this)) {
            Map<String, String> local = snapshot(a.syncDir());
            Map<String, String> remote = snapshot(cloud);
            String config = Files.readString(a.home().resolve("config.json"));
            BmRun r = bad.run().apply(this);
            lines(r, bad.exit(), bad.expected(), bad.prompts(), bad.lines());
            assertEquals(local, snapshot(a.syncDir()), () -> "the sync directory changed: " + r);
            assertEquals(remote, snapshot(cloud), () -> "the cloud changed: " + r);
            assertEquals(config, Files.readString(a.home().resolve("config.json")), "config.json changed");
        }
    }

    /**
     * Every file under {@code dir} (links not followed): its SHA-256, or for a file over 64 MiB (the sparse 3 GiB
     * conflict) its size and modification time, which is what any change would touch.
     */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                long size = Files.size(p);
                out.put(dir.relativize(p).toString(), size > 64L << 20
                        ? size + "@" + Files.getLastModifiedTime(p).toMillis() : Device.sha256(p));
            }
        }
        return out;
    }

    @Test
    void theTableHasAtLeastThirtyBadInputs() {
        assertTrue(table().count() >= 30);
    }

    // ---- fixtures ----

    /** An executable shell script in the test folder; returns its path. */
    String script(String name, String body) {
        try {
            Path f = root.resolve(name);
            Files.writeString(f, "#!/bin/sh\n" + body + "\n");
            assertTrue(f.toFile().setExecutable(true));
            return f.toString();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs bm through sh, for arguments Java cannot pass (bytes that are not UTF-8), from the sync directory. */
    BmRun shell(String args) {
        Path sh = Path.of(script("run-bm.sh", "cd '" + a.syncDir() + "' && exec '" + Device.launcher() + "' " + args));
        ProcessBuilder pb = new ProcessBuilder(sh.toString());
        pb.environment().put("BM_HOME", a.home().toString());
        pb.environment().putAll(a.environment());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process p = pb.start();
            var out = p.getInputStream().readAllBytes();
            var err = p.getErrorStream().readAllBytes();
            p.waitFor();
            return new BmRun(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8), List.of(args));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code w/elsewhere} is a symbolic link to a folder outside the sync directory. */
    AutoCloseable linkLeavingTheSyncDir() throws IOException {
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("n.md"), "outside\n");
        Files.writeString(outside.resolve("n.md..path1"), "outside copy\n");
        Path link = Files.createSymbolicLink(a.file("w/elsewhere"), outside);
        return () -> Files.delete(link);
    }

    /** A project {@code escape} that is a symbolic link to a folder outside the sync directory. */
    AutoCloseable projectLinkLeavingTheSyncDir() throws IOException {
        Path outside = Files.createDirectories(root.resolve("outside-project"));
        Files.writeString(outside.resolve("x.md"), "x\n");
        Path link = Files.createSymbolicLink(a.file("escape"), outside);
        return () -> Files.delete(link);
    }

    /** Conflict copies whose name is ISO-8859-1, not UTF-8 ({@code caf\351.md..path1/2}), made by the shell. */
    AutoCloseable nonUtf8Conflict() throws Exception {
        Path dir = a.file("w");
        Path make = Path.of(script("make-latin1.sh", "cd '" + dir + "' && printf 'local\\n' > \"$(printf 'caf\\351"
                + ".md..path1')\" && printf 'cloud\\n' > \"$(printf 'caf\\351.md..path2')\""));
        assertEquals(0, new ProcessBuilder(make.toString()).start().waitFor());
        return () -> new ProcessBuilder("sh", "-c", "rm -f '" + dir + "'/caf*.md..path*").start().waitFor();
    }

    /** A conflict between two sparse 3 GiB files (no disk used), too big to read into memory. */
    AutoCloseable hugeConflict() throws IOException {
        List<Path> made = new ArrayList<>();
        for (String side : List.of("1", "2")) {
            Path f = a.file("w/huge.bin..path" + side);
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                raf.write(side.getBytes(StandardCharsets.UTF_8));
                raf.setLength(3L * 1024 * 1024 * 1024);
            }
            made.add(f);
        }
        return () -> {
            for (Path f : made) {
                Files.deleteIfExists(f);
            }
        };
    }

    // ---- bad input that needs a device of its own ----

    @Test
    void unknownProjectIsRecordedAndNamesTheKnownOnes(@TempDir Path tmp) {
        Path c = tmp.resolve("cloud");
        Device d = new Device("d", tmp).setup(c.toString());
        d.write("w/a.md", "a\n");
        BmRun r = d.bm("sync", "--project", "nope");
        oneLine(r, 2, "unknown project 'nope' (projects: w)");
        assertFalse(Files.exists(c.resolve("w")), "nothing synced");
        assertEquals(2, d.lastReportFile().get("exit_code").asInt(), "the refused run is recorded");
    }

    @Test
    void corruptConfigExits2AndIsNotOverwritten(@TempDir Path tmp) throws Exception {
        Device d = new Device("d", tmp).setup(tmp.resolve("cloud").toString());
        Path config = d.home().resolve("config.json");
        Files.writeString(config, "{ \"sync_dir\": ");
        oneLine(d.bm("sync"), 2, "config file " + config + " is unusable");
        oneLine(d.bm("cloud", "check"), 2, "config file " + config + " is unusable");
        assertEquals("{ \"sync_dir\": ", Files.readString(config));
        BmRun history = d.bm("sync", "history", "--json");
        assertEquals(0, history.exitCode(), () -> "history needs no config: " + history);
    }

    @Test
    void syncDirectoryThatIsTheMountDirectoryIsRefused(@TempDir Path tmp) {
        Device m = new Device("m", tmp);
        BmRun r = m.bm("cloud", "setup", "--sync-dir", tmp.resolve("mnt").toString(), "--mount-dir",
                tmp.resolve("mnt").toString());
        oneLine(r, 2, "mount");
        r = m.bm("cloud", "setup", "--sync-dir", tmp.resolve("mnt/inside").toString(), "--mount-dir",
                tmp.resolve("mnt").toString());
        oneLine(r, 2, "inside the rclone mount directory");
        assertFalse(Files.exists(m.home().resolve("config.json")));
    }

    @Test
    void homeFolderAsSyncDirectoryIsRefused(@TempDir Path tmp) {
        Device m = new Device("m", tmp).env("HOME", tmp.toString());
        oneLine(m.bm("cloud", "setup", "--sync-dir", tmp.toString()), 2, "home folder");
    }

    @Test
    void cloudInsideTheSyncDirectoryIsRefused(@TempDir Path tmp) {
        Device m = new Device("m", tmp);
        oneLine(m.bm("cloud", "setup", "--sync-dir", tmp.resolve("s").toString(), "--remote",
                tmp.resolve("s/cloud").toString()), 2, "overlaps the sync directory");
        assertFalse(Files.exists(m.home().resolve("config.json")));
    }

    @Test
    void configuredSyncDirectoryThatVanishedIsNotRecreated(@TempDir Path tmp) throws Exception {
        Path c = tmp.resolve("cloud");
        Device d = new Device("d", tmp).setup(c.toString());
        d.write("w/a.md", "a\n");
        assertEquals(0, d.bm("sync").exitCode());
        Map<String, String> before = Device.tree(c);
        try (Stream<Path> s = Files.walk(d.syncDir())) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        oneLine(d.bm("sync"), 2, "does not exist");
        assertFalse(Files.exists(d.syncDir()));
        assertEquals(before, Device.tree(c));
    }
}
