package com.basicmemory.bm.rclone;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * File names as rclone prints them, back to the names on disk. Two layers, both seen in real rclone 1.60 and 1.75
 * runs over the local backend:
 * <ul>
 * <li>Go quoting: bisync prints a path that {@code strconv.Quote} would change in quotes, escaped
 * ({@code "back\\slash.md"}, {@code "say \"hi\".md"}, 1.60 also {@code "caf\xe9.md"} for a name that is not
 * UTF-8). {@link #unquote} undoes it; a byte that is not UTF-8 becomes U+FFFD, as the JVM decodes such a name.</li>
 * <li>rclone's encoding of the local file system's names: a control character {@code c} (a newline, a tab) is
 * printed as U+2400+c ({@code ␊}, {@code ␉}), DEL as U+2421, and a name that really holds one of those symbols, or
 * rclone's quote character U+201B ({@code ‛}), has {@code ‛} in front of it. {@link #decode} undoes it.</li>
 * </ul>
 * A name that holds neither is returned as it is (the same instance): the common case costs one scan.
 */
public final class RcloneNames {
    /** rclone's escape for a character that would otherwise be decoded ({@code ‛}). */
    static final char QUOTE = '\u201B';

    private RcloneNames() {
    }

    /** Whether {@link #decode} would change s (it holds rclone's quote or one of the control symbols). */
    public static boolean encoded(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == QUOTE || (c >= '\u2400' && c <= '\u2421' && c != '\u2420')) {
                return true;
            }
        }
        return false;
    }

    /** The name on disk of a name in rclone's encoding ({@code new␊line.md} is {@code "new\nline.md"}). */
    public static String decode(String s) {
        if (s == null || !encoded(s, 0, s.length())) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == QUOTE && i + 1 < s.length()) {
                b.append(s.charAt(++i));
            } else if (c >= '\u2400' && c <= '\u241F') {
                b.append((char) (c - '\u2400'));
            } else if (c == '\u2421') {
                b.append('\u007F');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** A path as bisync prints it (maybe Go-quoted, in rclone's encoding) as it is on disk. */
    public static String real(String printed) {
        return decode(unquote(printed));
    }

    /**
     * The text of a Go-quoted string ({@code "a\\b"} is {@code a\b}); s itself when it is not one (no surrounding
     * quotes, or an escape Go would not write).
     */
    public static String unquote(String s) {
        int n = s == null ? 0 : s.length();
        if (n < 2 || s.charAt(0) != '"' || s.charAt(n - 1) != '"') {
            return s;
        }
        ByteBuffer bytes = ByteBuffer.allocate(4 * n);
        for (int i = 1; i < n - 1; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                return s; // an unescaped quote inside: not one quoted string
            }
            if (c != '\\') {
                int cp = Character.codePointAt(s, i);
                bytes.put(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
                continue;
            }
            if (i + 1 >= n - 1) {
                return s;
            }
            char e = s.charAt(++i);
            int digits;
            switch (e) {
                case 'a' -> bytes.put((byte) 7);
                case 'b' -> bytes.put((byte) 8);
                case 'f' -> bytes.put((byte) 12);
                case 'n' -> bytes.put((byte) '\n');
                case 'r' -> bytes.put((byte) '\r');
                case 't' -> bytes.put((byte) '\t');
                case 'v' -> bytes.put((byte) 11);
                case '\\', '"', '\'' -> bytes.put((byte) e);
                case 'x', 'u', 'U' -> {
                    digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + digits > n - 2) {
                        return s;
                    }
                    int v;
                    try {
                        v = Integer.parseUnsignedInt(s.substring(i + 1, i + 1 + digits), 16);
                    } catch (NumberFormatException ex) {
                        return s;
                    }
                    i += digits;
                    if (e == 'x') {
                        bytes.put((byte) v);
                    } else if (Character.isValidCodePoint(v)) {
                        bytes.put(new String(Character.toChars(v)).getBytes(StandardCharsets.UTF_8));
                    } else {
                        return s;
                    }
                }
                default -> {
                    return s;
                }
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(bytes).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return s; // not reached with REPLACE
        }
    }
}
