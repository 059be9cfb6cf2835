package com.basicmemory.bm.sync;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.util.AtomicFiles;

/**
 * The local files a sync deleted or overwrote, kept by rclone 1.66+ ({@code --backup-dir1}) in
 * {@code BM_HOME/sync-backups/<run stamp>/<project>/<path>} instead of being gone: a wrong delete (a cloud folder that
 * vanished and came back holding one file, a device that deleted by mistake) or a wrong overwrite can be undone by
 * copying the file back. rclone 1.60 has no such flag and keeps nothing.
 *
 * <p>rclone creates the folder itself when it moves the first file, and creates nothing on a run that backs up
 * nothing (checked with 1.75.2). bm creates it owner-only beforehand (the notes are private; rclone would create it
 * with the umask's permissions) and removes it again when the run left it empty, so that {@code sync-backups/} holds
 * only runs that kept something. Stamp folders older than {@link #RETENTION_DAYS} are removed at the start of each
 * sync; folders with a name bm did not write are never touched.
 */
final class SyncBackups {
    /** Days a run's backups are kept (docs/sync.md, docs/files.md). */
    static final int RETENTION_DAYS = 30;
    /** The run stamp, as {@code SyncService} writes it (UTC). */
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private SyncBackups() {
    }

    /** The folder of one project in one run. */
    static Path folder(BmHome home, String stamp, String project) {
        return home.syncBackups().resolve(stamp).resolve(project);
    }

    /** Creates the folder (and the missing parents) owner-only, before rclone runs. */
    static void prepare(Path dir) throws IOException {
        AtomicFiles.createPrivateDirectories(dir);
    }

    /**
     * The files (relative to dir, with {@code /}) the run left in dir; when there are none, dir is removed, and its
     * stamp folder too when no other project left anything in it.
     */
    static List<String> settle(Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return files;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .forEach(p -> files.add(dir.relativize(p).toString().replace('\\', '/')));
        }
        if (files.isEmpty()) {
            deleteTree(dir);
            Path stamp = dir.getParent();
            if (stamp != null && isEmpty(stamp)) {
                Files.deleteIfExists(stamp);
            }
        }
        files.sort(Comparator.naturalOrder());
        return files;
    }

    /**
     * Removes the stamp folders under root older than {@link #RETENTION_DAYS} at now; returns how many. A folder whose
     * name is not a run stamp is kept.
     */
    static int prune(Path root, Instant now) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        Instant cutoff = now.minus(Duration.ofDays(RETENTION_DAYS));
        List<Path> old = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                Instant t = stampTime(p.getFileName().toString());
                if (t != null && t.isBefore(cutoff) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    old.add(p);
                }
            }
        }
        for (Path p : old) {
            deleteTree(p);
        }
        return old.size();
    }

    /** The time of a run stamp folder name, or null when the name is not one. */
    static Instant stampTime(String name) {
        try {
            return LocalDateTime.parse(name, STAMP).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            return !ds.iterator().hasNext();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
