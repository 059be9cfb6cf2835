package com.basicmemory.bm.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes a file so that readers see either the old or the whole new content, never a torn one. */
public final class AtomicFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private AtomicFiles() {
    }

    public static void write(Path target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Temp file in the same folder, fsync, owner-only permissions, then an atomic rename. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, true);
    }

    /**
     * Like {@link #write(Path, String)}, with the default permissions of new files (the umask) instead of owner-only:
     * for files another user's program reads (a metrics file for node_exporter). The temp file's name starts with a
     * dot and does not end like the target, so collectors that read {@code *.prom} never see it.
     */
    public static void writeShared(Path target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8), false);
    }

    private static void write(Path target, byte[] content, boolean ownerOnly) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                if (ownerOnly) {
                    ownerOnly(tmp);
                }
                ch.write(java.nio.ByteBuffer.wrap(content));
                ch.force(true);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Renames {@code from} over {@code to}, atomically where the file system can. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Reports and the database hold paths and file names: readable by the owner only. */
    public static void ownerOnly(Path file) {
        if (!POSIX) {
            return;
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(
                    Files.isDirectory(file) ? "rwx------" : "rw-------"));
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: a file system without POSIX permissions
        }
    }

    /** Creates a folder and its missing parents, each readable by the owner only (those that exist are kept). */
    public static Path createPrivateDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                createPrivateDirectories(parent);
            }
            Files.createDirectories(dir);
            ownerOnly(dir);
        }
        return dir;
    }
}
