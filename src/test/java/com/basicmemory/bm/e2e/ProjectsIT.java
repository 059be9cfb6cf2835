package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.testing.BmRun;
import com.basicmemory.bm.testing.Device;
import com.fasterxml.jackson.databind.JsonNode;

/** Projects, selective sync, per-project profiles and filters, and `bm cloud check`, with the real rclone. */
class ProjectsIT {
    @TempDir
    Path tmp;
    Path cloud;
    Device a;

    @BeforeEach
    void setUp() {
        cloud = tmp.resolve("cloud");
        a = new Device("a", tmp).setup(cloud.toString());
    }

    static BmRun ok(BmRun r) {
        assertEquals(0, r.exitCode(), () -> "expected exit 0: " + r);
        return r;
    }

    @Test
    void anExcludedProjectsFilesNeverReachTheCloud() {
        a.write("work/a.md", "a\n").write("secret/diary.md", "private\n");
        ok(a.bm("project", "exclude", "secret"));
        JsonNode r = Device.json(ok(a.bm("sync", "--report")));
        assertEquals("[\"work\"]", r.get("projects").toString());
        assertFalse(Files.exists(cloud.resolve("secret")), "excluded: nothing uploaded");
        BmRun named = a.bm("sync", "--project", "secret");
        assertEquals(2, named.exitCode(), named::toString);
        assertTrue(named.stderr().contains("project 'secret' is excluded from sync"), named::toString);
        JsonNode list = Device.json(ok(a.bm("project", "list", "--json")));
        JsonNode secret = find(list, "secret");
        assertFalse(secret.get("included").asBoolean());
        assertTrue(find(list, "work").get("included").asBoolean());
        assertEquals("success", find(list, "work").get("last_sync").get("status").asText());
        assertTrue(secret.get("last_sync").isNull());

        ok(a.bm("project", "include", "secret"));
        ok(a.bm("sync"));
        assertEquals("private\n", Device.tree(cloud).containsKey("secret/diary.md") ? "private\n" : "missing");
    }

    static JsonNode find(JsonNode list, String name) {
        for (JsonNode n : list) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError(name + " not in " + list);
    }

    @Test
    void ignorePatternChangesTakeEffectOnTheNextSyncWithoutMustResync() {
        a.write("work/a.md", "a\n").write("work/b.md", "b\n").write("work/drafts/d.md", "draft\n");
        ok(a.bm("project", "ignore", "work", "drafts/"));
        ok(a.bm("sync"));
        assertFalse(Files.exists(cloud.resolve("work/drafts/d.md")), "ignored files are not uploaded");
        assertTrue(Files.exists(cloud.resolve("work/a.md")));

        // a delete made before the filters change must not be undone by the resync the change needs
        a.delete("work/b.md");
        ok(a.bm("project", "ignore", "work", "--remove", "drafts/"));
        JsonNode r = Device.json(ok(a.bm("sync", "--report")));
        assertEquals("success", r.get("status").asText(), r::toString);
        assertTrue(Files.exists(cloud.resolve("work/drafts/d.md")), "no longer ignored: uploaded");
        assertFalse(Files.exists(cloud.resolve("work/b.md")), "the earlier delete reached the cloud");
        assertFalse(Files.exists(a.file("work/b.md")), "and was not resurrected locally");
        assertTrue(r.get("per_project").get(0).get("resync").asBoolean());

        ok(a.bm("project", "ignore", "--global", "*.tmp"));
        a.write("work/x.tmp", "tmp\n");
        ok(a.bm("sync"));
        assertFalse(Files.exists(cloud.resolve("work/x.tmp")), "global ignore applies to every project");
        ok(a.bm("project", "only", "work", "*.md"));
        a.write("work/pic.png", "png\n");
        ok(a.bm("sync"));
        assertFalse(Files.exists(cloud.resolve("work/pic.png")), "only *.md is synced");
        assertTrue(Files.exists(cloud.resolve("work/a.md")));
    }

    @Test
    void maxDeleteDiffersByProjectProfileAndOneAbortDoesNotStopTheOther() {
        for (int i = 1; i <= 10; i++) {
            a.write("precious/n" + i + ".md", "p" + i + "\n").write("scratch/n" + i + ".md", "s" + i + "\n");
        }
        ok(a.bm("project", "profile", "precious", "safe"));
        ok(a.bm("project", "profile", "scratch", "fast"));
        ok(a.bm("sync"));
        for (int i = 1; i <= 3; i++) {
            a.delete("precious/n" + i + ".md").delete("scratch/n" + i + ".md");
        }
        BmRun r = a.bm("sync", "--report");
        assertEquals(5, r.exitCode(), r::toString);
        JsonNode report = Device.json(r);
        assertEquals("max_delete_abort", report.get("status").asText());
        Map<String, String> cloudTree = Device.tree(cloud);
        assertTrue(cloudTree.containsKey("precious/n1.md"), "safe: 30% > 10% and 3 > allowance 2: nothing deleted");
        assertFalse(cloudTree.containsKey("scratch/n1.md"), "fast: 30% is within 50%: deleted");
        JsonNode precious = report.get("per_project").get(0);
        assertEquals("precious", precious.get("project").asText());
        assertEquals("safe", precious.get("profile").asText());
        assertEquals("max_delete_abort", precious.get("status").asText());
        JsonNode scratch = report.get("per_project").get(1);
        assertEquals("fast", scratch.get("profile").asText());
        assertEquals("success", scratch.get("status").asText());
        assertEquals(3, scratch.get("to_cloud").get("deleted").asInt());
        assertTrue(r.stderr().contains("precious: max_delete_abort"), r::toString);
        assertTrue(r.stderr().contains("scratch: success"), r::toString);
    }

    @Test
    void aProjectWithBrokenStateDoesNotBlockTheOthersAndTheExitCodeIsTheMostSevere() throws Exception {
        a.write("one/a.md", "a\n").write("two/b.md", "b\n");
        ok(a.bm("sync"));
        try (var s = Files.list(a.home().resolve("bisync/one"))) {
            for (Path lst : s.filter(p -> p.toString().endsWith(".path1.lst")).toList()) {
                Files.writeString(lst, ""); // an empty prior listing: rclone demands --resync
            }
        }
        a.write("one/new.md", "n\n").write("two/new.md", "n\n");
        BmRun r = a.bm("sync", "--report");
        assertEquals(4, r.exitCode(), r::toString);
        JsonNode report = Device.json(r);
        assertEquals("needs_resync", report.get("per_project").get(0).get("status").asText());
        assertEquals("success", report.get("per_project").get(1).get("status").asText());
        assertTrue(Files.exists(cloud.resolve("two/new.md")), "the healthy project synced");
        assertTrue(r.stderr().contains("bm sync --resync --project one"), r::toString);
    }

    @Test
    void cloudCheckFindsExactlyTheKnownDifferencesIncludingOnesBisyncCannotSee() throws Exception {
        a.write("w/same.md", "same\n").write("w/edit.md", "AAAA\n").write("w/keep.md", "keep\n");
        ok(a.bm("sync"));
        BmRun clean = a.bm("cloud", "check", "--json");
        assertEquals(0, clean.exitCode(), clean::toString);
        assertTrue(Device.json(clean).get("in_sync").asBoolean());
        // same size, same modification time, different content: bisync (size + time) cannot see it
        FileTime t = Files.getLastModifiedTime(cloud.resolve("w/edit.md"));
        Files.writeString(cloud.resolve("w/edit.md"), "BBBB\n");
        Files.setLastModifiedTime(cloud.resolve("w/edit.md"), t);
        a.write("w/only-local.md", "l\n");
        Files.writeString(cloud.resolve("w/only-cloud.md"), "c\n");
        BmRun r = a.bm("cloud", "check", "--json");
        assertEquals(1, r.exitCode(), r::toString);
        JsonNode j = Device.json(r);
        assertFalse(j.get("in_sync").asBoolean());
        JsonNode w = j.get("projects").get(0);
        assertEquals("[\"w/only-local.md\"]", w.get("only_local").toString());
        assertEquals("[\"w/only-cloud.md\"]", w.get("only_cloud").toString());
        assertEquals("[\"w/edit.md\"]", w.get("differing").toString());
        assertEquals(2, w.get("matching").asInt());
        JsonNode oneWay = Device.json(a.bm("cloud", "check", "--one-way", "--json"));
        assertEquals("[]", oneWay.get("projects").get(0).get("only_cloud").toString());
        BmRun text = a.bm("cloud", "check");
        assertEquals(1, text.exitCode());
        assertTrue(text.stdout().contains("differing: w/edit.md"), text::toString);
        BmRun bad = a.bm("cloud", "check", "--project", "nope");
        assertEquals(2, bad.exitCode(), bad::toString);
    }

    @Test
    void aProjectNestedInAnotherThroughASymlinkIsRefused() throws Exception {
        a.write("notes/sub/x.md", "x\n");
        Files.createSymbolicLink(a.file("alias"), a.file("notes/sub"));
        BmRun r = a.bm("sync");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("project 'alias' is nested in project 'notes'"), r::toString);
        assertFalse(Files.exists(cloud.resolve("notes")), "nothing synced");
    }

    @Test
    void aNewSyncDirectoryInsideTheCurrentOneIsRefused() {
        a.write("work/a.md", "a\n");
        BmRun r = a.bm("cloud", "setup", "--sync-dir", a.file("work").toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("inside the current sync directory"), r::toString);
    }

    @Test
    void projectCommandsRejectUnknownProjectsAndBadValues() {
        a.write("work/a.md", "a\n");
        assertEquals(2, a.bm("project", "exclude", "nope").exitCode());
        assertEquals(2, a.bm("project", "profile", "work", "turbo").exitCode());
        assertEquals(2, a.bm("project", "ignore", "work").exitCode());
        assertEquals(2, a.bm("project", "ignore", "work", "--remove", "not-there").exitCode());
        assertEquals(2, a.bm("project", "only", "work").exitCode());
        BmRun list = ok(a.bm("project", "list"));
        assertTrue(list.stdout().contains("work"), list::toString);
    }
}
