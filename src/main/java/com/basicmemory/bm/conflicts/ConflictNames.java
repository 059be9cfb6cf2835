package com.basicmemory.bm.conflicts;

import com.basicmemory.bm.rclone.RcloneVersion;

/**
 * How conflict copies are named. rclone up to 1.65 renames both versions to {@code name..path1} (Path1, local) and
 * {@code name..path2} (Path2, cloud). From 1.66 bm passes {@code --conflict-loser num --conflict-suffix
 * conflict-local,conflict-cloud --suffix-keep-extension}: rclone gives Path1's copy the first suffix and Path2's the
 * second, so the names say the side on every device ({@code note.conflict-local1.md}, {@code note.conflict-cloud1.md}).
 * With a single suffix rclone numbers copies by the lowest number free on both sides, and the number says nothing
 * reliable about the side.
 */
public final class ConflictNames {
    /** rclone's default suffix, also recognised (copies made by other tools or older bm setups). */
    public static final String SUFFIX = "conflict";
    public static final String SUFFIX_LOCAL = "conflict-local";
    public static final String SUFFIX_CLOUD = "conflict-cloud";
    /** The value of {@code --conflict-suffix}: Path1's suffix, then Path2's. */
    public static final String RCLONE_SUFFIXES = SUFFIX_LOCAL + "," + SUFFIX_CLOUD;

    private ConflictNames() {
    }

    /** The name a local version gets when bm itself must keep it beside the cloud version (safe resync). */
    public static String localCopy(String fileName, RcloneVersion version) {
        if (version.oldConflictNames()) {
            return fileName + "..path1";
        }
        return numberedCopy(fileName, Side.LOCAL, 1);
    }

    /**
     * The copy name rclone 1.66+ gives with bm's flags: {@code note.conflict-local2.md} (the number before the
     * extension), {@code notes.conflict-cloud1} for a name without one.
     */
    public static String numberedCopy(String fileName, Side side, int n) {
        String suffix = (side == Side.CLOUD ? SUFFIX_CLOUD : SUFFIX_LOCAL) + n;
        int dot = fileName.lastIndexOf('.');
        if (dot > 0) {
            return fileName.substring(0, dot) + "." + suffix + fileName.substring(dot);
        }
        return fileName + "." + suffix;
    }
}
