package com.basicmemory.bm.rclone;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rclone version in use and what it can do. bm passes only flags the version knows: Debian's 1.60.1 lacks
 * {@code --conflict-resolve}, {@code --resilient}, {@code --recover}, {@code --color}, {@code --max-lock}.
 */
public record RcloneVersion(int major, int minor, int patch, String raw) implements Comparable<RcloneVersion> {
    /** bisync with the log lines bm understands (the Debian bookworm package). */
    public static final RcloneVersion MINIMUM = new RcloneVersion(1, 60, 0, "v1.60.0");
    private static final Pattern VERSION = Pattern.compile("rclone\\s+v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?([^\\s]*)");

    public static Optional<RcloneVersion> parse(String versionOutput) {
        if (versionOutput == null) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(versionOutput);
        if (!m.find()) {
            return Optional.empty();
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        String raw = "v" + m.group(1) + "." + m.group(2) + "." + patch + (m.group(4) == null ? "" : m.group(4));
        return Optional.of(new RcloneVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch, raw));
    }

    public boolean atLeast(int maj, int min) {
        return major > maj || (major == maj && minor >= min);
    }

    /** {@code --color NEVER} (1.61+); newer versions put ANSI codes in messages even when piped. */
    public boolean hasColorFlag() {
        return atLeast(1, 61);
    }

    /** {@code --resilient} (1.64+): retry after less serious errors without requiring {@code --resync}. */
    public boolean hasResilient() {
        return atLeast(1, 64);
    }

    /** {@code --conflict-resolve}, {@code --conflict-loser}, {@code --conflict-suffix}, {@code --recover} (1.66+). */
    public boolean hasConflictResolve() {
        return atLeast(1, 66);
    }

    /** {@code --recover} (1.66+): recover from an interrupted run without {@code --resync}. */
    public boolean hasRecover() {
        return atLeast(1, 66);
    }

    /**
     * {@code --backup-dir1} / {@code --backup-dir2} (1.66+): a file bisync deletes or overwrites on that side is moved
     * into the folder instead. 1.60 has no such flag: what it deletes or overwrites is gone.
     */
    public boolean hasBackupDirs() {
        return atLeast(1, 66);
    }

    /** The exit code rclone uses for "must run --resync": 7 from 1.69, 2 before. */
    public int mustResyncExitCode() {
        return atLeast(1, 69) ? 7 : 2;
    }

    /**
     * bisync tells a change by modification time alone (before 1.66): a rewrite under the same time goes unseen, so bm
     * checks rclone's listings after each run. From 1.66 size and time are compared, and the check is not run.
     */
    public boolean detectsChangesByTimeOnly() {
        return !atLeast(1, 66);
    }

    /** Conflict copies are {@code name..path1}/{@code name..path2} up to 1.65, {@code name.conflict1} from 1.66. */
    public boolean oldConflictNames() {
        return !hasConflictResolve();
    }

    @Override
    public int compareTo(RcloneVersion o) {
        if (major != o.major) {
            return Integer.compare(major, o.major);
        }
        if (minor != o.minor) {
            return Integer.compare(minor, o.minor);
        }
        return Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return raw;
    }
}
