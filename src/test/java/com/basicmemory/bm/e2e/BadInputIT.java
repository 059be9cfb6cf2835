package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.testing.BmRun;
import com.basicmemory.bm.testing.Device;

/** Every bad input: one clear line on stderr, the contract's exit code, no stack trace, nothing changed. */
class BadInputIT {
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

    /** Asserts the exit code, one stderr line starting with "bm: " and containing {@code expected}. */
    static void oneLine(BmRun r, int exit, String expected) {
        assertEquals(exit, r.exitCode(), r::toString);
        assertEquals(1, r.stderrLines().size(), () -> "exactly one line on stderr: " + r);
        String line = r.stderrLines().get(0);
        assertTrue(line.startsWith("bm: "), r::toString);
        assertTrue(line.contains(expected), () -> "expected '" + expected + "' in: " + r);
        assertFalse(r.stderr().contains("Exception") || r.stderr().contains("\tat "), () -> "stack trace: " + r);
        assertEquals("", r.stdout(), "stdout carries results only");
    }

    @Test
    void badSinceValueExits2WithOneLine() {
        oneLine(a.bm("sync", "history", "--since", "yesterday"), 2, "invalid --since 'yesterday'");
        oneLine(a.bm("sync", "history", "--since", "7x"), 2, "invalid --since '7x'");
        oneLine(a.bm("sync", "history", "--since", "2026-13-01"), 2, "invalid --since");
    }

    @Test
    void badStatsAndMaintenanceInputExits2WithOneLine() {
        oneLine(a.bm("stats", "--since", "yesterday"), 2, "invalid --since 'yesterday'");
        oneLine(a.bm("stats", "--since", "2099-01-01"), 2, "--since 2099-01-01 is in the future");
        oneLine(a.bm("stats", "--project", "../etc"), 2, "invalid project name");
        oneLine(a.bm("stats", "--prometheus", "-", "--json"), 2, "choose one");
        oneLine(a.bm("sync", "history", "show", "nope00"), 2, "no sync run with id 'nope00'");
        oneLine(a.bm("sync", "history", "--rebuild", "--since", "7d"), 2, "--since lists runs");
        oneLine(a.bm("sync", "history", "--rebuild", "--prune", "90d"), 2, "mutually exclusive");
        oneLine(a.bm("sync", "history", "--prune", "soon"), 2, "invalid --prune 'soon'");
        oneLine(a.bm("sync", "history", "--prune", "2099-01-01"), 2, "in the future");
    }

    @Test
    void badLimitAndStatusExit2() {
        oneLine(a.bm("sync", "history", "--limit", "0"), 2, "invalid --limit");
        oneLine(a.bm("sync", "history", "--limit", "many"), 2, "--limit");
        oneLine(a.bm("sync", "history", "--status", "great"), 2, "unknown --status 'great'");
    }

    @Test
    void unknownProjectExits2AndNamesTheKnownOnes() {
        BmRun r = a.bm("sync", "--project", "nope");
        oneLine(r, 2, "unknown project 'nope'");
        assertTrue(r.stderr().contains("w"), r::toString);
        assertFalse(Files.exists(cloud.resolve("w")), "nothing synced");
        assertEquals(2, a.lastReportFile().get("exit_code").asInt(), "the refused run is recorded");
    }

    @Test
    void invalidProjectNameExits2() {
        oneLine(a.bm("sync", "--project", "../etc"), 2, "invalid project name");
    }

    @Test
    void missingRcloneExits2WithOneLine() {
        a.env("BM_RCLONE", tmp.resolve("no/such/rclone").toString());
        oneLine(a.bm("sync"), 2, "rclone not found");
        assertFalse(Files.exists(cloud.resolve("w")));
    }

    @Test
    void aProgramThatIsNotRcloneExits2() throws Exception {
        Path fake = tmp.resolve("fake-rclone");
        Files.writeString(fake, "#!/bin/sh\necho hello\n");
        fake.toFile().setExecutable(true);
        a.env("BM_RCLONE", fake.toString());
        oneLine(a.bm("sync"), 2, "is not a working rclone");
    }

    @Test
    void tooOldRcloneExits2() throws Exception {
        Path fake = tmp.resolve("old-rclone");
        Files.writeString(fake, "#!/bin/sh\necho 'rclone v1.57.0'\n");
        fake.toFile().setExecutable(true);
        a.env("BM_RCLONE", fake.toString());
        oneLine(a.bm("sync"), 2, "too old");
    }

    @Test
    void unknownOptionAndBadProfileExit2() {
        oneLine(a.bm("sync", "--bogus"), 2, "Unknown option: '--bogus'");
        oneLine(a.bm("sync", "--profile", "turbo"), 2, "unknown profile 'turbo'");
        oneLine(a.bm(), 2, "a command is required");
        oneLine(a.bm("frobnicate"), 2, "frobnicate");
    }

    @Test
    void corruptConfigExits2AndIsNotOverwritten() throws Exception {
        Path config = a.home().resolve("config.json");
        Files.writeString(config, "{ \"sync_dir\": ");
        oneLine(a.bm("sync"), 2, "config file " + config + " is unusable");
        assertEquals("{ \"sync_dir\": ", Files.readString(config));
        BmRun history = a.bm("sync", "history", "--json");
        assertEquals(0, history.exitCode(), () -> "history needs no config: " + history);
    }

    @Test
    void syncDirectoryThatIsTheMountDirectoryIsRefused() {
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
    void homeFolderAsSyncDirectoryIsRefused() {
        Device m = new Device("m", tmp).env("HOME", tmp.toString());
        oneLine(m.bm("cloud", "setup", "--sync-dir", tmp.toString()), 2, "home folder");
    }

    @Test
    void emptyRemoteAndCloudInsideSyncDirAreRefused() {
        Device m = new Device("m", tmp);
        oneLine(m.bm("cloud", "setup", "--sync-dir", tmp.resolve("s").toString(), "--remote", ""), 2,
                "--remote must not be empty");
        oneLine(m.bm("cloud", "setup", "--sync-dir", tmp.resolve("s").toString(), "--remote",
                tmp.resolve("s/cloud").toString()), 2, "overlaps the sync directory");
        oneLine(m.bm("cloud", "setup", "--sync-dir", tmp.resolve("s").toString(), "--remote", "nosuchremote:bucket"),
                2, "rclone has no remote named 'nosuchremote'");
    }

    @Test
    void configuredSyncDirectoryThatVanishedIsNotRecreated() throws Exception {
        Map<String, String> before = Device.tree(cloud);
        Files.walk(a.syncDir()).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        oneLine(a.bm("sync"), 2, "does not exist");
        assertFalse(Files.exists(a.syncDir()));
        assertEquals(before, Device.tree(cloud));
    }
}
