package com.basicmemory.bm.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import com.basicmemory.bm.cli.BmException;

/**
 * Keeps the bisync directory apart from what must never be synced: an {@code rclone mount} of the cloud (syncing a
 * mount of the same cloud would copy the cloud onto itself), the configured mount directory, bm's own home, the
 * user's whole home folder and the file system root.
 */
public final class SyncDirGuard {
    private SyncDirGuard() {
    }

    public static void check(ResolvedConfig config, BmHome home) {
        check(config.syncDir(), config.mountDir(), home, rcloneMounts());
    }

    public static void check(Path syncDir, Path mountDir, BmHome home) {
        check(syncDir, mountDir, home, rcloneMounts());
    }

    static void check(Path syncDir, Path mountDir, BmHome home, List<Path> rcloneMounts) {
        Path sync = real(syncDir);
        Path userHome = real(Paths.get(BmHome.userHome()));
        if (sync.getParent() == null) {
            throw refuse(syncDir, "is the file system root");
        }
        if (sync.equals(userHome)) {
            throw refuse(syncDir, "is your home folder: every folder in it would become a project");
        }
        if (mountDir != null) {
            Path mount = real(mountDir);
            if (sync.equals(mount)) {
                throw refuse(syncDir, "is the rclone mount directory; mount and bisync directories must stay separate");
            }
            if (sync.startsWith(mount)) {
                throw refuse(syncDir, "is inside the rclone mount directory " + mountDir
                        + "; mount and bisync directories must stay separate");
            }
            if (mount.startsWith(sync)) {
                throw refuse(syncDir, "contains the rclone mount directory " + mountDir
                        + "; mount and bisync directories must stay separate");
            }
        }
        for (Path m : rcloneMounts) {
            if (sync.equals(m) || sync.startsWith(m)) {
                throw refuse(syncDir, (sync.equals(m) ? "is" : "is inside") + " an rclone mount (" + m
                        + "); sync a plain local folder, never a mount of the cloud");
            }
            if (m.startsWith(sync)) {
                throw refuse(syncDir, "contains an rclone mount (" + m + "); unmount it or move it elsewhere");
            }
        }
        Path bmHome = real(home.root());
        if (sync.startsWith(bmHome)) {
            throw refuse(syncDir, "is inside BM_HOME (" + home.root() + "), where bm keeps its own state");
        }
        if (bmHome.startsWith(sync)) {
            throw refuse(syncDir, "contains BM_HOME (" + home.root() + "): bm's own state would be synced");
        }
    }

    /**
     * Two projects must never hold the same files: a project folder that is (or leads through a symlink to) a
     * folder inside another project, or that contains one, would be synced twice by two bisync pairs.
     */
    public static void checkProjectsApart(Path syncDir, java.util.List<String> projects) {
        java.util.Map<String, Path> real = new java.util.LinkedHashMap<>();
        Path sync = real(syncDir);
        for (String p : projects) {
            Path r = real(syncDir.resolve(p));
            if (sync.startsWith(r)) {
                throw BmException.badInput("project '" + p + "' leads to " + r + ", which contains the sync directory",
                        "remove that symlink from " + syncDir);
            }
            if (!r.startsWith(sync)) {
                // a sync writes into a project (downloads, deletes from the cloud): never outside the sync directory
                throw BmException.badInput("project '" + p + "' is a symlink to " + r + ", outside the sync directory"
                        + " " + sync + ": bm syncs only what is inside it",
                        "replace the symlink with a real folder, or remove it");
            }
            real.put(p, r);
        }
        for (var a : real.entrySet()) {
            for (var b : real.entrySet()) {
                if (!a.getKey().equals(b.getKey()) && a.getValue().startsWith(b.getValue())) {
                    throw BmException.badInput("project '" + a.getKey() + "' is nested in project '" + b.getKey()
                            + "' (" + a.getValue() + "): its files would be synced twice",
                            "replace the symlink " + syncDir.resolve(a.getKey()) + " with a real folder, or remove it");
                }
            }
        }
    }

    /** A new sync directory must not be inside the current one (it would be a project's subfolder), nor contain it. */
    public static void checkNotNested(Path newSyncDir, Path currentSyncDir) {
        if (currentSyncDir == null) {
            return;
        }
        Path n = real(newSyncDir);
        Path c = real(currentSyncDir);
        if (!n.equals(c) && n.startsWith(c)) {
            throw refuse(newSyncDir, "is inside the current sync directory " + currentSyncDir
                    + " (inside one of its projects)");
        }
        if (!n.equals(c) && c.startsWith(n)) {
            throw refuse(newSyncDir, "contains the current sync directory " + currentSyncDir);
        }
    }

    private static BmException refuse(Path syncDir, String why) {
        return BmException.badInput("refusing sync directory " + syncDir + ": it " + why,
                "choose another folder with `bm cloud setup --sync-dir DIR`");
    }

    /** The resolved path, following symlinks as far as the path exists. */
    static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        List<Path> rest = new ArrayList<>();
        while (existing != null && !Files.exists(existing)) {
            rest.add(0, existing.getFileName());
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            Path r = existing.toRealPath();
            for (Path part : rest) {
                r = r.resolve(part);
            }
            return r;
        } catch (IOException e) {
            return abs;
        }
    }

    /** Mount points of rclone FUSE mounts (Linux: /proc/self/mountinfo, file system type fuse.rclone). */
    static List<Path> rcloneMounts() {
        Path info = Paths.get("/proc/self/mountinfo");
        List<Path> out = new ArrayList<>();
        if (!Files.isReadable(info)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(info)) {
                // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS
                int sep = line.indexOf(" - ");
                if (sep < 0) {
                    continue;
                }
                String[] head = line.substring(0, sep).split(" ");
                String[] tail = line.substring(sep + 3).split(" ");
                if (head.length < 5 || tail.length < 1) {
                    continue;
                }
                String fstype = tail[0];
                String source = tail.length > 1 ? tail[1] : "";
                if (fstype.equals("fuse.rclone") || fstype.startsWith("fuse.rclone") || (fstype.startsWith("fuse")
                        && source.contains(":") && source.toLowerCase().contains("rclone"))) {
                    out.add(Paths.get(unescape(head[4])));
                }
            }
        } catch (IOException ignored) {
            // no mount table: nothing to compare
        }
        return out;
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
