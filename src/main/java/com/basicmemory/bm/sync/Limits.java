package com.basicmemory.bm.sync;

import java.util.regex.Pattern;

import com.basicmemory.bm.cli.BmException;

/**
 * Bandwidth and transaction limits passed to rclone ({@code --bwlimit}, {@code --tpslimit}), checked against
 * rclone's syntax first so that a typo fails once with one clear line instead of failing every run.
 *
 * @param bwlimit rclone's {@code --bwlimit}: a rate ({@code 10M}, {@code 512k}, {@code off}), an upload:download
 *        pair ({@code 10M:5M}) or a timetable ({@code "08:00,512k 18:00,10M 23:00,off"}, days as {@code Mon-08:00,...});
 *        null for none
 * @param tpslimit rclone's {@code --tpslimit}, HTTP transactions per second; null for none
 */
public record Limits(String bwlimit, Double tpslimit) {
    public static final Limits NONE = new Limits(null, null);
    private static final String RATE = "(?:off|\\d+(?:\\.\\d+)?(?:[bBkKmMgGtTpP]i?)?)";
    private static final Pattern BANDWIDTH = Pattern.compile(RATE + "(?::" + RATE + ")?");
    private static final Pattern SLOT = Pattern.compile(
            "(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)-)?\\d{1,2}:\\d{2}," + RATE + "(?::" + RATE + ")?");

    public static String checkBwlimit(String option, String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        boolean ok = !v.isEmpty() && (BANDWIDTH.matcher(v).matches()
                || java.util.Arrays.stream(v.split("\\s+")).allMatch(t -> SLOT.matcher(t).matches()));
        if (!ok) {
            throw BmException.badInput("invalid " + option + " '" + value + "': use rclone's syntax, e.g. 10M, 512k,"
                    + " 10M:2M, off, or a timetable like \"08:00,512k 18:00,10M 23:00,off\"");
        }
        return v;
    }

    public static Double checkTpslimit(String option, Double value) {
        if (value != null && (value.isNaN() || value <= 0)) {
            throw BmException.badInput("invalid " + option + " " + value + ": use a positive number of transactions"
                    + " per second");
        }
        return value;
    }

    /** The first non-null of each limit. */
    public Limits or(Limits fallback) {
        if (fallback == null) {
            return this;
        }
        return new Limits(bwlimit != null ? bwlimit : fallback.bwlimit, tpslimit != null ? tpslimit : fallback.tpslimit);
    }
}
