package com.basicmemory.bm.sync;

import java.util.List;

import com.basicmemory.bm.rclone.Rclone;

/**
 * rclone 1.63+ writes a transfer to {@code NAME.XXXXXXXX.partial} (eight hex digits) and renames it when it is
 * complete; a killed transfer leaves that temp file behind, on either side. It must never be synced as a note (the
 * generated filters exclude {@link #RULE} on every era), and it is removed after a run that was cut short: on the local
 * side at once (holding the device lock, no rclone of this device writes there), in the cloud only when older than
 * {@link #CLOUD_MIN_AGE}, since another device's rclone may still be writing its own.
 */
final class PartialFiles {
    /** An rclone glob for rclone's temp names: globs, not {{regexp}}, so that rclone 1.60 reads it too. */
    static final String GLOB = "*.[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f].partial";
    /** The filters rule, first in every generated filters file. */
    static final String RULE = "- " + GLOB;
    static final String CLOUD_MIN_AGE = "1h";

    private PartialFiles() {
    }

    /**
     * Removes rclone's temp files under {@code side} (older than {@code minAge} when not null). Returns the paths
     * removed, relative to {@code side}; an rclone failure removes nothing and returns an empty list (the files stay
     * excluded from every sync, so nothing is at stake).
     */
    static List<String> remove(Rclone rclone, String side, String minAge) {
        List<String> filter = minAge == null ? List.of("--include", GLOB)
                : List.of("--include", GLOB, "--min-age", minAge);
        List<String> list = new java.util.ArrayList<>(List.of("lsf", "-R", "--files-only"));
        list.addAll(filter);
        list.add(side);
        Rclone.Output found = rclone.runShort(list);
        if (found.exitCode() != 0 || found.stdout().isEmpty()) {
            return List.of();
        }
        List<String> delete = new java.util.ArrayList<>(List.of("delete"));
        delete.addAll(filter);
        delete.add(side);
        Rclone.Output deleted = rclone.runShort(delete);
        return deleted.exitCode() == 0 ? List.copyOf(found.stdout()) : List.of();
    }
}
