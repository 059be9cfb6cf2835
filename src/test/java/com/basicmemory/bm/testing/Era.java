package com.basicmemory.bm.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rclone era a test runs against: the floor (Debian stable's 1.60.1: conflict copies {@code ..path1}/{@code
 * ..path2}, changes seen by modification time alone, no winner) or the modern era (1.66+, Debian unstable's 1.75
 * here: bm's {@code conflict-local}/{@code conflict-cloud} names, a winner per profile, size and time compared).
 * Read from the real rclone the test runs ({@link RcloneTestSupport#rclone()}), never assumed: failsafe runs the
 * whole suite once per era and sets {@code bm.era} to say which it meant; {@link #current()} fails the test when the
 * two disagree.
 */
public final class Era {
    private static final Pattern VERSION = Pattern.compile("rclone v?(\\d+)\\.(\\d+)\\.(\\d+)");
    private static volatile Era current;

    private final int major;
    private final int minor;
    private final String line;

    private Era(int major, int minor, String line) {
        this.major = major;
        this.minor = minor;
        this.line = line;
    }

    /** The era of the rclone under test. */
    public static Era current() {
        Era e = current;
        if (e != null) {
            return e;
        }
        RcloneTestSupport.Result r = RcloneTestSupport.run(Map.of("PATH", System.getenv().getOrDefault("PATH", "")),
                "version");
        String first = r.stdout().lines().findFirst().orElse("");
        Matcher m = VERSION.matcher(first);
        if (r.exitCode() != 0 || !m.find()) {
            fail("cannot tell the version of rclone " + RcloneTestSupport.rclone() + ": " + r.describe());
        }
        e = new Era(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), first.strip());
        String meant = System.getProperty("bm.era");
        if ("floor".equals(meant) && e.modern() || "modern".equals(meant) && !e.modern()) {
            fail("this run is meant for the " + meant + " era of rclone, but " + RcloneTestSupport.rclone() + " is "
                    + first.strip());
        }
        current = e;
        return e;
    }

    /** rclone 1.66 or later. */
    public boolean modern() {
        return major > 1 || minor >= 66;
    }

    /** "floor" or "modern". */
    public String name() {
        return modern() ? "modern" : "floor";
    }

    /** The first line of {@code rclone version}. */
    public String versionLine() {
        return line;
    }

    /** The exit code of rclone's "must resync" failure: 2 up to 1.68, 7 from 1.69. */
    public int mustResyncExitCode() {
        return major == 1 && minor < 69 ? 2 : 7;
    }

    /**
     * The name under which the version of the device that found a conflict is kept: {@code X..path1} up to 1.65,
     * {@code x.conflict-local1.md} with bm's flags on 1.66+.
     */
    public String localCopy(String path) {
        return modern() ? numbered(path, "conflict-local1") : path + "..path1";
    }

    /**
     * The name under which the cloud's version of a conflict is kept: {@code X..path2} up to 1.65; on 1.66+ with the
     * balanced profile the cloud version wins and keeps {@code path} itself.
     */
    public String cloudVersion(String path) {
        return modern() ? path : path + "..path2";
    }

    /** Every file a conflict on {@code path} leaves, sorted as bm lists them (the balanced profile). */
    public List<String> conflictFiles(String path) {
        return modern() ? List.of(localCopy(path)) : List.of(path + "..path1", path + "..path2");
    }

    private static String numbered(String path, String suffix) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot > slash + 1) {
            return path.substring(0, dot) + "." + suffix + path.substring(dot);
        }
        return path + "." + suffix;
    }

    @Override
    public String toString() {
        return name() + " (" + line + ")";
    }
}
