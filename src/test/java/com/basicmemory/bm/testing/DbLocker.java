package com.basicmemory.bm.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Another process that holds a bm history database: {@code BEGIN EXCLUSIVE} on it for a while, then commits. Run
 * as its own JVM ({@link #start}), so that the lock is a real other process's, as a backup tool or a second bm would
 * hold it. Prints {@code locked} when it holds the lock and {@code released} when it let go.
 */
public final class DbLocker {
    private DbLocker() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]); Statement s = c.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
            s.execute("COMMIT");
            System.out.println("released");
            System.out.flush();
        }
    }

    /** Starts the holder and returns once it holds the lock. */
    public static Process start(Path db, long millis) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DbLocker.class.getName());
        cmd.add(db.toString());
        cmd.add(Long.toString(millis));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
        String line = r.readLine();
        if (!"locked".equals(line)) {
            p.destroyForcibly();
            throw new IllegalStateException("the database locker did not lock " + db + ": " + line);
        }
        return p;
    }
}
