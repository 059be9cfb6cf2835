package com.basicmemory.bm.projects;

import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The text view of {@code bm project list}. */
final class ProjectTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private ProjectTable() {
    }

    static void print(List<ProjectInfo> projects, PrintWriter out) {
        if (projects.isEmpty()) {
            out.println("no projects yet: each top-level folder of the sync directory is a project");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PROJECT", "SYNC", "PROFILE", "WHERE", "LAST SYNC", "STATUS", "CONFLICTS", "IGNORES"});
        for (ProjectInfo p : projects) {
            String where = p.local() && Boolean.TRUE.equals(p.cloud()) ? "both"
                    : p.local() ? "local" : Boolean.TRUE.equals(p.cloud()) ? "cloud" : p.cloud() == null ? "local?" : "-";
            String last = p.lastSync() == null ? "never"
                    : TIME.format(OffsetDateTime.parse(p.lastSync().timestamp()).atZoneSameInstant(ZoneId.systemDefault()));
            List<String> ign = new ArrayList<>(p.ignore());
            p.only().forEach(o -> ign.add("only:" + o));
            rows.add(new String[] {p.name(), p.included() ? "yes" : "excluded",
                    p.profile() + ("project".equals(p.profileSource()) ? "*" : ""), where, last,
                    p.lastSync() == null ? "-" : p.lastSync().status(), Integer.toString(p.conflicts()),
                    ign.isEmpty() ? "-" : String.join(" ", ign)});
        }
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(r[i]);
                if (i < r.length - 1) {
                    sb.append(" ".repeat(w[i] - r[i].length() + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
        out.println("* profile set for this project");
    }
}
