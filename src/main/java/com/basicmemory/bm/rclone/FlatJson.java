package com.basicmemory.bm.rclone;

/**
 * A minimal, allocation-light scanner for rclone's one-object-per-line JSON log entries: decodes only
 * {@code level}, {@code msg}/{@code message}, {@code object} and the numeric fields of {@code stats}, skips every
 * other value (nested objects and arrays included). {@link #scan(String)} returns {@code null} on anything it does
 * not fully understand, and {@link BisyncLogParser} then falls back to Jackson. About twice as fast as a Jackson
 * parser per line, which matters at a million lines a second.
 *
 * <p>A {@code msg} or {@code object} string without escapes (rclone's lines, nearly always) is not copied: the
 * scanner only records where it lies in the line ({@link #msgInPlace()}), so that the parser can read the frequent
 * lines straight from the line it was given. A string with escapes is decoded into a new String, as before.
 */
final class FlatJson {

    private static final int BAD = -1;
    private static final int OTHER = 0;
    private static final int LEVEL = 1;
    private static final int MSG = 2;
    private static final int OBJECT = 3;
    private static final int STATS = 4;
    /** From {@link #plainStringEnd()}: the string has an escape or a control character; decode it carefully. */
    private static final int CAREFUL = -2;

    private final String s;
    private int i;

    // ---- what the scan found; a field is either in place (start >= 0) or decoded (the String), or absent
    private LogLine.Level level;
    private int msgStart = -1;
    private int msgEnd;
    private String msgDecoded;
    private int objectStart = -1;
    private int objectEnd;
    private String objectDecoded;
    private StatsSnapshot stats;

    private FlatJson(String s) {
        this.s = s;
    }

    /**
     * The end of the string whose opening quote is at i when it has neither escape nor control character (moves i
     * past it); {@link #CAREFUL} (i unchanged) otherwise; -1 if unterminated. A loop on locals: for strings this
     * short it is about three times faster than {@code indexOf}, and it checks the line only where it reads it.
     */
    private int plainStringEnd() {
        String t = s;
        for (int k = i + 1, n = t.length(); k < n; k++) {
            char c = t.charAt(k);
            if (c == '"') {
                i = k + 1;
                return k;
            }
            if (c == '\\' || c < 0x20) {
                return CAREFUL;
            }
        }
        return -1;
    }

    /** The decoded entry as a {@link LogLine} (the form Jackson's fallback gives too); null if not understood. */
    static LogLine parse(String s) {
        FlatJson j = scan(s);
        return j == null ? null : j.toLogLine();
    }

    /** Scans one JSON log line; null on anything it does not fully understand (the caller then asks Jackson). */
    static FlatJson scan(String s) {
        try {
            FlatJson j = new FlatJson(s);
            return j.entry() ? j : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    LogLine toLogLine() {
        return BisyncLogParser.jsonLine(level(), msgString(), objectString(), stats);
    }

    /** The entry's level; INFO when the line has none (as Jackson's fallback decides). */
    LogLine.Level level() {
        return level == null ? LogLine.Level.INFO : level;
    }

    StatsSnapshot stats() {
        return stats;
    }

    /** True when {@code msg} is present and lies unescaped in the line at [{@link #msgStart()}, {@link #msgEnd()}). */
    boolean msgInPlace() {
        return msgStart >= 0;
    }

    int msgStart() {
        return msgStart;
    }

    int msgEnd() {
        return msgEnd;
    }

    /** True when the line has no {@code object} string at all (absent, or not a string). */
    boolean noObject() {
        return objectStart < 0 && objectDecoded == null;
    }

    /** True when {@code object} is present and lies unescaped in the line at [objectStart, objectEnd). */
    boolean objectInPlace() {
        return objectStart >= 0;
    }

    int objectStart() {
        return objectStart;
    }

    int objectEnd() {
        return objectEnd;
    }

    private String msgString() {
        return msgStart >= 0 ? s.substring(msgStart, msgEnd) : msgDecoded;
    }

    private String objectString() {
        return objectStart >= 0 ? s.substring(objectStart, objectEnd) : objectDecoded;
    }

    private boolean entry() {
        ws();
        if (!eat('{')) {
            return false;
        }
        ws();
        if (!eat('}')) {
            while (true) {
                ws();
                int key = key();
                if (key == BAD) {
                    return false;
                }
                ws();
                if (!eat(':')) {
                    return false;
                }
                ws();
                switch (key) {
                    case LEVEL:
                        level = readLevel();
                        break;
                    case MSG:
                        readMsg();
                        break;
                    case OBJECT:
                        readObject();
                        break;
                    case STATS:
                        if (peek() == '{') {
                            stats = readStats();
                            if (stats == null) {
                                return false;
                            }
                        } else if (!skipValue()) {
                            return false;
                        }
                        break;
                    default:
                        if (!skipValue()) {
                            return false;
                        }
                }
                if (i < 0) {
                    return false;
                }
                ws();
                if (eat(',')) {
                    continue;
                }
                if (eat('}')) {
                    break;
                }
                return false;
            }
        }
        ws();
        return i == s.length();
    }

    /** The level named by a string value, or null (and the value skipped) for any other type. */
    private LogLine.Level readLevel() {
        if (peek() == '"') {
            int start = i + 1;
            int end = plainStringEnd();
            if (end >= 0) {
                return BisyncLogParser.jsonLevel(s, start, end);
            }
        }
        String v = scalarString();
        return v == null ? null : BisyncLogParser.jsonLevel(v);
    }

    /** {@code msg}: where it lies when unescaped, else decoded; the last one wins, as in Jackson's fallback. */
    private void readMsg() {
        msgStart = -1;
        msgDecoded = null;
        if (peek() == '"') {
            int start = i + 1;
            int end = plainStringEnd();
            if (end >= 0) {
                msgStart = start;
                msgEnd = end;
                return;
            }
        }
        msgDecoded = scalarString();
    }

    /** {@code object}: like {@link #readMsg()}. */
    private void readObject() {
        objectStart = -1;
        objectDecoded = null;
        if (peek() == '"') {
            int start = i + 1;
            int end = plainStringEnd();
            if (end >= 0) {
                objectStart = start;
                objectEnd = end;
                return;
            }
        }
        objectDecoded = scalarString();
    }

    private StatsSnapshot readStats() {
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
        int end = plainStringEnd();
        if (end >= 0) {
            return keyOf(s, start, end - start);
        }
        if (end == -1) {
            return BAD;
        }
        String k = string(); // rare: decode, then compare
        return k == null ? BAD : keyOf(k, 0, k.length());
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
        if (peek() == '"' && plainStringEnd() >= 0) {
            return true;
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
