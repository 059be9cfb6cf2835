package com.basicmemory.bm.conflicts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.basicmemory.bm.conflicts.ConflictNaming.Scheme;
import com.basicmemory.bm.rclone.RcloneVersion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Every conflict naming rclone and bm use, from hand-picked names and from the recorded rclone runs. */
class ConflictNamingTest {
    static final Path FIXTURES = Paths.get("src/test/resources/fixtures");

    @ParameterizedTest(name = "{0} -> {1} ({2}, {3})")
    @CsvSource(nullValues = "-", value = {
            "note.md..path1, note.md, local, PATHNAME",
            "note.md..path2, note.md, cloud, PATHNAME",
            "big1.bin..path2, big1.bin, cloud, PATHNAME",
            "file1.txt.conflict1, file1.txt, local, NUMBERED",
            "file5.txt.conflict2, file5.txt, cloud, NUMBERED",
            "note.md.conflict3, note.md, -, NUMBERED",
            "note.conflict1.md, note.md, local, NUMBERED_KEEP_EXTENSION",
            "note.conflict2.md, note.md, cloud, NUMBERED_KEEP_EXTENSION",
            "note.conflict12.md, note.md, -, NUMBERED_KEEP_EXTENSION",
            "archive.conflict1.tar.gz, archive.tar.gz, local, NUMBERED_KEEP_EXTENSION",
            "my.notes.conflict2.md, my.notes.md, cloud, NUMBERED_KEEP_EXTENSION",
            ".conflict1.bashrc, .bashrc, local, NUMBERED_KEEP_EXTENSION",
            ".bashrc.conflict1, .bashrc, local, NUMBERED",
            "README.conflict1, README, local, NUMBERED",
            "a b (draft).conflict2.md, a b (draft).md, cloud, NUMBERED_KEEP_EXTENSION",
            "note.conflict-local1.md, note.md, local, NUMBERED_KEEP_EXTENSION",
            "note.conflict-cloud1.md, note.md, cloud, NUMBERED_KEEP_EXTENSION",
            "note.conflict-cloud3.md, note.md, cloud, NUMBERED_KEEP_EXTENSION",
            "note.md.conflict-local2, note.md, local, NUMBERED",
    })
    void recognisesEveryNamingBmAndRcloneUse(String name, String original, String side, Scheme scheme) {
        ConflictNaming n = ConflictNaming.parse(name).orElseThrow(() -> new AssertionError(name + " not recognised"));
        assertEquals(original, n.original());
        assertEquals(side, n.side() == null ? null : n.side().id());
        assertEquals(scheme, n.scheme());
    }

    @ParameterizedTest
    @CsvSource({"note.md", "x.apple1.md", "file1.txt.apple1", "file1.txt.dinosaur1", "file1.txt.cloud1",
            "file1.txt.local1", "file1.copy1.txt", "note.md..path3", "note.md.path1", "..path1", "note.conflict.md",
            "note.conflict0.md", "note.conflict01.md", "note.conflict-elsewhere1.md", "note.conflict-local.md",
            "note.conflicts1.md", "note.conflict1 (copy).md",
            "note (local 2026-11-25).md", "conflict1.md", ".conflict1", "noteconflict1.md"})
    void otherNamesAreNotCopies(String name) {
        assertEquals(Optional.empty(), ConflictNaming.parse(name), name);
    }

    @Test
    void bmsOwnResyncCopiesAreRecognisedAsLocalVersions() {
        for (RcloneVersion v : List.of(new RcloneVersion(1, 60, 1, "v1.60.1"), new RcloneVersion(1, 71, 0, "v1.71.0"))) {
            for (String name : List.of("note.md", "archive.tar.gz", ".bashrc", "README")) {
                String copy = ConflictNames.localCopy(name, v);
                ConflictNaming n = ConflictNaming.parse(copy).orElseThrow(() -> new AssertionError(copy));
                assertEquals(name, n.original(), copy);
                assertEquals(Side.LOCAL, n.side(), copy);
            }
        }
    }

    /** rclone 1.60 runs recorded here: every conflict copy in the trees after the run, as expected.json lists them. */
    @Test
    void everyConflictFileOfTheRecorded160RunsIsFoundAndNothingElse() throws IOException {
        ObjectMapper json = new ObjectMapper();
        int checked = 0;
        try (Stream<Path> dirs = Files.list(FIXTURES.resolve("rclone-1.60"))) {
            for (Path dir : (Iterable<Path>) dirs.sorted()::iterator) {
                Path expected = dir.resolve("expected.json");
                if (!Files.exists(expected)) {
                    continue;
                }
                JsonNode e = json.readTree(expected.toFile());
                Path state = dir.resolve("state_after.txt");
                if (Files.exists(state)) {
                    Map<String, List<String>> sides = stateLists(state);
                    for (String side : List.of("path1", "path2")) {
                        List<String> files = sides.getOrDefault(side, List.of());
                        Map<String, List<String>> groups = ConflictScanner.groupNames(files);
                        TreeSet<String> copies = new TreeSet<>();
                        groups.values().forEach(copies::addAll);
                        // the trees carry copies left by earlier scenarios too: every ..pathN file, and only those
                        TreeSet<String> pathN = new TreeSet<>(files.stream()
                                .filter(f -> f.endsWith("..path1") || f.endsWith("..path2")).toList());
                        assertEquals(pathN, copies, dir + " " + side);
                        for (JsonNode f : e.path("conflict_files")) {
                            assertTrue(copies.contains(f.asText()), dir + " " + side + ": " + f);
                        }
                        for (JsonNode f : e.path("conflicts")) {
                            assertTrue(groups.containsKey(f.asText()), dir + " " + side + ": " + f);
                        }
                        checked++;
                    }
                }
                // the copies expected.json names map back to the conflicts it names, with the side of each
                TreeSet<String> originals = new TreeSet<>();
                for (JsonNode f : e.path("conflict_files")) {
                    String rel = f.asText();
                    String name = rel.substring(rel.lastIndexOf('/') + 1);
                    ConflictNaming n = ConflictNaming.parse(name).orElseThrow(() -> new AssertionError(rel));
                    assertEquals(name.endsWith("1") ? Side.LOCAL : Side.CLOUD, n.side(), rel);
                    originals.add(rel.substring(0, rel.lastIndexOf('/') + 1) + n.original());
                }
                TreeSet<String> wantOriginals = new TreeSet<>();
                e.path("conflicts").forEach(f -> wantOriginals.add(f.asText()));
                if (!e.path("conflict_files").isEmpty()) {
                    assertEquals(wantOriginals, originals, dir.toString());
                }
            }
        }
        assertTrue(checked >= 10, "state_after.txt files checked: " + checked);
    }

    /**
     * rclone's own golden logs (1.66, 1.71): every file name they mention. Only bm's suffix ({@code conflict}) and the
     * {@code ..pathN} form are copies; the custom suffixes of rclone's tests (apple, dinosaur, cloud, local) are not.
     */
    @Test
    void namesInTheGoldenLogsOfNewerRcloneAreClassifiedByBmsSuffixOnly() throws IOException {
        Pattern subject = Pattern.compile("\\{path[12]/}([^\\s\"]+)");
        Pattern ansi = Pattern.compile("\u001b\\[[0-9;]*m");
        TreeMap<String, Boolean> seen = new TreeMap<>();
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(FIXTURES.resolve("rclone-golden"))) {
            s.filter(p -> p.toString().endsWith(".log")).forEach(logs::add);
        }
        for (Path log : logs) {
            String text = ansi.matcher(Files.readString(log)).replaceAll("");
            Matcher m = subject.matcher(text);
            while (m.find()) {
                String rel = m.group(1);
                if (rel.isEmpty() || rel.endsWith("/")) {
                    continue;
                }
                seen.put(rel, ConflictNaming.parse(rel.substring(rel.lastIndexOf('/') + 1)).isPresent());
            }
        }
        TreeSet<String> copies = new TreeSet<>();
        seen.forEach((k, v) -> {
            if (v) {
                copies.add(k);
            }
        });
        assertEquals(new TreeSet<>(List.of("file1.txt..path1", "file1.txt..path2", "file5.txt.conflict1",
                "file5.txt.conflict2")), copies);
        assertTrue(seen.containsKey("file1.txt.dinosaur1") && seen.containsKey("file1.txt.apple1"), seen::toString);
        assertFalse(seen.get("file1.copy1.txt"));
        // the golden test that names copies with bm's suffix: Renaming lines give Path1 conflict1, Path2 conflict2
        String changes = ansi.matcher(Files.readString(FIXTURES.resolve("rclone-golden/v1.71.0/test_changes.log")))
                .replaceAll("");
        assertTrue(changes.contains("Renaming Path1 copy") && changes.contains("{path1/}file5.txt.conflict1"),
                "v1.71 test_changes.log renames Path1's copy to conflict1");
        assertTrue(changes.contains("{path2/}file5.txt.conflict2"));
    }

    /** {@code path1:}/{@code path2:} sections of a state_after.txt, as paths without the leading ./ . */
    static Map<String, List<String>> stateLists(Path file) throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        String section = null;
        for (String line : Files.readAllLines(file)) {
            if (line.endsWith(":") && !line.startsWith(".")) {
                section = line.substring(0, line.length() - 1);
                continue;
            }
            if (section != null && line.startsWith("./")) {
                out.computeIfAbsent(section, k -> new ArrayList<>()).add(line.substring(2));
            }
        }
        return out;
    }
}
