package com.basicmemory.bm.sync;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.basicmemory.bm.cli.BmException;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Sync profiles. {@code maxDeletePercent} is passed to rclone's {@code --max-delete}, which bisync treats as a
 * percentage of the files on a side. Percentages misfire on small projects (deleting 1 of 5 notes is 20%) and rclone's
 * "all files were changed" check fires on every edit of a one-note project, so each profile also has an absolute
 * {@code smallChangeAllowance}: when rclone aborts for either safety check and the changes behind the abort are no
 * more than this many files per side, bm re-runs with the check relaxed (see docs/sync.md, "Safety checks").
 */
public enum Profile {
    SAFE("safe", 10, 2, ConflictPolicy.KEEP_BOTH),
    BALANCED("balanced", 25, 5, ConflictPolicy.CLOUD_WINS),
    FAST("fast", 50, 10, ConflictPolicy.NEWER_WINS);

    public static final Profile DEFAULT = BALANCED;

    private final String id;
    private final int maxDeletePercent;
    private final int smallChangeAllowance;
    private final ConflictPolicy conflictPolicy;

    Profile(String id, int maxDeletePercent, int smallChangeAllowance, ConflictPolicy conflictPolicy) {
        this.id = id;
        this.maxDeletePercent = maxDeletePercent;
        this.smallChangeAllowance = smallChangeAllowance;
        this.conflictPolicy = conflictPolicy;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public int maxDeletePercent() {
        return maxDeletePercent;
    }

    public int smallChangeAllowance() {
        return smallChangeAllowance;
    }

    public ConflictPolicy conflictPolicy() {
        return conflictPolicy;
    }

    @JsonCreator
    public static Profile parse(String value) {
        if (value == null) {
            return DEFAULT;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (Profile p : values()) {
            if (p.id.equals(v)) {
                return p;
            }
        }
        throw BmException.badInput("unknown profile '" + value + "': use one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(Profile::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }

    /** What happens to a file edited on both sides. */
    public enum ConflictPolicy {
        /** Keep both versions as conflict copies; a person decides. */
        KEEP_BOTH("keep-both", "none"),
        /** The cloud version keeps the name; the local edit is kept as a conflict copy (cloud-primary model). */
        CLOUD_WINS("cloud-wins", "path2"),
        /** The newer version keeps the name; the other is kept as a conflict copy. */
        NEWER_WINS("newer-wins", "newer");

        private final String id;
        private final String rcloneResolve;

        ConflictPolicy(String id, String rcloneResolve) {
            this.id = id;
            this.rcloneResolve = rcloneResolve;
        }

        @JsonValue
        public String id() {
            return id;
        }

        /** The value of rclone's {@code --conflict-resolve} (rclone 1.66+). */
        public String rcloneResolve() {
            return rcloneResolve;
        }
    }
}
