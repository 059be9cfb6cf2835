package com.basicmemory.bm.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Just enough Markdown for the documentation checks: fenced code blocks (with their language tag and first line),
 * hidden shell blocks ({@code <!-- sh} ... {@code -->}), headings with their GitHub anchors, and relative links.
 *
 * <p>Conventions (docs/development.md, "Documentation"): a block tagged {@code sh} is run by {@code DocsIT}; a first
 * line {@code # exit N} says it must end with exit code N (otherwise 0). Shell that must not run (it needs root, a
 * real account, a second machine, or never ends) is tagged {@code console}; outputs are {@code text}; files are
 * tagged by their format ({@code json}, {@code ini}, {@code cron}, {@code yaml}). A hidden block runs like an
 * {@code sh} block without being shown: it prepares what a visible example needs (a note to sync, a conflict).
 */
public final class MarkdownDoc {
    /** Language tags a fenced block may carry. An untagged block is an error: every block says what it is. */
    public static final Set<String> KNOWN_TAGS = Set.of("sh", "console", "text", "json", "ini", "cron", "yaml");

    private static final Pattern FENCE = Pattern.compile("^(\\s*)(```+|~~~+)\\s*([^\\s`]*)?.*$");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern LINK = Pattern.compile("(!?)\\[((?:[^\\]\\[]|\\[[^\\]]*\\])*)\\]\\(\\s*<?([^)\\s>]+)>?"
            + "(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HTML_SRC = Pattern.compile("<(?:img|a)\\b[^>]*?\\s(?:src|href)=\"([^\"]+)\"");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern EXPECTED_EXIT = Pattern.compile("^#\\s*exit\\s+(\\d+)\\b.*");

    /** A fenced or hidden code block. {@code line} is the 1-based line of its opening fence. */
    public record Block(Path page, int line, String lang, String text, boolean hidden) {
        /** The exit code the block documents ({@code # exit N} on its first line), else 0. */
        public int expectedExit() {
            String first = text.lines().findFirst().orElse("").strip();
            Matcher m = EXPECTED_EXIT.matcher(first);
            return m.matches() ? Integer.parseInt(m.group(1)) : 0;
        }

        public boolean runnable() {
            return hidden || "sh".equals(lang);
        }

        public String where() {
            return page + ":" + line;
        }
    }

    /** A relative link or image: {@code target} as written (path and optional {@code #anchor}). */
    public record Link(Path page, int line, String target, boolean image) {
    }

    private final Path file;
    private final List<String> lines;
    private final List<Block> blocks = new ArrayList<>();
    private final List<String> headings = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private MarkdownDoc(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
        parse();
    }

    public static MarkdownDoc read(Path file) {
        try {
            return new MarkdownDoc(file, Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MarkdownDoc parse(Path file, String text) {
        return new MarkdownDoc(file, text.lines().toList());
    }

    /** README.md and every page under docs/ (sorted; README.md first), relative to {@code root}. */
    public static List<Path> pages(Path root) {
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> s = Files.walk(root.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    public Path file() {
        return file;
    }

    public List<Block> blocks() {
        return blocks;
    }

    public List<Link> links() {
        return links;
    }

    /** Problems found while parsing: an unclosed fence or hidden block, an untagged or unknown block tag. */
    public List<String> problems() {
        return problems;
    }

    /** GitHub's anchors of this page's headings, duplicates numbered as GitHub does ({@code -1}, {@code -2}). */
    public Set<String> anchors() {
        Set<String> out = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String h : headings) {
            String slug = slug(h);
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            out.add(n == 0 ? slug : slug + "-" + n);
        }
        return out;
    }

    /**
     * GitHub's heading anchor: the heading's text (inline code and links reduced to their text), lower case, every
     * character other than a letter, digit, space, hyphen or underscore removed, spaces turned into hyphens.
     */
    public static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "").replace("*", "");
        StringBuilder sb = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                sb.appendCodePoint(c);
            } else if (c == ' ') {
                sb.append('-');
            }
        });
        return sb.toString();
    }

    private void parse() {
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                String marker = fence.group(2);
                String lang = fence.group(3) == null ? "" : fence.group(3).toLowerCase(Locale.ROOT);
                int start = i;
                StringBuilder body = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < lines.size()) {
                    String l = lines.get(i);
                    if (l.strip().startsWith(marker) && l.strip().replace(marker.substring(0, 1), "").isEmpty()) {
                        closed = true;
                        break;
                    }
                    body.append(l).append('\n');
                    i++;
                }
                if (!closed) {
                    problems.add(file + ":" + (start + 1) + ": code block never closed");
                }
                if (lang.isEmpty()) {
                    problems.add(file + ":" + (start + 1) + ": code block without a language tag (use one of "
                            + new java.util.TreeSet<>(KNOWN_TAGS) + ")");
                } else if (!KNOWN_TAGS.contains(lang)) {
                    problems.add(file + ":" + (start + 1) + ": unknown code block tag '" + lang + "' (use one of "
                            + new java.util.TreeSet<>(KNOWN_TAGS) + ")");
                }
                blocks.add(new Block(file, start + 1, lang, body.toString(), false));
                i++;
                continue;
            }
            if (line.strip().equals("<!-- sh")) {
                int start = i;
                StringBuilder body = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < lines.size()) {
                    if (lines.get(i).strip().equals("-->")) {
                        closed = true;
                        break;
                    }
                    body.append(lines.get(i)).append('\n');
                    i++;
                }
                if (!closed) {
                    problems.add(file + ":" + (start + 1) + ": hidden block (<!-- sh) never closed with -->");
                }
                blocks.add(new Block(file, start + 1, "sh", body.toString(), true));
                i++;
                continue;
            }
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                headings.add(h.group(2));
            }
            String prose = INLINE_CODE.matcher(line).replaceAll("");
            Matcher l = LINK.matcher(prose);
            while (l.find()) {
                addLink(i + 1, l.group(3), !l.group(1).isEmpty());
            }
            Matcher src = HTML_SRC.matcher(prose);
            while (src.find()) {
                addLink(i + 1, src.group(1), true);
            }
            i++;
        }
    }

    private void addLink(int line, String target, boolean image) {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return; // http:, https:, mailto:
        }
        links.add(new Link(file, line, target, image));
    }
}
