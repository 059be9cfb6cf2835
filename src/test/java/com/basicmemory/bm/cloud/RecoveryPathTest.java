package com.basicmemory.bm.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.BmHome;

class RecoveryPathTest {
    @TempDir
    Path tmp;
    Path sync;
    BmHome home;

    @BeforeEach
    void setUp() throws Exception {
        sync = Files.createDirectories(tmp.resolve("sync"));
        Files.createDirectories(sync.resolve("work/sub"));
        Files.writeString(sync.resolve("work/sub/a [1].md"), "a");
        home = new BmHome(tmp.resolve("home"));
    }

    RecoveryPath resolve(String arg, Path cwd) {
        return RecoveryPath.resolve(arg, sync, cwd, home);
    }

    String refused(String arg, Path cwd) {
        BmException e = assertThrows(BmException.class, () -> resolve(arg, cwd));
        assertEquals(2, e.exitCode());
        return e.getMessage();
    }

    @Test
    void relativeToTheSyncDirectoryFromOutsideIt() throws Exception {
        RecoveryPath p = resolve("work/sub/a [1].md", tmp);
        assertEquals("work/sub/a [1].md", p.rel());
        assertEquals("work", p.project());
        assertEquals("sub", p.parentRel());
        assertEquals("a [1].md", p.name());
        assertEquals(sync.toRealPath().resolve("work/sub/a [1].md"), p.file());
    }

    @Test
    void relativeToTheCurrentDirectoryInsideIt() {
        RecoveryPath p = resolve("a [1].md", sync.resolve("work/sub"));
        assertEquals("work/sub/a [1].md", p.rel());
        assertEquals("work/gone.md", resolve("../gone.md", sync.resolve("work/sub")).rel(), "need not exist");
        assertEquals("", resolve("work/x.md", sync).parentRel());
    }

    @Test
    void aBackslashIsPartOfTheNameOnLinux() {
        RecoveryPath p = resolve("work/back\\slash dir/a\\b.md", tmp);
        assertEquals("work/back\\slash dir/a\\b.md", p.rel());
        assertEquals("back\\slash dir", p.parentRel());
        assertEquals("a\\b.md", p.name());
    }

    @Test
    void absolutePathsAreTakenAsTheyAre() {
        assertEquals("work/sub/a [1].md", resolve(sync.resolve("work/sub/a [1].md").toString(), tmp).rel());
    }

    @Test
    void outsideTheSyncDirectoryIsRefused() throws Exception {
        assertTrue(refused("/etc/passwd", tmp).contains("is outside the sync directory"));
        assertTrue(refused("../x.md", sync).contains("is outside the sync directory"));
        Files.writeString(tmp.resolve("outside.md"), "o");
        Files.createSymbolicLink(sync.resolve("work/link.md"), tmp.resolve("outside.md"));
        assertTrue(refused("work/link.md", tmp).contains("through a symbolic link"));
        Files.createSymbolicLink(sync.resolve("work/dangling.md"), tmp.resolve("nowhere.md"));
        assertTrue(refused("work/dangling.md", tmp).contains("through a symbolic link"));
        Files.createSymbolicLink(sync.resolve("out"), tmp);
        assertTrue(refused("out/outside.md", tmp).contains("through a symbolic link"));
    }

    @Test
    void notAProjectFileIsRefused() throws Exception {
        Files.writeString(sync.resolve("loose.md"), "l");
        assertTrue(refused("loose.md", tmp).contains("is not inside a project"));
        assertTrue(refused(".git/config", tmp).contains("is not inside a project"));
        assertTrue(refused("work/sub", tmp).contains("is a folder"));
        assertTrue(refused(sync.toString(), tmp).contains("outside the sync directory"));
        assertTrue(refused(" ", tmp).contains("no file given"));
    }
}
