package com.basicmemory.bm.cloud;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import com.basicmemory.bm.util.TextTable;
import com.basicmemory.bm.util.Units;

/** The text forms of {@link VersionList} and {@link RestoreResult} (times in the local time zone). */
final class RecoveryText {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter LOCAL_MS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private RecoveryText() {
    }

    /** A time as the user's clock shows it; milliseconds only when there are some. */
    static String local(Instant t, ZoneId zone) {
        return (t.getNano() == 0 ? LOCAL : LOCAL_MS).format(t.atZone(zone));
    }

    static String local(String isoInstant, ZoneId zone) {
        return local(Instant.parse(isoInstant), zone);
    }

    static void print(VersionList v, ZoneId zone, PrintWriter out) {
        boolean git = "git".equals(v.source());
        out.println(v.path() + ": " + v.versions().size() + (v.versions().size() == 1 ? " version" : " versions")
                + (git ? " in the Git history of " + v.location() + (v.note() == null || v.note().startsWith("--")
                        ? "" : " (" + v.note() + ")") : " in S3 object versions of " + v.location()));
        List<String[]> rows = new ArrayList<>();
        rows.add(git ? new String[] {"COMMIT", "TIME", "SIZE", "", "MESSAGE"}
                : new String[] {"VERSION ID", "STORED", "SIZE", ""});
        for (FileVersion f : v.versions()) {
            String id = git ? f.versionId().substring(0, Math.min(12, f.versionId().length())) : f.versionId();
            String cur = f.current() ? "current" : "";
            rows.add(git ? new String[] {id, local(f.time(), zone), Units.bytes(f.size()), cur, f.message()}
                    : new String[] {id, local(f.time(), zone), Units.bytes(f.size()), cur});
        }
        TextTable.print(rows, out);
    }

    static void print(RestoreResult r, ZoneId zone, PrintWriter out) {
        String version = "version " + r.versionId() + " (" + r.source() + ", " + ("git".equals(r.source())
                ? "committed " : "stored ") + local(r.versionTime(), zone) + ", " + Units.bytes(r.size()) + ")";
        String to = r.restoredTo().endsWith(r.path()) ? r.path() : r.restoredTo();
        if (r.dryRun()) {
            out.println("would restore " + version + " of " + r.path() + " from " + r.location() + " to " + to);
            if (r.backup() != null) {
                out.println("would first copy the current file to " + r.backup());
            }
            out.println("would run: " + r.command());
            return;
        }
        out.println("restored " + version + " of " + r.path() + " from " + r.location() + " to " + to);
        if (r.backup() != null) {
            out.println("the file it replaced is backed up in " + r.backup());
        }
    }
}
