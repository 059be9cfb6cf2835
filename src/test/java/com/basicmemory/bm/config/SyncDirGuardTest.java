package com.basicmemory.bm.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.cli.BmException;

class SyncDirGuardTest {
    @TempDir
    Path tmp;

    BmException refused(Path sync, Path mount, List<Path> mounts) {
        BmException e = assertThrows(BmException.class,
                () -> SyncDirGuard.check(sync, mount, new BmHome(tmp.resolve("home")), mounts));
        assertEquals(2, e.exitCode());
        return e;
    }

    @Test
    void aPlainFolderIsAccepted() {
        assertDoesNotThrow(() -> SyncDirGuard.check(tmp.resolve("notes"), tmp.resolve("mnt"),
                new BmHome(tmp.resolve("home")), List.of()));
    }

    @Test
    void theMountDirectoryItsInsideAndItsParentAreRefused() {
        assertTrue(refused(tmp.resolve("mnt"), tmp.resolve("mnt"), List.of()).getMessage().contains("is the rclone mount"));
        assertTrue(refused(tmp.resolve("mnt/x"), tmp.resolve("mnt"), List.of()).getMessage().contains("inside"));
        assertTrue(refused(tmp, tmp.resolve("mnt"), List.of()).getMessage().contains("contains the rclone mount"));
    }

    @Test
    void aMountedRcloneFileSystemIsRefusedEvenWhenNotConfigured() {
        Path m = tmp.resolve("fuse");
        assertTrue(refused(m, null, List.of(m)).getMessage().contains("is an rclone mount"));
        assertTrue(refused(m.resolve("sub"), null, List.of(m)).getMessage().contains("is inside an rclone mount"));
    }

    @Test
    void aSymlinkIntoTheMountIsSeenThrough() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), mnt);
        refused(link, mnt, List.of());
    }

    @Test
    void bmHomeAndTheFileSystemRootAreRefused() {
        refused(tmp.resolve("home/notes"), null, List.of());
        refused(tmp, null, List.of());
        refused(Path.of("/"), null, List.of());
    }

    @Test
    void theMountTableIsReadWithoutFailing() {
        assertDoesNotThrow(SyncDirGuard::rcloneMounts);
    }

    @Test
    void aProjectThatIsASymlinkLeavingTheSyncDirectoryIsRefused() throws Exception {
        Path sync = Files.createDirectories(tmp.resolve("sync"));
        Files.createDirectories(sync.resolve("real"));
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(sync.resolve("escape"), outside);
        assertDoesNotThrow(() -> SyncDirGuard.checkProjectsApart(sync, List.of("real")));
        BmException e = assertThrows(BmException.class,
                () -> SyncDirGuard.checkProjectsApart(sync, List.of("real", "escape")));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("project 'escape' is a symlink to " + outside.toRealPath()
                + ", outside the sync directory"), e.getMessage());
    }
}
