package com.basicmemory.bm.conflicts;

import java.util.List;

/**
 * The draft a person edits to merge two versions: lines both share as they are, every differing run between
 * {@code <<<<<<< local}, {@code =======} and {@code >>>>>>> cloud} markers (the layout git uses).
 */
public final class MergeText {
    public static final String START = "<<<<<<< local";
    public static final String MIDDLE = "=======";
    public static final String END = ">>>>>>> cloud";

    private MergeText() {
    }

    /** The draft for the local and cloud texts, each marker labelled with the copy it came from. */
    public static String draft(String local, String cloud, String localLabel, String cloudLabel) {
        List<String> a = LineDiff.lines(local);
        List<String> b = LineDiff.lines(cloud);
        List<LineDiff.Edit> edits = LineDiff.diff(a, b);
        StringBuilder sb = new StringBuilder(local.length() + cloud.length() + 128);
        int i = 0;
        while (i < edits.size()) {
            LineDiff.Edit e = edits.get(i);
            if (e.op() == LineDiff.Op.EQUAL) {
                sb.append(a.get(e.a()));
                i++;
                continue;
            }
            StringBuilder mine = new StringBuilder();
            StringBuilder theirs = new StringBuilder();
            while (i < edits.size() && edits.get(i).op() != LineDiff.Op.EQUAL) {
                LineDiff.Edit c = edits.get(i++);
                if (c.op() == LineDiff.Op.DELETE) {
                    mine.append(a.get(c.a()));
                } else {
                    theirs.append(b.get(c.b()));
                }
            }
            endLine(sb);
            sb.append(START).append(label(localLabel)).append('\n');
            sb.append(mine);
            endLine(sb);
            sb.append(MIDDLE).append('\n');
            sb.append(theirs);
            endLine(sb);
            sb.append(END).append(label(cloudLabel)).append('\n');
        }
        return sb.toString();
    }

    private static String label(String l) {
        return l == null || l.isEmpty() ? "" : " (" + l + ")";
    }

    private static void endLine(StringBuilder sb) {
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
            sb.append('\n');
        }
    }

    /**
     * True when text still holds a start or end marker line. A lone {@code =======} line is not checked: in
     * Markdown it underlines a heading.
     */
    public static boolean hasMarkers(String text) {
        for (String line : LineDiff.lines(text)) {
            String l = line.stripTrailing();
            if (l.equals("<<<<<<<") || l.startsWith("<<<<<<< ") || l.equals(">>>>>>>") || l.startsWith(">>>>>>> ")) {
                return true;
            }
        }
        return false;
    }
}
