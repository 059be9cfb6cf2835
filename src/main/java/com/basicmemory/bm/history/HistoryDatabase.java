package com.basicmemory.bm.history;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.ExitCode;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.util.AtomicFiles;

/**
 * The SQLite history database ({@code BM_HOME/bm.db}). Opened only by commands that need it. The schema comes only
 * from Flyway migrations; they run under an OS file lock so that two first runs at once cannot race, and are skipped
 * entirely (one {@code PRAGMA user_version} read) when the schema is current.
 */
public final class HistoryDatabase {
    /** The highest migration version in db/migration; {@code PRAGMA user_version} is set to it after migrating. */
    public static final int SCHEMA_VERSION = 3;

    private final BmHome home;
    private final Supplier<DataSource> dataSource;
    private final Supplier<Flyway> flyway;
    private volatile boolean ready;

    /** WAL (readers never wait for a writer), a busy timeout (writers wait for each other), foreign keys. */
    public static String jdbcUrl(BmHome home) {
        return "jdbc:sqlite:" + home.database()
                + "?journal_mode=WAL&busy_timeout=15000&foreign_keys=true&synchronous=NORMAL";
    }

    public HistoryDatabase(BmHome home, Supplier<DataSource> dataSource, Supplier<Flyway> flyway) {
        this.home = home;
        this.dataSource = dataSource;
        this.flyway = flyway;
    }

    /** A connection to a database whose schema is current. */
    public Connection connection() {
        try {
            if (!ready) {
                prepare();
            }
            return dataSource.get().getConnection();
        } catch (SQLException e) {
            throw unusable(e);
        }
    }

    public BmException unusable(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.contains("SQLITE_BUSY") || m.contains("database is locked")) {
            return new BmException(ExitCode.FAILED, "the history database " + home.database()
                    + " is locked by another process", "try again in a moment", e);
        }
        if (m.contains("SQLITE_READONLY") || m.contains("readonly")) {
            return new BmException(ExitCode.FAILED, "the history database " + home.database() + " is read-only",
                    "check the permissions of BM_HOME", e);
        }
        if (m.contains("SQLITE_FULL") || m.contains("disk is full")) {
            return new BmException(ExitCode.FAILED, "the disk holding " + home.database() + " is full", null, e);
        }
        if (m.contains("SQLITE_CORRUPT") || m.contains("SQLITE_NOTADB") || m.contains("not a database")) {
            return new BmException(ExitCode.FAILED, "the history database " + home.database() + " is damaged",
                    "move it away; the reports in sync-history/ are the durable record", e);
        }
        return new BmException(ExitCode.FAILED, "history database error: " + m, null, e);
    }

    private synchronized void prepare() throws SQLException {
        if (ready) {
            return;
        }
        home.ensureExists();
        Path db = home.database();
        if (Files.exists(db) && userVersion() >= SCHEMA_VERSION) {
            ready = true;
            return;
        }
        try (FileChannel ch = FileChannel.open(home.migrationLock(), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
            AtomicFiles.ownerOnly(home.migrationLock());
            if (!Files.exists(db)) {
                Files.createFile(db); // owner-only before SQLite opens it: -wal and -shm inherit its mode
                AtomicFiles.ownerOnly(db);
            }
            if (userVersion() < SCHEMA_VERSION) {
                try {
                    flyway.get().migrate();
                } catch (RuntimeException e) {
                    if (e.getCause() instanceof SQLException se) {
                        throw se;
                    }
                    throw new BmException(ExitCode.FAILED, "cannot migrate the history database " + db + ": "
                            + e.getMessage(), null, e);
                }
                try (Connection c = dataSource.get().getConnection(); Statement s = c.createStatement()) {
                    s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
                }
            }
        } catch (IOException e) {
            throw new BmException(ExitCode.FAILED, "cannot prepare the history database in " + home.root() + ": "
                    + BmHome.describe(e), null, e);
        }
        ready = true;
    }

    private int userVersion() throws SQLException {
        try (Connection c = dataSource.get().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
