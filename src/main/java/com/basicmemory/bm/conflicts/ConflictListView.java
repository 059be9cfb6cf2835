package com.basicmemory.bm.conflicts;

import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import com.basicmemory.bm.util.Units;

/** The text view of {@code bm conflicts list}: each original, then its versions in aligned columns. */
public final class ConflictListView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ConflictListView() {
    }

    public static void print(List<ConflictEntry> entries, PrintWriter out) {
        if (entries.isEmpty()) {
            out.println("no conflicts");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        for (ConflictEntry e : entries) {
            if (e.original() != null) {
                rows.add(row(e.original(), "original"));
            }
            for (ConflictEntry.FileEntry f : e.files()) {
                rows.add(row(f, "copy"));
            }
        }
        int[] width = new int[5];
        for (String[] r : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        int k = 0;
        for (ConflictEntry e : entries) {
            out.println(e.path() + (e.original() == null ? "  (the original is gone: both versions are copies)" : ""));
            int n = (e.original() != null ? 1 : 0) + e.files().size();
            for (int i = 0; i < n; i++) {
                String[] r = rows.get(k++);
                StringBuilder sb = new StringBuilder("  ");
                for (int c = 0; c < r.length; c++) {
                    sb.append(r[c]);
                    if (c < r.length - 1) {
                        sb.append(" ".repeat(width[c] - r[c].length() + 2));
                    }
                }
                out.println(sb.toString().stripTrailing());
            }
        }
    }

    private static String[] row(ConflictEntry.FileEntry f, String kind) {
        String side = f.side() == null ? "?" : f.side().id();
        String time = TIME.format(OffsetDateTime.parse(f.modified()));
        String diff = f.diff() == null ? "" : f.diff().added() == 0 && f.diff().removed() == 0
                ? "identical to " + name(f.diff().versus())
                : "+" + f.diff().added() + " -" + f.diff().removed() + " vs " + name(f.diff().versus());
        return new String[] {side, f.name() + (kind.equals("original") ? " (original)" : ""), Units.bytes(f.size()),
                time, diff};
    }

    private static String name(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
