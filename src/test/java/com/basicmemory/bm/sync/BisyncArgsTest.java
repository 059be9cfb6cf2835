package com.basicmemory.bm.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.basicmemory.bm.rclone.RcloneVersion;

/** The rclone arguments bm passes, per rclone version: only flags that version knows. */
class BisyncArgsTest {
    static final BisyncArgs ARGS = new BisyncArgs("/s/work", "s3:b/work", Path.of("/h/bisync/work"),
            Path.of("/h/filters/work.filters"), Profile.BALANCED, 25, false, false, false, false);

    static RcloneVersion v(String s) {
        return RcloneVersion.parse("rclone " + s).orElseThrow();
    }

    @Test
    void rclone160GetsOnlyTheFlagsItKnows() {
        List<String> a = ARGS.toArgs(v("v1.60.1-DEV"));
        assertEquals(List.of("bisync", "/s/work", "s3:b/work", "--workdir", "/h/bisync/work", "--filters-file",
                "/h/filters/work.filters", "--max-delete", "25", "-v", "--use-json-log"), a);
    }

    @Test
    void rclone166GetsTheConflictPolicyOfTheProfileAndRecover() {
        List<String> a = ARGS.toArgs(v("v1.66.0"));
        assertTrue(String.join(" ", a).contains("--conflict-resolve path2 --conflict-loser num --conflict-suffix"
                + " conflict-local,conflict-cloud --suffix-keep-extension"), a::toString);
        assertTrue(a.contains("--recover"));
        assertTrue(a.contains("--resilient"));
        assertTrue(String.join(" ", a).contains("--color NEVER"));
    }

    @Test
    void eachProfileMapsToItsConflictPolicy() {
        assertEquals("none", Profile.SAFE.conflictPolicy().rcloneResolve());
        assertEquals("path2", Profile.BALANCED.conflictPolicy().rcloneResolve());
        assertEquals("newer", Profile.FAST.conflictPolicy().rcloneResolve());
        assertEquals(10, Profile.SAFE.maxDeletePercent());
        assertEquals(25, Profile.BALANCED.maxDeletePercent());
        assertEquals(50, Profile.FAST.maxDeletePercent());
    }

    @Test
    void rclone164HasResilientButNoConflictResolve() {
        List<String> a = ARGS.toArgs(v("v1.64.2"));
        assertTrue(a.contains("--resilient"));
        assertFalse(a.contains("--conflict-resolve"));
        assertFalse(a.contains("--recover"));
    }

    @Test
    void resyncDryRunForceAndLiveStatsAreAppended() {
        BisyncArgs b = new BisyncArgs("/p1", "/p2", Path.of("/w"), Path.of("/f"), Profile.SAFE, 100, true, true, true,
                true);
        List<String> a = b.toArgs(v("v1.60.1"));
        assertTrue(String.join(" ", a).endsWith("--stats 1s --resync --dry-run --force"), a::toString);
        assertTrue(String.join(" ", a).contains("--max-delete 100"));
    }

    @Test
    void backupDir1OnlyOnRclone166AndNeverOnADryRun() {
        Path dir = Path.of("/h/sync-backups/20260101T000000Z/work");
        BisyncArgs b = new BisyncArgs("/p1", "/p2", Path.of("/w"), Path.of("/f"), Profile.SAFE, 10, false, false, false,
                false, Limits.NONE, dir);
        assertTrue(String.join(" ", b.toArgs(v("v1.66.0"))).contains("--backup-dir1 " + dir));
        assertFalse(b.toArgs(v("v1.75.2")).contains("--backup-dir2"));
        assertFalse(b.toArgs(v("v1.65.2")).contains("--backup-dir1"));
        BisyncArgs dry = new BisyncArgs("/p1", "/p2", Path.of("/w"), Path.of("/f"), Profile.SAFE, 10, false, true,
                false, false, Limits.NONE, dir);
        assertFalse(dry.toArgs(v("v1.75.2")).contains("--backup-dir1"));
        assertFalse(ARGS.toArgs(v("v1.75.2")).contains("--backup-dir1"));
        assertTrue(v("v1.66.0").hasBackupDirs());
        assertFalse(v("v1.60.1").hasBackupDirs());
    }

    @Test
    void versionCapabilities() {
        assertEquals(2, v("v1.60.1-DEV").mustResyncExitCode());
        assertEquals(7, v("v1.69.0").mustResyncExitCode());
        assertTrue(v("v1.60.1").oldConflictNames());
        assertFalse(v("v1.71.0").oldConflictNames());
        assertTrue(v("v1.59.0").compareTo(RcloneVersion.MINIMUM) < 0);
        assertEquals("v1.71.0-beta.8000", v("v1.71.0-beta.8000").raw());
        assertTrue(RcloneVersion.parse("hello").isEmpty());
    }
}
