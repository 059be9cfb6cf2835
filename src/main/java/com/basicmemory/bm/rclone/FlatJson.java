package com.basicmemory.bm.rclone;

/**
 * A minimal, allocation-light scanner for rclone's one-object-per-line JSON log entries: decodes only
 * {@code level}, {@code msg}/{@code message}, {@code object} and the numeric fields of {@code stats}, skips every
 * other value (nested objects and arrays included). Returns {@code null} on anything it does not fully
 * understand, and {@link BisyncLogParser} then falls back to Jackson. About twice as fast as a Jackson parser per
 * line, which matters at a million lines a second.
 */
final class FlatJson {

    private static final int BAD = -1;
    private static final int OTHER = 0;
    private static final int LEVEL = 1;
    private static final int MSG = 2;
    private static final int OBJECT = 3;
    private static final int STATS = 4;

    private final String s;
    /**
     * No backslash and no control character anywhere in the line (rclone's lines, nearly always): every string
     * then ends at the next quote, with no escape to decode and nothing else to check on the way.
     */
    private final boolean plain;
    private int i;

    private FlatJson(String s) {
        this.s = s;
        this.plain = isPlain(s);
    }

    private static boolean isPlain(String s) {
        if (s.indexOf('\\') >= 0) {
            return false;
        }
        for (int k = 0, n = s.length(); k < n; k++) {
            if (s.charAt(k) < 0x20) {
                return false;
            }
        }
        return true;
    }

    /**
     * In a plain line, the end of the string whose opening quote is at i (moves i past it); -1 if unterminated.
     * A loop on locals: for strings this short it is about three times faster than {@code indexOf}.
     */
    private int plainStringEnd() {
        String t = s;
        for (int k = i + 1, n = t.length(); k < n; k++) {
            if (t.charAt(k) == '"') {
                i = k + 1;
                return k;
            }
        }
        i = -1;
        return -1;
    }

    static LogLine parse(String s) {
        try {
            return new FlatJson(s).object();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private LogLine object() {
        LogLine.Level level = null;
        String msg = null;
        String object = null;
        StatsSnapshot stats = null;
        ws();
        if (!eat('{')) {
            return null;
        }
        ws();
        if (!eat('}')) {
            while (true) {
                ws();
                int key = key();
                if (key == BAD) {
                    return null;
                }
                ws();
                if (!eat(':')) {
                    return null;
                }
                ws();
                switch (key) {
                    case LEVEL:
                        level = level();
                        break;
                    case MSG:
                        msg = scalarString();
                        break;
                    case OBJECT:
                        object = scalarString();
                        break;
                    case STATS:
                        if (peek() == '{') {
                            stats = stats();
                            if (stats == null) {
                                return null;
                            }
                        } else if (!skipValue()) {
                            return null;
                        }
                        break;
                    default:
                        if (!skipValue()) {
                            return null;
                        }
                }
                if (i < 0) {
                    return null;
                }
                ws();
                if (eat(',')) {
                    continue;
                }
                if (eat('}')) {
                    break;
                }
                return null;
            }
        }
        ws();
        if (i != s.length()) {
            return null;
        }
        return BisyncLogParser.jsonLine(level == null ? LogLine.Level.INFO : level, msg, object, stats);
    }

    /** The level named by a string value, or null (and the value skipped) for any other type. */
    private LogLine.Level level() {
        if (plain && peek() == '"') {
            int start = i + 1;
            int end = plainStringEnd();
            return end < 0 ? null : BisyncLogParser.jsonLevel(s, start, end);
        }
        String v = scalarString();
        return v == null ? null : BisyncLogParser.jsonLevel(v);
    }

    private StatsSnapshot stats() {
        eat('{');
        long bytes = 0;
        long totalBytes = 0;
        long transfers = 0;
        long totalTransfers = 0;
        long deletes = 0;
        long errors = 0;
        double elapsed = 0;
        ws();
        if (eat('}')) {
            return new StatsSnapshot(0, 0, 0, 0, 0, 0, 0);
        }
        while (true) {
            ws();
            String key = string();
            if (key == null) {
                return null;
            }
            ws();
            if (!eat(':')) {
                return null;
            }
            ws();
            char c = peek();
            if (c == '-' || (c >= '0' && c <= '9')) {
                int start = i;
                while (i < s.length() && "+-.eE0123456789".indexOf(s.charAt(i)) >= 0) {
                    i++;
                }
                double v = Double.parseDouble(s.substring(start, i));
                switch (key) {
                    case "bytes":
                        bytes = (long) v;
                        break;
                    case "totalBytes":
                        totalBytes = (long) v;
                        break;
                    case "transfers":
                        transfers = (long) v;
                        break;
                    case "totalTransfers":
                        totalTransfers = (long) v;
                        break;
                    case "deletes":
                        deletes = (long) v;
                        break;
                    case "errors":
                        errors = (long) v;
                        break;
                    case "elapsedTime":
                        elapsed = v;
                        break;
                    default:
                        break;
                }
            } else if (!skipValue()) {
                return null;
            }
            ws();
            if (eat(',')) {
                continue;
            }
            if (eat('}')) {
                return new StatsSnapshot(bytes, totalBytes, transfers, totalTransfers, deletes, errors, elapsed);
            }
            return null;
        }
    }

    /** A string value, or null (and the value skipped) for any other type. */
    private String scalarString() {
        if (peek() == '"') {
            String v = string();
            if (v == null) {
                i = -1;
            }
            return v;
        }
        if (!skipValue()) {
            i = -1;
        }
        return null;
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private boolean eat(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private void ws() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            i++;
        }
    }

    /**
     * Reads an object key and names the ones bm reads, without allocating a String for the common case (a key
     * without escapes); {@link #BAD} if malformed.
     */
    private int key() {
        if (peek() != '"') {
            return BAD;
        }
        int start = i + 1;
        if (plain) {
            int end = plainStringEnd();
            return end < 0 ? BAD : keyOf(s, start, end - start);
        }
        int n = s.length();
        int end = start;
        while (end < n) {
            char c = s.charAt(end);
            if (c == '"') {
                break;
            }
            if (c == '\\' || c < 0x20) {
                String k = string(); // rare: decode, then compare
                return k == null ? BAD : keyOf(k, 0, k.length());
            }
            end++;
        }
        if (end >= n) {
            return BAD;
        }
        i = end + 1;
        return keyOf(s, start, end - start);
    }

    private static int keyOf(String text, int start, int len) {
        switch (len) {
            case 3:
                return text.startsWith("msg", start) ? MSG : OTHER;
            case 5:
                return text.startsWith("level", start) ? LEVEL : text.startsWith("stats", start) ? STATS : OTHER;
            case 6:
                return text.startsWith("object", start) ? OBJECT : OTHER;
            case 7:
                return text.startsWith("message", start) ? MSG : OTHER;
            default:
                return OTHER;
        }
    }

    /** Skips a JSON string starting at the opening quote, without decoding it; false if malformed. */
    private boolean skipString() {
        if (plain && peek() == '"') {
            return plainStringEnd() >= 0;
        }
        if (!eat('"')) {
            return false;
        }
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i++);
            if (c == '"') {
                return true;
            }
            if (c == '\\') {
                if (i >= n) {
                    return false;
                }
                char e = s.charAt(i++);
                if (e == 'u') {
                    if (i + 4 > n) {
                        return false;
                    }
                    for (int k = i; k < i + 4; k++) {
                        if (Character.digit(s.charAt(k), 16) < 0) {
                            return false;
                        }
                    }
                    i += 4;
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    return false;
                }
            } else if (c < 0x20) {
                return false;
            }
        }
        return false;
    }

    /** Reads a JSON string starting at the opening quote; null if malformed. */
    private String string() {
        if (plain && peek() == '"') {
            int start = i + 1;
            int end = plainStringEnd();
            return end < 0 ? null : s.substring(start, end);
        }
        if (!eat('"')) {
            return null;
        }
        int start = i;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"') {
                return s.substring(start, i++);
            }
            if (c == '\\') {
                return escaped(start);
            }
            if (c < 0x20) {
                return null;
            }
            i++;
        }
        return null;
    }

    private String escaped(int start) {
        StringBuilder b = new StringBuilder(s.length() - start + 16);
        b.append(s, start, i);
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                if (c < 0x20) {
                    return null;
                }
                b.append(c);
                continue;
            }
            if (i >= n) {
                return null;
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"':
                case '\\':
                case '/':
                    b.append(e);
                    break;
                case 'b':
                    b.append('\b');
                    break;
                case 'f':
                    b.append('\f');
                    break;
                case 'n':
                    b.append('\n');
                    break;
                case 'r':
                    b.append('\r');
                    break;
                case 't':
                    b.append('\t');
                    break;
                case 'u':
                    if (i + 4 > n) {
                        return null;
                    }
                    b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                    break;
                default:
                    return null;
            }
        }
        return null;
    }

    /** Skips any JSON value; false if malformed. */
    private boolean skipValue() {
        char c = peek();
        if (c == '"') {
            return skipString();
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            int n = s.length();
            while (i < n) {
                char d = s.charAt(i);
                if (d == '"') {
                    if (!skipString()) {
                        return false;
                    }
                    continue;
                }
                if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    depth--;
                    if (depth == 0) {
                        i++;
                        return true;
                    }
                }
                i++;
            }
            return false;
        }
        int start = i;
        int n = s.length();
        while (i < n) {
            char d = s.charAt(i);
            if (d == ',' || d == '}' || d == ']' || d == ' ' || d == '\t' || d == '\r' || d == '\n') {
                break;
            }
            i++;
        }
        if (i == start) {
            return false;
        }
        String lit = s.substring(start, i);
        if (lit.equals("true") || lit.equals("false") || lit.equals("null")) {
            return true;
        }
        char f = lit.charAt(0);
        return f == '-' || (f >= '0' && f <= '9');
    }
}
