package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.conflicts.ConflictScanner;
import com.basicmemory.bm.testing.BmRun;
import com.basicmemory.bm.testing.Device;
import com.basicmemory.bm.testing.Era;
import com.basicmemory.bm.testing.HistoryDb;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Hostile file names through the whole pipe: the real rclone, the report file, the history rows,
 * {@code bm sync history show --json} and {@code bm conflicts list --json}. Every name is created on device a, synced
 * to device b (byte for byte, names compared as bytes: {@link #rawTree}), then edited on both so that b's sync makes
 * a conflict; every path bm reports must be the real one on disk (for the era's copy names), and the counts must be
 * what changed on disk. Names rclone cannot carry as they are live in projects of their own, and what the user is
 * told about them is asserted per era. The generated names come from a seeded Random: the seed is printed, and
 * {@code -Dbm.names.seed=N} runs it again.
 */
class FileNamesIT {
    static final String A = "A's version\n";
    static final String B = "B's version, longer\n";
    /** Fragments the generated names are made of: each one has broken a parser or a shell somewhere. */
    static final String[] FRAGMENTS = {" ", "'", "\"", "\\", "\t", "..", "- ", " - ", "é", "日本", "\uD83D\uDE00",
        "Ωmega", "x", "note", "\u240A", "$HOME", "*", "?", "[1]", "#", "%20", ":", ";", "&", "~", "  "};

    @TempDir
    Path tmp;
    Path cloud;
    Device a;
    Device b;

    @BeforeEach
    void setUp() {
        cloud = tmp.resolve("cloud");
        a = new Device("a", tmp).setup(cloud.toString());
        b = new Device("b", tmp).setup(cloud.toString());
    }

    /** The fixed list: the nastiest names, each carried by rclone on both eras. */
    static List<String> fixedNames() {
        return List.of("with space.md", "it's.md", "say \"hi\".md", "back\\slash.md", "tab\there.md", "- dash.md",
                "a..b.md", "..leading dots.md", "new\nline.md", "cr\rreturn.md", "literal \u240A symbol.md",
                "trailing space .md", "日本語のノート.md", "é".repeat(110) + ".md");
    }

    /** Names from a seeded Random: 2 to 6 fragments, a tail making each unique, ".md". */
    static List<String> generatedNames(long seed, int count) {
        Random r = new Random(seed);
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < count) {
            StringBuilder sb = new StringBuilder();
            int parts = 2 + r.nextInt(5);
            for (int i = 0; i < parts; i++) {
                sb.append(FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
            }
            sb.append(out.size());
            if (r.nextInt(4) == 0) {
                sb.append("é".repeat(60 + r.nextInt(30))); // long and multi-byte, still well under 255 bytes
            }
            out.add(sb + ".md");
        }
        return List.copyOf(out);
    }

    static long seed() {
        String s = System.getProperty("bm.names.seed");
        long seed = s != null ? Long.parseLong(s) : System.nanoTime();
        System.out.println("FileNamesIT seed: " + seed + " (run again with -Dbm.names.seed=" + seed + ")");
        return seed;
    }

    static BmRun ok(BmRun r) {
        assertEquals(0, r.exitCode(), () -> "expected exit 0: " + r);
        assertNoTrace(r);
        return r;
    }

    static void assertNoTrace(BmRun r) {
        assertFalse(r.stderr().contains("Exception") || r.stderr().contains("\tat "), () -> "stack trace: " + r);
    }

    @Test
    void hostileNamesArriveByteForByteAndEveryReportedPathIsTheRealOne() throws IOException {
        long seed = seed();
        List<String> names = new ArrayList<>(fixedNames());
        names.addAll(generatedNames(seed, 12));
        for (String n : names) {
            a.write("names/" + n, "base of a note\n");
        }
        a.write("names/keep.md", "never edited: not all files change\n");
        Set<String> expected = new TreeSet<>();
        names.forEach(n -> expected.add("names/" + n));
        expected.add("names/keep.md");
        assertEquals(expected, decoded(rawTree(a.syncDir())).keySet(), "Java wrote the names it meant");

        JsonNode up = report(ok(a.bm("sync", "--report")));
        direction(up.get("to_cloud"), names.size() + 1, 0, 0, up);
        assertEquals(0, up.get("conflicts").size(), up::toString);
        assertEquals(rawTree(a.syncDir()), rawTree(cloud));
        JsonNode down = report(ok(b.bm("sync", "--report")));
        direction(down.get("to_local"), names.size() + 1, 0, 0, down);
        assertEquals(rawTree(a.syncDir()), rawTree(b.syncDir()), "every name arrives byte for byte on b");
        assertEquals(0, Device.json(ok(b.bm("conflicts", "list", "--json"))).size());

        editAll(a, "names", A);
        editAll(b, "names", B);
        JsonNode aUp = report(ok(a.bm("sync", "--report")));
        direction(aUp.get("to_cloud"), 0, names.size(), 0, aUp);
        Map<String, String> bBefore = rawTree(b.syncDir());
        Map<String, String> cloudBefore = rawTree(cloud);
        BmRun r = ok(b.bm("sync", "--report"));
        JsonNode rep = report(r);
        assertEquals("conflicts", rep.get("status").asText(), rep::toString);
        assertEquals(0, rep.get("errors").size(), rep::toString);
        Era era = Era.current();
        Map<String, List<String>> want = new TreeMap<>();
        for (String n : names) {
            want.put("names/" + n, era.conflictFiles("names/" + n));
        }
        assertEquals(want, conflicts(rep.get("conflicts")), "the report's conflicts are the real names");
        Map<String, String> bAfter = rawTree(b.syncDir());
        for (List<String> copies : want.values()) {
            for (String c : copies) {
                assertTrue(decoded(bAfter).containsKey(c), () -> c + " is on disk: " + decoded(bAfter).keySet());
            }
        }
        // the counts are what changed on disk, on each side
        directionFromDisk(rep.get("to_local"), bBefore, bAfter, rep);
        directionFromDisk(rep.get("to_cloud"), cloudBefore, rawTree(cloud), rep);

        // the same paths in the history rows, in `history show --json` and in `conflicts list --json`
        String id = rep.get("id").asText();
        assertEquals(rep, Device.json(ok(b.bm("sync", "history", "show", id, "--json"))));
        assertEquals(rep, b.lastReportFile());
        Map<String, List<String>> rows = new TreeMap<>();
        for (Map<String, Object> row : HistoryDb.query(b.home(),
                "SELECT path, files FROM sync_conflicts WHERE run_id = '" + id + "'")) {
            rows.put((String) row.get("path"), Device.texts(Device.JSON.readTree((String) row.get("files"))));
        }
        assertEquals(want, rows, "the history rows hold the real names");
        JsonNode list = Device.json(ok(b.bm("conflicts", "list", "--json")));
        Map<String, List<String>> listed = new TreeMap<>();
        for (JsonNode c : list) {
            List<String> files = new ArrayList<>();
            c.get("files").forEach(f -> files.add(f.get("name").asText()));
            listed.put(c.get("path").asText(), files);
        }
        assertEquals(want, listed, "bm conflicts list names the real files");

        // a's next sync brings every copy; both devices and the cloud agree byte for byte. On 1.60 b renamed every
        // edited note away, so a's sync deletes nearly all of its notes: rclone's too-many-deletes check stops it and
        // bm says how to go on
        BmRun last = a.bm("sync");
        assertNoTrace(last);
        if (!era.modern()) {
            assertEquals(5, last.exitCode(), last::toString);
            assertTrue(last.stderr().contains("bm sync --force --project names"), last::toString);
            last = ok(a.bm("sync", "--force"));
        }
        ok(last);
        assertEquals(rawTree(b.syncDir()), rawTree(a.syncDir()));
        assertEquals(rawTree(b.syncDir()), rawTree(cloud));
    }

    @Test
    void aNameThatIsNotUtf8IsNamedInAWarningAndNeverReportedUnderAnotherPath() throws IOException {
        sh(a.syncDir(), "mkdir -p latin && printf 'base\\n' > \"latin/$(printf 'caf\\351.md')\""
                + " && printf 'k\\n' > latin/keep.md");
        String shown = "latin/caf\\xe9.md"; // as rclone and bm print it: \xNN for a byte that is not UTF-8
        BmRun up = ok(a.bm("sync", "--report"));
        JsonNode upRep = report(up);
        assertTrue(up.stderr().contains("bm: warning: " + shown + ": the file name is not valid UTF-8"), up::toString);
        assertTrue(String.join("\n", Device.texts(upRep.get("warnings"))).contains(shown), upRep::toString);
        direction(upRep.get("to_cloud"), 2, 0, 0, upRep);
        assertEquals(rawTree(a.syncDir()), rawTree(cloud), "created, it arrives byte for byte");
        BmRun down = ok(b.bm("sync", "--report"));
        assertTrue(down.stderr().contains("bm: warning: " + shown), down::toString);
        assertEquals(rawTree(a.syncDir()), rawTree(b.syncDir()));

        sh(a.syncDir(), "printf 'A version\\n' > \"latin/$(printf 'caf\\351.md')\" && touch -d '+2 seconds' latin/caf*");
        sh(b.syncDir(), "printf 'B version, longer\\n' > \"latin/$(printf 'caf\\351.md')\""
                + " && touch -d '+2 seconds' latin/caf*");
        BmRun aUp = a.bm("sync", "--report");
        assertNoTrace(aUp);
        BmRun bUp = b.bm("sync", "--report");
        assertNoTrace(bUp);
        JsonNode rep = report(bUp);
        assertTrue(bUp.stderr().contains("bm: warning: " + shown), bUp::toString);
        String javaName = "latin/caf\uFFFD.md"; // what the JVM (and so bm) reads the name as
        if (Era.current().modern()) {
            // 1.66+ lists the name with U+FFFD and sees the file deleted on both sides: the edits stay where they
            // are; the warning is all the user gets from rclone's side, and no conflict is claimed
            assertEquals(0, rep.get("conflicts").size(), rep::toString);
            assertEquals("A version\n", catLatin1(a.syncDir()));
            assertEquals("B version, longer\n", catLatin1(b.syncDir()));
        } else {
            // 1.60 carries the bytes: a real conflict, named as the JVM reads it
            assertEquals(Map.of(javaName, Era.current().conflictFiles(javaName)), conflicts(rep.get("conflicts")));
            JsonNode list = Device.json(ok(b.bm("conflicts", "list", "--json")));
            assertEquals(javaName, list.get(0).get("path").asText(), list::toString);
        }
    }

    @Test
    void aNameTooLongForItsConflictCopyIsAnErrorNamingTheFileAndNoCopyIsClaimed() throws IOException {
        String name = "é".repeat(123) + ".md"; // 249 bytes: fits, but ..path1 or .conflict-local1 does not
        assertEquals(249, name.getBytes(StandardCharsets.UTF_8).length);
        a.write("long/" + name, "base\n").write("long/keep.md", "k\n");
        ok(a.bm("sync"));
        ok(b.bm("sync"));
        assertEquals(rawTree(a.syncDir()), rawTree(b.syncDir()), "the long name itself is carried");
        a.edit("long/" + name, A);
        b.edit("long/" + name, B);
        ok(a.bm("sync"));
        BmRun r = b.bm("sync", "--report");
        assertNoTrace(r);
        JsonNode rep = report(r);
        System.out.println("long name on " + Era.current() + ": exit " + r.exitCode() + "\n" + rep.toPrettyString());
        String errors = String.join("\n", Device.texts(rep.get("errors")));
        assertTrue(errors.contains(name), () -> "an error names the file: " + rep);
        assertTrue(errors.contains("file name too long"), rep::toString);
        Map<String, String> onDisk = decoded(rawTree(b.syncDir()));
        for (JsonNode c : rep.get("conflicts")) {
            for (JsonNode f : c.get("files")) {
                assertTrue(onDisk.containsKey(f.asText()), () -> "a claimed copy is on disk: " + f + " " + onDisk);
            }
        }
        assertEquals(B, b.read("long/" + name), "b's version is still there, under its name");
    }

    // ---- helpers

    static JsonNode report(BmRun r) {
        return Device.json(r);
    }

    static Map<String, List<String>> conflicts(JsonNode array) {
        Map<String, List<String>> out = new TreeMap<>();
        array.forEach(c -> out.put(c.get("path").asText(), Device.texts(c.get("files"))));
        return out;
    }

    static void direction(JsonNode d, int created, int updated, int deleted, JsonNode report) {
        assertEquals(List.of(created, updated, deleted), List.of(d.get("created").asInt(), d.get("updated").asInt(),
                d.get("deleted").asInt()), () -> "created/updated/deleted in " + report);
    }

    /**
     * What changed from before to after (names as the JVM reads them): created = names only after, deleted = names
     * only before, updated = names whose bytes changed; but a conflict copy holding what its original held before is
     * the original renamed, which the report does not count (docs/report.md), so neither the copy's creation nor the
     * original's disappearance counts.
     */
    static void directionFromDisk(JsonNode d, Map<String, String> rawBefore, Map<String, String> rawAfter,
            JsonNode report) {
        Map<String, String> before = decoded(rawBefore);
        Map<String, String> after = decoded(rawAfter);
        Set<String> renamedCopies = new TreeSet<>();
        Set<String> renamedOriginals = new TreeSet<>();
        ConflictScanner.groupNames(after.keySet()).forEach((original, copies) -> {
            for (String c : copies) {
                if (!before.containsKey(c) && after.get(c).equals(before.get(original))) {
                    renamedCopies.add(c);
                    renamedOriginals.add(original);
                }
            }
        });
        int created = 0;
        int updated = 0;
        int deleted = 0;
        for (Map.Entry<String, String> e : after.entrySet()) {
            String old = before.get(e.getKey());
            if (old == null && !renamedCopies.contains(e.getKey())) {
                created++;
            } else if (old != null && !old.equals(e.getValue())) {
                updated++;
            }
        }
        for (String k : before.keySet()) {
            if (!after.containsKey(k) && !renamedOriginals.contains(k)) {
                deleted++;
            }
        }
        direction(d, created, updated, deleted, report);
    }

    /** Every note of project on the device gets text and a later time, whatever its name (done by the shell). */
    static void editAll(Device d, String project, String text) {
        sh(d.file(project), "for f in * .[!.]* ..?*; do [ -f \"$f\" ] && [ \"$f\" != keep.md ] || continue; printf '%s' \"$1\" > \"$f\";"
                + " touch -d '+2 seconds' -- \"$f\"; done", text);
    }

    static String catLatin1(Path syncDir) {
        return sh(syncDir, "cat \"latin/$(printf 'caf\\351.md')\"");
    }

    static String sh(Path dir, String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), () -> script + ": " + out);
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Every regular file under root (hidden folders skipped), by the bytes of its relative path (kept losslessly as
     * ISO-8859-1 text), to a hash of its content: the shell lists them, as Java cannot open a name that is not UTF-8.
     */
    static Map<String, String> rawTree(Path root) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        byte[] listing;
        try {
            Process p = new ProcessBuilder("sh", "-c", "find . -type d -path '*/.*' -prune -o -type f -exec sh -c"
                    + " 'for f; do printf \"%s\\0\" \"$f\"; cksum < \"$f\"; done' sh {} +")
                    .directory(root.toFile()).start();
            listing = p.getInputStream().readAllBytes();
            assertEquals(0, p.waitFor(), "find in " + root);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        int i = 0;
        while (i < listing.length) {
            int nul = indexOf(listing, (byte) 0, i);
            int nl = indexOf(listing, (byte) '\n', nul + 1);
            String name = new String(listing, i + 2, nul - i - 2, StandardCharsets.ISO_8859_1); // without "./"
            out.put(name, new String(listing, nul + 1, nl - nul - 1, StandardCharsets.US_ASCII));
            i = nl + 1;
        }
        return out;
    }

    /** rawTree's names as the JVM reads them (UTF-8; a byte that is not UTF-8 becomes U+FFFD). */
    static Map<String, String> decoded(Map<String, String> raw) {
        Map<String, String> out = new TreeMap<>();
        raw.forEach((k, v) -> out.put(new String(k.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
                v));
        return out;
    }

    private static int indexOf(byte[] b, byte v, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        throw new AssertionError("truncated listing");
    }
}
