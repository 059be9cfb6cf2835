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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 * {@link BisyncLogParser} over the real rclone 1.60.1 runs in {@code fixtures/rclone-1.60/} (one folder per run,
 * README.md there) plus edge cases. The golden logs of newer rclone are covered by
 * {@link BisyncLogParserGoldenTest}.
 */
class BisyncLogParserTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String LOCK = "{WORKDIR}/{PATH1_SESSION}..{PATH2_SESSION}.lck";

    // ---------------------------------------------------------------------------------------------------------
    // fixture helpers

    static Path fixtures160() {
        try {
            return Paths.get(BisyncLogParserTest.class.getResource("/fixtures/rclone-1.60").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> stderr(String scenario) {
        try {
            return Files.readAllLines(fixtures160().resolve(scenario).resolve("stderr.txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static int exitCode(String scenario) {
        try {
            return Integer.parseInt(Files.readString(fixtures160().resolve(scenario).resolve("exit_code.txt")).trim());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static BisyncOutcome run(String scenario) {
        return BisyncLogParser.parse(stderr(scenario), exitCode(scenario));
    }

    static JsonNode expected(Path dir) throws IOException {
        return MAPPER.readTree(dir.resolve("expected.json").toFile());
    }

    static List<String> allScenarios() throws IOException {
        try (Stream<Path> s = Files.list(fixtures160())) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
                    .collect(Collectors.toList());
        }
    }

    /** Every bisync run; 41-48 are rclone check / lsjson / help. */
    static List<String> bisyncScenarios() throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : allScenarios()) {
            if (expected(fixtures160().resolve(name)).path("command").asText().equals("bisync")) {
                out.add(name);
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

    // ---------------------------------------------------------------------------------------------------------
    // 1. every bisync fixture against its expected.json

    @Test
    void theOnlyNonBisyncFixturesAre41To48() throws IOException {
        List<String> all = allScenarios();
        List<String> bisync = bisyncScenarios();
        List<String> skipped = new ArrayList<>(all);
        skipped.removeAll(bisync);
        assertEquals(List.of("41-check-matching", "42-check-matching-verbose", "43-check-differing",
                "44-check-differing-combined", "45-check-differing-all-reports", "46-check-one-way", "47-lsjson",
                "48-help-flags-version-grep"), skipped);
        assertEquals(54, bisync.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bisyncScenarios")
    void fixtureMatchesExpectedJson(String scenario) throws IOException {
        Path dir = fixtures160().resolve(scenario);
        JsonNode exp = expected(dir);
        int exit = exitCode(scenario);
        BisyncOutcome o = run(scenario);

        assertEquals(exit, o.exitCode());
        assertEquals(exp.path("exit_code").asInt(), exit, "exit_code.txt vs expected.json");

        if (exp.has("would_apply")) {
            // 11-dry-run. expected.json says would_apply is all zeros, but the log itself shows three changes
            // rclone would make, each with its per-file dry-run line inside its section:
            //   "- Path2 Do queued copies to - Path1" + "file2.md: Skipped copy as --dry-run is set (size 8)"
            //        (file2.md is "File is newer" on Path2 only -> an update of Path1's copy)
            //   "- Path1 Do queued copies to - Path2" + "dry-new.md: Skipped copy ..." ("File is new" on Path1)
            //   "- Do queued deletes on - Path1"       + "new2a.md: Skipped delete as --dry-run is set (size 13)"
            // and its stats block counts them ("Deleted: 1 (files)", "Transferred: 2 / 2"). Scenario 12 then runs
            // the same changes for real and expected.json records exactly those (path1 0/1/1, path2 1/0/0). The
            // zeros in expected.json describe what was applied on disk (nothing), not what would be applied. We
            // assert the log's truth.
            assertTrue(o.dryRun());
            assertEquals(new Changes(0, 1, 1), o.toPath1());
            assertEquals(new Changes(1, 0, 0), o.toPath2());
        } else {
            assertFalse(o.dryRun());
            assertEquals(changes(exp.path("applied_changes").path("path1")), o.toPath1(), "to path1");
            assertEquals(changes(exp.path("applied_changes").path("path2")), o.toPath2(), "to path2");
        }

        assertEquals(strings(exp.path("conflicts")),
                o.conflicts().stream().map(ConflictEvent::path).collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(strings(exp.path("conflict_files")),
                o.conflicts().stream().flatMap(c -> c.files().stream()).collect(Collectors.toCollection(TreeSet::new)));
        o.conflicts().forEach(c -> assertNull(c.winner(), "1.60 never picks a winner"));

        assertEquals(exp.path("bisync_successful_line").asBoolean(), o.successful(), "successful");
        assertEquals(exp.path("must_resync_line").asBoolean(), o.mustResync(), "mustResync");
        assertEquals(scenario.equals("54-webdav-no-changes"), o.noChanges(), "noChanges");

        // every bisync run prints the notice first, except 58 which failed before bisync started
        assertEquals(scenario.startsWith("58-") ? null : "bisync is EXPERIMENTAL. Don't use in production!",
                o.rcloneNotice());

        String kind = exp.path("error_kind").isNull() ? null : exp.path("error_kind").asText();
        checkErrorKind(scenario, kind, o);
    }

    private static void checkErrorKind(String scenario, String kind, BisyncOutcome o) {
        if (kind == null) {
            assertEquals(List.of(), o.errors(), "no errors in a clean run");
            assertNull(o.safetyAbort());
            assertNull(o.priorLockFile());
            assertFalse(o.interrupted());
            return;
        }
        assertFalse(o.successful());
        assertEquals("max_delete".equals(kind) || "all_files_changed".equals(kind), o.safetyAbort() != null);
        assertEquals("lock".equals(kind), o.priorLockFile() != null);
        assertEquals("interrupted".equals(kind), o.interrupted());
        switch (kind) {
            case "max_delete": {
                Map<String, SafetyAbort> printed = Map.of(
                        "13-max-delete-tripped-default-50pct",
                        new SafetyAbort(SafetyAbort.Kind.MAX_DELETE, "Path1", 50, 10, 17),
                        "14-max-delete-tripped-custom-5pct",
                        new SafetyAbort(SafetyAbort.Kind.MAX_DELETE, "Path1", 5, 10, 17),
                        "28-use-json-log-max-delete-tripped",
                        new SafetyAbort(SafetyAbort.Kind.MAX_DELETE, "Path1", 5, 1, 13));
                assertEquals(printed.get(scenario), o.safetyAbort());
                assertEquals("Failed to bisync: too many deletes", o.errors().get(o.errors().size() - 1));
                assertEquals(Changes.NONE, o.totalChanges());
                break;
            }
            case "all_files_changed":
                assertEquals(new SafetyAbort(SafetyAbort.Kind.ALL_FILES_CHANGED, "Path1", null, null, null),
                        o.safetyAbort());
                assertEquals(List.of(
                        "Safety abort: all files were changed on Path1 \"{PATH1}/\". Run with --force if desired.",
                        "Failed to bisync: all files were changed"), o.errors());
                break;
            case "lock":
                assertEquals(LOCK, o.priorLockFile());
                assertEquals(List.of("Failed to bisync: prior lock file found: " + LOCK), o.errors());
                assertFalse(o.mustResync());
                break;
            case "interrupted":
                assertTrue(o.mustResync(), "Bisync interrupted. Must run --resync to recover.");
                assertEquals(Changes.NONE, o.totalChanges(), "SIGINT before any file was copied");
                break;
            case "killed":
                // SIGKILL: stderr just stops after "Do queued copies to"; no error line, no result line
                assertFalse(o.interrupted());
                assertFalse(o.mustResync());
                assertEquals(List.of(), o.errors());
                assertEquals(Changes.NONE, o.totalChanges());
                break;
            case "must_resync":
            case "check_access":
            case "transfer_error":
                assertTrue(o.mustResync());
                assertEquals("Bisync aborted. Must run --resync to recover.", o.errors().get(o.errors().size() - 1));
                assertTrue(o.errors().get(o.errors().size() - 2).startsWith("Bisync critical error: "),
                        o.errors().toString());
                if (kind.equals("check_access")) {
                    assertTrue(o.errors().contains("Bisync critical error: check file check failed"));
                }
                break;
            case "remote_unreachable":
                assertEquals(List.of("Failed to create file system for destination \"davoc:cloud\": read metadata "
                        + "failed: Propfind \"http://{DAV_HOSTPORT}/cloud\": dial tcp {DAV_HOSTPORT}: connect: "
                        + "connection refused"), o.errors());
                assertFalse(o.mustResync());
                break;
            case "modtime_unsupported":
                assertEquals(List.of("Failed to bisync: modification time support is missing on path2"), o.errors());
                assertFalse(o.mustResync());
                break;
            default:
                throw new AssertionError("unmapped error_kind " + kind + " in " + scenario);
        }
    }

    @Test
    void dryRunPredictsTheRealRun() {
        BisyncOutcome dry = run("11-dry-run");
        BisyncOutcome real = run("12-after-dry-run-real");
        assertTrue(dry.dryRun());
        assertFalse(real.dryRun());
        assertEquals(real.toPath1(), dry.toPath1());
        assertEquals(real.toPath2(), dry.toPath2());
        assertEquals(real.path1Deltas(), dry.path1Deltas());
        assertEquals(real.path2Deltas(), dry.path2Deltas());
    }

    @Test
    void deltasAreCountedPerSide() {
        BisyncOutcome o = run("09-delete-vs-edit");
        assertEquals(new SideDeltas(0, 1, 1), o.path1Deltas());
        assertEquals(new SideDeltas(0, 1, 1), o.path2Deltas());
        // deleted on one side + edited on the other: the edit comes back as a new file, no conflict
        assertEquals(new Changes(1, 0, 0), o.toPath1());
        assertEquals(new Changes(1, 0, 0), o.toPath2());
        assertEquals(List.of(), o.conflicts());
    }

    @Test
    void conflictsOf08InOrderWithTheirCopies() {
        BisyncOutcome o = run("08-conflict-edited-both-sides");
        assertEquals(List.of(
                new ConflictEvent("file5.md", List.of("file5.md..path1", "file5.md..path2"), null),
                new ConflictEvent("notes/n1.md", List.of("notes/n1.md..path1", "notes/n1.md..path2"), null)),
                o.conflicts());
    }

    @Test
    void transferErrorsCountOnlyTheFilesThatArrived() {
        BisyncOutcome o = run("59-webdav-server-dies-mid-transfer");
        assertEquals(new Changes(1, 0, 0), o.toPath1()); // w-new-cloud.md
        assertEquals(new Changes(1, 0, 0), o.toPath2()); // offline.md; big1..3.bin failed
        assertEquals(List.of(
                "big2.bin: Failed to copy: Put \"http://{DAV_HOSTPORT}/cloud/big2.bin\": write tcp "
                        + "127.0.0.1:50796->{DAV_HOSTPORT}: use of closed network connection",
                "big1.bin: Failed to copy: Put \"http://{DAV_HOSTPORT}/cloud/big1.bin\": write tcp "
                        + "127.0.0.1:50802->{DAV_HOSTPORT}: use of closed network connection",
                "big3.bin: Failed to copy: Put \"http://{DAV_HOSTPORT}/cloud/big3.bin\": write tcp "
                        + "127.0.0.1:50818->{DAV_HOSTPORT}: use of closed network connection",
                "Bisync critical error: Put \"http://{DAV_HOSTPORT}/cloud/big3.bin\": write tcp "
                        + "127.0.0.1:50818->{DAV_HOSTPORT}: use of closed network connection",
                "Bisync aborted. Must run --resync to recover."), o.errors());
    }

    @Test
    void accessTestIndentErrorsAreRenderedWithoutPadding() {
        assertEquals(List.of(
                "Access test failed: Path1 count 1, Path2 count 0 - RCLONE_TEST",
                "Access test failed: Path1 file not found in Path2 - RCLONE_TEST",
                "Bisync critical error: check file check failed",
                "Bisync aborted. Must run --resync to recover."), run("19-check-access-missing-on-path2").errors());
    }

    @Test
    void nothingToTransferMeansNothingApplied() {
        // 37: the plan queues big1.bin..path2 to Path2, but the file was already there ("There was nothing to
        // transfer"): no per-file line, nothing changed
        BisyncLogParser p = new BisyncLogParser();
        stderr("37-corrupted-listing-file").forEach(p::accept);
        BisyncOutcome o = p.finish(0);
        assertEquals(Changes.NONE, o.toPath2());
        assertEquals(new SideDeltas(1, 0, 0), o.path1Deltas());
        assertTrue(o.successful());
    }

    @Test
    void countSourceTellsExactFromUnknown() {
        BisyncLogParser p = new BisyncLogParser();
        stderr("03-new-files-path1").forEach(p::accept);
        p.finish(0);
        assertEquals(BisyncLogParser.CountSource.RESULT_LINES, p.countSource());

        // 27: no -v: only the notice and the stats block. Something was transferred (1 file, 2 B), but the log
        // does not say what: the counts are zero and the source says so
        p = new BisyncLogParser();
        stderr("27-no-verbose-stats-log-level-notice").forEach(p::accept);
        BisyncOutcome o = p.finish(0);
        assertEquals(BisyncLogParser.CountSource.NONE, p.countSource());
        assertEquals(Changes.NONE, o.totalChanges());
        assertEquals(2, o.bytesTransferred());
        assertEquals(new StatsSnapshot(2, 2, 1, 1, 0, 0, 0.0), p.lastStats());
        assertFalse(o.successful(), "'Bisync successful' is INFO: not printed without -v");
    }

    // ---------------------------------------------------------------------------------------------------------
    // 2. bytes and stats

    @Test
    void bytesFromJsonStatsAreExact() {
        assertEquals(57, run("21-use-json-log").bytesTransferred());
        assertEquals(4746, run("40-many-files-300-updated-json").bytesTransferred());
        assertEquals(0, run("28-use-json-log-max-delete-tripped").bytesTransferred());
    }

    @Test
    void bytesFromTextStats() {
        assertEquals(132, run("08-conflict-edited-both-sides").bytesTransferred());
        assertEquals(16, run("12-after-dry-run-real").bytesTransferred());
        assertEquals(2, run("24-stats-one-line").bytesTransferred(), "--stats-one-line");
        assertEquals(2, run("26-log-format-custom").bytesTransferred());
        assertEquals(0, run("25-stats-0").bytesTransferred(), "--stats 0 prints no stats");
        // "6.476 KiB" and "239.219 MiB": rclone rounds to 3 decimals, so do we
        assertEquals(Math.round(6.476 * 1024), run("39-many-files-520-new").bytesTransferred());
        assertEquals(Math.round(239.219 * 1024 * 1024), run("35-rerun-after-lock-removed").bytesTransferred());
    }

    @Test
    void sizeUnits() {
        assertEquals(132, BisyncLogParser.parseSize("132 B"));
        assertEquals(1536, BisyncLogParser.parseSize("1.500 KiB"));
        assertEquals(1536, BisyncLogParser.parseSize("1.500k"));
        assertEquals(1536, BisyncLogParser.parseSize("1.500 kBytes"));
        assertEquals(3L << 30, BisyncLogParser.parseSize("3 GiB"));
        assertEquals(2L << 40, BisyncLogParser.parseSize("2.000 TiB"));
        assertEquals(5L << 20, BisyncLogParser.parseSize("5 MB"));
        assertEquals(-1, BisyncLogParser.parseSize("- B"));
        assertEquals(-1, BisyncLogParser.parseSize("12 files"));
        assertEquals(62.5, BisyncLogParser.parseDuration("1m2.5s"), 1e-9);
        assertEquals(3723.0, BisyncLogParser.parseDuration("1h2m3.0s"), 1e-9);
        assertEquals(0.25, BisyncLogParser.parseDuration("250ms"), 1e-9);
    }

    @Test
    void statsListenerGetsJsonStats() {
        List<StatsSnapshot> seen = new ArrayList<>();
        BisyncLogParser p = new BisyncLogParser();
        p.setStatsListener(seen::add);
        stderr("21-use-json-log").forEach(p::accept);
        p.finish(0);
        assertEquals(List.of(new StatsSnapshot(57, 57, 3, 3, 1, 0, 0.048245903)), seen);
    }

    @Test
    void statsListenerGetsTextStatsBlocks() {
        List<StatsSnapshot> seen = new ArrayList<>();
        BisyncLogParser p = new BisyncLogParser();
        p.setStatsListener(seen::add);
        stderr("08-conflict-edited-both-sides").forEach(p::accept);
        assertEquals(List.of(new StatsSnapshot(132, 132, 4, 4, 0, 0, 0.0)), seen);

        seen.clear();
        p = new BisyncLogParser();
        p.setStatsListener(seen::add);
        stderr("15-max-delete-force").forEach(p::accept);
        assertEquals(List.of(new StatsSnapshot(0, 0, 0, 0, 10, 0, 0.0)), seen);

        seen.clear();
        p = new BisyncLogParser();
        p.setStatsListener(seen::add);
        stderr("13-max-delete-tripped-default-50pct").forEach(p::accept);
        assertEquals(List.of(new StatsSnapshot(0, 0, 0, 0, 0, 1, 0.0)), seen);

        seen.clear();
        p = new BisyncLogParser();
        p.setStatsListener(seen::add);
        stderr("35-rerun-after-lock-removed").forEach(p::accept);
        long b = Math.round(239.219 * 1024 * 1024);
        assertEquals(List.of(new StatsSnapshot(b, b, 59, 59, 0, 0, 1.8)), seen);
    }

    // ---------------------------------------------------------------------------------------------------------
    // normalisation

    @Test
    void normalizeTextLines() {
        assertEquals(new LogLine(LogLine.Level.NOTICE, "bisync is EXPERIMENTAL. Don't use in production!", true, null),
                BisyncLogParser.normalize(stderr("01-first-run-no-resync").get(0)));
        // --log-format date,time,microseconds,UTC,shortfile
        assertEquals(new LogLine(LogLine.Level.INFO, "- Path1    File is new                         - fmt-new.md",
                true, null), BisyncLogParser.normalize(stderr("26-log-format-custom").get(3)));
        // continuation line of the text stats block, and the final plain line of a failed run
        List<String> l13 = stderr("13-max-delete-tripped-default-50pct");
        assertEquals(new LogLine(LogLine.Level.NONE, "Errors:                 1 (retrying may help)", false, null),
                BisyncLogParser.normalize(l13.get(19)));
        assertEquals(new LogLine(LogLine.Level.NONE, "Failed to bisync: too many deletes", true, null),
                BisyncLogParser.normalize(l13.get(l13.size() - 1)));
        assertNull(BisyncLogParser.normalize(""));
        assertNull(BisyncLogParser.normalize("\r"));
    }

    @Test
    void normalizeJsonLines() {
        List<String> l28 = stderr("28-use-json-log-max-delete-tripped");
        LogLine abort = BisyncLogParser.normalize(l28.get(6));
        assertEquals(LogLine.Level.ERROR, abort.level());
        assertEquals("Safety abort: too many deletes (>5%, 1 of 13) on Path1 \"{PATH1}/\". Run with --force if desired.",
                abort.message());
        assertEquals(LogLine.Level.NOTICE, BisyncLogParser.normalize(l28.get(0)).level(), "warning = NOTICE");
        LogLine stats = BisyncLogParser.normalize(l28.get(8));
        assertEquals(new StatsSnapshot(0, 0, 0, 0, 0, 1, 0.056290829), stats.stats());
        // the final line stays plain text even with --use-json-log
        assertEquals(new LogLine(LogLine.Level.NONE, "Failed to bisync: too many deletes", true, null),
                BisyncLogParser.normalize(l28.get(9)));
    }

    /** The fast scanner and Jackson must agree on every real JSON line. */
    @Test
    void flatJsonScannerAgreesWithJackson() {
        int n = 0;
        for (String s : List.of("21-use-json-log", "22-use-json-log-must-resync-error", "23-use-json-log-no-verbose",
                "28-use-json-log-max-delete-tripped", "40-many-files-300-updated-json")) {
            for (String line : stderr(s)) {
                if (!line.startsWith("{")) {
                    continue;
                }
                LogLine fast = FlatJson.parse(line);
                assertNotNull(fast, line);
                assertEquals(BisyncLogParser.parseJson(line), fast, line);
                n++;
            }
        }
        assertEquals(31 + 4 + 1 + 9 + 911, n);
        // not JSON after all: read as text
        assertNull(FlatJson.parse("{\"level\":\"info\",\"msg\":}"));
        assertEquals(LogLine.Level.NONE, BisyncLogParser.normalize("{\"level\":\"info\",\"msg\":}").level());
    }

    @Test
    void flatJsonAgreesWithJacksonOnEscapedKeysAndSkippedValues() {
        // not rclone lines: JSON spellings of its fields that the fast scanner must decode exactly like Jackson
        List<String> lines = List.of(
                "{\"level\":\"info\",\"m\\u0073g\":\"Copied (new)\",\"object\":\"a.md\"}",
                "{\"lev\\u0065l\":\"error\",\"msg\":\"x\",\"source\":\"q\\\"uote\\\\ \\u00e9\"}",
                "{\"level\":\"info\",\"message\":\"Bisync successful\",\"time\":\"\\/t\\n\"}",
                "{\"level\":\"notice\",\"msg\":\"m\",\"objectType\":\"*local.Object\",\"objec\":\"no\"}");
        for (String line : lines) {
            LogLine fast = FlatJson.parse(line);
            assertNotNull(fast, line);
            assertEquals(BisyncLogParser.parseJson(line), fast, line);
        }
        // malformed strings in values bm skips: not FlatJson's to accept
        assertNull(FlatJson.parse("{\"level\":\"info\",\"msg\":\"m\",\"source\":\"bad \\x escape\"}"));
        assertNull(FlatJson.parse("{\"level\":\"info\",\"msg\":\"m\",\"source\":\"bad \\u12G4\"}"));
        assertNull(FlatJson.parse("{\"level\":\"info\",\"msg\":\"m\",\"source\":\"unterminated}"));
    }

    /**
     * Plain msg/object strings are read in place from the JSON line (the fast path); strings with escapes are
     * decoded first (the careful path). Both must give the outcome of the same run with a plain ASCII name.
     */
    @Test
    void jsonLinesReadInPlaceOrDecodedGiveTheSameOutcome() {
        List<String> l21 = stderr("21-use-json-log");
        BisyncOutcome ascii = BisyncLogParser.parse(l21, 0);
        String conflict = "projects/alpha/a.md";
        // as rclone writes them: non-ASCII raw (read in place); quote, backslash and & escaped (decoded)
        String[][] names = {{"projects/alpha/café ü.md", "projects/alpha/café ü.md"},
            {"projects/alpha/\\\"q\\\" \\u0026 b\\\\c é.md", "projects/alpha/\"q\" & b\\c é.md"}};
        for (String[] name : names) {
            List<String> renamed = l21.stream().map(l -> l.replace(conflict, name[0])).collect(Collectors.toList());
            String copied = renamed.get(21);
            assertTrue(copied.contains("\"msg\":\"Copied (new)\""), copied);
            FlatJson json = FlatJson.scan(copied);
            assertNotNull(json, copied);
            assertEquals(name[0].equals(name[1]), json.objectInPlace(), copied);
            BisyncOutcome o = BisyncLogParser.parse(renamed, 0);
            assertEquals(ascii.toPath1(), o.toPath1(), name[1]);
            assertEquals(ascii.toPath2(), o.toPath2(), name[1]);
            assertEquals(ascii.path1Deltas(), o.path1Deltas(), name[1]);
            assertEquals(ascii.path2Deltas(), o.path2Deltas(), name[1]);
            assertEquals(ascii.errors(), o.errors(), name[1]);
            assertEquals(1, o.conflicts().size());
            ConflictEvent c = ascii.conflicts().get(0);
            assertEquals(new ConflictEvent(name[1], c.files().stream().map(f -> f.replace(conflict, name[1]))
                    .collect(Collectors.toList()), c.winner()), o.conflicts().get(0));
        }
    }

    /** Every per-file result word read in place from a JSON line counts as its text line does. */
    @Test
    void jsonResultLinesReadInPlaceCountLikeText() {
        String[] words = {"Copied (new)", "Multi-thread Copied (new)", "Copied (Rcat, new)",
            "Copied (replaced existing)", "Multi-thread Copied (replaced existing)",
            "Copied (Rcat, replaced existing)", "Copied (server-side copy)", "Deleted"};
        String section = "- Path1    Do queued copies to                 - Path2";
        List<String> json = new ArrayList<>();
        List<String> text = new ArrayList<>();
        json.add("{\"level\":\"info\",\"msg\":\"" + section + "\",\"source\":\"bisync/deltas.go:265\","
                + "\"time\":\"2026-11-25T08:31:09.60785+00:00\"}");
        text.add("2026/11/25 08:30:34 INFO  : " + section);
        for (int i = 0; i < words.length; i++) {
            String file = "dir/f" + i + "é.md";
            json.add("{\"level\":\"info\",\"msg\":\"" + words[i] + "\",\"object\":\"" + file
                    + "\",\"objectType\":\"*local.Object\",\"source\":\"operations/operations.go:566\","
                    + "\"time\":\"2026-11-25T08:31:09.608179+00:00\"}");
            text.add("2026/11/25 08:30:34 INFO  : " + file + ": " + words[i]);
            FlatJson scanned = FlatJson.scan(json.get(json.size() - 1));
            assertTrue(scanned.msgInPlace() && scanned.objectInPlace(), json.get(json.size() - 1));
        }
        BisyncOutcome fromJson = BisyncLogParser.parse(json, 0);
        BisyncOutcome fromText = BisyncLogParser.parse(text, 0);
        assertEquals(new Changes(4, 3, 1), fromText.toPath2());
        assertEquals(fromText.toPath2(), fromJson.toPath2());
        assertEquals(fromText.toPath1(), fromJson.toPath1());
    }

    // ---------------------------------------------------------------------------------------------------------
    // 4. edge cases

    @Test
    void emptyLogOfAKilledProcess() {
        BisyncOutcome o = BisyncLogParser.parse(List.of(), 137);
        assertEquals(137, o.exitCode());
        assertEquals(Changes.NONE, o.toPath1());
        assertEquals(Changes.NONE, o.toPath2());
        assertEquals(SideDeltas.NONE, o.path1Deltas());
        assertFalse(o.successful());
        assertFalse(o.interrupted());
        assertFalse(o.mustResync());
        assertEquals(List.of(), o.errors());
        assertEquals(List.of(), o.conflicts());
        assertNull(o.safetyAbort());
        assertNull(o.rcloneNotice());
        assertEquals(0, o.bytesTransferred());
    }

    @Test
    void jsonLineWithUnknownFields() {
        // Real lines of 21-use-json-log; the second gets extra fields spliced in (a nested object with a string
        // holding braces, an array, a boolean, a null), as newer loggers add fields we do not know
        List<String> l21 = stderr("21-use-json-log");
        String section = l21.get(20); // "- Path2    Do queued copies to - Path1"
        String copied = l21.get(21); // {"level":"info","msg":"Copied (new)","object":"projects/alpha/a.md..path2",...}
        assertTrue(section.contains("Do queued copies to"));
        assertTrue(copied.contains("\"msg\":\"Copied (new)\""));
        String extended = copied.replace("\"objectType\":",
                "\"size\":42,\"attrs\":{\"nested\":[1,{\"a\":\"}]{\"}],\"ok\":true},\"pid\":null,\"tags\":[],"
                        + "\"objectType\":");
        BisyncLogParser p = new BisyncLogParser();
        p.accept(section);
        p.accept(extended);
        BisyncOutcome o = p.finish(0);
        assertEquals(new Changes(1, 0, 0), o.toPath1());
        LogLine line = BisyncLogParser.normalize(extended);
        assertEquals(new LogLine(LogLine.Level.INFO, "projects/alpha/a.md..path2: Copied (new)", true, null,
                "projects/alpha/a.md..path2".length()), line);
        assertEquals(BisyncLogParser.parseJson(extended), line);
    }

    @Test
    void crlfLineEndings() {
        List<String> crlf = stderr("12-after-dry-run-real").stream().map(l -> l + "\r").collect(Collectors.toList());
        BisyncOutcome o = BisyncLogParser.parse(crlf, 0);
        assertEquals(new Changes(0, 1, 1), o.toPath1());
        assertEquals(new Changes(1, 0, 0), o.toPath2());
        assertEquals(16, o.bytesTransferred());
        assertTrue(o.successful());
        assertEquals(run("12-after-dry-run-real"), o);
    }

    @Test
    void fileNameContainingSeparator() {
        BisyncLogParser.Indent in = BisyncLogParser.Indent
                .parse("- Path1    File is new                         - a - b.md");
        assertEquals("Path1", in.tag());
        assertEquals("File is new", in.action());
        assertEquals("a - b.md", in.subject());
        BisyncLogParser.Indent deletes = BisyncLogParser.Indent
                .parse("-          Do queued deletes on                - Path1");
        assertEquals("", deletes.tag());
        assertEquals("Do queued deletes on", deletes.action());
        assertEquals("Path1", deletes.subject());

        // the lines rclone 1.60 prints for such a file (same layout as fixture 03)
        BisyncOutcome o = BisyncLogParser.parse(List.of(
                "2026/11/25 08:30:27 INFO  : Synching Path1 \"{PATH1}/\" with Path2 \"{PATH2}/\"",
                "2026/11/25 08:30:27 INFO  : Path1 checking for diffs",
                "2026/11/25 08:30:27 INFO  : - Path1    File is new                         - a - b.md",
                "2026/11/25 08:30:27 INFO  : Path1:    1 changes:    1 new,    0 newer,    0 older,    0 deleted",
                "2026/11/25 08:30:27 INFO  : Path2 checking for diffs",
                "2026/11/25 08:30:27 INFO  : Applying changes",
                "2026/11/25 08:30:27 INFO  : - Path1    Queue copy to Path2                 - {PATH2}/a - b.md",
                "2026/11/25 08:30:27 INFO  : - Path1    Do queued copies to                 - Path2",
                "2026/11/25 08:30:27 INFO  : Updating listings",
                "2026/11/25 08:30:27 INFO  : Bisync successful"), 0);
        assertEquals(new SideDeltas(1, 0, 0), o.path1Deltas());
        assertEquals(new Changes(1, 0, 0), o.toPath2()); // from the plan: no per-file line here
    }

    @Test
    void deletedConflictCopiesAreCountedApartFromOtherDeletes() {
        // what the sync after `bm conflicts resolve` reports: the resolved note is new, its two copies deleted
        BisyncOutcome o = BisyncLogParser.parse(List.of(
                "2026/11/25 08:30:27 INFO  : Synching Path1 \"{PATH1}/\" with Path2 \"{PATH2}/\"",
                "2026/11/25 08:30:27 INFO  : Path1 checking for diffs",
                "2026/11/25 08:30:27 INFO  : - Path1    File is new                         - notes/idea.md",
                "2026/11/25 08:30:27 INFO  : - Path1    File was deleted                    - notes/idea.md..path1",
                "2026/11/25 08:30:27 INFO  : - Path1    File was deleted                    - notes/idea.md..path2",
                "2026/11/25 08:30:27 INFO  : - Path1    File was deleted                    - notes/b.conflict1.md",
                "2026/11/25 08:30:27 INFO  : - Path1    File was deleted                    - notes/x.apple1.md",
                "2026/11/25 08:30:27 INFO  : Path1:    5 changes:    1 new,    0 newer,    0 older,    4 deleted",
                "2026/11/25 08:30:27 INFO  : Path2 checking for diffs",
                "2026/11/25 08:30:27 INFO  : - Path2    File was deleted                    - notes/c.md",
                "2026/11/25 08:30:27 INFO  : Path2:    1 changes:    0 new,    0 newer,    0 older,    1 deleted"), 1);
        assertEquals(new SideDeltas(1, 0, 4, 3), o.path1Deltas());
        assertEquals(1, o.path1Deltas().deletedNotCopies());
        assertEquals(new SideDeltas(0, 0, 1, 0), o.path2Deltas());
    }

    @Test
    void prefixesGivenToTheConstructor() {
        // fixture 09 as rclone prints it without per-file lines (plan only) and without its "Synching" line: the
        // queued names "{PATH1}/file6.md" must lose their prefix to meet their deltas ("File was deleted" on the
        // target side, so the copy creates the file)
        List<String> lines = stderr("09-delete-vs-edit").stream().filter(l -> !l.contains("Synching Path1"))
                .filter(l -> !l.contains(": Copied ")).collect(Collectors.toList());
        BisyncLogParser p = new BisyncLogParser("{PATH1}", "{PATH2}/");
        lines.forEach(p::accept);
        BisyncOutcome o = p.finish(0);
        assertEquals(BisyncLogParser.CountSource.PLAN, p.countSource());
        assertEquals(new Changes(1, 0, 0), o.toPath1());
        assertEquals(new Changes(1, 0, 0), o.toPath2());

        // without any prefix the names stay "{PATH1}/file6.md", match no delta, and the copies look like updates
        o = BisyncLogParser.parse(lines, 0);
        assertEquals(new Changes(0, 1, 0), o.toPath1());
        assertEquals(new Changes(0, 1, 0), o.toPath2());

        // and the learnt prefixes of the full log give the same answer as the given ones
        BisyncLogParser learnt = new BisyncLogParser();
        stderr("09-delete-vs-edit").stream().filter(l -> !l.contains(": Copied ")).forEach(learnt::accept);
        assertEquals(new Changes(1, 0, 0), learnt.finish(0).toPath1());
    }

    @Test
    void errorsAreDeduplicatedAndCapped() {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            String line = "2026/11/25 08:33:33 ERROR : big" + i + ".bin: Failed to copy: Put \"http://{DAV_HOSTPORT}/cloud/big"
                    + i + ".bin\": write tcp 127.0.0.1:50802->{DAV_HOSTPORT}: use of closed network connection";
            lines.add(line);
            lines.add(line); // duplicates are not counted
        }
        BisyncOutcome o = BisyncLogParser.parse(lines, 2);
        assertEquals(101, o.errors().size());
        assertTrue(o.errors().get(0).startsWith("big1.bin: Failed to copy"));
        assertTrue(o.errors().get(99).startsWith("big100.bin: Failed to copy"));
        assertEquals("... and 50 more errors", o.errors().get(100));
        assertEquals(new LinkedHashSet<>(o.errors()).size(), o.errors().size());
    }

    @Test
    void equalFilesAreNotAConflict() {
        // rclone 1.66+: both sides changed to identical content ("Files are equal! Skipping: x", fs.Infof in
        // cmd/bisync/deltas.go) is not a conflict
        BisyncOutcome o = BisyncLogParser.parse(List.of(
                "INFO  : Checking potential conflicts...",
                "INFO  : Finished checking the potential conflicts. 0 differences found",
                "INFO  : Files are equal! Skipping: file1.txt"), 0);
        assertEquals(List.of(), o.conflicts());
        assertEquals(List.of(), o.errors());
    }
}
