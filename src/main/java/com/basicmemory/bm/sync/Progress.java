package com.basicmemory.bm.sync;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import com.basicmemory.bm.rclone.StatsSnapshot;
import com.basicmemory.bm.util.Units;

/**
 * Live progress on stderr while rclone runs, from its periodic stats, only when stderr is a terminal (cron mail and
 * pipes stay short).
 */
public final class Progress {
    private final PrintWriter err;
    private final boolean enabled;
    private long lastPrint;
    private boolean dirty;

    public Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /** True when file descriptor 2 is a terminal (Linux: /proc/self/fd/2 points at a tty). */
    public static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Path fd = Paths.get("/proc/self/fd/2");
        try {
            if (Files.exists(fd)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // fall back to the console check
        }
        return System.console() != null;
    }

    public synchronized void update(String project, StatsSnapshot s) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastPrint < 250_000_000L) {
            return;
        }
        lastPrint = now;
        String line = String.format("  %s: %d/%d files, %s / %s", project, s.transfers(), s.totalTransfers(),
                Units.bytes(s.bytes()), Units.bytes(s.totalBytes()));
        err.print("\r" + line + "\u001B[K");
        err.flush();
        dirty = true;
    }

    public synchronized void clear() {
        if (enabled && dirty) {
            err.print("\r\u001B[K");
            err.flush();
            dirty = false;
        }
    }
}
