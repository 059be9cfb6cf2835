package com.basicmemory.bm.conflicts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.util.Units;

/**
 * The conversation of an interactive {@code bm conflicts resolve}: shows a conflict's versions and their unified diff
 * on stdout, reads one answer per line from stdin (a terminal or a pipe), and runs the editor for a merge.
 */
public final class ConflictPrompt {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** What the person answered for one conflict. */
    public sealed interface Answer permits Keep, Skip, Quit {
    }

    /** Settle with this choice ({@code merged} holds the merged bytes for {@link Choice#MERGE}). */
    public record Keep(Choice choice, byte[] merged) implements Answer {
    }

    public record Skip() implements Answer {
    }

    public record Quit() implements Answer {
    }

    private final BufferedReader in;
    private final PrintWriter out;
    private final boolean color;
    private final BmHome home;
    private final ZoneId zone;
    private final Editor editor;
    private final boolean echo;

    /** Runs the editor on a file and returns its exit code. */
    @FunctionalInterface
    public interface Editor {
        int edit(Path file) throws IOException, InterruptedException;
    }

    /**
     * @param echo print each answer after its question (when stdin is not a terminal, which echoes by itself), so that
     *     a piped conversation reads like a typed one
     */
    public ConflictPrompt(BufferedReader in, PrintWriter out, boolean color, BmHome home, ZoneId zone, Editor editor,
            boolean echo) {
        this.echo = echo;
        this.in = in;
        this.out = out;
        this.color = color;
        this.home = home;
        this.zone = zone;
        this.editor = editor;
    }

    /** Shows one conflict and asks until there is an answer. Exit 2 when stdin ends first. */
    public Answer ask(Path syncDir, ConflictGroup g, ConflictResolver.Pair pair, boolean more) {
        // a version larger than a diff is worth (a video, a database dump) is compared, never read into memory
        boolean large = tooLarge(pair.local()) || tooLarge(pair.cloud());
        byte[] local = pair.local() == null || large ? null : read(syncDir, pair.local());
        byte[] cloud = pair.cloud() == null || large ? null : read(syncDir, pair.cloud());
        String localText = local == null ? null : LineDiff.text(local);
        String cloudText = cloud == null ? null : LineDiff.text(cloud);
        if (large) {
            showLarge(syncDir, g, pair);
        } else {
            show(g, pair, local, cloud, localText, cloudText);
        }
        List<String> options = new ArrayList<>();
        if (pair.local() != null) {
            options.add("[l] keep local");
        }
        if (pair.cloud() != null) {
            options.add("[c] keep cloud");
        }
        boolean both = pair.local() != null && pair.cloud() != null;
        if (both) {
            options.add("[b] keep both (local as \"" + ConflictResolver.clearName(syncDir.resolve(g.path()),
                    pair.local().modified(), zone).getFileName() + "\")");
        }
        boolean merge = both && localText != null && cloudText != null;
        if (merge) {
            options.add("[m] merge in $EDITOR");
        }
        options.add("[s] skip");
        if (more) {
            options.add("[q] quit");
        }
        while (true) {
            out.println(String.join("  ", options));
            out.print("Choice? ");
            out.flush();
            String line = readLine();
            if (line == null) {
                out.println();
                out.flush();
                throw BmException.badInput("no answer on stdin for " + g.path() + " (it ended); " + g.path()
                        + " was left as it is", "pass --keep local|cloud|both to resolve without questions");
            }
            String a = line.strip().toLowerCase(Locale.ROOT);
            switch (a) {
                case "l", "local" -> {
                    if (pair.local() != null) {
                        return new Keep(Choice.LOCAL, null);
                    }
                }
                case "c", "cloud" -> {
                    if (pair.cloud() != null) {
                        return new Keep(Choice.CLOUD, null);
                    }
                }
                case "b", "both" -> {
                    if (both) {
                        return new Keep(Choice.BOTH, null);
                    }
                }
                case "m", "merge" -> {
                    if (merge) {
                        byte[] merged = merge(g, pair, localText, cloudText);
                        if (merged != null) {
                            return new Keep(Choice.MERGE, merged);
                        }
                        return new Skip();
                    }
                }
                case "s", "skip" -> {
                    return new Skip();
                }
                case "q", "quit" -> {
                    if (more) {
                        return new Quit();
                    }
                }
                default -> {
                    // asked again below
                }
            }
            out.println("Please answer with one of the letters in brackets.");
        }
    }

    private static boolean tooLarge(ConflictFile f) {
        return f != null && f.size() > ConflictListService.MAX_DIFF_BYTES;
    }

    private void showLarge(Path syncDir, ConflictGroup g, ConflictResolver.Pair pair) {
        showVersions(g);
        if (pair.local() == null || pair.cloud() == null) {
            out.println("  (only one version: keeping it puts it back under the original name)");
        } else {
            String same;
            try {
                same = Files.mismatch(syncDir.resolve(pair.local().path()), syncDir.resolve(pair.cloud().path())) < 0
                        ? "are identical" : "differ";
            } catch (IOException e) {
                throw BmException.failed("cannot read " + g.path() + ": " + BmHome.describe(e), e);
            }
            out.println("  the versions " + same + " (larger than " + Units.bytes(ConflictListService.MAX_DIFF_BYTES)
                    + ": no line diff, no merge)");
        }
        out.flush();
    }

    private void showVersions(ConflictGroup g) {
        out.println();
        out.println(bold(g.path()) + ": changed on both sides" + (g.original() == null
                ? " (the original is gone: both versions are copies)" : ""));
        for (ConflictFile v : g.versions()) {
            out.println("  " + (v.side() == null ? "?    " : String.format("%-5s", v.side().id())) + "  " + v.path()
                    + (v.isOriginal() ? " (original)" : "") + "  " + Units.bytes(v.size()) + "  "
                    + TIME.format(v.modified().atZone(zone)));
        }
    }

    private void show(ConflictGroup g, ConflictResolver.Pair pair, byte[] local, byte[] cloud, String localText,
            String cloudText) {
        showVersions(g);
        if (local == null || cloud == null) {
            out.println("  (only one version: keeping it puts it back under the original name)");
        } else if (localText == null || cloudText == null) {
            out.println("  binary files " + (java.util.Arrays.equals(local, cloud) ? "are identical" : "differ")
                    + " (" + Units.bytes(local.length) + " local, " + Units.bytes(cloud.length) + " cloud)");
        } else {
            String diff = LineDiff.unified(LineDiff.lines(localText), LineDiff.lines(cloudText),
                    "local  " + pair.local().path(), "cloud  " + pair.cloud().path(), 3, color);
            if (diff.isEmpty()) {
                out.println("  the two versions are identical");
            } else {
                out.print(diff);
            }
        }
        out.flush();
    }

    /** Writes the draft with markers, runs the editor until no marker is left; null when the person skips. */
    private byte[] merge(ConflictGroup g, ConflictResolver.Pair pair, String localText, String cloudText) {
        Path dir = home.root().resolve("merge").resolve(ConflictResolver.newId());
        Path file = dir.resolve(g.fileName());
        try {
            com.basicmemory.bm.util.AtomicFiles.createPrivateDirectories(home.root());
            Files.createDirectories(dir);
            Files.writeString(file, MergeText.draft(localText, cloudText, pair.local().path(), pair.cloud().path()),
                    StandardCharsets.UTF_8);
            while (true) {
                out.println("Opening " + file + " in your editor: keep what you want, remove the conflict markers,"
                        + " save and quit.");
                out.flush();
                int code;
                String notStarted = null;
                try {
                    code = editor.edit(file);
                } catch (IOException e) {
                    notStarted = "the editor could not be started: " + BmHome.describe(e)
                            + " (set EDITOR, for example EDITOR=nano)";
                    code = -1;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw BmException.failed("interrupted while the editor ran");
                }
                String text = Files.readString(file, StandardCharsets.UTF_8);
                String problem = notStarted != null ? notStarted : code != 0 ? "the editor exited with code " + code
                        : MergeText.hasMarkers(text) ? "conflict markers remain in the merged text" : null;
                if (problem == null) {
                    return text.getBytes(StandardCharsets.UTF_8);
                }
                out.println(problem + ".");
                out.print("[e] edit again  [s] skip " + g.path() + "  Choice? ");
                out.flush();
                String line = readLine();
                if (line == null) {
                    out.println();
                    throw BmException.badInput("no answer on stdin for " + g.path() + " (it ended); " + g.path()
                            + " was left as it is", "pass --keep local|cloud|both to resolve without questions");
                }
                if (!line.strip().toLowerCase(Locale.ROOT).startsWith("e")) {
                    return null;
                }
            }
        } catch (IOException e) {
            throw BmException.failed("cannot prepare the merge in " + dir + ": " + BmHome.describe(e), e);
        } finally {
            try {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // left in BM_HOME/merge; harmless
            }
        }
    }

    private String readLine() {
        String line;
        try {
            line = in.readLine();
        } catch (IOException e) {
            line = null;
        }
        if (echo && line != null) {
            out.println(line);
            out.flush();
        }
        return line;
    }

    private static byte[] read(Path syncDir, ConflictFile f) {
        try {
            return Files.readAllBytes(syncDir.resolve(f.path()));
        } catch (IOException e) {
            throw BmException.failed("cannot read " + f.path() + ": " + BmHome.describe(e), e);
        }
    }

    private String bold(String s) {
        return color ? "\u001b[1m" + s + "\u001b[0m" : s;
    }

    /**
     * The editor a person set: {@code VISUAL}, then {@code EDITOR}, else {@code vi} when stdin is a terminal; run
     * through {@code sh -c} so that values with arguments ({@code code --wait}) work, with this terminal.
     */
    public static Editor systemEditor(boolean stdinIsTerminal) {
        return file -> {
            String cmd = firstSet(System.getenv("VISUAL"), System.getenv("EDITOR"));
            if (cmd == null) {
                if (!stdinIsTerminal) {
                    throw new IOException("neither VISUAL nor EDITOR is set");
                }
                cmd = "vi";
            }
            Process p = new ProcessBuilder("sh", "-c", cmd + " \"$1\"", "bm-editor", file.toString()).inheritIO()
                    .start();
            return p.waitFor();
        };
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
