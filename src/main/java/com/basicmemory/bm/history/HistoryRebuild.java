package com.basicmemory.bm.history;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sqlite.SQLiteDataSource;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.ExitCode;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.lock.DeviceLock;
import com.basicmemory.bm.report.ReportStore;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.util.AtomicFiles;
import com.basicmemory.bm.util.Json;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * {@code bm sync history --rebuild}: re-creates the history database from the report files, the durable record.
 * Under the device lock (no sync can add a report meanwhile), it builds a new database beside the old one
 * ({@code bm.db.rebuild}), indexes every readable report, copies the rows that no report file holds (version
 * restores, and any later table of that kind) from the old database, then swaps the new file in. A crash before the
 * swap leaves the old database as it was; unreadable report files are named and never deleted.
 */
public final class HistoryRebuild {
    /** Tables derived from report files: rebuilt, never copied. */
    private static final Set<String> DERIVED = Set.of("sync_runs", "sync_run_projects", "sync_conflicts",
            "sync_rollup", "flyway_schema_history");
    private static final int CHUNK = 500;
    /** How long to wait for another bm that has the old database open (a history or stats read takes well under). */
    private static final int IN_USE_WAIT_MS = 2000;

    private final BmHome home;
    private final HistoryDatabase db;
    private final Clock clock;

    public HistoryRebuild(BmHome home, HistoryDatabase db, Clock clock) {
        this.home = home;
        this.db = db;
        this.clock = clock;
    }

    /** A report file that was not indexed, and why. */
    public record Skipped(String file, String reason) {
    }

    /**
     * What a rebuild did.
     *
     * @param database the rebuilt database
     * @param reports report files indexed
     * @param skipped unreadable report files (kept on disk)
     * @param keptRows rows copied from the old database, by table (tables no report file holds)
     * @param oldDatabaseKept where the old database was moved when it could not be read (null: it was readable, and
     *        replaced, or there was none)
     */
    public record Result(String database, int reports, List<Skipped> skipped, Map<String, Integer> keptRows,
            String oldDatabaseKept) {
    }

    public Result rebuild(String command) {
        home.ensureExists();
        try (DeviceLock lock = DeviceLock.acquireOrRefuse(home.lockFile(), command)) {
            return rebuildLocked();
        }
    }

    private Result rebuildLocked() {
        Path target = home.database();
        Path fresh = home.root().resolve(target.getFileName() + ".rebuild");
        Path pending = home.historyDir().resolve(".pending-index");
        byte[] pendingList = null;
        boolean swapped = false;
        try {
            // Every report file is indexed below: the list of unindexed ones goes now, so that no other bm process
            // writes to the old database while it is swapped (it is put back if the rebuild fails).
            if (Files.exists(pending)) {
                pendingList = Files.readAllBytes(pending);
                Files.delete(pending);
            }
            deleteDatabaseFiles(fresh);
            Files.createFile(fresh);
            AtomicFiles.ownerOnly(fresh);
            SQLiteDataSource ds = new SQLiteDataSource();
            // A rollback journal (one file to rename) and no fsync per transaction: the file is synced once, whole.
            ds.setUrl("jdbc:sqlite:" + fresh + "?journal_mode=DELETE&synchronous=OFF&foreign_keys=true");
            try {
                db.flywayFor(ds).migrate();
            } catch (RuntimeException e) {
                throw new BmException(ExitCode.FAILED, "cannot create the new history database " + fresh + ": "
                        + e.getMessage(), null, e);
            }
            List<Skipped> skipped = new ArrayList<>();
            int indexed;
            Map<String, Integer> kept;
            boolean oldReadable;
            try (Connection c = ds.getConnection()) {
                indexed = indexFiles(c, skipped);
                kept = new LinkedHashMap<>();
                oldReadable = !Files.exists(target) || copyKeptTables(c, target, kept);
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA user_version = " + HistoryDatabase.USER_VERSION);
                }
            }
            try (FileChannel ch = FileChannel.open(fresh, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            String keptOld = null;
            if (Files.exists(target)) {
                if (oldReadable) {
                    leaveWalMode(target);
                } else {
                    keptOld = moveAside(target);
                }
            }
            AtomicFiles.move(fresh, target);
            swapped = true;
            Files.deleteIfExists(sibling(target, "-wal"));
            Files.deleteIfExists(sibling(target, "-shm"));
            return new Result(target.toString(), indexed, skipped, kept, keptOld);
        } catch (SQLException e) {
            throw db.unusable(e);
        } catch (IOException e) {
            throw new BmException(ExitCode.FAILED, "cannot rebuild the history database in " + home.root() + ": "
                    + BmHome.describe(e), null, e);
        } finally {
            if (!swapped) {
                try {
                    deleteDatabaseFiles(fresh);
                    if (pendingList != null && !Files.exists(pending)) {
                        Files.write(pending, pendingList);
                    }
                } catch (IOException ignored) {
                    // the report files are intact; a later rebuild indexes them
                }
            }
        }
    }

    /** Indexes every {@code sync-history/*.json} in name (time) order; unreadable ones go to {@code skipped}. */
    private int indexFiles(Connection c, List<Skipped> skipped) throws IOException, SQLException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(home.historyDir())) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(home.historyDir(), "*.json")) {
                for (Path p : ds) {
                    if (!p.getFileName().toString().startsWith(".")) {
                        files.add(p);
                    }
                }
            }
        }
        files.sort(null);
        int indexed = 0;
        List<HistoryRepository.Indexed> chunk = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            try {
                SyncReport r = Json.mapper().readValue(Files.readAllBytes(f), SyncReport.class);
                String problem = HistoryRepository.problem(r);
                if (problem != null) {
                    skipped.add(new Skipped(name, problem));
                    continue;
                }
                chunk.add(new HistoryRepository.Indexed(r, name));
            } catch (NoSuchFileException e) {
                continue; // removed meanwhile (a prune does not run beside a rebuild; a person might)
            } catch (JsonProcessingException e) {
                skipped.add(new Skipped(name, "not a report: " + oneLine(e.getOriginalMessage())));
                continue;
            }
            if (chunk.size() == CHUNK) {
                indexed += insert(c, chunk, skipped);
                chunk.clear();
            }
        }
        indexed += insert(c, chunk, skipped);
        return indexed;
    }

    /** Inserts a chunk in one transaction; when it fails, one by one, so that the culprit is named, not the chunk. */
    private static int insert(Connection c, List<HistoryRepository.Indexed> chunk, List<Skipped> skipped)
            throws SQLException {
        if (chunk.isEmpty()) {
            return 0;
        }
        try {
            HistoryRepository.insertAll(c, chunk);
            return chunk.size();
        } catch (SQLException | RuntimeException e) {
            int n = 0;
            for (HistoryRepository.Indexed x : chunk) {
                try {
                    HistoryRepository.insertAll(c, List.of(x));
                    n++;
                } catch (RuntimeException | SQLException one) {
                    if (one instanceof SQLException se && !isConstraint(se)) {
                        throw se; // the new database itself failed (disk full): not this file's fault
                    }
                    skipped.add(new Skipped(x.reportFile(), "not a valid report: " + oneLine(String.valueOf(
                            one.getMessage()))));
                }
            }
            return n;
        }
    }

    private static boolean isConstraint(SQLException e) {
        return String.valueOf(e.getMessage()).contains("CONSTRAINT");
    }

    /**
     * Copies, from the old database, the rows of every table the new one also has and no report file holds
     * ({@code version_restores}, ...), over the columns both have. Returns false when the old database cannot be
     * read (then nothing is copied).
     */
    private static boolean copyKeptTables(Connection c, Path old, Map<String, Integer> kept) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (PreparedStatement attach = c.prepareStatement("ATTACH DATABASE ? AS old")) {
                attach.setString(1, old.toString());
                attach.execute();
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM old.sqlite_master WHERE type = 'table'"
                    + " AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            s.execute("PRAGMA foreign_keys = OFF");
            c.setAutoCommit(false);
            for (String t : tables) {
                if (DERIVED.contains(t)) {
                    continue;
                }
                Set<String> columns = columns(s, "main", t);
                columns.retainAll(columns(s, "old", t));
                if (columns.isEmpty()) {
                    continue;
                }
                String cols = String.join(", ", columns.stream().map(HistoryRebuild::quote).toList());
                int n = s.executeUpdate("INSERT OR IGNORE INTO main." + quote(t) + " (" + cols + ") SELECT " + cols
                        + " FROM old." + quote(t));
                kept.put(t, n);
            }
            c.commit();
            c.setAutoCommit(true);
            s.execute("PRAGMA foreign_keys = ON");
            s.execute("DETACH DATABASE old");
            return true;
        } catch (SQLException e) {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
            String m = String.valueOf(e.getMessage());
            if (m.contains("SQLITE_CORRUPT") || m.contains("SQLITE_NOTADB") || m.contains("not a database")) {
                kept.clear();
                return false;
            }
            throw e;
        }
    }

    private static Set<String> columns(Statement s, String schema, String table) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        try (ResultSet rs = s.executeQuery("PRAGMA " + schema + ".table_info(" + quote(table) + ")")) {
            while (rs.next()) {
                out.add(rs.getString("name"));
            }
        }
        return out;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /**
     * Takes the old database out of WAL mode: its last changes go into the main file and {@code -wal}/{@code -shm}
     * are removed, so that they cannot be applied to the new file after the swap. SQLite allows it only when no other
     * connection has the database open: a bm reading at that moment makes the rebuild stop, changing nothing.
     */
    private void leaveWalMode(Path old) throws SQLException {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + old);
        ds.setBusyTimeout(IN_USE_WAIT_MS); // the data source's own timeout wins over a busy_timeout in the URL
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = DELETE")) {
                String mode = rs.next() ? rs.getString(1) : "";
                if (!"delete".equalsIgnoreCase(mode)) {
                    throw new BmException(ExitCode.FAILED, "the history database " + old + " is in use by another bm"
                            + " process", "run the rebuild again in a moment", null);
                }
            }
        } catch (SQLException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("SQLITE_BUSY") || m.contains("locked")) {
                throw new BmException(ExitCode.FAILED, "the history database " + old + " is in use by another bm"
                        + " process", "run the rebuild again in a moment", e);
            }
            throw e;
        }
    }

    /** An unreadable old database is kept for inspection, with its WAL files, never deleted. */
    private String moveAside(Path old) throws IOException {
        Path aside = old.resolveSibling(old.getFileName() + ".unreadable-" + ReportStore.stamp(clock.instant()));
        AtomicFiles.move(old, aside);
        for (String suffix : List.of("-wal", "-shm")) {
            Path f = sibling(old, suffix);
            if (Files.exists(f)) {
                AtomicFiles.move(f, sibling(aside, suffix));
            }
        }
        return aside.toString();
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private static void deleteDatabaseFiles(Path file) throws IOException {
        Files.deleteIfExists(file);
        for (String suffix : List.of("-journal", "-wal", "-shm")) {
            Files.deleteIfExists(sibling(file, suffix));
        }
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }
}
