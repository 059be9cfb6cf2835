package com.basicmemory.bm.history;

import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import com.basicmemory.bm.report.Direction;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.util.TextTable;
import com.basicmemory.bm.util.Units;

/** The text view of {@code bm sync history}: an aligned table, times in the local zone. */
public final class HistoryTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private HistoryTable() {
    }

    public static void print(List<SyncReport> reports, PrintWriter out, ZoneId zone) {
        if (reports.isEmpty()) {
            out.println("no sync runs recorded for this selection");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TIME", "DURATION", "STATUS", "PROJECTS", "UP c/u/d", "DOWN c/u/d", "CONFLICTS", "BYTES",
                "ID"});
        for (SyncReport r : reports) {
            String time = TIME.format(OffsetDateTime.parse(r.timestamp()).atZoneSameInstant(zone));
            rows.add(new String[] {time, Units.seconds(r.durationSeconds()),
                    r.status().id() + (r.dryRun() ? " (dry run)" : ""),
                    r.projects().isEmpty() ? "-" : r.projects().size() == 1 ? r.projects().get(0)
                            : r.projects().size() + " projects",
                    cud(r.toCloud()), cud(r.toLocal()), Integer.toString(r.conflictCount()),
                    Units.bytes(r.bytesTransferred()), r.id()});
        }
        TextTable.print(rows, out);
    }

    static String cud(Direction d) {
        return d.created() + "/" + d.updated() + "/" + d.deleted();
    }
}
