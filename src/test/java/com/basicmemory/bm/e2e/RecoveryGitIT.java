package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.testing.BmRun;
import com.basicmemory.bm.testing.Device;
import com.basicmemory.bm.testing.HistoryDb;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Git half of recovery: a cloud that keeps no versions (a local folder) and a sync directory that is a real Git
 * repository (the real git). Commits carry fixed dates, and bm runs with {@code TZ=UTC}, so times are exact.
 */
class RecoveryGitIT {
    static final String PLAN = "w/plan [v].md";

    @TempDir
    Path tmp;
    Path cloud;
    Device a;

    @BeforeEach
    void setUp() {
        cloud = tmp.resolve("cloud");
        a = new Device("a", tmp).env("TZ", "UTC").setup(cloud.toString());
    }

    static BmRun ok(BmRun r) {
        assertEquals(0, r.exitCode(), () -> "expected exit 0: " + r);
        assertFalse(r.stderr().contains("Exception"), r::toString);
        return r;
    }

    /** Runs git in {@code dir}; fails the test unless it exits 0; returns stdout. */
    static String git(Path dir, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), () -> "git " + String.join(" ", args) + ":\n" + out);
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String git(String... args) {
        return git(a.syncDir(), Map.of(), args);
    }

    /** Commits everything with author and committer date {@code date} (ISO-8601). */
    void commitAt(String date, String message) {
        Map<String, String> env = new HashMap<>(Map.of("GIT_AUTHOR_DATE", date, "GIT_COMMITTER_DATE", date));
        git(a.syncDir(), env, "add", "-A");
        git(a.syncDir(), env, "commit", "-q", "-m", message);
    }

    /** The pattern of docs/recovery.md: git init in the sync directory, three commits of one note. */
    void history() {
        git("init", "-q");
        git("config", "user.name", "Test");
        git("config", "user.email", "test@example.org");
        a.write(PLAN, "v1\n");
        commitAt("2025-10-03T10:00:00Z", "first plan");
        a.write(PLAN, "v2, longer\n");
        commitAt("2025-10-03T12:00:00Z", "second plan");
        a.write("w/other.md", "unrelated\n");
        commitAt("2025-10-03T13:00:00Z", "another note");
        a.write(PLAN, "v3\n");
        commitAt("2025-10-03T14:00:00Z", "third plan");
    }

    long restores() {
        return ((Number) HistoryDb.query(a.home(), "SELECT count(*) AS n FROM version_restores").get(0).get("n"))
                .longValue();
    }

    @Test
    void withACloudWithoutVersionsTheGitHistoryIsListedAndSaysSo() {
        history();
        JsonNode v = Device.json(ok(a.bm("cloud", "versions", PLAN, "--json")));
        assertEquals("git", v.get("source").asText());
        assertEquals(PLAN, v.get("path").asText());
        assertTrue(v.get("note").asText().contains(cloud + " is a local folder, which keeps no versions"), v::toString);
        List<String> hashes = git("log", "--format=%H", "--", PLAN).lines().toList();
        JsonNode list = v.get("versions");
        assertEquals(3, list.size(), list::toString);
        assertEquals(hashes, List.of(list.get(0).get("version_id").asText(), list.get(1).get("version_id").asText(),
                list.get(2).get("version_id").asText()), "the commits that changed the file, newest first");
        assertEquals("2025-10-03T14:00:00Z", list.get(0).get("time").asText());
        assertEquals("third plan", list.get(0).get("message").asText());
        assertEquals(11, list.get(1).get("size").asInt());
        assertTrue(list.get(0).get("current").asBoolean());
        assertFalse(list.get(1).get("current").asBoolean());

        BmRun text = ok(a.bm("cloud", "versions", PLAN));
        assertTrue(text.stdout().startsWith(PLAN + ": 3 versions in the Git history of "), text::toString);
        assertTrue(text.stdout().contains("2025-10-03 12:00:00"), text::toString);
    }

    @Test
    void restoreTakesTheFileFromTheLastCommitAtOrBeforeTheTimeBacksUpAndRecords() throws Exception {
        history();
        a.edit(PLAN, "uncommitted edit\n");
        List<String> hashes = git("log", "--format=%H", "--", PLAN).lines().toList();

        JsonNode r = Device.json(ok(a.bm("cloud", "restore", PLAN, "--timestamp", "2025-10-03 13:30", "--json")));
        assertEquals("v2, longer\n", a.read(PLAN), "13:30 is after the 12:00 commit, before the 14:00 one");
        assertEquals("git", r.get("source").asText());
        assertEquals(hashes.get(1), r.get("version_id").asText());
        assertEquals("uncommitted edit\n", Files.readString(Path.of(r.get("backup").asText())));

        ok(a.bm("cloud", "restore", PLAN, "--timestamp", "2025-10-03 12:00"));
        assertEquals("v2, longer\n", a.read(PLAN), "a commit exactly at the time counts");
        ok(a.bm("cloud", "restore", PLAN, "--timestamp", "2025-10-03T11:59:59Z"));
        assertEquals("v1\n", a.read(PLAN));
        ok(a.bm("cloud", "restore", PLAN, "--version-id", hashes.get(0).substring(0, 7)));
        assertEquals("v3\n", a.read(PLAN), "a commit hash prefix");

        List<Map<String, Object>> rows = HistoryDb.query(a.home(),
                "SELECT source, version_id, path, project FROM version_restores ORDER BY restored_at_ms");
        assertEquals(4, rows.size(), rows::toString);
        assertEquals(Map.of("source", "git", "version_id", hashes.get(1), "path", PLAN, "project", "w"),
                rows.get(0));
        assertEquals(hashes.get(0), rows.get(3).get("version_id"));
        assertEquals(4, Device.json(ok(a.bm("stats", "--json"))).get("version_restores").asInt());

        BmRun bad = a.bm("cloud", "restore", PLAN, "--timestamp", "2025-10-03 09:59");
        BadInputIT.oneLine(bad, 2, "is before the first version of " + PLAN + " (2025-10-03 10:00:00) in the Git"
                + " history");
        BadInputIT.oneLine(a.bm("cloud", "restore", PLAN, "--version-id", "deadbeef"), 2, "no version 'deadbeef'");
        assertEquals(4, restores());
    }

    @Test
    void snapshotCommitsAndPushesTheSyncDirectoryWhoseGitFolderIsNeverSynced() throws Exception {
        history();
        Path bare = tmp.resolve("remote.git");
        git(tmp, Map.of(), "init", "-q", "--bare", bare.toString());
        git("remote", "add", "origin", bare.toString());
        git("push", "-q", "-u", "origin", "HEAD");
        a.write("w/new.md", "new note\n").write("x/idea.md", "idea\n");

        BmRun r = ok(a.bm("git", "snapshot", "--push"));
        assertTrue(r.stdout().matches("committed [0-9a-f]{12} \\(2 files\\): bm snapshot .*; pushed\\n"), r::toString);
        assertEquals("", git("status", "--porcelain"));
        String head = git("rev-parse", "HEAD").strip();
        assertEquals(head, git(bare, Map.of(), "rev-parse", "HEAD").strip(), "pushed");
        assertTrue(git("log", "-1", "--format=%s").startsWith("bm snapshot "));
        assertEquals("nothing to commit in " + a.syncDir().toRealPath() + "\n", ok(a.bm("git", "snapshot")).stdout());

        ok(a.bm("sync"));
        assertTrue(Files.isRegularFile(cloud.resolve("w/new.md")));
        assertFalse(Device.tree(cloud).keySet().stream().anyMatch(p -> p.startsWith(".git") || p.contains("/.git/")),
                "the .git folder is not a project and is never synced: " + Device.tree(cloud).keySet());
        JsonNode v = Device.json(ok(a.bm("cloud", "versions", "w/new.md", "--json")));
        assertEquals(head, v.get("versions").get(0).get("version_id").asText());
    }

    @Test
    void aCloudWithoutVersionsAndNoGitExits2WithOneLineAndChangesNothing() throws Exception {
        a.write("w/n.md", "note\n");
        ok(a.bm("sync"));
        Map<String, String> tree = a.tree();
        BadInputIT.oneLine(a.bm("cloud", "versions", "w/n.md"), 2, "the cloud " + cloud + " is a local folder, which"
                + " keeps no versions, and the sync directory " + a.syncDir().toRealPath() + " is not a Git repository");
        BadInputIT.oneLine(a.bm("cloud", "restore", "w/n.md", "--timestamp", "2025-10-03 14:30"), 2,
                "is not a Git repository");
        BadInputIT.oneLine(a.bm("git", "snapshot"), 2, "is not a Git repository");
        assertEquals(tree, a.tree());
        assertFalse(Files.exists(a.home().resolve("restore-backups")));
        assertEquals(0, restores());
    }
}
