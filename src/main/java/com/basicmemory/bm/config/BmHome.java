package com.basicmemory.bm.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.ExitCode;
import com.basicmemory.bm.util.AtomicFiles;

/**
 * {@code BM_HOME} (default {@code ~/.basic-memory}): everything bm writes about itself. The layout is documented in
 * docs/files.md.
 */
public record BmHome(Path root) {

    public static BmHome fromEnvironment() {
        String env = Env.get("BM_HOME");
        Path root = env != null ? Paths.get(expandTilde(env)) : Paths.get(userHome(), ".basic-memory");
        return new BmHome(root.toAbsolutePath().normalize());
    }

    /** The user's home folder: {@code $HOME} like a shell, else the JVM's {@code user.home}. */
    public static String userHome() {
        String h = System.getenv("HOME");
        return h != null && !h.isBlank() ? h : System.getProperty("user.home");
    }

    public static String expandTilde(String path) {
        if (path.equals("~")) {
            return userHome();
        }
        if (path.startsWith("~/")) {
            return userHome() + path.substring(1);
        }
        return path;
    }

    public Path configFile() {
        return root.resolve("config.json");
    }

    public Path lockFile() {
        return root.resolve("sync.lock");
    }

    /** Held by a running {@code bm sync --watch}: one watcher per device. */
    public Path watchLockFile() {
        return root.resolve("watch.lock");
    }

    public Path historyDir() {
        return root.resolve("sync-history");
    }

    public Path database() {
        return root.resolve("bm.db");
    }

    public Path migrationLock() {
        return root.resolve("bm.db.migrate-lock");
    }

    /** rclone {@code --workdir} of one project: its bisync listings and rclone's own lock. */
    public Path bisyncWorkdir(String project) {
        return root.resolve("bisync").resolve(project);
    }

    public Path filtersFile(String project) {
        return root.resolve("filters").resolve(project + ".filters");
    }

    /** The embedded default cloud: a local folder, so bm works with no account and no network. */
    public Path embeddedCloud() {
        return root.resolve("cloud");
    }

    public Path resyncBackups() {
        return root.resolve("resync-backups");
    }

    /**
     * {@code sync-backups/<run stamp>/<project>/<path>}: the local files a sync deleted or overwrote (rclone 1.66+
     * {@code --backup-dir1}); stamp folders older than {@code SyncBackups.RETENTION_DAYS} are removed.
     */
    public Path syncBackups() {
        return root.resolve("sync-backups");
    }

    public Path logsDir() {
        return root.resolve("logs");
    }

    /** rclone's raw output while it runs (removed after each run; a killed run leaves it to the next). */
    public Path runDir() {
        return root.resolve("run");
    }

    public Path deviceIdFile() {
        return root.resolve("device-id");
    }

    public Path rcloneVersionCache() {
        return root.resolve("rclone-version.json");
    }

    /** Creates BM_HOME (owner-only) or fails with one clear line when it cannot be written. */
    public BmHome ensureExists() {
        try {
            AtomicFiles.createPrivateDirectories(root);
        } catch (IOException e) {
            throw new BmException(ExitCode.FAILED, "cannot create BM_HOME " + root + ": " + describe(e),
                    "set BM_HOME to a writable folder", e);
        }
        if (!Files.isWritable(root)) {
            if (readOnlyFileSystem(root)) {
                throw new BmException(ExitCode.FAILED, "BM_HOME " + root + " is on a read-only file system",
                        "remount it read-write or set BM_HOME to a writable folder", null);
            }
            throw new BmException(ExitCode.FAILED, "BM_HOME " + root + " is not writable",
                    "fix its permissions or set BM_HOME to a writable folder", null);
        }
        return this;
    }

    private static boolean readOnlyFileSystem(Path p) {
        try {
            return Files.getFileStore(p).isReadOnly();
        } catch (IOException e) {
            return false;
        }
    }

    /** True when the file system holding {@code p} has no space left. */
    public static boolean diskFull(Path p) {
        try {
            return Files.getFileStore(p).getUsableSpace() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    public static String describe(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied" + (m != null ? " (" + m + ")" : "");
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or folder" + (m != null ? " (" + m + ")" : "");
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + (fse.getFile() != null ? " (" + fse.getFile() + ")" : "");
        }
        return m != null ? m : kind;
    }
}
