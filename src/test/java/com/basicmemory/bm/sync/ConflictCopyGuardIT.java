package com.basicmemory.bm.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.report.Conflict;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.testing.Device;
import com.basicmemory.bm.testing.InProcessDevice;

/**
 * rclone up to 1.65 moves the versions of a file that conflicts again over the copies of its earlier conflict
 * ({@code X..path1}, {@code X..path2}) on both sides; found by the two-device soak. bm keeps them. The other device
 * is played by writing into the cloud folder directly.
 */
class ConflictCopyGuardIT {
    @TempDir
    Path tmp;
    Path cloud;
    InProcessDevice a;

    @BeforeEach
    void setUp() throws Exception {
        cloud = tmp.resolve("cloud");
        a = new InProcessDevice("a", tmp, cloud.toString());
        write(a.syncDir().resolve("w/f.md"), "first\n", 0);
        write(a.syncDir().resolve("w/g.md"), "other\n", 0);
        write(a.syncDir().resolve("w/h.md"), "third\n", 0);
        assertEquals(0, a.sync().exitCode());
    }

    private static void write(Path p, String content, int secondsAhead) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().plusSeconds(secondsAhead)));
    }

    private Set<String> contents(Path root) throws Exception {
        Set<String> out = new HashSet<>();
        for (Path p : Device.tree(root).keySet().stream().map(root::resolve).toList()) {
            out.add(Files.readString(p));
        }
        return out;
    }

    private boolean oldNames(SyncReport r) {
        return r.rcloneVersion() != null && r.rcloneVersion().matches("v1\\.(6[0-5])\\..*");
    }

    @Test
    void aFileThatConflictsAgainKeepsTheCopiesOfItsEarlierConflict() throws Exception {
        write(a.syncDir().resolve("w/f.md"), "local one\n", 5);
        write(cloud.resolve("w/f.md"), "cloud one, longer\n", 5);
        SyncReport first = a.sync(false, true);
        assertEquals(0, first.exitCode(), first::toString);
        if (!oldNames(first)) {
            return; // rclone 1.66+ numbers its copies: nothing to keep
        }
        assertEquals(List.of(new Conflict("w/f.md", List.of("w/f.md..path1", "w/f.md..path2"))), first.conflicts());

        // the same note is written again on both sides, and edited in the cloud's copy of the earlier local version
        write(a.syncDir().resolve("w/f.md"), "local two\n", 10);
        write(cloud.resolve("w/f.md"), "cloud two, longer still\n", 10);
        write(cloud.resolve("w/f.md..path1"), "local one, edited on another device\n", 10);
        SyncReport second = a.sync(false, true);
        assertEquals(0, second.exitCode(), second::toString);

        Set<String> local = contents(a.syncDir());
        for (String c : List.of("local one\n", "cloud one, longer\n", "local one, edited on another device\n",
                "local two\n", "cloud two, longer still\n")) {
            assertTrue(local.contains(c), () -> "'" + c.strip() + "' was lost: " + a.tree().keySet());
        }
        Conflict f = second.conflicts().stream().filter(c -> c.path().equals("w/f.md")).findFirst().orElseThrow();
        assertTrue(f.files().containsAll(List.of("w/f.md..path1", "w/f.md..path2", "w/f.conflict-cloud1.md")),
                f::toString);
        assertTrue(second.perProject().get(0).notes().stream().anyMatch(n -> n.contains("overwrote the earlier"
                + " conflict copy w/f.md..path2")), () -> second.perProject().get(0).notes().toString());
        assertEquals(false, Files.exists(a.home().root().resolve("run/conflict-stash/w")), "nothing left aside");

        assertEquals(0, a.sync().exitCode());
        Map<String, String> remote = Device.tree(cloud);
        remote.keySet().removeIf(k -> k.startsWith(".bm/"));
        assertEquals(a.tree(), remote, "the kept versions reach the cloud with the next sync");
    }
}
