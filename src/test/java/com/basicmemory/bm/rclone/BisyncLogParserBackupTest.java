package com.basicmemory.bm.rclone;

import static com.basicmemory.bm.rclone.BisyncLogParser175Test.expected;
import static com.basicmemory.bm.rclone.BisyncLogParser175Test.fixtures;
import static com.basicmemory.bm.rclone.BisyncLogParser175Test.run;
import static com.basicmemory.bm.rclone.BisyncLogParser175Test.stderr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link BisyncLogParser} over the real rclone 1.75.2 runs with {@code --backup-dir1} (fixtures 90-96 of
 * {@code fixtures/rclone-1.75/}, set K of {@code capture-fixtures-1.75.sh}; {@code backup_after.txt} lists what the
 * backup folder held after the run). A Path1 file that bisync deletes or overwrites is moved into the folder:
 * {@code x: Moved (server-side)} then {@code x: Moved into backup dir} (a delete, no {@code Deleted} line) or
 * {@code x: Copied (new)} (an update, although rclone says "new"); on another file system rclone copies into the
 * folder and deletes ({@code Copied (new)}, {@code Deleted}, then the same two endings). The moves themselves are no
 * transfers. Every scenario is also checked against what happened on disk by {@link BisyncLogParser175Test}.
 */
class BisyncLogParserBackupTest {

    static List<String> backupAfter(String scenario) throws IOException {
        return Files.readAllLines(fixtures().resolve(scenario).resolve("backup_after.txt"), StandardCharsets.UTF_8);
    }

    private static Changes applied(String scenario, String side) {
        var n = expected(scenario).path("applied_changes").path(side);
        return new Changes(n.path("created").asInt(), n.path("updated").asInt(), n.path("deleted").asInt());
    }

    @Test
    void aFileDeletedInPath2IsMovedIntoTheBackupFolderAndCountsAsADelete() throws IOException {
        assertTrue(stderr("90-bm-backup-delete-from-path2").stream().noneMatch(l -> l.contains("\"Deleted\"")));
        assertEquals(new Changes(0, 0, 1), run("90-bm-backup-delete-from-path2").toPath1());
        assertEquals(Changes.NONE, run("90-bm-backup-delete-from-path2").toPath2());
        assertEquals(List.of("n1.md: # n1"), backupAfter("90-bm-backup-delete-from-path2"));
    }

    @Test
    void aFileOverwrittenFromPath2IsAnUpdateNotACreation() throws IOException {
        assertEquals(new Changes(0, 1, 0), run("91-bm-backup-overwrite-from-path2").toPath1());
        assertEquals(List.of("n2.md: # n2"), backupAfter("91-bm-backup-overwrite-from-path2"),
                "the old version is kept");
    }

    @Test
    void aConflictLoserIsRenamedNotBackedUp() throws IOException {
        BisyncOutcome o = run("92-bm-backup-conflict");
        assertEquals(List.of(new ConflictEvent("c.md", List.of("c.conflict-local1.md"), "path2")), o.conflicts());
        assertEquals(new Changes(0, 1, 0), o.toPath1());
        assertEquals(new Changes(1, 0, 0), o.toPath2());
        assertEquals(List.of("(no folder)"), backupAfter("92-bm-backup-conflict"));
    }

    @Test
    void allInOneRunJsonAndText() throws IOException {
        BisyncOutcome o = run("93-bm-backup-all-in-one");
        // path1: sub/new2.md new; d.md (winner over the renamed loser) and n4.md (backed up) updated; n3.md backed up
        assertEquals(new Changes(1, 2, 1), o.toPath1());
        assertEquals(applied("93-bm-backup-all-in-one", "path1"), o.toPath1());
        // path2 has no backup folder: new1.md and the loser copy created, n6.md replaced, n5.md deleted
        assertEquals(new Changes(2, 1, 1), o.toPath2());
        assertEquals(List.of("n3.md: # n3", "n4.md: # n4"), backupAfter("93-bm-backup-all-in-one"));
        assertEquals(List.of(new ConflictEvent("d.md", List.of("d.conflict-local1.md"), "path2")), o.conflicts());

        BisyncOutcome text = run("94-bm-backup-text-log");
        assertTrue(stderr("94-bm-backup-text-log").stream().anyMatch(l -> l.endsWith("INFO  : n8.md: Moved (server-side)")));
        assertEquals(new Changes(0, 2, 1), text.toPath1());
        assertEquals(new Changes(1, 0, 0), text.toPath2());
        assertEquals(List.of("n7.md: # n7", "n8.md: # n8"), backupAfter("94-bm-backup-text-log"));
    }

    @Test
    void aBackupFolderOnAnotherFileSystemIsCopiedIntoThenDeleted() throws IOException {
        // rclone cannot rename across file systems: Copied (new) + Deleted of the original, then the real ending
        List<String> log = stderr("95-bm-backup-other-file-system");
        assertEquals(2, log.stream().filter(l -> l.contains("\"Copied (new)\"") && l.contains("\"n10.md\"")).count());
        assertEquals(new Changes(0, 1, 1), run("95-bm-backup-other-file-system").toPath1());
        assertEquals(List.of("n10.md: # n10", "n9.md: # n9"), backupAfter("95-bm-backup-other-file-system"));
    }

    @Test
    void nothingDeletedOrOverwrittenCreatesNoFolder() throws IOException {
        assertEquals(List.of("(no folder)"), backupAfter("96-bm-backup-nothing-to-keep"));
        assertEquals(new Changes(1, 0, 0), run("96-bm-backup-nothing-to-keep").toPath1());
        assertEquals(new Changes(1, 1, 0), run("96-bm-backup-nothing-to-keep").toPath2());
    }
}
