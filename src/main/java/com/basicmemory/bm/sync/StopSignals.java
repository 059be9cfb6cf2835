package com.basicmemory.bm.sync;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.basicmemory.bm.rclone.RcloneRunner;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM, SIGINT and SIGHUP during a sync. The first signal lets the running rclone finish for a grace period
 * ({@code BM_STOP_GRACE_SECONDS}, default 20; an rclone 1.60 bisync stopped mid-way needs {@code --resync}), then
 * stops it; no further project starts; the run ends normally, so its report is saved and indexed, the lock is
 * released and the exit code is the contract's. A second signal stops rclone at once.
 */
final class StopSignals implements AutoCloseable {
    private static final String[] NAMES = {"TERM", "INT", "HUP"};
    private final RcloneRunner runner;
    private final PrintWriter err;
    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile int received;

    StopSignals(RcloneRunner runner, PrintWriter err) {
        this.runner = runner;
        this.err = err;
        for (String name : NAMES) {
            try {
                Signal s = new Signal(name);
                previous.add(Signal.handle(s, this::onSignal));
                installed.add(s);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // this platform has no such signal
            }
        }
    }

    static long graceSeconds() {
        String v = System.getenv("BM_STOP_GRACE_SECONDS");
        try {
            return v == null ? 20 : Math.max(0, Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            return 20;
        }
    }

    private synchronized void onSignal(Signal s) {
        received++;
        if (received == 1) {
            long grace = graceSeconds();
            err.println("bm: SIG" + s.getName() + ": stopping; letting rclone finish for up to " + grace
                    + " s (signal again to stop it now)");
            err.flush();
            Thread t = new Thread(() -> {
                if (!runner.awaitCurrent(Duration.ofSeconds(grace))) {
                    runner.stopCurrent(Duration.ofSeconds(5));
                }
            }, "bm-stop");
            t.setDaemon(true);
            t.start();
        } else {
            runner.stopCurrent(Duration.ofSeconds(2));
        }
    }

    boolean stopping() {
        return received > 0;
    }

    @Override
    public void close() {
        for (int i = 0; i < installed.size(); i++) {
            try {
                Signal.handle(installed.get(i), previous.get(i));
            } catch (IllegalArgumentException ignored) {
                // nothing to restore
            }
        }
    }
}
