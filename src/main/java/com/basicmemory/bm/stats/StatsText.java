package com.basicmemory.bm.stats;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.basicmemory.bm.util.TextTable;
import com.basicmemory.bm.util.Units;

/**
 * The text view of {@code bm stats}: the numbers, then one line per day with a bar (ASCII, so that it survives cron
 * mail and any terminal): {@code #} for successful syncs, {@code x} for the others.
 */
public final class StatsText {
    static final int MAX_DAYS = 62;
    private static final int BAR = 30;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private StatsText() {
    }

    public static void print(Stats s, PrintWriter out, ZoneId zone) {
        OffsetDateTime since = OffsetDateTime.parse(s.since());
        OffsetDateTime now = OffsetDateTime.parse(s.generatedAt());
        out.println("bm stats since " + local(s.since(), zone) + " (" + ago(Duration.between(since, now)) + "), "
                + (s.project() == null ? "all projects" : "project " + s.project()));
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(row("syncs", s.totalSyncs() + (s.totalSyncs() == 0 ? "" : ", " + s.successfulSyncs()
                + " successful (" + percent((double) s.successfulSyncs() / s.totalSyncs()) + ")")));
        rows.add(row("runs by status", byStatus(s.runsByStatus())));
        rows.add(row("conflicts", s.conflictsTotal() + " in " + s.syncsWithConflicts() + " syncs (conflict rate "
                + percent(s.conflictRate()) + "), " + s.conflictResolutions() + " resolved"));
        rows.add(row("duration", "avg " + Units.seconds(s.avgSyncDuration()) + ", p50 "
                + Units.seconds(s.p50SyncDuration()) + ", p95 " + Units.seconds(s.p95SyncDuration())));
        rows.add(row("to cloud", moved(s.toCloud())));
        rows.add(row("to local", moved(s.toLocal())));
        rows.add(row("transferred", Units.bytes(s.bytesTransferred())));
        rows.add(row("collisions", s.multiDeviceCollisions() + " (stopped: bisync state diverged, needs --resync)"));
        rows.add(row("max-delete trips", Long.toString(s.maxDeleteTrips())));
        rows.add(row("safety aborts", s.safetyAborts() + " (all files changed)"));
        rows.add(row("version restores", Long.toString(s.versionRestores())));
        rows.add(row("lock busy", s.lockBusy() + " (runs refused: another sync was running)"));
        rows.add(row("dry runs", s.dryRuns() + " (not counted above)"));
        rows.add(row("last success", s.lastSuccess() == null ? "never" : local(s.lastSuccess(), zone) + " ("
                + ago(Duration.between(OffsetDateTime.parse(s.lastSuccess()), now)) + " ago)"));
        TextTable.print(rows, out);
        days(s.perDay(), out);
        out.flush();
    }

    private static void days(List<Stats.Day> all, PrintWriter out) {
        if (all.stream().allMatch(d -> d.totalSyncs() == 0)) {
            return;
        }
        List<Stats.Day> days = all.size() > MAX_DAYS ? all.subList(all.size() - MAX_DAYS, all.size()) : all;
        long max = days.stream().mapToLong(Stats.Day::totalSyncs).max().orElse(0);
        out.println();
        if (days.size() < all.size()) {
            out.println("(the last " + MAX_DAYS + " days; --json has all " + all.size() + ")");
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"DAY", "SYNCS", "OK", "FAILED", "CONFLICTS", "AVG", "BYTES", ""});
        for (Stats.Day d : days) {
            long failed = d.totalSyncs() - d.successfulSyncs();
            rows.add(new String[] {d.date(), Long.toString(d.totalSyncs()), Long.toString(d.successfulSyncs()),
                    Long.toString(failed), Long.toString(d.conflictsTotal()),
                    d.totalSyncs() == 0 ? "-" : Units.seconds(d.avgSyncDuration()), Units.bytes(d.bytesTransferred()),
                    bar(d.successfulSyncs(), failed, max)});
        }
        TextTable.print(rows, out);
    }

    /** A bar scaled to the busiest day; any non-zero part gets at least one character. */
    static String bar(long ok, long failed, long max) {
        if (max == 0) {
            return "";
        }
        int okChars = ok == 0 ? 0 : (int) Math.max(1, Math.round((double) ok * BAR / max));
        int failedChars = failed == 0 ? 0 : (int) Math.max(1, Math.round((double) failed * BAR / max));
        return "#".repeat(okChars) + "x".repeat(failedChars);
    }

    private static String[] row(String label, String value) {
        return new String[] {label, value};
    }

    private static String byStatus(Map<String, Long> byStatus) {
        List<String> parts = new ArrayList<>();
        byStatus.forEach((k, v) -> {
            if (v > 0) {
                parts.add(k + " " + v);
            }
        });
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    private static String moved(Stats.Moved m) {
        return m.total() == 0 ? "nothing"
                : m.created() + " created, " + m.updated() + " updated, " + m.deleted() + " deleted";
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    private static String local(String iso, ZoneId zone) {
        return TIME.format(OffsetDateTime.parse(iso).atZoneSameInstant(zone));
    }

    static String ago(Duration d) {
        long m = Math.max(0, d.toMinutes());
        if (m < 60) {
            return m + " min";
        }
        if (m < 48 * 60) {
            return (m / 60) + " h";
        }
        return (m / (24 * 60)) + " days";
    }
}
