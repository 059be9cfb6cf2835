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
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.ExitCode;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.util.AtomicFiles;

/**
 * The SQLite history database ({@code BM_HOME/bm.db}). Opened only by commands that need it. The schema comes only
 * from Flyway migrations; they run under an OS file lock so that two first runs at once cannot race, and are skipped
 * entirely (one {@code PRAGMA user_version} read, {@link #USER_VERSION}) when the schema is current.
 */
public final class HistoryDatabase {
    /**
     * The highest migration number in db/migration ({@code V<n>__*.sql}); {@code PRAGMA user_version} is set to it
     * after migrating. {@code MigrationsTest} keeps the two equal.
     */
    public static final int SCHEMA_VERSION = 3;

    /**
     * What {@code PRAGMA user_version} holds once every migration is applied: 100 × {@link #SCHEMA_VERSION} + the
     * number of migrations. V2 and V3 came from two changes at once, so a database may have V3 without V2 (and an
     * older bm set user_version to 3 then): with this value it is migrated, Flyway applying V2 out of order.
     */
    public static final int USER_VERSION = SCHEMA_VERSION * 100 + Migrations.FILES.size();

    private final BmHome home;
    private final Supplier<DataSource> dataSource;
    private final Supplier<Flyway> flyway;
    private final AtomicBoolean opened = new AtomicBoolean();
    private volatile Runnable onFirstOpen;
    private volatile boolean ready;

    public static String jdbcUrl(BmHome home) {
        return jdbcUrl(home.database());
    }

    /**
     * WAL (readers never wait for a writer), a busy timeout (writers wait for each other), foreign keys; reads through
     * a memory map (every bm is a new process with an empty page cache: a stats window read with read() calls costs
     * several times more).
     */
    public static String jdbcUrl(Path file) {
        return "jdbc:sqlite:" + file + "?journal_mode=WAL&busy_timeout=" + BUSY_TIMEOUT_MS + "&foreign_keys=true&synchronous=NORMAL"
                + "&mmap_size=268435456";
    }

    /** How long a write waits for another process that holds the database (a second bm, a backup tool). */
    public static final int BUSY_TIMEOUT_MS = 15_000;

    /** bm's data source for a history database file: {@link #jdbcUrl(Path)} and {@link #BUSY_TIMEOUT_MS}. */
    public static SQLiteDataSource dataSource(Path file) {
        return dataSource(file, BUSY_TIMEOUT_MS);
    }

    /**
     * sqlite-jdbc's data source sets its own busy timeout (3 s) after the URL's pragmas, so the URL's
     * {@code busy_timeout} never applied: it is set on the data source's configuration.
     */
    public static SQLiteDataSource dataSource(Path file, int busyTimeoutMs) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl(jdbcUrl(file));
        ds.setBusyTimeout(busyTimeoutMs);
        return ds;
    }

    public HistoryDatabase(BmHome home, Supplier<DataSource> dataSource, Supplier<Flyway> flyway) {
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
     * Opens the database now: schema check (or migration), the first-open hook and one connection, so that
     * {@code BM_TIMING} can tell opening from querying.
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
        return Migrations.flyway(other);
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
        if (m.contains("SQLITE_FULL") || m.contains("disk is full")
                || m.contains("SQLITE_IOERR") && BmHome.diskFull(home.root())) {
            return new BmException(ExitCode.FAILED, "the disk holding " + home.database() + " is full",
                    "free some space; the reports in sync-history/ are kept and indexed later", e);
        }
        if (m.contains("SQLITE_CORRUPT") || m.contains("SQLITE_NOTADB") || m.contains("not a database")) {
            return new BmException(ExitCode.FAILED, "the history database " + home.database() + " is damaged",
                    "rebuild it from the report files with `bm sync history --rebuild` (the damaged file is kept)",
                    e);
        }
        return new BmException(ExitCode.FAILED, "history database error: " + m, null, e);
    }

    /**
     * Starts a write transaction that takes SQLite's write lock first ({@code BEGIN IMMEDIATE}), so that the busy
     * timeout applies while another process writes. A deferred transaction that reads before it writes (an insert
     * that first looks up the row it replaces) is refused with SQLITE_BUSY at once instead: SQLite does not wait to
     * turn a read into a write while another connection holds the write lock. End it with {@link #endWrite}.
     */
    public static void beginWrite(Connection c) throws SQLException {
        transactionMode(c, SQLiteConfig.TransactionMode.IMMEDIATE);
        c.setAutoCommit(false);
    }

    /**
     * Commits or rolls back a transaction begun by {@link #beginWrite}. The driver begins the next transaction at
     * once; it is a deferred one, which takes no lock.
     */
    public static void endWrite(Connection c, boolean commit) throws SQLException {
        transactionMode(c, SQLiteConfig.TransactionMode.DEFERRED);
        if (commit) {
            c.commit();
        } else {
            c.rollback();
        }
    }

    private static void transactionMode(Connection c, SQLiteConfig.TransactionMode mode) throws SQLException {
        if (c.isWrapperFor(SQLiteConnection.class)) {
            c.unwrap(SQLiteConnection.class).getConnectionConfig().setTransactionMode(mode);
        }
    }

    private synchronized void prepare() throws SQLException {
        if (ready) {
            return;
        }
        home.ensureExists();
        Path db = home.database();
        if (Files.exists(db) && userVersion() >= USER_VERSION) {
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
            if (userVersion() < USER_VERSION) {
                try {
                    Migrations.migrate(flyway.get());
                } catch (RuntimeException e) {
                    if (e.getCause() instanceof SQLException se) {
                        throw se;
                    }
                    throw new BmException(ExitCode.FAILED, "cannot migrate the history database " + db + ": "
                            + e.getMessage(), null, e);
                }
                try (Connection c = dataSource.get().getConnection(); Statement s = c.createStatement()) {
                    s.execute("PRAGMA user_version = " + USER_VERSION);
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
