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

    /**
     * Seed 761789 of the soak: rclone before 1.66 sees a change by modification time alone, and the cloud's copy
     * {@code n.md..path2} of a new conflict is the cloud's {@code n.md} renamed, with its time. When that time is the
     * time the earlier {@code n.md..path2} had (both saved in one tick of the clock), the other device keeps its earlier
     * copy, and its next edit of it overwrote the new one in the cloud: device a's note was lost.
     */
    @Test
    void aCopyThatReplacesAnEarlierOneWithTheSameTimeReachesTheOtherDevice() throws Exception {
        Instant t0 = Instant.now().minusSeconds(60);
        write(a.syncDir().resolve("w/n.md..path2"), "old copy\n", 0);
        Files.setLastModifiedTime(a.syncDir().resolve("w/n.md..path2"), FileTime.from(t0));
        assertEquals(0, a.sync(false, true).exitCode());
        InProcessDevice b = new InProcessDevice("b", tmp, cloud.toString());
        SyncReport first = b.sync();
        assertEquals(0, first.exitCode(), first::toString);
        if (!oldNames(first)) {
            return; // rclone 1.66+ numbers its copies: no copy takes an earlier one's name
        }

        // a writes the note in the same tick as the earlier copy; b writes it too: a conflict on b
        write(a.syncDir().resolve("w/n.md"), "a's note, longer than the old copy\n", 0);
        Files.setLastModifiedTime(a.syncDir().resolve("w/n.md"), FileTime.from(t0));
        assertEquals(0, a.sync(false, true).exitCode());
        write(b.syncDir().resolve("w/n.md"), "b's note\n", 5);
        SyncReport conflict = b.sync(false, true);
        assertEquals(0, conflict.exitCode(), conflict::toString);
        assertTrue(conflict.conflicts().stream().anyMatch(c -> c.path().equals("w/n.md")), conflict::toString);

        // a syncs before b syncs again, then edits the copy n.md..path2 it holds
        assertEquals(0, a.sync(false, true).exitCode());
        write(a.syncDir().resolve("w/n.md..path2"), "a's edit of its copy\n", 10);
        assertEquals(0, a.sync(false, true).exitCode());
        for (InProcessDevice d : List.of(b, a, b, a)) {
            SyncReport r = d.sync(false, true);
            assertEquals(0, r.exitCode(), r::toString);
        }

        Set<String> local = contents(a.syncDir());
        for (String c : List.of("old copy\n", "a's note, longer than the old copy\n", "b's note\n",
                "a's edit of its copy\n")) {
            assertTrue(local.contains(c), () -> "'" + c.strip() + "' was lost: " + a.tree().keySet());
        }
        assertEquals(a.tree(), b.tree(), "both devices hold the same tree");
    }
}
