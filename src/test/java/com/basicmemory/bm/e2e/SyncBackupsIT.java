package com.basicmemory.bm.e2e;

import static com.basicmemory.bm.e2e.SyncLocalCloudIT.direction;
import static com.basicmemory.bm.e2e.SyncLocalCloudIT.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.testing.Device;
import com.basicmemory.bm.testing.Era;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The local files a sync deletes or overwrites: on rclone 1.66+ kept in {@code BM_HOME/sync-backups/<run>/<project>/}
 * ({@code --backup-dir1}), on 1.60 gone. Two devices sharing one cloud folder, the real rclone and launcher.
 */
class SyncBackupsIT {
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

    @Test
    void aNoteDeletedAndOneOverwrittenByAnotherDeviceAreKeptLocallyOn1_66() throws Exception {
        for (int i = 1; i <= 6; i++) {
            a.write("w/n" + i + ".md", "note " + i + "\n");
        }
        a.write("w/gone.md", "the deleted note\n").write("w/sub/edit.md", "before a's edit\n");
        ok(a.bm("sync"));
        ok(b.bm("sync"));
        // an old run's backups (past the 30 days) and a folder bm did not make
        Path backups = b.home().resolve("sync-backups");
        Files.createDirectories(backups.resolve("20000101T000000Z/w"));
        Files.writeString(backups.resolve("20000101T000000Z/w/old.md"), "old\n");
        Files.createDirectories(backups.resolve("mine"));

        a.delete("w/gone.md").edit("w/sub/edit.md", "after a's edit\n");
        ok(a.bm("sync"));
        JsonNode r = Device.json(ok(b.bm("sync", "--report")));
        direction(r.get("to_local"), 0, 1, 1);
        direction(r.get("to_cloud"), 0, 0, 0);
        assertFalse(Files.exists(b.file("w/gone.md")));
        assertEquals("after a's edit\n", b.read("w/sub/edit.md"));
        assertEquals(a.tree(), b.tree());
        assertFalse(Files.exists(backups.resolve("20000101T000000Z")), "older than 30 days: removed");
        assertTrue(Files.isDirectory(backups.resolve("mine")), "a folder bm did not make is kept");
        String notes = r.get("per_project").get(0).get("notes").toString();

        if (!Era.current().modern()) {
            // rclone 1.60 has no --backup-dir1: the deleted and the overwritten versions are gone
            assertEquals(List.of("mine"), stampFolders(backups), "nothing kept on " + Era.current());
            assertFalse(notes.contains("deleted or overwrote"), notes);
            return;
        }
        List<String> stamps = stampFolders(backups);
        assertEquals(2, stamps.size(), stamps::toString); // "mine" and this run's
        Path run = backups.resolve(stamps.get(0).equals("mine") ? stamps.get(1) : stamps.get(0));
        assertEquals("the deleted note\n", Files.readString(run.resolve("w/gone.md")));
        assertEquals("before a's edit\n", Files.readString(run.resolve("w/sub/edit.md")));
        assertEquals(2, Device.tree(run).size(), Device.tree(run)::toString);
        assertTrue(notes.contains("kept 2 local file(s) that this sync deleted or overwrote in " + run.resolve("w")),
                notes);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backups)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run.resolve("w"))));
        // runs that deleted and overwrote nothing locally left no (empty) folder
        assertFalse(Files.exists(a.home().resolve("sync-backups")) && !stampFolders(a.home().resolve("sync-backups"))
                .isEmpty(), "device a never lost a local file");
        ok(b.bm("sync"));
        assertEquals(2, stampFolders(backups).size(), "a sync with nothing to keep adds no folder");
    }

    private static List<String> stampFolders(Path backups) throws Exception {
        if (!Files.isDirectory(backups)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(backups)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
