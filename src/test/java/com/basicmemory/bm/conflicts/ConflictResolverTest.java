package com.basicmemory.bm.conflicts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.BmConfig;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.config.ConfigStore;
import com.basicmemory.bm.history.HistoryDatabase;
import com.basicmemory.bm.history.Migrations;
import com.basicmemory.bm.lock.DeviceLock;
import com.basicmemory.bm.sync.Profile;

/**
 * Resolution on real folders with a real SQLite database, in process: what ends up where, the backups, the times, the
 * rows, and every refusal.
 */
class ConflictResolverTest {
    static final Instant T_LOCAL = Instant.parse("2026-11-25T10:00:02Z");
    static final Instant T_CLOUD = Instant.parse("2026-11-25T10:00:01Z");
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z"); // earlier than both: the copies win the max

    @TempDir
    Path tmp;
    BmHome home;
    Path sync;
    SQLiteDataSource ds;
    ConflictResolveService service;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws IOException {
        home = new BmHome(tmp.resolve("home"));
        sync = Files.createDirectories(tmp.resolve("sync")).toRealPath();
        new ConfigStore(home).write(new BmConfig(1, sync.toString(), null, Profile.BALANCED, null, null, null));
        ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + home.database() + "?journal_mode=WAL&busy_timeout=15000");
        HistoryDatabase db = new HistoryDatabase(home, () -> ds, () -> Migrations.flyway(ds));
        service = new ConflictResolveService(home, new ConflictFinder(home), new ConflictResolutionRepository(db, home),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    Path file(String rel, String content, Instant modified) throws IOException {
        Path p = sync.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        Files.setLastModifiedTime(p, FileTime.from(modified));
        return p;
    }

    void conflict160() throws IOException {
        file("work/note.md..path1", "local version\n", T_LOCAL);
        file("work/note.md..path2", "cloud\n", T_CLOUD);
        file("work/other.md", "other\n", T_CLOUD);
    }

    int resolve(String file, Choice keep, String stdin) {
        String path = file == null ? null : sync.resolve(file).toString(); // relative paths: to the sync directory
        return service.run(new ConflictResolveService.Request(path, file == null, null, keep, "0", false, "bm test"),
                io(stdin, null));
    }

    ConflictResolveService.Io io(String stdin, ConflictPrompt.Editor editor) {
        return new ConflictResolveService.Io(new BufferedReader(new StringReader(stdin == null ? "" : stdin)),
                new PrintWriter(out, true), new PrintWriter(err, true), false, true, editor);
    }

    String read(String rel) throws IOException {
        return Files.readString(sync.resolve(rel));
    }

    boolean exists(String rel) {
        return Files.exists(sync.resolve(rel));
    }

    List<Map<String, Object>> rows() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM conflict_resolutions ORDER BY resolved_at_ms")) {
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }

    Path onlyBackupDir() throws IOException {
        try (var s = Files.list(home.root().resolve("conflict-backups"))) {
            List<Path> dirs = s.toList();
            assertEquals(1, dirs.size(), dirs::toString);
            return dirs.get(0);
        }
    }

    @Test
    void keepLocalPutsTheLocalVersionUnderTheNameWithAFreshTimeAndBacksUpBoth() throws Exception {
        conflict160();
        assertEquals(0, resolve("work/note.md", Choice.LOCAL, null));
        assertEquals("local version\n", read("work/note.md"));
        assertFalse(exists("work/note.md..path1"));
        assertFalse(exists("work/note.md..path2"));
        Instant t = Files.getLastModifiedTime(sync.resolve("work/note.md")).toInstant();
        assertTrue(!t.isBefore(T_LOCAL.plusSeconds(1)), "fresh time " + t + " is after both versions' times");
        Path backup = onlyBackupDir();
        assertEquals("local version\n", Files.readString(backup.resolve("work/note.md..path1")));
        assertEquals("cloud\n", Files.readString(backup.resolve("work/note.md..path2")));
        assertEquals(T_LOCAL, Files.getLastModifiedTime(backup.resolve("work/note.md..path1")).toInstant());
        List<Map<String, Object>> rows = rows();
        assertEquals(1, rows.size());
        Map<String, Object> r = rows.get(0);
        assertEquals("work/note.md", r.get("path"));
        assertEquals("work", r.get("project"));
        assertEquals("local", r.get("choice"));
        assertEquals("work/note.md..path1", r.get("kept_from"));
        assertEquals("[\"work/note.md..path1\",\"work/note.md..path2\"]", r.get("removed_files"));
        assertEquals(backup.toString(), r.get("backup_dir"));
        assertEquals("pathname", r.get("naming"));
        assertEquals(0, r.get("interactive"));
        assertTrue(out.toString().contains("resolved work/note.md: kept the local version"), out::toString);
    }

    @Test
    void keepCloudAndKeepBothFromACopyName() throws Exception {
        conflict160();
        file("notes/n.md..path1", "mine\n", T_LOCAL);
        file("notes/n.md..path2", "theirs\n", T_CLOUD);
        assertEquals(0, resolve(sync.resolve("work/note.md..path2").toString(), Choice.CLOUD, null));
        assertEquals("cloud\n", read("work/note.md"));
        assertEquals(0, resolve("notes/n.md..path1", Choice.BOTH, null));
        assertEquals("theirs\n", read("notes/n.md"));
        assertEquals("mine\n", read("notes/n (local 2026-11-25).md"));
        assertEquals(T_LOCAL, Files.getLastModifiedTime(sync.resolve("notes/n (local 2026-11-25).md")).toInstant());
        assertFalse(exists("notes/n.md..path1") || exists("notes/n.md..path2"));
        assertEquals(List.of("cloud", "both"), rows().stream().map(r -> r.get("choice")).toList());
        assertEquals("notes/n (local 2026-11-25).md", rows().get(1).get("other_file"));
    }

    @Test
    void keepBothNeverOverwritesAnExistingFile() throws Exception {
        file("notes/n.md..path1", "mine\n", T_LOCAL);
        file("notes/n.md..path2", "theirs\n", T_CLOUD);
        file("notes/n (local 2026-11-25).md", "an earlier keep-both\n", T_CLOUD);
        assertEquals(0, resolve("notes/n.md", Choice.BOTH, null));
        assertEquals("an earlier keep-both\n", read("notes/n (local 2026-11-25).md"));
        assertEquals("mine\n", read("notes/n (local 2026-11-25 2).md"));
    }

    @Test
    void rclone166WinnerCaseTheOriginalIsTheOtherSide() throws Exception {
        file("work/a.md", "cloud wins\n", T_CLOUD);
        file("work/a.conflict1.md", "local loses\n", T_LOCAL);
        assertEquals(0, resolve("work/a.md", Choice.LOCAL, null));
        assertEquals("local loses\n", read("work/a.md"));
        assertFalse(exists("work/a.conflict1.md"));
        Path backup = onlyBackupDir();
        assertEquals("cloud wins\n", Files.readString(backup.resolve("work/a.md")), "the replaced winner is kept");
        assertEquals("numbered_keep_extension", rows().get(0).get("naming"));

        file("work/b.md", "cloud wins\n", T_CLOUD);
        file("work/b.conflict1.md", "local loses\n", T_LOCAL);
        assertEquals(0, resolve("work/b.conflict1.md", Choice.CLOUD, null));
        assertEquals("cloud wins\n", read("work/b.md"));
        assertTrue(Files.getLastModifiedTime(sync.resolve("work/b.md")).toInstant().isAfter(T_LOCAL),
                "even an unchanged winner gets a fresh time");
        assertFalse(exists("work/b.conflict1.md"));
    }

    @Test
    void refusalsChangeNothing() throws Exception {
        conflict160();
        file("work/three.md", "recreated\n", T_CLOUD);
        file("work/three.md..path1", "l\n", T_LOCAL);
        file("work/three.md..path2", "c\n", T_CLOUD);
        file("work/lone.md.conflict2", "only the cloud copy\n", T_CLOUD);
        Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(tmp.resolve("elsewhere/x.md..path1"), "x");
        Files.createSymbolicLink(sync.resolve("work/escape"), tmp.resolve("elsewhere"));
        Map<String, String> before = com.basicmemory.bm.testing.Device.tree(sync);

        assertBadInput("cannot pair", () -> resolve("work/three.md", Choice.LOCAL, null));
        assertBadInput("has no local version", () -> resolve("work/lone.md", Choice.LOCAL, null));
        assertBadInput("has no conflict", () -> resolve("work/other.md", Choice.LOCAL, null));
        assertBadInput("does not exist", () -> resolve("work/nothing.md", Choice.LOCAL, null));
        assertBadInput("is outside the sync directory", () -> resolve(tmp.resolve("elsewhere/x.md..path1").toString(),
                Choice.LOCAL, null));
        assertBadInput("through a symbolic link", () -> resolve(sync.resolve("work/escape/x.md..path1").toString(),
                Choice.LOCAL, null));
        assertBadInput("is not inside a project", () -> resolve(sync.resolve("top.md").toString(), Choice.LOCAL,
                null));
        assertBadInput("--keep merge", () -> resolve("work/note.md", Choice.MERGE, null));
        assertEquals(before, com.basicmemory.bm.testing.Device.tree(sync));
        assertFalse(Files.exists(home.root().resolve("conflict-backups")) && Files.list(home.root()
                .resolve("conflict-backups")).findAny().isPresent());
    }

    @Test
    void aVersionChangedSinceItWasReadStopsWithNothingChanged() throws Exception {
        conflict160();
        ConflictFinder finder = new ConflictFinder(home);
        ConflictLocation loc = finder.locate();
        ConflictGroup seen = finder.find(loc, sync.resolve("work/note.md").toString());
        file("work/note.md..path2", "cloud, edited again\n", T_CLOUD.plusSeconds(5));
        ConflictResolver r = new ConflictResolver(home, null, Clock.systemUTC(), loc, new PrintWriter(err));
        BmException e = assertThrows(BmException.class, () -> r.apply(seen, Choice.LOCAL, null, false));
        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().contains("changed since it was read"), e.getMessage());
        assertTrue(exists("work/note.md..path1") && exists("work/note.md..path2") && !exists("work/note.md"));
    }

    @Test
    void theLockHeldByASyncRefusesWithExit3OrIsWaitedFor() throws Exception {
        conflict160();
        DeviceLock.Acquired held = (DeviceLock.Acquired) DeviceLock.tryAcquire(home.lockFile(), "bm sync");
        try (DeviceLock lock = held.lock()) {
            assertBadInput("has no conflict", () -> resolve("work/other.md", Choice.LOCAL, null)); // told at once
            BmException e = assertThrows(BmException.class, () -> resolve("work/note.md", Choice.LOCAL, null));
            assertEquals(3, e.exitCode());
            assertTrue(e.getMessage().contains("`bm sync`"), e.getMessage());
        }
        assertTrue(exists("work/note.md..path1"));
        assertEquals(0, resolve("work/note.md", Choice.LOCAL, null));
    }

    @Test
    void interactiveAnswersFromStdin() throws Exception {
        conflict160();
        file("notes/n.md..path1", "mine\n", T_LOCAL);
        file("notes/n.md..path2", "theirs\n", T_CLOUD);
        // --all: a wrong letter is asked again, then keep local for the first, skip the second
        assertEquals(0, service.run(new ConflictResolveService.Request(null, true, null, null, "0", false, "bm t"),
                io("x\nl\ns\n", null)));
        assertEquals("mine\n", read("notes/n.md"));
        assertTrue(exists("work/note.md..path1"), "skipped");
        assertTrue(out.toString().contains("-mine\n+theirs\n"), out::toString);
        assertTrue(out.toString().contains("Please answer"), out::toString);
        assertEquals(1, rows().get(0).get("interactive"));
        // stdin ends before an answer: exit 2, nothing changed
        BmException e = assertThrows(BmException.class, () -> resolve("work/note.md", null, ""));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("no answer on stdin for work/note.md"), e.getMessage());
        assertTrue(exists("work/note.md..path1"));
        // merge: the editor first leaves the markers (asked again), then writes a clean text
        int[] calls = {0};
        ConflictPrompt.Editor editor = f -> {
            if (calls[0]++ == 1) {
                Files.writeString(f, "merged by hand\n");
            }
            return 0;
        };
        assertEquals(0, service.run(new ConflictResolveService.Request(sync.resolve("work/note.md").toString(), false,
                null, null, "0", false, "bm t"), io("m\ne\n", editor)));
        assertEquals(2, calls[0]);
        assertEquals("merged by hand\n", read("work/note.md"));
        assertFalse(exists("work/note.md..path1") || exists("work/note.md..path2"));
        assertEquals("merge", rows().get(1).get("choice"));
        assertNull(rows().get(1).get("kept_from"));
        assertFalse(Files.list(home.root().resolve("merge")).findAny().isPresent(), "the draft is removed");
    }

    static void assertBadInput(String text, org.junit.jupiter.api.function.Executable run) {
        BmException e = assertThrows(BmException.class, run);
        assertEquals(2, e.exitCode(), e::getMessage);
        assertTrue(e.getMessage().contains(text), () -> "expected '" + text + "' in: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }
}
