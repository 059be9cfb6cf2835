package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.conflicts.ConflictScanner;
import com.basicmemory.bm.lock.DeviceLock;
import com.basicmemory.bm.testing.BmRun;
import com.basicmemory.bm.testing.Device;
import com.basicmemory.bm.testing.Era;
import com.basicmemory.bm.testing.HistoryDb;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Conflicts end to end: two devices sharing one cloud folder, the real rclone, the real launcher. Device a syncs its
 * edit first; device b's sync finds the conflict. rclone 1.60 renames both versions ({@code ..path1} is b's own,
 * {@code ..path2} the cloud's, which is a's); 1.66+ with the balanced profile lets the cloud's version keep the name
 * and keeps b's as {@code .conflict-local1}. b settles it; the next syncs must bring both devices to the same tree
 * with no copy left and the chosen text everywhere (on 1.66+ that needs the conflict's winner in rclone's listings).
 */
class ConflictsIT {
    static final String A = "A's version\n";
    static final String B = "B's version, longer\n";

    @TempDir
    Path tmp;
    Path cloud;
    Device a;
    Device b;

    @BeforeEach
    void setUp() {
        cloud = tmp.resolve("cloud");
        a = new Device("a", tmp).setup(cloud.toString());
        b = new Device("b", tmp).setup(cloud.toString());
    }

    static BmRun ok(BmRun r) {
        assertEquals(0, r.exitCode(), () -> "expected exit 0: " + r);
        assertFalse(r.stderr().contains("Exception"), () -> "stack trace: " + r);
        return r;
    }

    /** The same notes edited on both devices; after b's sync each is a conflict on b. */
    void conflict(String... notes) {
        for (String n : notes) {
            a.write(n, "base of " + n + "\n");
        }
        a.write("notes/other.md", "untouched\n");
        ok(a.bm("sync"));
        ok(b.bm("sync"));
        for (String n : notes) {
            a.edit(n, A);
            b.edit(n, B);
        }
        ok(a.bm("sync"));
        JsonNode report = Device.json(ok(b.bm("sync", "--report")));
        assertEquals("conflicts", report.get("status").asText());
        assertEquals(notes.length, report.get("conflicts").size(), report::toString);
    }

    /** b syncs the resolution, then a, then b again: one tree everywhere, and no conflict copy anywhere. */
    void converge() {
        JsonNode up = Device.json(ok(b.bm("sync", "--report")));
        assertEquals("success", up.get("status").asText(), up::toString);
        JsonNode down = Device.json(ok(a.bm("sync", "--report")));
        assertEquals("success", down.get("status").asText(), down::toString);
        assertEquals("success", Device.json(ok(b.bm("sync", "--report"))).get("status").asText());
        assertEquals(b.tree(), a.tree());
        assertEquals(b.tree(), Device.tree(cloud));
        assertEquals(Map.of(), ConflictScanner.groupNames(b.tree().keySet()), "no conflict copy left");
        assertEquals("[]", Device.json(ok(a.bm("conflicts", "list", "--json"))).toString());
        assertEquals("[]", Device.json(ok(b.bm("conflicts", "list", "--json"))).toString());
    }

    Path backupDir(Device d) {
        try (Stream<Path> s = Files.list(d.home().resolve("conflict-backups"))) {
            List<Path> dirs = s.toList();
            assertEquals(1, dirs.size(), dirs::toString);
            return dirs.get(0);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void keepLocalOnTheSecondDeviceReachesBothDevicesWithBackupsAndARow() throws IOException {
        conflict("notes/idea.md");
        JsonNode list = Device.json(ok(b.bm("conflicts", "list", "--json")));
        assertEquals(1, list.size(), list::toString);
        JsonNode c = list.get(0);
        Era era = Era.current();
        String local = era.localCopy("notes/idea.md");
        String cloudVersion = era.cloudVersion("notes/idea.md");
        assertEquals("notes/idea.md", c.get("path").asText());
        if (era.modern()) {
            // 1.66+, balanced profile: the cloud's version (a's) won and keeps the name; b's edit is the one copy
            assertEquals(cloudVersion, c.get("original").get("name").asText());
            assertEquals("cloud", c.get("original").get("side").asText());
            assertEquals(A.length(), c.get("original").get("size").asInt());
            assertEquals(1, c.get("files").size(), c::toString);
        } else {
            assertTrue(c.get("original").isNull(), "rclone 1.60 renamed both versions");
            assertEquals(cloudVersion, c.get("files").get(1).get("name").asText());
            assertEquals("cloud", c.get("files").get(1).get("side").asText());
            assertEquals(A.length(), c.get("files").get(1).get("size").asInt());
        }
        assertEquals(local, c.get("files").get(0).get("name").asText());
        assertEquals("local", c.get("files").get(0).get("side").asText());
        assertEquals(B.length(), c.get("files").get(0).get("size").asInt());
        OffsetDateTime.parse(c.get("files").get(0).get("modified").asText());
        assertEquals(1, c.get("files").get(0).get("diff").get("added").asInt());
        assertEquals(1, c.get("files").get(0).get("diff").get("removed").asInt());
        BmRun text = ok(b.bm("conflicts", "list"));
        assertTrue(text.stdout().startsWith("notes/idea.md"), text::toString);
        assertTrue(text.stdout().contains("local  " + local), text::toString);
        assertTrue(text.stdout().contains("+1 -1 vs " + cloudVersion.substring("notes/".length())), text::toString);

        ok(a.bm("sync")); // the other device gets the copies too (with 1.60 it loses idea.md, renamed away by b's sync)
        assertEquals(era.conflictFiles("notes/idea.md").size(),
                Device.json(ok(a.bm("conflicts", "list", "--json"))).get(0).get("files").size());

        BmRun r = ok(b.bm("conflicts", "resolve", b.file(cloudVersion).toString(), "--keep", "local"));
        assertTrue(r.stdout().startsWith("resolved notes/idea.md: kept the local version (" + local + ")"),
                r::toString);
        assertEquals(B, b.read("notes/idea.md"));
        for (String copy : era.conflictFiles("notes/idea.md")) {
            assertFalse(Files.exists(b.file(copy)), copy);
        }
        Path backup = backupDir(b);
        assertEquals(B, Files.readString(backup.resolve(local)));
        assertEquals(A, Files.readString(backup.resolve(cloudVersion)));
        List<Map<String, Object>> rows = HistoryDb.query(b.home(),
                "SELECT path, project, choice, kept_from, backup_dir, interactive FROM conflict_resolutions");
        assertEquals(List.of(Map.of("path", "notes/idea.md", "project", "notes", "choice", "local", "kept_from",
                local, "backup_dir", backup.toString(), "interactive", 0)), rows);

        converge();
        assertEquals(B, a.read("notes/idea.md"));
    }

    @Test
    void keepCloudWithJsonOutputFromARelativePath() {
        conflict("notes/idea.md");
        BmRun r = ok(b.bmWithInput("", "conflicts", "resolve", "notes/idea.md", "--keep", "cloud", "--json"));
        JsonNode res = Device.json(r).get(0);
        assertEquals("cloud", res.get("choice").asText());
        Era era = Era.current();
        assertEquals(era.cloudVersion("notes/idea.md"), res.get("kept_from").asText());
        assertEquals(era.modern() ? List.of(era.localCopy("notes/idea.md"))
                : List.of("notes/idea.md..path1", "notes/idea.md..path2"), Device.texts(res.get("removed")));
        assertTrue(Files.isDirectory(Path.of(res.get("backup_dir").asText())));
        assertEquals(A, b.read("notes/idea.md"));
        assertEquals(List.of(Map.of("choice", "cloud")), HistoryDb.query(b.home(),
                "SELECT choice FROM conflict_resolutions"));
        converge();
        assertEquals(A, a.read("notes/idea.md"));
    }

    @Test
    void keepBothGivesTheLocalVersionAClearNameOnBothDevices() {
        conflict("notes/idea.md");
        BmRun r = ok(b.bm("conflicts", "resolve", b.file("notes/idea.md").toString(), "--keep", "both"));
        String day = LocalDate.now(ZoneId.systemDefault()).toString();
        String kept = "notes/idea (local " + day + ").md";
        assertTrue(r.stdout().contains("the local version as " + kept), r::toString);
        assertEquals(A, b.read("notes/idea.md"));
        assertEquals(B, b.read(kept));
        converge();
        assertEquals(A, a.read("notes/idea.md"));
        assertEquals(B, a.read(kept));
    }

    @Test
    void interactiveAnswersOnATerminalAndThroughAPipeThenTheRestInBulk() throws IOException {
        conflict("notes/one.md", "notes/two.md", "notes/three.md", "work/four.md");

        BmRun tty = b.bmInTerminal("l\n", "conflicts", "resolve", "notes/one.md");
        assertEquals(0, tty.exitCode(), tty::toString);
        assertTrue(tty.stdout().contains("\u001b[31m-" + B.strip()), () -> "a coloured diff on a terminal: " + tty);
        assertTrue(tty.stdout().contains("resolved notes/one.md: kept the local version"), tty::toString);
        assertEquals(B, b.read("notes/one.md"));

        BmRun skip = ok(b.bmWithInput("s\n", "conflicts", "resolve", "notes/two.md"));
        assertTrue(skip.stdout().contains("-" + B.strip() + "\n+" + A.strip() + "\n"), skip::toString);
        assertFalse(skip.stdout().contains("\u001b"), "no colour into a pipe");
        assertTrue(skip.stdout().contains("skipped notes/two.md"), skip::toString);
        Era era = Era.current();
        assertTrue(Files.exists(b.file(era.localCopy("notes/two.md"))));

        BmRun eof = b.bm("conflicts", "resolve", b.file("notes/two.md").toString());
        assertEquals(2, eof.exitCode(), eof::toString);
        assertEquals(1, eof.stderrLines().size(), eof::toString);
        assertTrue(eof.stderr().startsWith("bm: no answer on stdin for notes/two.md"), eof::toString);
        for (String copy : era.conflictFiles("notes/two.md")) {
            assertTrue(Files.exists(b.file(copy)), copy);
        }

        Path editor = tmp.resolve("editor.sh");
        Path draft = tmp.resolve("draft.txt");
        Files.writeString(editor, "#!/bin/sh\ncp \"$1\" '" + draft + "'\nprintf 'merged: A and B\\n' > \"$1\"\n");
        editor.toFile().setExecutable(true);
        b.env("EDITOR", editor.toString());
        BmRun merge = ok(b.bmWithInput("m\n", "conflicts", "resolve", era.localCopy("notes/three.md")));
        assertTrue(merge.stdout().contains("resolved notes/three.md: kept your merge"), merge::toString);
        assertEquals("<<<<<<< local (" + era.localCopy("notes/three.md") + ")\n" + B + "=======\n" + A
                + ">>>>>>> cloud (" + era.cloudVersion("notes/three.md") + ")\n", Files.readString(draft));
        assertEquals("merged: A and B\n", b.read("notes/three.md"));

        BmRun bulk = ok(b.bm("conflicts", "resolve", "--all", "--keep", "cloud"));
        assertEquals(List.of("resolved notes/two.md", "resolved work/four.md"), bulk.stdout().lines()
                .map(l -> l.substring(0, l.indexOf(':'))).toList());
        assertEquals(A, b.read("notes/two.md"));
        assertEquals(A, b.read("work/four.md"));

        assertEquals(List.of(Map.of("path", "notes/one.md", "choice", "local", "interactive", 1),
                Map.of("path", "notes/three.md", "choice", "merge", "interactive", 1),
                Map.of("path", "notes/two.md", "choice", "cloud", "interactive", 0),
                Map.of("path", "work/four.md", "choice", "cloud", "interactive", 0)),
                HistoryDb.query(b.home(), "SELECT path, choice, interactive FROM conflict_resolutions"
                        + " ORDER BY resolved_at_ms, path"));
        converge();
        assertEquals("merged: A and B\n", a.read("notes/three.md"));
        assertEquals(B, a.read("notes/one.md"));
    }

    @Test
    void pathsOutsideTheSyncDirectoryOrWithoutAConflictExit2WithOneLineAndChangeNothing() throws IOException {
        b.write("notes/x.md..path1", "local\n").write("notes/x.md..path2", "cloud\n").write("notes/y.md", "y\n");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("z.md..path1"), "z\n");
        Files.writeString(outside.resolve("z.md..path2"), "z2\n");
        Files.createSymbolicLink(b.file("notes/escape"), outside);
        Map<String, String> before = b.tree();
        boolean hadDatabase = Files.exists(b.home().resolve("bm.db"));

        assertEquals(1, Device.json(ok(b.bm("conflicts", "list", "--json"))).size(), "the link is not followed");
        assertEquals(hadDatabase, Files.exists(b.home().resolve("bm.db")), "list opens no database");

        oneLine(b.bm("conflicts", "resolve", outside.resolve("z.md..path1").toString(), "--keep", "local"),
                "is outside the sync directory");
        oneLine(b.bm("conflicts", "resolve", b.file("notes/escape/z.md..path1").toString(), "--keep", "local"),
                "through a symbolic link");
        oneLine(b.bmWithInput("", "conflicts", "resolve", "notes/escape/z.md", "--keep", "local"),
                "through a symbolic link");
        oneLine(b.bm("conflicts", "resolve", b.file("notes/y.md").toString(), "--keep", "local"), "has no conflict");
        oneLine(b.bm("conflicts", "resolve", b.file("notes/x.md").toString(), "--keep", "sideways"), "--keep");
        oneLine(b.bm("conflicts", "list", "--project", "nope"), "unknown project 'nope'");
        assertEquals(before, b.tree());
        assertEquals("z\n", Files.readString(outside.resolve("z.md..path1")));
        assertFalse(Files.exists(b.home().resolve("conflict-backups")), "no backup: nothing was resolved");
    }

    static void oneLine(BmRun r, String expected) {
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals(1, r.stderrLines().size(), r::toString);
        assertTrue(r.stderr().contains(expected), r::toString);
        assertFalse(r.stderr().contains("Exception"), r::toString);
    }

    @Test
    void aRunningSyncsLockIsRefusedWithExit3OrWaitedFor() throws Exception {
        b.write("notes/x.md..path1", "local\n").write("notes/x.md..path2", "cloud\n");
        String x = b.file("notes/x.md").toString();
        DeviceLock.Acquired held = (DeviceLock.Acquired) DeviceLock.tryAcquire(b.home().resolve("sync.lock"),
                "bm sync --watch");
        Process waiting;
        StringBuilder waitingErr = new StringBuilder();
        BufferedReader readRest;
        try (DeviceLock lock = held.lock()) {
            BmRun refused = b.bm("conflicts", "resolve", x, "--keep", "local", "--wait", "0");
            assertEquals(3, refused.exitCode(), refused::toString);
            assertEquals(1, refused.stderrLines().size(), refused::toString);
            assertTrue(refused.stderr().contains("`bm sync --watch`"), refused::toString);
            assertTrue(Files.exists(b.file("notes/x.md..path1")), "nothing changed");

            waiting = b.start("conflicts", "resolve", x, "--keep", "local", "--wait", "60s");
            // release the lock only once it says it waits (however slowly the machine starts it)
            BufferedReader stderr = new BufferedReader(new InputStreamReader(waiting.getErrorStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = stderr.readLine()) != null) {
                waitingErr.append(line).append('\n');
                if (line.contains("waiting up to")) {
                    break;
                }
            }
            assertTrue(line != null, "it says it waits: " + waitingErr);
            assertTrue(waiting.isAlive(), "it waits while the lock is held");
            assertTrue(Files.exists(b.file("notes/x.md..path1")));
            readRest = stderr;
        }
        assertTrue(waiting.waitFor(60, TimeUnit.SECONDS));
        String err = waitingErr + new String(readRest.lines().map(l -> l + "\n").reduce("", String::concat));
        assertEquals(0, waiting.exitValue(), err);
        assertEquals("local\n", b.read("notes/x.md"));
    }
}
