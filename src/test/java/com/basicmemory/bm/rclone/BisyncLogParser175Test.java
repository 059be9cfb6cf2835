package com.basicmemory.bm.rclone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@link BisyncLogParser} over the real rclone 1.75.2 runs in {@code fixtures/rclone-1.75/} (captured by
 * {@code src/test/scripts/capture-fixtures-1.75.sh}; README.md there). 01-62 repeat the 1.60 scenarios with
 * rclone's default flags; 70-89 use the flags bm passes on 1.66+, 90-96 those plus {@code --backup-dir1}
 * ({@link BisyncLogParserBackupTest}). Each expected.json was computed from snapshots
 * of both sides before and after the run, not from the log, so these tests compare the parser with what happened
 * on disk.
 */
class BisyncLogParser175Test {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String LOCK = "{WORKDIR}/{PATH1_SESSION}..{PATH2_SESSION}.lck";

    static Path fixtures() {
        try {
            return Paths.get(BisyncLogParser175Test.class.getResource("/fixtures/rclone-1.75").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> stderr(String scenario) {
        try {
            return Files.readAllLines(fixtures().resolve(scenario).resolve("stderr.txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static int exitCode(String scenario) {
        try {
            return Integer.parseInt(Files.readString(fixtures().resolve(scenario).resolve("exit_code.txt")).trim());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static BisyncOutcome run(String scenario) {
        return BisyncLogParser.parse(stderr(scenario), exitCode(scenario));
    }

    static JsonNode expected(String scenario) {
        try {
            return MAPPER.readTree(fixtures().resolve(scenario).resolve("expected.json").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> bisyncScenarios() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(fixtures())) {
            for (String name : s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
                    .collect(Collectors.toList())) {
                if (expected(name).path("command").asText().equals("bisync")) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    private static Changes changes(JsonNode n) {
        return new Changes(n.path("created").asInt(-1), n.path("updated").asInt(-1), n.path("deleted").asInt(-1));
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static boolean bmFlags(String scenario) {
        return scenario.startsWith("7") || scenario.startsWith("8")
                || (scenario.startsWith("9") && !scenario.contains("text-log"));
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void everyScenarioIsThere() throws IOException {
        List<String> bisync = bisyncScenarios();
        assertEquals(54 + 20 + 7, bisync.size(), bisync.toString());
        assertTrue(Files.readString(fixtures().resolve("rclone-version.txt")).startsWith("rclone v1.75.2\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bisyncScenarios")
    void fixtureMatchesWhatHappenedOnDisk(String scenario) {
        JsonNode exp = expected(scenario);
        BisyncOutcome o = run(scenario);
        assertEquals(exp.path("exit_code").asInt(), o.exitCode());

        if (exp.has("would_apply")) {
            // a dry run changes nothing; the parser predicts what the next (real) run then did on disk
            assertTrue(o.dryRun());
            assertEquals(changes(exp.path("would_apply").path("path1")), o.toPath1(), "would apply to path1");
            assertEquals(changes(exp.path("would_apply").path("path2")), o.toPath2(), "would apply to path2");
        } else {
            assertFalse(o.dryRun());
            assertEquals(changes(exp.path("applied_changes").path("path1")), o.toPath1(), "to path1");
            assertEquals(changes(exp.path("applied_changes").path("path2")), o.toPath2(), "to path2");
        }

        assertEquals(strings(exp.path("conflicts")),
                o.conflicts().stream().map(ConflictEvent::path).collect(Collectors.toCollection(TreeSet::new)),
                "conflicts");
        assertEquals(strings(exp.path("conflict_files")),
                o.conflicts().stream().flatMap(c -> c.files().stream()).collect(Collectors.toCollection(TreeSet::new)),
                "conflict copies");
        for (ConflictEvent c : o.conflicts()) {
            assertFalse(c.files().isEmpty(), "a conflict names its copies: " + c);
        }

        assertEquals(exp.path("bisync_successful_line").asBoolean(), o.successful(), "successful");
        assertEquals(exp.path("must_resync_line").asBoolean(), o.mustResync(), "mustResync");
        assertNull(o.rcloneNotice(), "1.71+ prints no EXPERIMENTAL / IN BETA notice");

        String kind = exp.path("error_kind").isNull() ? null : exp.path("error_kind").asText();
        checkErrorKind(scenario, kind, o);
    }

    private static void checkErrorKind(String scenario, String kind, BisyncOutcome o) {
        if (kind == null) {
            assertEquals(List.of(), o.errors(), "no errors in a clean run");
            assertNull(o.safetyAbort());
            assertNull(o.priorLockFile());
            assertFalse(o.interrupted());
            assertFalse(o.mustResync());
            return;
        }
        assertEquals("max_delete".equals(kind) || "all_files_changed".equals(kind), o.safetyAbort() != null);
        assertEquals("lock".equals(kind), o.priorLockFile() != null);
        assertEquals("interrupted".equals(kind), o.interrupted());
        switch (kind) {
            case "max_delete":
                assertEquals(SafetyAbort.Kind.MAX_DELETE, o.safetyAbort().kind());
                assertEquals("Path1", o.safetyAbort().side());
                assertEquals(Changes.NONE, o.totalChanges());
                assertTrue(o.errors().get(o.errors().size() - 1).startsWith("Failed to bisync"), o.errors().toString());
                assertFalse(o.successful());
                break;
            case "all_files_changed":
                assertEquals(new SafetyAbort(SafetyAbort.Kind.ALL_FILES_CHANGED, "Path1", null, null, null),
                        o.safetyAbort());
                assertFalse(o.successful());
                break;
            case "lock":
                assertEquals(LOCK, o.priorLockFile());
                assertFalse(o.mustResync());
                assertFalse(o.successful());
                break;
            case "interrupted":
                // 1.66+ stops gracefully on SIGINT: the running copies finish and the run can even succeed
                assertFalse(o.mustResync());
                break;
            case "killed":
                assertFalse(o.interrupted());
                assertFalse(o.successful());
                assertEquals(List.of(), o.errors());
                break;
            case "must_resync":
            case "check_access":
            case "transfer_error":
                assertTrue(o.mustResync());
                assertFalse(o.successful());
                assertEquals(7, o.exitCode(), "must-resync exit code from 1.69");
                assertTrue(o.errors().stream().anyMatch(e -> e.startsWith("Bisync critical error: ")),
                        o.errors().toString());
                if (kind.equals("check_access")) {
                    assertTrue(o.errors().contains("Bisync critical error: check file check failed"),
                            o.errors().toString());
                }
                break;
            case "remote_unreachable":
                assertFalse(o.errors().isEmpty());
                assertTrue(o.errors().get(0).contains("connection refused"), o.errors().toString());
                assertFalse(o.mustResync());
                break;
            default:
                throw new AssertionError("unmapped error_kind " + kind + " in " + scenario);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bisyncScenarios")
    void failedRunsEndWithTheirFailedToBisyncLine(String scenario) {
        BisyncOutcome o = run(scenario);
        List<String> raw = stderr(scenario);
        boolean failedLine = raw.stream().anyMatch(l -> l.contains("Failed to bisync"));
        if (failedLine) {
            assertTrue(o.errors().stream().anyMatch(e -> e.startsWith("Failed to bisync")), o.errors().toString());
        }
        for (String e : o.errors()) {
            assertFalse(e.indexOf('\u001B') >= 0, "no colour codes in " + e);
            assertFalse(e.startsWith("{"), "JSON decoded: " + e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bisyncScenarios")
    void bmFlagRunsAreJson(String scenario) {
        if (!bmFlags(scenario)) {
            return;
        }
        for (String l : stderr(scenario)) {
            assertTrue(l.startsWith("{\"") && l.endsWith("}"), "bm's runs log JSON only: " + l);
            assertFalse(l.indexOf('\u001B') >= 0 || l.contains("\\u001b"), "--color NEVER: " + l);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // the runs bm meets in production, one by one

    @Test
    void conflictWithAWinnerNamesTheLoserCopyAndTheWinner() {
        BisyncOutcome o = run("71-bm-conflict-newer");
        assertEquals(List.of(new ConflictEvent("a.md", List.of("a.conflict-local1.md"), "path2")), o.conflicts());
        // Path2's newer a.md replaced Path1's (renamed away locally: not a transfer); the loser copy went to Path2
        assertEquals(new Changes(0, 1, 0), o.toPath1());
        assertEquals(new Changes(1, 0, 0), o.toPath2());
    }

    @Test
    void rerunAfterTheWinnerFindsEqualFilesAndNoConflict() {
        BisyncOutcome o = run("72-bm-conflict-winner-rerun");
        assertEquals(List.of(), o.conflicts());
        assertEquals(Changes.NONE, o.totalChanges());
        assertTrue(o.successful());
    }

    @Test
    void identicalContentOnBothSidesIsNoConflict() {
        for (String s : List.of("10-both-edited-identical-content", "73-bm-both-identical")) {
            BisyncOutcome o = run(s);
            assertEquals(List.of(), o.conflicts(), s);
            assertEquals(Changes.NONE, o.totalChanges(), s);
            assertEquals(new SideDeltas(0, 1, 0), o.path1Deltas(), s);
            assertEquals(new SideDeltas(0, 1, 0), o.path2Deltas(), s);
        }
    }

    @Test
    void keepBothConflictHasBothCopiesAndNoWinner() {
        BisyncOutcome o = run("74-bm-conflict-keep-both");
        assertEquals(List.of(new ConflictEvent("c.md", List.of("c.conflict-local1.md", "c.conflict-cloud1.md"), null)),
                o.conflicts());
    }

    @Test
    void cloudWinsConflict() {
        BisyncOutcome o = run("75-bm-conflict-cloud-wins");
        assertEquals(List.of(new ConflictEvent("d.md", List.of("d.conflict-local1.md"), "path2")), o.conflicts());
    }

    @Test
    void defaultConflictFlagsGiveNumberedCopies() {
        BisyncOutcome o = run("08-conflict-edited-both-sides");
        assertEquals(List.of(
                new ConflictEvent("file5.md", List.of("file5.md.conflict1", "file5.md.conflict2"), null),
                new ConflictEvent("notes/n1.md", List.of("notes/n1.md.conflict1", "notes/n1.md.conflict2"), null)),
                o.conflicts());
    }

    @Test
    void mustResyncIsExit7AndTheFinalLineIsJson() {
        BisyncOutcome o = run("81-bm-must-resync");
        assertEquals(7, o.exitCode());
        assertTrue(o.mustResync());
        String last = stderr("81-bm-must-resync").get(stderr("81-bm-must-resync").size() - 1);
        assertTrue(last.startsWith("{\"") && last.contains("Failed to bisync"), last);
        assertTrue(o.errors().stream().anyMatch(e -> e.startsWith("Failed to bisync")), o.errors().toString());
    }

    @Test
    void maxDeleteAbortReadsTheNumbers() {
        BisyncOutcome o = run("80-bm-max-delete");
        SafetyAbort a = o.safetyAbort();
        assertNotNull(a);
        assertEquals(SafetyAbort.Kind.MAX_DELETE, a.kind());
        assertEquals(50, a.percent());
        assertTrue(a.deleted() * 100 > 50 * a.total(), a.toString());
    }

    @Test
    void killedRunCountsOnlyWhatArrivedAndPartialFilesAreNotTransfers() {
        BisyncOutcome o = run("83-bm-killed-partial");
        JsonNode exp = expected("83-bm-killed-partial");
        assertFalse(exp.path("partial_files").path("path2").isEmpty(), "the kill left *.partial files");
        assertEquals(changes(exp.path("applied_changes").path("path2")), o.toPath2());
    }

    @Test
    void sigintStopsGracefully() {
        BisyncOutcome o = run("86-bm-interrupted-sigint");
        assertTrue(o.interrupted());
        assertEquals(changes(expected("86-bm-interrupted-sigint").path("applied_changes").path("path2")),
                o.toPath2());
    }

    @Test
    void modtimeOnlyChangeIsNotACopy() {
        BisyncOutcome o = run("79-bm-modtime-only");
        JsonNode exp = expected("79-bm-modtime-only");
        assertEquals(1, exp.path("modtime_only").path("path1").asInt());
        assertEquals(1, exp.path("modtime_only").path("path2").asInt());
        assertEquals(Changes.NONE, o.totalChanges());
    }

    @Test
    void eachCopyCountsOnce() {
        // 1.75's text stats count the four conflict renames as transfers too ("Transferred: 8 / 8"); the four
        // copies are counted once each, from their "Copied (new)" lines, not from the queue or the stats
        assertTrue(stderr("08-conflict-edited-both-sides").stream().anyMatch(l -> l.matches("Transferred:\\s+8 / 8, 100%")));
        assertEquals(4, run("08-conflict-edited-both-sides").totalChanges().total());
        BisyncLogParser p = new BisyncLogParser();
        stderr("40-many-files-300-updated-json").forEach(p::accept);
        BisyncOutcome json = p.finish(0);
        assertEquals(new Changes(0, 300, 0), json.toPath2());
        assertEquals(300, p.lastStats().transfers());
    }

    @Test
    void equalFilesThatOnlyNeedTheirTimeAreNoConflict() {
        // deltas.go prints these after "New or changed in both paths" and renames nothing: no copies, no conflict
        for (String equal : List.of(
                "{\"level\":\"info\",\"msg\":\"Files are equal but will copy anyway to update modtime (will not rename)\","
                        + "\"object\":\"b.md\"}",
                "{\"level\":\"info\",\"msg\":\"Files are equal but will copy anyway to fix case to b.md\",\"object\":\"B.md\"}",
                "{\"level\":\"info\",\"msg\":\"This is a directory, not a file. Skipping equality check and will not "
                        + "rename: b.md\"}")) {
            BisyncOutcome o = BisyncLogParser.parse(List.of(
                    "{\"level\":\"info\",\"msg\":\"- Path1             File changed: time (newer)   - b.md\"}",
                    "{\"level\":\"info\",\"msg\":\"- Path2             File changed: time (newer)   - b.md\"}",
                    "{\"level\":\"notice\",\"msg\":\"- WARNING           New or changed in both paths     - b.md\"}",
                    equal,
                    "{\"level\":\"info\",\"msg\":\"Bisync successful\"}"), 0);
            assertEquals(List.of(), o.conflicts(), equal);
        }
    }

    @Test
    void textFailedToBisyncWithErrorCount() {
        BisyncOutcome o = run("59-webdav-server-dies-mid-transfer");
        assertEquals("Failed to bisync with 4 errors: last error was: bisync aborted",
                o.errors().get(o.errors().size() - 1));
        assertTrue(o.mustResync());
    }

    @Test
    void resilientCriticalErrorStillNeedsAResync() {
        // --resilient: "Bisync aborted. Error is retryable without --resync due to --resilient mode." follows a
        // cause that says "(must run --resync)"; exit 7
        BisyncOutcome o = run("81-bm-must-resync");
        assertTrue(o.mustResync());
        assertTrue(o.errors().contains(
                "Bisync aborted. Error is retryable without --resync due to --resilient mode."), o.errors().toString());
    }

    @Test
    void keepExtensionCopyNamesBelongToTheirOriginal() {
        assertTrue(BisyncLogParser.isCopyName("a.conflict-local1.md", "a.md"));
        assertTrue(BisyncLogParser.isCopyName("notes/n1.md.conflict2", "notes/n1.md"));
        assertFalse(BisyncLogParser.isCopyName("ab.md", "a.md"));
        assertFalse(BisyncLogParser.isCopyName("a.md", "a.md"));
        assertTrue(BisyncLogParser.isCopyName("README.conflict1", "README"));
        assertFalse(BisyncLogParser.isCopyName("READ.conflict1.md", "README.md"));
    }
}
