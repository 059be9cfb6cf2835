package com.basicmemory.bm.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.config.BmHome;

/** The sync backups folder: owner-only, removed when a run kept nothing, old runs pruned. */
class SyncBackupsTest {
    @TempDir
    Path tmp;

    @Test
    void aFolderThatStayedEmptyIsRemovedWithItsStamp() throws Exception {
        BmHome home = new BmHome(tmp);
        Path a = SyncBackups.folder(home, "20260102T030405Z", "a");
        Path b = SyncBackups.folder(home, "20260102T030405Z", "b");
        SyncBackups.prepare(a);
        SyncBackups.prepare(b);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a.getParent())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.syncBackups())));
        Files.createDirectories(b.resolve("sub"));
        Files.writeString(b.resolve("sub/n.md"), "old\n");
        assertEquals(List.of(), SyncBackups.settle(a));
        assertFalse(Files.exists(a));
        assertTrue(Files.exists(a.getParent()), "b kept a file in the same stamp folder");
        assertEquals(List.of("sub/n.md"), SyncBackups.settle(b));
        Files.delete(b.resolve("sub/n.md"));
        assertEquals(List.of(), SyncBackups.settle(b));
        assertFalse(Files.exists(b.getParent()), "the run's stamp folder is removed when nothing was kept");
        assertEquals(List.of(), SyncBackups.settle(tmp.resolve("never-created")));
    }

    @Test
    void stampFoldersOlderThanTheRetentionAreRemoved() throws Exception {
        Path root = tmp.resolve("sync-backups");
        Instant now = Instant.parse("2026-03-31T12:00:00Z");
        Files.createDirectories(root.resolve("20260228T120000Z/w")); // 31 days
        Files.writeString(root.resolve("20260228T120000Z/w/n.md"), "x");
        Files.createDirectories(root.resolve("20260302T120001Z/w")); // just under 30 days
        Files.createDirectories(root.resolve("mine")); // not bm's name
        Files.createDirectories(root.resolve("20000101T000000Z-notes"));
        assertEquals(1, SyncBackups.prune(root, now));
        assertFalse(Files.exists(root.resolve("20260228T120000Z")));
        assertTrue(Files.exists(root.resolve("20260302T120001Z/w")));
        assertTrue(Files.exists(root.resolve("mine")));
        assertTrue(Files.exists(root.resolve("20000101T000000Z-notes")));
        assertEquals(0, SyncBackups.prune(tmp.resolve("absent"), now));
        assertNull(SyncBackups.stampTime("2026-01-01"));
        assertEquals(30, SyncBackups.RETENTION_DAYS);
    }
}
