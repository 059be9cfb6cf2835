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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
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
    /**
     * The highest migration number in db/migration ({@code V<n>__*.sql}); {@code PRAGMA user_version} is set to it
     * after migrating. A unit test keeps the two equal.
     */
    public static final int SCHEMA_VERSION = 2;

    private final BmHome home;
    private final Supplier<DataSource> dataSource;
    private final Function<DataSource, Flyway> flyway;
    private final AtomicBoolean opened = new AtomicBoolean();
    private volatile Runnable onFirstOpen;
    private volatile boolean ready;

    /**
     * @param dataSource the pool of {@code BM_HOME/bm.db}
     * @param flyway the migrations, configured for a given datasource (the pool, or a database being rebuilt)
     */
    public HistoryDatabase(BmHome home, Supplier<DataSource> dataSource, Function<DataSource, Flyway> flyway) {
        this.home = home;
        this.dataSource = dataSource;
        this.flyway = flyway;
    }

    /**
     * Runs once per process, right after the first connection finds the schema current (used to index reports
     * whose earlier insert failed). It may use {@link #connection()} itself.
     */
    public void onFirstOpen(Runnable hook) {
        this.onFirstOpen = hook;
    }

    /** A connection to a database whose schema is current. */
    public Connection connection() {
        try {
            if (!ready) {
                prepare();
            }
        } catch (SQLException e) {
            throw unusable(e);
        }
        Runnable hook = onFirstOpen;
        if (hook != null && opened.compareAndSet(false, true)) {
            hook.run();
        }
        try {
            return dataSource.get().getConnection();
        } catch (SQLException e) {
            throw unusable(e);
        }
    }

    /**
     * Opens the database now: schema check (or migration), the first-open hook, and a first connection, which the
     * pool keeps for the queries that follow (so that {@code BM_TIMING} can tell opening from querying).
     */
    public void open() {
        try (Connection c = connection()) {
            c.isValid(0);
        } catch (SQLException e) {
            throw unusable(e);
        }
    }

    /** Migrations for another database file (a rebuild builds its new database beside the old one). */
    public Flyway flywayFor(DataSource other) {
        return flyway.apply(other);
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
                    flyway.apply(dataSource.get()).migrate();
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
