package com.basicmemory.bm.util;

import java.io.PrintWriter;
import java.util.List;

/** Rows printed as left-aligned columns, two spaces apart, no trailing spaces. */
public final class TextTable {
    private TextTable() {
    }

    public static void print(List<String[]> rows, PrintWriter out) {
        if (rows.isEmpty()) {
            return;
        }
        int[] width = new int[rows.stream().mapToInt(r -> r.length).max().orElse(0)];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                sb.append(row[i]);
                if (i < row.length - 1) {
                    sb.append(" ".repeat(width[i] - row[i].length() + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
