package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.testing.BmRun;
import com.basicmemory.bm.testing.Device;
import com.basicmemory.bm.testing.Era;
import com.basicmemory.bm.testing.HistoryDb;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two devices (two homes, two sync directories) sharing one cloud folder, with the real rclone and the real launcher.
 */
class SyncLocalCloudIT {
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

    static void direction(JsonNode d, int created, int updated, int deleted) {
        assertEquals(created, d.get("created").asInt(), () -> "created in " + d);
        assertEquals(updated, d.get("updated").asInt(), () -> "updated in " + d);
        assertEquals(deleted, d.get("deleted").asInt(), () -> "deleted in " + d);
    }

    @Test
    void createUpdateDeleteInBothDirectionsAreReportedAndBothDevicesConverge() {
        a.write("work/plan.md", "# plan\n").write("work/todo.md", "- one\n").write("work/old.md", "old\n");
        JsonNode first = Device.json(ok(a.bm("sync", "--report")));
        direction(first.get("to_cloud"), 3, 0, 0);
        direction(first.get("to_local"), 0, 0, 0);
        assertEquals("success", first.get("status").asText());
        assertEquals(3, first.get("files_created").asInt());
        assertEquals(List.of("work"), List.of(first.get("projects").get(0).asText()));

        JsonNode second = Device.json(ok(b.bm("sync", "--report")));
        direction(second.get("to_local"), 3, 0, 0);
        assertEquals(a.tree(), b.tree());

        b.edit("work/plan.md", "# plan\nedited on b\n").delete("work/old.md").write("work/new.md", "new on b\n");
        JsonNode up = Device.json(ok(b.bm("sync", "--report")));
        direction(up.get("to_cloud"), 1, 1, 1);
        direction(up.get("to_local"), 0, 0, 0);
        assertEquals(3, up.get("files_created").asInt() + up.get("files_updated").asInt()
                + up.get("files_deleted").asInt());

        JsonNode down = Device.json(ok(a.bm("sync", "--report")));
        direction(down.get("to_local"), 1, 1, 1);
        direction(down.get("to_cloud"), 0, 0, 0);
        assertEquals("# plan\nedited on b\n", a.read("work/plan.md"));
        assertFalse(Files.exists(a.file("work/old.md")));
        assertEquals(a.tree(), b.tree());
        assertEquals(a.tree(), Device.tree(cloud));
    }

    @Test
    void sameNoteEditedOnBothDevicesBecomesAConflictWithBothVersionsKept() {
        a.write("notes/idea.md", "base\n").write("notes/other.md", "other\n");
        ok(a.bm("sync"));
        ok(b.bm("sync"));
        a.edit("notes/idea.md", "version A\n");
        b.edit("notes/idea.md", "version B, longer\n");
        ok(a.bm("sync"));
        BmRun r = ok(b.bm("sync", "--report"));
        JsonNode report = Device.json(r);
        assertEquals("conflicts", report.get("status").asText());
        assertEquals(0, report.get("exit_code").asInt());
        assertEquals(1, report.get("conflicts").size());
        JsonNode c = report.get("conflicts").get(0);
        assertEquals("notes/idea.md", c.get("path").asText());
        Era era = Era.current();
        assertEquals(era.conflictFiles("notes/idea.md"), Device.texts(c.get("files")));
        assertTrue(r.stderr().contains("1 conflict: run `bm conflicts list`"), r::toString);
        // neither side is lost: B's own version is the local copy (1.60: ..path1; 1.66+: .conflict-local1), the
        // cloud's (A's) is ..path2 on 1.60 and keeps the name on 1.66+ (balanced: the cloud wins)
        assertEquals("version B, longer\n", b.read(era.localCopy("notes/idea.md")));
        assertEquals("version A\n", b.read(era.cloudVersion("notes/idea.md")));
        assertEquals(era.modern(), Files.exists(b.file("notes/idea.md")), "the name is kept only with a winner");
        ok(a.bm("sync"));
        assertEquals(a.tree(), b.tree());
        // the next syncs change nothing: no new conflict, no copy renamed again (1.66+ records the winner)
        JsonNode again = Device.json(ok(b.bm("sync", "--report")));
        assertEquals("success", again.get("status").asText(), again::toString);
        assertEquals(0, again.get("bytes_transferred").asLong(), again::toString);
        assertEquals(a.tree(), b.tree());
        List<Map<String, Object>> rows = HistoryDb.query(b.home(),
                "SELECT c.path, c.files FROM sync_conflicts c JOIN sync_runs r ON r.id = c.run_id"
                        + " WHERE r.id = '" + report.get("id").asText() + "'");
        assertEquals(1, rows.size());
        assertEquals("notes/idea.md", rows.get(0).get("path"));
    }

    @Test
    void firstRunWithADifferingFileStopsWithExit4ThenResyncKeepsBothVersions() {
        a.write("big/n1.md", "cloud version\n").write("big/n2.md", "same\n");
        ok(a.bm("sync"));
        b.write("big/n1.md", "local version, different\n").write("big/n2.md", "same\n")
                .write("big/only-b.md", "only on b\n");
        Map<String, String> cloudBefore = Device.tree(cloud);

        BmRun stop = b.bm("sync");
        assertEquals(4, stop.exitCode(), stop::toString);
        assertTrue(stop.stderr().contains("n1.md"), stop::toString);
        assertTrue(stop.stderr().contains("bm sync --resync --project big"), stop::toString);
        assertEquals(cloudBefore, Device.tree(cloud), "a refused first run changes nothing in the cloud");
        assertEquals("local version, different\n", b.read("big/n1.md"));
        assertEquals("needs_resync", b.lastReportFile().get("status").asText());

        BmRun resync = ok(b.bm("sync", "--resync"));
        assertEquals("cloud version\n", b.read("big/n1.md"), "the cloud version keeps the name");
        String localCopy = Era.current().localCopy("big/n1.md");
        assertEquals("local version, different\n", b.read(localCopy), "the local version is kept");
        assertTrue(resync.stderr().contains("kept the local version of big/n1.md"), resync::toString);
        Path backups = b.home().resolve("resync-backups");
        assertTrue(Device.tree(backups).values().contains(Device.tree(b.syncDir()).get(localCopy)),
                "a backup of the local version exists under BM_HOME/resync-backups");
        ok(a.bm("sync"));
        assertEquals(a.tree(), b.tree());
        assertEquals("only on b\n", a.read("big/only-b.md"));
    }

    /** Found by FaultsIT: a resync after a kill, while the copy of an earlier conflict of the same file was there. */
    @Test
    void aResyncKeepsTheLocalVersionUnderAFreeNameWhenTheCopyOfAnEarlierConflictIsThere() {
        a.write("big/n1.md", "cloud version\n").write("big/n1.md..path1", "earlier local copy\n")
                .write("big/n2.md", "same\n");
        ok(a.bm("sync"));
        b.write("big/n1.md", "local version, different\n").write("big/n1.md..path1", "earlier local copy\n")
                .write("big/n2.md", "same\n");
        assertEquals(4, b.bm("sync").exitCode());

        BmRun resync = ok(b.bm("sync", "--resync", "--report"));
        assertEquals("cloud version\n", b.read("big/n1.md"), "the cloud version keeps the name");
        assertEquals("earlier local copy\n", b.read("big/n1.md..path1"), "the earlier copy is untouched");
        assertEquals("local version, different\n", b.read("big/n1.conflict-local1.md"), "the local version is kept");
        assertTrue(Device.json(resync).get("conflicts").toString().contains("big/n1.conflict-local1.md"),
                resync::toString);
        ok(a.bm("sync"));
        assertEquals(a.tree(), b.tree());
        BmRun list = ok(a.bm("conflicts", "list", "--json"));
        assertTrue(list.stdout().contains("big/n1.conflict-local1.md"), list::toString);
    }

    @Test
    void maxDeleteAbortExits5AndLeavesTheCloudUntouched() {
        for (int i = 1; i <= 20; i++) {
            a.write("big/n" + i + ".md", "note " + i + "\n");
        }
        ok(a.bm("sync"));
        Map<String, String> cloudBefore = Device.tree(cloud);
        for (int i = 1; i <= 10; i++) {
            a.delete("big/n" + i + ".md");
        }
        BmRun r = a.bm("sync", "--report");
        assertEquals(5, r.exitCode(), r::toString);
        JsonNode report = Device.json(r);
        assertEquals("max_delete_abort", report.get("status").asText());
        assertEquals(5, report.get("exit_code").asInt());
        assertFalse(report.get("success").asBoolean());
        assertEquals(cloudBefore, Device.tree(cloud), "nothing was deleted in the cloud");
        assertTrue(r.stderr().contains("bm sync --force --project big"), r::toString);

        JsonNode forced = Device.json(ok(a.bm("sync", "--force", "--report")));
        direction(forced.get("to_cloud"), 0, 0, 10);
        assertEquals(10, Device.tree(cloud).size());
    }

    @Test
    void aFileRewrittenUnderTheSameTimeIsNamedInAWarningEvenWithQuiet() throws Exception {
        a.write("work/plan.md", "# plan\n").write("work/todo.md", "- one\n");
        ok(a.bm("sync"));
        java.nio.file.attribute.FileTime t = Files.getLastModifiedTime(a.file("work/plan.md"));
        a.write("work/plan.md", "# plan, rewritten to another size\n");
        Files.setLastModifiedTime(a.file("work/plan.md"), t); // rclone 1.60 compares times only: it sees no change
        BmRun quiet = ok(a.bm("sync", "-q", "--report"));
        if (Era.current().modern()) {
            // rclone 1.66+ compares size and time: it sees the rewrite and sends it; nothing to warn about
            assertEquals("", quiet.stderr(), quiet::toString);
            assertEquals("[]", Device.json(quiet).get("warnings").toString());
            assertEquals("# plan, rewritten to another size\n", Files.readString(cloud.resolve("work/plan.md")));
            return;
        }
        assertTrue(quiet.stderr().contains("bm: warning: work/plan.md differs between local (34 B) and cloud (7 B)"),
                quiet::toString);
        assertFalse(quiet.stderr().contains("todo.md"), quiet::toString);
        JsonNode report = Device.json(quiet);
        assertTrue(report.get("warnings").toString().contains("work/plan.md differs"), report::toString);
        assertTrue(report.get("per_project").get(0).get("notes").toString().contains("warning: work/plan.md differs"),
                report::toString);
        assertEquals("# plan\n", Files.readString(cloud.resolve("work/plan.md")), "bm picks no side");
        // the user keeps the right version with a fresh time: it syncs and the warning is gone
        Files.setLastModifiedTime(a.file("work/plan.md"), java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis()));
        BmRun fixed = ok(a.bm("sync", "-q"));
        assertEquals("", fixed.stderr(), fixed::toString);
        assertEquals("# plan, rewritten to another size\n", Files.readString(cloud.resolve("work/plan.md")));
    }

    @Test
    void anEditToTheOnlyNoteOfAOneNoteProjectReachesTheOtherDevice() {
        a.write("solo/only.md", "v1\n");
        ok(a.bm("sync"));
        ok(b.bm("sync"));
        a.edit("solo/only.md", "v2: edited\n");
        JsonNode r = Device.json(ok(a.bm("sync", "--report")));
        assertEquals("success", r.get("status").asText());
        direction(r.get("to_cloud"), 0, 1, 0);
        assertTrue(r.get("per_project").get(0).get("forced").asBoolean(),
                "rclone's all-files-changed check was relaxed within the allowance");
        assertEquals("[]", r.get("errors").toString(), "the aborted attempt's errors are not the run's errors");
        ok(b.bm("sync"));
        assertEquals("v2: edited\n", b.read("solo/only.md"));
    }

    @Test
    void deletingOneOfFourNotesOnTheSafeProfileSyncsWithinTheAllowance() {
        for (int i = 1; i <= 4; i++) {
            a.write("p/n" + i + ".md", "n" + i + "\n");
        }
        ok(a.bm("sync", "--profile", "safe"));
        a.delete("p/n1.md");
        JsonNode r = Device.json(ok(a.bm("sync", "--profile", "safe", "--report")));
        assertEquals("safe", r.get("profile").asText());
        direction(r.get("to_cloud"), 0, 0, 1);
        assertEquals("[]", r.get("errors").toString());
        assertTrue(r.get("per_project").get(0).get("notes").toString().contains("--max-delete 10% tripped"), r::toString);
        assertFalse(Files.exists(cloud.resolve("p/n1.md")));
    }

    @Test
    void aProjectCreatedOnAnotherDeviceArrivesFromTheCloud() {
        a.write("from-a/x.md", "x\n");
        ok(a.bm("sync"));
        b.write("b-only/y.md", "y\n");
        JsonNode r = Device.json(ok(b.bm("sync", "--report")));
        assertEquals("[\"b-only\",\"from-a\"]", r.get("projects").toString());
        assertEquals(2, r.get("per_project").size());
        assertEquals("x\n", b.read("from-a/x.md"));
        assertEquals("y\n", Device.tree(cloud).containsKey("b-only/y.md") ? "y\n" : "missing");
    }

    @Test
    void projectOptionSyncsOnlyThatProject() {
        a.write("one/a.md", "a\n").write("two/b.md", "b\n");
        JsonNode r = Device.json(ok(a.bm("sync", "--project", "one", "--report")));
        assertEquals("[\"one\"]", r.get("projects").toString());
        assertTrue(Files.exists(cloud.resolve("one/a.md")));
        assertFalse(Files.exists(cloud.resolve("two")));
    }

    @Test
    void dryRunPrintsTheRcloneCommandAndChangesNothing() {
        a.write("w/a.md", "a\n");
        ok(a.bm("sync"));
        a.write("w/b.md", "b\n");
        BmRun r = ok(a.bm("sync", "--dry-run", "--report"));
        assertTrue(r.stderr().contains("bisync"), r::toString);
        assertTrue(r.stderr().contains("--dry-run"), r::toString);
        JsonNode report = Device.json(r);
        assertTrue(report.get("dry_run").asBoolean());
        direction(report.get("to_cloud"), 1, 0, 0);
        assertFalse(Files.exists(cloud.resolve("w/b.md")), "a dry run uploads nothing");
    }

    @Test
    void aStaleRcloneLockLeftByAKilledRunIsRemovedWithOneLine() throws Exception {
        a.write("w/a.md", "a\n");
        ok(a.bm("sync"));
        Path workdir = a.home().resolve("bisync/w");
        String session = a.file("w").toString().substring(1).replace('/', '_') + ".." + cloud.resolve("w").toString()
                .substring(1).replace('/', '_');
        Files.writeString(workdir.resolve(session + ".lck"), "999999");
        a.write("w/b.md", "b\n");
        BmRun r = ok(a.bm("sync"));
        assertTrue(r.stderr().contains("removed a stale rclone lock of w"), r::toString);
        assertTrue(Files.exists(cloud.resolve("w/b.md")));
    }

    @Test
    void reportFileAndDatabaseAgree() throws Exception {
        a.write("w/a.md", "a\n").write("w/b.md", "bb\n");
        BmRun sync = ok(a.bm("sync", "--report"));
        JsonNode printed = Device.json(sync);
        JsonNode file = a.lastReportFile();
        assertEquals(printed, file, "--report prints the stored report");
        BmRun hist = ok(a.bm("sync", "history", "--json"));
        JsonNode history = Device.json(hist);
        assertEquals(1, history.size());
        assertEquals(file, history.get(0));
        List<Map<String, Object>> rows = HistoryDb.query(a.home(), "SELECT * FROM sync_runs");
        assertEquals(1, rows.size());
        Map<String, Object> row = rows.get(0);
        assertEquals(file.get("id").asText(), row.get("id"));
        assertEquals(file.get("status").asText(), row.get("status"));
        assertEquals(file.get("to_cloud").get("created").asInt(), ((Number) row.get("to_cloud_created")).intValue());
        assertEquals(file.get("bytes_transferred").asLong(), ((Number) row.get("bytes_transferred")).longValue());
        assertEquals(5L, file.get("bytes_transferred").asLong());
        for (String field : List.of("id", "timestamp", "duration_seconds", "exit_code", "rclone_exit_code", "success",
                "status", "dry_run", "resync", "profile", "projects", "device_id", "rclone_version", "files_created",
                "files_updated", "files_deleted", "to_cloud", "to_local", "bytes_transferred", "conflicts", "errors",
                "per_project")) {
            assertTrue(file.has(field), "contract field " + field + " in " + file);
        }
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(a.reportFiles().get(0))), "reports are readable by the owner only");
    }

    @Test
    void looseFilesAtTheTopOfTheSyncDirectoryAreNamedNotSynced() {
        a.write("loose.md", "not in a project\n").write("w/a.md", "a\n");
        BmRun r = ok(a.bm("sync"));
        assertTrue(r.stderr().contains("loose.md"), r::toString);
        assertFalse(Files.exists(cloud.resolve("loose.md")));
    }

    @Test
    void noConfigUsesTheDefaultsAndSaysSoInOneLine() {
        Device fresh = new Device("fresh", tmp);
        fresh.env("HOME", tmp.resolve("fresh-user").toString());
        BmRun r = fresh.bm("sync");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(1, r.stderrLines().stream().filter(l -> l.contains("no config")).count(), r::toString);
        assertTrue(Files.isDirectory(tmp.resolve("fresh-user/basic-memory-cloud-sync")), r::toString);
        assertTrue(Files.isDirectory(fresh.home().resolve("cloud")), "the embedded cloud lives under BM_HOME");
    }

    @Test
    void movingToAnotherCloudStartsLikeAFirstSyncInsteadOfFailing() {
        a.write("w/a.md", "a\n");
        ok(a.bm("sync"));
        Path other = tmp.resolve("other-cloud");
        ok(a.bm("cloud", "setup", "--sync-dir", a.syncDir().toString(), "--remote", other.toString()));
        BmRun r = ok(a.bm("sync", "-v"));
        assertTrue(r.stderr().contains("changed since its last sync: starting again like a first sync"), r::toString);
        assertEquals("a\n", Device.tree(other).containsKey("w/a.md") ? "a\n" : "missing");
    }
}
