package com.basicmemory.bm.sync;

import java.io.PrintWriter;

import com.basicmemory.bm.rclone.StatsSnapshot;
import com.basicmemory.bm.util.Terminal;
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

    /** True when stderr is a terminal that can redraw a progress line ({@code TERM=dumb} cannot). */
    public static boolean stderrIsTerminal() {
        return !"dumb".equals(System.getenv("TERM")) && Terminal.isTerminal(2);
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
