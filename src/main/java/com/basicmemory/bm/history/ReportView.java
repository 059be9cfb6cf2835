package com.basicmemory.bm.history;

import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.basicmemory.bm.report.Conflict;
import com.basicmemory.bm.report.Direction;
import com.basicmemory.bm.report.ProjectReport;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.util.Units;

/** The text view of {@code bm sync history show ID}: every field of one report, for a person. */
public final class ReportView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS xxx");

    private ReportView() {
    }

    public static void print(SyncReport r, PrintWriter out, ZoneId zone) {
        out.println("run        " + r.id());
        out.println("status     " + r.status().id() + " (exit " + r.exitCode() + (r.rcloneExitCode() == null ? ""
                : ", rclone exit " + r.rcloneExitCode()) + ")" + (r.dryRun() ? ", dry run" : "")
                + (r.resync() ? ", resync" : ""));
        out.println("started    " + TIME.format(OffsetDateTime.parse(r.timestamp()).atZoneSameInstant(zone)));
        out.println("duration   " + Units.seconds(r.durationSeconds()));
        out.println("to cloud   " + counts(r.toCloud()));
        out.println("to local   " + counts(r.toLocal()));
        out.println("bytes      " + Units.bytes(r.bytesTransferred()) + " (" + r.bytesTransferred() + ")");
        out.println("conflicts  " + r.conflictCount());
        out.println("profile    " + r.profile());
        out.println("device     " + r.deviceId() + (r.host() == null ? "" : " (" + r.host() + ")"));
        out.println("rclone     " + (r.rcloneVersion() == null ? "-" : r.rcloneVersion()) + ", bm "
                + r.bmVersion());
        out.println("sync dir   " + r.syncDir());
        out.println("cloud      " + r.remote());
        out.println("command    " + r.command());
        for (ProjectReport p : r.perProject() == null ? List.<ProjectReport>of() : r.perProject()) {
            out.println();
            out.println("project " + p.project() + ": " + p.status().id() + " in " + Units.seconds(p.durationSeconds())
                    + (p.resync() ? ", resync" : "") + (p.forced() ? ", forced" : ""));
            out.println("  to cloud  " + counts(p.toCloud()));
            out.println("  to local  " + counts(p.toLocal()));
            out.println("  bytes     " + Units.bytes(p.bytesTransferred()));
            list(out, "  ", "conflict", p.conflicts() == null ? List.of()
                    : p.conflicts().stream().map(ReportView::conflict).toList());
            list(out, "  ", "error", p.errors());
            list(out, "  ", "note", p.notes());
        }
        boolean anyProject = r.perProject() != null && !r.perProject().isEmpty();
        if (!anyProject) {
            list(out, "", "conflict", r.conflicts() == null ? List.of()
                    : r.conflicts().stream().map(ReportView::conflict).toList());
        }
        List<String> runErrors = r.errors() == null ? List.of() : r.errors().stream()
                .filter(e -> !anyProject || r.perProject().stream().noneMatch(p -> e.startsWith(p.project() + ": ")))
                .toList();
        if (!runErrors.isEmpty() || r.warnings() != null && !r.warnings().isEmpty()) {
            out.println();
        }
        list(out, "", "error", runErrors);
        list(out, "", "warning", r.warnings());
        out.flush();
    }

    private static void list(PrintWriter out, String indent, String label, List<String> lines) {
        if (lines == null) {
            return;
        }
        for (String l : lines) {
            out.println(indent + label + ": " + l);
        }
    }

    private static String conflict(Conflict k) {
        return k.path() + " -> " + String.join(", ", k.files() == null ? List.of() : k.files());
    }

    private static String counts(Direction d) {
        return d.created() + " created, " + d.updated() + " updated, " + d.deleted() + " deleted";
    }
}
