package com.basicmemory.bm.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The messages bm can print when something is wrong, read from its source: the message of every {@code BmException}
 * (one clear line on stderr, {@code bm: MESSAGE; HINT}), every error and warning a sync records in its report (shown
 * as {@code bm:   PROJECT: ERROR}), every {@code bm: warning: ...} line, and every reason for refusing a sync
 * directory ({@code refuse(DIR, WHY)}). A message is kept as its template: the
 * string literals of its top-level concatenation, with every expression between them a placeholder; a conditional
 * ({@code a ? "x" : "y"}) gives one template per branch. Messages with no literal of substance (a pass-through of
 * another message) are left out.
 *
 * <p>{@code TroubleshootingTest} requires each template on docs/troubleshooting.md, where placeholders are written
 * in capitals (FILE, DIR, PROJECT, ...). Used by a source scan, not by reflection: no message has to be triggered.
 */
public final class MessageCatalog {
    /** A message template: literal pieces in order, and where in the source it is. */
    public record Message(String where, List<String> pieces) {
        /** Matches the message as written on the page: the pieces in order, anything on one line between them. */
        public Pattern pattern() {
            return Pattern.compile(pieces.stream().map(MessageCatalog::loose).collect(Collectors.joining("[^\\n]*?")));
        }

        /** The template with placeholders as {@code …}, for failure messages. */
        public String template() {
            return String.join("…", pieces);
        }
    }

    private static final Pattern SITE = Pattern.compile(
            "BmException\\.(?:badInput|failed)\\(|new BmException\\(|\\brefuse\\(|\\b(?:errors|warnings)\\.add\\("
                    + "|println\\(\"bm: warning: ");
    private static final int MIN_LITERAL = 6;

    private MessageCatalog() {
    }

    /** Every message template in the main sources under {@code root}. */
    public static List<Message> scan(Path root) {
        List<Message> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String src = Files.readString(f);
                Matcher m = SITE.matcher(src);
                while (m.find()) {
                    String where = root.relativize(f) + ":" + (src.substring(0, m.start()).lines().count() + 1);
                    int start = m.group().startsWith("println") ? m.end() - "\"bm: warning: ".length() : m.end();
                    List<String> args = arguments(src, start);
                    if (args.isEmpty()) {
                        continue;
                    }
                    boolean second = m.group().startsWith("new BmException") || m.group().startsWith("refuse");
                    String message = second ? (args.size() > 1 ? args.get(1) : "") : args.get(0);
                    for (List<String> pieces : templates(message)) {
                        if (pieces.stream().anyMatch(p -> p.strip().length() >= MIN_LITERAL)) {
                            out.add(new Message(where, pieces));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The top-level arguments of a call whose argument list starts at {@code i} (just after its parenthesis). */
    static List<String> arguments(String src, int i) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (int j = i; j < src.length(); j++) {
            char c = src.charAt(j);
            if (c == '"') {
                int end = endOfString(src, j);
                cur.append(src, j, end + 1);
                j = end;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    args.add(cur.toString().strip());
                    return args;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(cur.toString().strip());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        return List.of();
    }

    private static int endOfString(String src, int open) {
        if (src.startsWith("\"\"\"", open)) {
            return src.indexOf("\"\"\"", open + 3) + 2;
        }
        for (int k = open + 1; k < src.length(); k++) {
            if (src.charAt(k) == '\\') {
                k++;
            } else if (src.charAt(k) == '"') {
                return k;
            }
        }
        return src.length() - 1;
    }

    /** The templates of one message expression: one, or one per branch of a top-level conditional. */
    static List<List<String>> templates(String expr) {
        List<String> top = split(expr, '?');
        if (top.size() == 2) {
            List<String> branches = split(top.get(1), ':');
            List<List<String>> out = new ArrayList<>();
            for (String b : branches) {
                out.addAll(templates(b));
            }
            return out;
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        boolean placeholder = false;
        for (String term : split(expr, '+')) {
            String t = term.strip();
            if (t.startsWith("\"") && t.endsWith("\"") && t.length() >= 2 && endOfString(t, 0) == t.length() - 1) {
                if (placeholder) {
                    pieces.add(lit.toString());
                    lit.setLength(0);
                    placeholder = false;
                }
                lit.append(unescape(t.substring(1, t.length() - 1)));
            } else {
                placeholder = true;
            }
        }
        pieces.add(lit.toString());
        pieces.removeIf(String::isBlank);
        return List.of(pieces);
    }

    /** Splits at top-level occurrences of {@code sep} (outside strings, parentheses and brackets). */
    private static List<String> split(String expr, char sep) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (int j = 0; j < expr.length(); j++) {
            char c = expr.charAt(j);
            if (c == '"') {
                int end = endOfString(expr, j);
                cur.append(expr, j, end + 1);
                j = end;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == sep && depth == 0 && !(sep == ':' && j + 1 < expr.length() && expr.charAt(j + 1) == ':')) {
                out.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        out.add(cur.toString());
        return out;
    }

    private static String unescape(String s) {
        return s.replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\");
    }

    /** A literal piece, matched with any run of spaces as any run of spaces (the page may wrap nothing, but trims). */
    private static String loose(String piece) {
        return Stream.of(piece.strip().split("\\s+")).map(Pattern::quote).collect(Collectors.joining("\\s+"));
    }

    public static void main(String[] args) {
        for (Message m : scan(Path.of(args.length > 0 ? args[0] : "src/main/java"))) {
            System.out.println(m.where() + "\t" + m.template());
        }
    }
}
