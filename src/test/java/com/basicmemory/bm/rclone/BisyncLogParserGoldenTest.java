package com.basicmemory.bm.rclone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link BisyncLogParser} over rclone's own bisync golden test logs at v1.66.0 and v1.71.0
 * ({@code fixtures/rclone-golden/}, README.md there). Each file holds several bisync runs; a run starts after the
 * harness line {@code (NN)  : bisync ...} and is parsed with a fresh parser. The golden logs carry no per-file
 * result lines (so the counts come from the plan) and no exit code (0 is passed; the parser only echoes it).
 * The expected values below were worked out by hand from the logs and the harness steps that precede each run.
 */
class BisyncLogParserGoldenTest {

    private static final Pattern RUN_START = Pattern.compile("^\\((\\d+)\\)\\s+:\\s+bisync\\b.*");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

    /** One bisync run of a golden log. */
    record Run(String step, String command, List<String> lines) {
    }

    static Path golden(String version, String file) {
        try {
            return Paths.get(BisyncLogParserGoldenTest.class.getResource("/fixtures/rclone-golden/" + version + "/"
                    + file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Splits a golden log at its {@code (NN)  : bisync ...} harness lines. */
    static List<Run> runs(Path file) {
        List<String> all;
        try {
            all = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Run> runs = new ArrayList<>();
        Run current = null;
        for (String raw : all) {
            Matcher m = RUN_START.matcher(ANSI.matcher(raw).replaceAll(""));
            if (m.matches()) {
                current = new Run(m.group(1), m.group(0), new ArrayList<>());
                runs.add(current);
            } else if (current != null) {
                current.lines().add(raw); // raw: ANSI codes and later harness lines are the parser's business
            }
        }
        return runs;
    }

    static Map<String, BisyncOutcome> outcomes(String version, String file) {
        Map<String, BisyncOutcome> out = new LinkedHashMap<>();
        for (Run r : runs(golden(version, file))) {
            out.put(r.step(), BisyncLogParser.parse(r.lines(), 0));
        }
        return out;
    }

    static Stream<Arguments> goldenFiles() throws IOException, URISyntaxException {
        Path root = Paths.get(BisyncLogParserGoldenTest.class.getResource("/fixtures/rclone-golden").toURI());
        List<Arguments> out = new ArrayList<>();
        for (String version : List.of("v1.66.0", "v1.71.0")) {
            try (Stream<Path> s = Files.list(root.resolve(version))) {
                for (Path p : s.sorted().collect(Collectors.toList())) {
                    out.add(Arguments.of(version, p.getFileName().toString()));
                }
            }
        }
        assertEquals(19, out.size());
        return out.stream();
    }

    // ---------------------------------------------------------------------------------------------------------
    // every file, every run

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("goldenFiles")
    void everyRunParsesCleanly(String version, String file) throws IOException {
        Path path = golden(version, file);
        String text = Files.readString(path);
        assertTrue(text.contains("\u001B["), "golden logs carry ANSI colour codes");
        List<Run> runs = runs(path);
        assertFalse(runs.isEmpty());
        for (Run r : runs) {
            BisyncLogParser p = new BisyncLogParser();
            for (String line : r.lines()) {
                p.accept(line);
                if (ANSI.matcher(line).replaceAll("").matches("^\\(\\d+\\)\\s+:.*")) {
                    assertNull(BisyncLogParser.normalize(line), "harness line ignored: " + line);
                }
            }
            BisyncOutcome o = p.finish(0);
            String where = version + "/" + file + " (" + r.step() + ")";
            List<String> strings = new ArrayList<>(o.errors());
            o.conflicts().forEach(c -> {
                strings.add(c.path());
                strings.addAll(c.files());
            });
            if (o.rcloneNotice() != null) {
                strings.add(o.rcloneNotice());
            }
            for (String s : strings) {
                assertFalse(s.contains("\u001B"), where + ": ANSI left in " + s);
                assertFalse(s.matches("^\\(\\d+\\)\\s+:.*"), where + ": harness line in " + s);
                assertFalse(s.startsWith("Bisync error:"), where + ": harness line in " + s);
            }
            // "ERROR : x: md5 differ" belongs to the conflict check, not to the run
            for (String e : o.errors()) {
                assertFalse(e.endsWith(" differ"), where + ": " + e);
            }
            // a run either succeeded, or stopped with a reason the parser saw
            assertTrue(o.successful() || o.mustResync() || o.safetyAbort() != null, where);
            // nothing counted from an aborted run
            if (!o.successful()) {
                assertEquals(Changes.NONE, o.totalChanges(), where);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // test_changes

    /**
     * Run (32) of test_changes, by hand from the harness steps (04)-(30) and the run's own lines:
     * <pre>
     * file1  newer on Path2                 -> Queue copy to Path1 {path1/}file1.txt   = updated on Path1
     * file2  newer on Path1                 -> Queue copy to Path2 {path2/}file2.txt   = updated on Path2
     * file3  deleted on Path2               -> Queue delete {path1/}file3.txt          = deleted on Path1
     * file4  deleted on Path1               -> Queue delete {path2/}file4.txt          = deleted on Path2
     * file5  changed on both (conflict)     -> renamed file5.txt.conflict1 (Path1) / .conflict2 (Path2),
     *                                          each queued to the other side           = created on both
     * file6  newer on Path2, deleted Path1  -> Queue copy to Path1 {path1/}file6.txt   = created on Path1
     * file7  newer on Path1, deleted Path2  -> Queue copy to Path2 {path2/}file7.txt   = created on Path2
     *        (the brief guessed "updated" for file7; it was deleted on Path2, so the copy creates it, exactly
     *        what 1.60 prints as "Copied (new)" for the same case in fixture 09)
     * file8  deleted on both                -> nothing
     * file10 new on Path2                   -> Queue copy to Path1                     = created on Path1
     * file11 new on Path1                   -> Queue copy to Path2                     = created on Path2
     * </pre>
     * toPath1 = created 3 (file5.txt.conflict2, file6, file10), updated 1 (file1), deleted 1 (file3);
     * toPath2 = created 3 (file11, file5.txt.conflict1, file7), updated 1 (file2), deleted 1 (file4).
     */
    @ParameterizedTest
    @ValueSource(strings = { "v1.66.0", "v1.71.0" })
    void changesRun(String version) {
        Map<String, BisyncOutcome> runs = outcomes(version, "test_changes.log");
        assertEquals(List.of("03", "32"), List.copyOf(runs.keySet()));

        BisyncOutcome resync = runs.get("03");
        assertTrue(resync.successful());
        assertEquals(Changes.NONE, resync.totalChanges(), "a golden resync prints neither plan nor results");

        BisyncOutcome o = runs.get("32");
        assertEquals(new Changes(3, 1, 1), o.toPath1());
        assertEquals(new Changes(3, 1, 1), o.toPath2());
        assertEquals(new SideDeltas(1, 3, 3), o.path1Deltas());
        assertEquals(new SideDeltas(1, 3, 3), o.path2Deltas());
        assertEquals(List.of(new ConflictEvent("file5.txt", List.of("file5.txt.conflict1", "file5.txt.conflict2"),
                null)), o.conflicts());
        assertEquals(List.of(), o.errors(), "ERROR : file5.txt: md5 differ is part of the conflict check");
        assertTrue(o.successful());
        assertFalse(o.noChanges());
        assertFalse(o.mustResync());
        assertFalse(o.dryRun());
        assertNull(o.safetyAbort());
        assertNull(o.priorLockFile());
        assertNull(o.rcloneNotice(), "the harness does not log the IN BETA notice");
        assertEquals(0, o.bytesTransferred());
    }

    @Test
    void knownPrefixesWithoutSynchingLine() {
        Run r = runs(golden("v1.71.0", "test_changes.log")).get(1);
        List<String> lines = r.lines().stream().filter(l -> !l.contains("Synching Path1"))
                .collect(Collectors.toList());
        BisyncLogParser p = new BisyncLogParser("{path1/}", "{path2/}");
        lines.forEach(p::accept);
        BisyncOutcome o = p.finish(0);
        assertEquals(BisyncLogParser.CountSource.PLAN, p.countSource());
        assertEquals(new Changes(3, 1, 1), o.toPath1());
        assertEquals(new Changes(3, 1, 1), o.toPath2());
    }

    // ---------------------------------------------------------------------------------------------------------
    // test_resolve: --conflict-resolve / --conflict-loser / --conflict-suffix

    @ParameterizedTest
    @ValueSource(strings = { "v1.66.0", "v1.71.0" })
    void resolveRuns(String version) {
        Map<String, BisyncOutcome> runs = outcomes(version, "test_resolve.log");
        assertEquals(List.of("03", "10", "17", "24", "31", "38", "47"), List.copyOf(runs.keySet()));
        Changes one = new Changes(1, 0, 0);
        Changes replaced = new Changes(0, 1, 0);

        // (10) newer wins, loser deleted: "The winner is: Path1", "Deleting Path2 copy", then the winner is
        // copied to Path2 as a bare name ("Queue copy to Path2 - file1.txt") onto the deleted place: Path2's
        // file1.txt existed before the run and holds the winner after it, an update (as on disk in the real 1.75
        // run fixtures/rclone-1.75/71-bm-conflict-newer)
        BisyncOutcome o = runs.get("10");
        assertEquals(List.of(new ConflictEvent("file1.txt", List.of(), "path1")), o.conflicts());
        assertEquals(Changes.NONE, o.toPath1());
        assertEquals(replaced, o.toPath2());
        assertEquals(new SideDeltas(0, 1, 0), o.path1Deltas());
        assertEquals(List.of(), o.errors());

        // (17) path2 wins, loser numbered with suffix "dinosaur": Path1's copy renamed file1.txt.dinosaur1 and
        // queued to Path2; "Not renaming Path2 copy, as it was determined the winner"; Path2's file1.txt queued to
        // Path1 where the original was renamed away: the copy is created on Path2, Path1's file1.txt updated
        o = runs.get("17");
        assertEquals(List.of(new ConflictEvent("file1.txt", List.of("file1.txt.dinosaur1"), "path2")),
                o.conflicts());
        assertEquals(replaced, o.toPath1());
        assertEquals(one, o.toPath2());

        // (24) larger wins, but sizes are equal: "A winner could not be determined."; suffix "apple"
        o = runs.get("24");
        assertEquals(List.of(new ConflictEvent("file1.txt", List.of("file1.txt.apple1", "file1.txt.apple2"), null)),
                o.conflicts());
        assertEquals(one, o.toPath1());
        assertEquals(one, o.toPath2());
        assertEquals(new SideDeltas(1, 0, 0), o.path2Deltas());

        // (31) two suffixes "cloud,local": Path1's copy gets the first, Path2's the second
        o = runs.get("31");
        assertEquals(List.of(new ConflictEvent("file1.txt", List.of("file1.txt.cloud1", "file1.txt.local1"), null)),
                o.conflicts());
        assertEquals(one, o.toPath1());
        assertEquals(one, o.toPath2());

        // (38) legacy naming: --conflict-loser pathname --conflict-suffix .path gives 1.60's "..path1"/"..path2"
        o = runs.get("38");
        assertEquals(List.of(new ConflictEvent("file1.txt", List.of("file1.txt..path1", "file1.txt..path2"), null)),
                o.conflicts());
        assertEquals(one, o.toPath1());
        assertEquals(one, o.toPath2());

        // (47) two conflicts, newer wins each, losers deleted: file1 (Path1 newer) replaces Path2's, file2 (Path2
        // newer) replaces Path1's
        o = runs.get("47");
        assertEquals(List.of(new ConflictEvent("file1.txt", List.of(), "path1"),
                new ConflictEvent("file2.txt", List.of(), "path2")), o.conflicts());
        assertEquals(replaced, o.toPath1());
        assertEquals(replaced, o.toPath2());
        assertEquals(new SideDeltas(1, 1, 0), o.path1Deltas());
        assertEquals(List.of(), o.errors(), "two 'md5 differ' conflict-check lines, no errors");
        assertTrue(o.successful());
    }

    // ---------------------------------------------------------------------------------------------------------
    // safety aborts

    @ParameterizedTest
    @ValueSource(strings = { "v1.66.0", "v1.71.0" })
    void maxDeleteRuns(String version) {
        Map<String, BisyncOutcome> runs = outcomes(version, "test_max_delete_path1.log");
        assertEquals(List.of("03", "11", "14"), List.copyOf(runs.keySet()));

        BisyncOutcome o = runs.get("11");
        assertEquals(new SafetyAbort(SafetyAbort.Kind.MAX_DELETE, "Path1", 50, 5, 9), o.safetyAbort());
        assertEquals(List.of(
                "Safety abort: too many deletes (>50%, 5 of 9) on Path1 \"{path1/}\". Run with --force if desired."),
                o.errors());
        assertEquals(new SideDeltas(0, 0, 5), o.path1Deltas());
        assertEquals(Changes.NONE, o.totalChanges());
        assertFalse(o.successful());
        assertFalse(o.mustResync());

        // (14) --max-delete 60: the 5 deletes are queued on Path2 and done
        o = runs.get("14");
        assertNull(o.safetyAbort());
        assertEquals(Changes.NONE, o.toPath1());
        assertEquals(new Changes(0, 0, 5), o.toPath2());
        assertTrue(o.successful());
    }

    @ParameterizedTest
    @ValueSource(strings = { "v1.66.0", "v1.71.0" })
    void allChangedRuns(String version) {
        Map<String, BisyncOutcome> runs = outcomes(version, "test_all_changed.log");
        assertEquals(List.of("03", "08", "13", "15"), List.copyOf(runs.keySet()));

        // (08) all files but RCLONE_TEST touched on Path1: "File changed: time (newer)" x7, copied over
        BisyncOutcome o = runs.get("08");
        assertEquals(new Changes(0, 7, 0), o.toPath2());
        assertEquals(Changes.NONE, o.toPath1());
        assertEquals(new SideDeltas(0, 7, 0), o.path1Deltas());
        assertNull(o.safetyAbort());

        // (13) every file touched: safety abort
        o = runs.get("13");
        assertEquals(new SafetyAbort(SafetyAbort.Kind.ALL_FILES_CHANGED, "Path1", null, null, null), o.safetyAbort());
        assertEquals(List.of(
                "Safety abort: all files were changed on Path1 \"{path1/}\". Run with --force if desired."),
                o.errors());
        assertEquals(Changes.NONE, o.totalChanges());
        assertEquals(new SideDeltas(0, 8, 0), o.path1Deltas());

        // (15) --force
        o = runs.get("15");
        assertNull(o.safetyAbort());
        assertEquals(new Changes(0, 8, 0), o.toPath2());
        assertTrue(o.successful());
    }

    // ---------------------------------------------------------------------------------------------------------
    // dry run

    @ParameterizedTest
    @ValueSource(strings = { "v1.66.0", "v1.71.0" })
    void dryRunRuns(String version) {
        Map<String, BisyncOutcome> runs = outcomes(version, "test_dry_run.log");
        assertEquals(List.of("03", "28", "31", "34"), List.copyOf(runs.keySet()));

        // (28) --resync --dry-run: "Skipped copy as --dry-run is set" inside "Resync is copying files to - PathN".
        // Only the totals are knowable (3 to Path1, 6 to Path2): a resync prints no deltas, so a skipped copy is
        // counted as created unless rclone says "(or update modification time)" (file5.txt). By the harness steps
        // the real split to Path2 is 3 new (file11, file3, file7) + 3 replaced (file1, file2, file5); the log
        // cannot tell file1/file2 apart from new files.
        BisyncOutcome o = runs.get("28");
        assertTrue(o.dryRun());
        assertEquals(new Changes(3, 0, 0), o.toPath1());
        assertEquals(new Changes(5, 1, 0), o.toPath2());
        assertTrue(o.successful());

        // (31) --dry-run: per-file "Skipped copy/delete" lines inside the sections, classified with the deltas;
        // the two conflict copies get no "Skipped copy" (their renames were skipped, so the dry-run sync cannot
        // see them) and are added from the queue, which makes the dry run predict the real run (34) exactly
        BisyncOutcome dry = runs.get("31");
        BisyncOutcome real = runs.get("34");
        assertTrue(dry.dryRun());
        assertFalse(real.dryRun());
        assertEquals(new Changes(3, 1, 1), dry.toPath1());
        assertEquals(new Changes(3, 1, 1), dry.toPath2());
        assertEquals(List.of(new ConflictEvent("file5.txt", List.of("file5.txt.conflict1", "file5.txt.conflict2"),
                null)), dry.conflicts());
        assertEquals(new SideDeltas(1, 3, 2), dry.path1Deltas());
        assertEquals(new SideDeltas(1, 3, 2), dry.path2Deltas());
        assertEquals(List.of(), dry.errors());

        assertEquals(real.toPath1(), dry.toPath1());
        assertEquals(real.toPath2(), dry.toPath2());
        assertEquals(real.conflicts(), dry.conflicts());
        assertEquals(real.path1Deltas(), dry.path1Deltas());

        BisyncLogParser p = new BisyncLogParser();
        runs(golden(version, "test_dry_run.log")).get(2).lines().forEach(p::accept);
        p.finish(0);
        assertEquals(BisyncLogParser.CountSource.RESULT_LINES, p.countSource());
    }

    // ---------------------------------------------------------------------------------------------------------
    // the rest

    @ParameterizedTest
    @ValueSource(strings = { "v1.66.0", "v1.71.0" })
    void checkAccessRuns(String version) {
        Map<String, BisyncOutcome> runs = outcomes(version, "test_check_access.log");
        assertEquals(List.of("03", "05", "08", "12", "14", "17", "20", "23", "25"), List.copyOf(runs.keySet()));
        assertTrue(runs.get("05").noChanges());
        assertTrue(runs.get("05").successful());

        BisyncOutcome o = runs.get("08");
        assertTrue(o.mustResync());
        assertEquals(List.of(
                "Access test failed: Path1 count 2, Path2 count 1 - RCLONE_TEST",
                "Access test failed: Path1 file not found in Path2 - subdir/RCLONE_TEST",
                "Bisync critical error: check file check failed",
                "Bisync aborted. Must run --resync to recover."), o.errors());
        assertEquals(new SideDeltas(0, 0, 1), o.path2Deltas());

        // (20) the critical error is followed by plain "Tip: ..." lines: not errors, not parsed as levels
        o = runs.get("20");
        assertTrue(o.mustResync());
        assertEquals(List.of(
                "Bisync critical error: cannot find prior Path1 or Path2 listings, likely due to critical error on "
                        + "prior run",
                "Bisync aborted. Must run --resync to recover."), o.errors());
    }

    @ParameterizedTest
    @ValueSource(strings = { "v1.66.0", "v1.71.0" })
    void basicAndFiltersRuns(String version) {
        BisyncOutcome basic = outcomes(version, "test_basic.log").get("08");
        assertEquals(new Changes(0, 1, 0), basic.toPath1()); // file1.txt newer on Path2
        assertEquals(new Changes(0, 1, 0), basic.toPath2()); // subdir/file20.txt newer on Path1

        Map<String, BisyncOutcome> f = outcomes(version, "test_filtersfile_checks.log");
        assertEquals(List.of("03", "07", "09", "11", "13", "17", "19", "21"), List.copyOf(f.keySet()));
        assertTrue(f.get("07").mustResync());
        assertTrue(f.get("13").noChanges());
        // (19) --resync --dry-run: "Skipped storing filters file hash ... as --dry-run is set"
        assertTrue(f.get("19").dryRun());
        assertTrue(f.get("19").successful());
        assertFalse(f.get("11").dryRun());

        Map<String, BisyncOutcome> resync = outcomes(version, "test_resync.log");
        assertTrue(resync.get("33").noChanges());
        assertEquals(List.of(
                "Empty current Path2 listing. Cannot sync to an empty directory: {workdir/}{session}.path2.lst-new",
                "Bisync critical error: empty current Path2 listing: {workdir/}{session}.path2.lst-new",
                "Bisync aborted. Must run --resync to recover."), resync.get("36").errors());
    }

    @Test
    void concurrentRuns171() {
        Map<String, BisyncOutcome> runs = outcomes("v1.71.0", "test_concurrent.log");
        assertEquals(List.of("03", "10", "11"), List.copyOf(runs.keySet()));
        assertEquals(new Changes(0, 1, 0), runs.get("10").toPath1());
        assertEquals(Changes.NONE, runs.get("10").toPath2());
        assertTrue(runs.get("11").noChanges());
        assertEquals(Changes.NONE, runs.get("11").totalChanges());
    }

    @Test
    void ansiInsideMessagesIsStripped() {
        // v1.66.0 test_changes: colour codes inside tag, action and subject
        String raw = runs(golden("v1.66.0", "test_changes.log")).get(1).lines().stream()
                .filter(l -> l.contains("Queue copy to") && l.contains("file11.txt")).findFirst().orElseThrow();
        assertTrue(raw.contains("\u001B[35m"));
        assertEquals(new LogLine(LogLine.Level.INFO,
                "- Path1    Queue copy to Path2       - {path2/}file11.txt", false, null),
                BisyncLogParser.normalize(raw));
        assertNull(BisyncLogParser.normalize("\u001B[36m(32)  :\u001B[0m \u001B[34mbisync\u001B[0m"));
    }
}
