package com.basicmemory.bm.conflicts;

import com.basicmemory.bm.rclone.RcloneVersion;

/**
 * How conflict copies are named. rclone up to 1.65 renames both versions to {@code name..path1} (Path1, local) and
 * {@code name..path2} (Path2, cloud). From 1.66 bm passes {@code --conflict-loser num --conflict-suffix conflict
 * --suffix-keep-extension}, giving {@code note.conflict1.md} (local) and {@code note.conflict2.md} (cloud).
 */
public final class ConflictNames {
    public static final String SUFFIX = "conflict";

    private ConflictNames() {
    }

    /** The name a local version gets when bm itself must keep it beside the cloud version (safe resync). */
    public static String localCopy(String fileName, RcloneVersion version) {
        if (version.oldConflictNames()) {
            return fileName + "..path1";
        }
        int dot = fileName.lastIndexOf('.');
        if (dot > 0) {
            return fileName.substring(0, dot) + "." + SUFFIX + "1" + fileName.substring(dot);
        }
        return fileName + "." + SUFFIX + "1";
    }
}
