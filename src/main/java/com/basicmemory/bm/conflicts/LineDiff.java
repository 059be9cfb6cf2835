package com.basicmemory.bm.conflicts;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A line diff (Myers' O(ND) algorithm) and its unified rendering. Lines keep their line ending, so a missing final
 * newline and CRLF endings are differences like any other. Very different large inputs fall back to "all removed,
 * all added" (still a correct diff, only not the shortest), so that a diff never takes long.
 */
public final class LineDiff {
    /** Beyond this many differing lines the diff stops looking for the shortest script. */
    static final int MAX_EDIT_DISTANCE = 1500;
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String CYAN = "\u001b[36m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    private LineDiff() {
    }

    public enum Op {
        EQUAL, DELETE, INSERT
    }

    /** One line of the edit script: an index into a (EQUAL, DELETE) and/or b (EQUAL, INSERT); -1 when none. */
    public record Edit(Op op, int a, int b) {
    }

    /** Lines only in b ({@code added}) and only in a ({@code removed}). */
    public record Stats(int added, int removed) {
        public boolean identical() {
            return added == 0 && removed == 0;
        }
    }

    /** Splits text into lines, each with its line ending (the last one may have none). */
    public static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    /** The text of bytes when they look like text (UTF-8, no NUL), else null. */
    public static String text(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
            if (bytes[i] == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    public static Stats stats(List<String> a, List<String> b) {
        int added = 0;
        int removed = 0;
        for (Edit e : diff(a, b)) {
            if (e.op() == Op.INSERT) {
                added++;
            } else if (e.op() == Op.DELETE) {
                removed++;
            }
        }
        return new Stats(added, removed);
    }

    /** The edit script turning a into b: every line of both, in order, deletions before insertions. */
    public static List<Edit> diff(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int prefix = 0;
        while (prefix < n && prefix < m && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < n - prefix && suffix < m - prefix && a.get(n - 1 - suffix).equals(b.get(m - 1 - suffix))) {
            suffix++;
        }
        List<Edit> out = new ArrayList<>(Math.max(n, m) + 8);
        for (int i = 0; i < prefix; i++) {
            out.add(new Edit(Op.EQUAL, i, i));
        }
        middle(a, b, prefix, n - suffix, prefix, m - suffix, out);
        for (int i = suffix; i > 0; i--) {
            out.add(new Edit(Op.EQUAL, n - i, m - i));
        }
        return out;
    }

    /** Myers' greedy forward search over a[a0,a1) and b[b0,b1), then a walk back through the saved frontiers. */
    private static void middle(List<String> a, List<String> b, int a0, int a1, int b0, int b1, List<Edit> out) {
        int n = a1 - a0;
        int m = b1 - b0;
        if (n == 0 || m == 0) {
            for (int i = a0; i < a1; i++) {
                out.add(new Edit(Op.DELETE, i, -1));
            }
            for (int j = b0; j < b1; j++) {
                out.add(new Edit(Op.INSERT, -1, j));
            }
            return;
        }
        int max = n + m;
        int limit = Math.min(max, MAX_EDIT_DISTANCE);
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        int found = -1;
        for (int d = 0; d <= limit && found < 0; d++) {
            trace.add(Arrays.copyOfRange(v, offset - d - 1, offset + d + 2)); // frontier of d - 1, k in [-d-1, d+1]
            for (int k = -d; k <= d; k += 2) {
                int x;
                if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) {
                    x = v[offset + k + 1];
                } else {
                    x = v[offset + k - 1] + 1;
                }
                int y = x - k;
                while (x < n && y < m && a.get(a0 + x).equals(b.get(b0 + y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    found = d;
                    break;
                }
            }
        }
        if (found < 0) {
            for (int i = a0; i < a1; i++) {
                out.add(new Edit(Op.DELETE, i, -1));
            }
            for (int j = b0; j < b1; j++) {
                out.add(new Edit(Op.INSERT, -1, j));
            }
            return;
        }
        List<Edit> rev = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = found; d > 0; d--) {
            int[] pv = trace.get(d);
            int k = x - y;
            int prevK;
            if (k == -d || (k != d && pv[k - 1 + d + 1] < pv[k + 1 + d + 1])) {
                prevK = k + 1;
            } else {
                prevK = k - 1;
            }
            int prevX = pv[prevK + d + 1];
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                x--;
                y--;
                rev.add(new Edit(Op.EQUAL, a0 + x, b0 + y));
            }
            if (x == prevX) {
                y--;
                rev.add(new Edit(Op.INSERT, -1, b0 + y));
            } else {
                x--;
                rev.add(new Edit(Op.DELETE, a0 + x, -1));
            }
        }
        while (x > 0 && y > 0) {
            x--;
            y--;
            rev.add(new Edit(Op.EQUAL, a0 + x, b0 + y));
        }
        // deletions before insertions inside each changed run, as unified diffs show them
        for (int i = rev.size() - 1; i >= 0;) {
            if (rev.get(i).op() == Op.EQUAL) {
                out.add(rev.get(i--));
                continue;
            }
            List<Edit> ins = new ArrayList<>();
            while (i >= 0 && rev.get(i).op() != Op.EQUAL) {
                Edit e = rev.get(i--);
                if (e.op() == Op.DELETE) {
                    out.add(e);
                } else {
                    ins.add(e);
                }
            }
            out.addAll(ins);
        }
    }

    /**
     * The unified diff of a and b ({@code ---}/{@code +++} headers, {@code @@} hunks with {@code context} lines
     * around each change), coloured with ANSI codes when asked. Empty when the two are equal.
     */
    public static String unified(List<String> a, List<String> b, String labelA, String labelB, int context,
            boolean color) {
        List<Edit> edits = diff(a, b);
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int size = edits.size();
        boolean any = false;
        while (i < size) {
            while (i < size && edits.get(i).op() == Op.EQUAL) {
                i++;
            }
            if (i >= size) {
                break;
            }
            int start = Math.max(0, i - context);
            int end = i;
            // extend the hunk while the next change is within 2 * context equal lines
            int j = i;
            while (j < size) {
                if (edits.get(j).op() != Op.EQUAL) {
                    end = j + 1;
                    j++;
                    continue;
                }
                int run = 0;
                int k = j;
                while (k < size && edits.get(k).op() == Op.EQUAL) {
                    k++;
                    run++;
                }
                if (k >= size || run > 2 * context) {
                    break;
                }
                j = k;
            }
            int stop = Math.min(size, end + context);
            if (!any) {
                sb.append(paint(color, BOLD, "--- " + labelA)).append('\n');
                sb.append(paint(color, BOLD, "+++ " + labelB)).append('\n');
                any = true;
            }
            int aFirst = -1;
            int aCount = 0;
            int bFirst = -1;
            int bCount = 0;
            int aBefore = 0;
            int bBefore = 0;
            for (int h = 0; h < start; h++) {
                Edit e = edits.get(h);
                if (e.op() != Op.INSERT) {
                    aBefore++;
                }
                if (e.op() != Op.DELETE) {
                    bBefore++;
                }
            }
            for (int h = start; h < stop; h++) {
                Edit e = edits.get(h);
                if (e.op() != Op.INSERT) {
                    if (aFirst < 0) {
                        aFirst = e.a();
                    }
                    aCount++;
                }
                if (e.op() != Op.DELETE) {
                    if (bFirst < 0) {
                        bFirst = e.b();
                    }
                    bCount++;
                }
            }
            sb.append(paint(color, CYAN, "@@ -" + range(aCount == 0 ? aBefore : aFirst + 1, aCount) + " +"
                    + range(bCount == 0 ? bBefore : bFirst + 1, bCount) + " @@")).append('\n');
            for (int h = start; h < stop; h++) {
                Edit e = edits.get(h);
                switch (e.op()) {
                    case EQUAL -> line(sb, " ", a.get(e.a()), null, color);
                    case DELETE -> line(sb, "-", a.get(e.a()), RED, color);
                    case INSERT -> line(sb, "+", b.get(e.b()), GREEN, color);
                    default -> throw new IllegalStateException();
                }
            }
            i = stop;
        }
        return sb.toString();
    }

    private static String range(int start, int count) {
        return count == 1 ? Integer.toString(start) : start + "," + count;
    }

    private static void line(StringBuilder sb, String mark, String text, String colour, boolean color) {
        boolean newline = text.endsWith("\n");
        String body = newline ? text.substring(0, text.length() - 1) : text;
        sb.append(colour == null ? mark + body : paint(color, colour, mark + body)).append('\n');
        if (!newline) {
            sb.append("\\ No newline at end of file\n");
        }
    }

    private static String paint(boolean color, String code, String s) {
        return color ? code + s + RESET : s;
    }

    /** Diff of two whole texts. */
    public static Stats stats(String a, String b) {
        return stats(lines(a), lines(b));
    }
}
