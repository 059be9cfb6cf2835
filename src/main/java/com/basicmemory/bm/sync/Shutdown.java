package com.basicmemory.bm.sync;

import java.io.PrintWriter;
import java.time.Duration;

import com.basicmemory.bm.rclone.RcloneRunner;

import sun.misc.Signal;

/**
 * SIGTERM, SIGINT and SIGHUP for {@code bm sync} (one run or {@code --watch}). The first signal asks bm to stop:
 * the running rclone may finish for a grace period ({@code BM_STOP_GRACE_SECONDS}, default 20; an rclone 1.60
 * bisync stopped mid-way needs {@code --resync}), then it is stopped; no further project or run starts; the run ends
 * normally, so its report is saved and indexed, the lock is released and the exit code is the contract's. A second
 * signal stops rclone at once.
 */
public final class Shutdown {
    private static final String[] NAMES = {"TERM", "INT", "HUP"};
    private final PrintWriter err;
    private final Object monitor = new Object();
    private volatile RcloneRunner runner;
    private volatile int received;

    private Shutdown(PrintWriter err) {
        this.err = err;
    }

    /** Takes over the stop signals of this process for the rest of the command. */
    public static Shutdown install(PrintWriter err) {
        Shutdown s = new Shutdown(err);
        for (String name : NAMES) {
            try {
                Signal.handle(new Signal(name), s::onSignal);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // this platform has no such signal
            }
        }
        return s;
    }

    /** A Shutdown that never fires (tests, embedding). */
    public static Shutdown none() {
        return new Shutdown(new PrintWriter(java.io.Writer.nullWriter()));
    }

    static long graceSeconds() {
        String v = System.getenv("BM_STOP_GRACE_SECONDS");
        try {
            return v == null ? 20 : Math.max(0, Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            return 20;
        }
    }

    private void onSignal(Signal s) {
        int n;
        synchronized (monitor) {
            n = ++received;
            monitor.notifyAll();
        }
        RcloneRunner r = runner;
        if (n == 1) {
            long grace = graceSeconds();
            err.println("bm: SIG" + s.getName() + ": stopping" + (r != null && r.current() != null
                    ? "; letting rclone finish for up to " + grace + " s (signal again to stop it now)" : ""));
            err.flush();
            if (r != null) {
                Thread t = new Thread(() -> {
                    if (!r.awaitCurrent(Duration.ofSeconds(grace))) {
                        r.stopCurrent(Duration.ofSeconds(5));
                    }
                }, "bm-stop");
                t.setDaemon(true);
                t.start();
            }
        } else if (r != null) {
            r.stopCurrent(Duration.ofSeconds(2));
        }
    }

    /** The rclone runner of the run in progress, stopped on a signal (null between runs). */
    void attach(RcloneRunner r) {
        runner = r;
    }

    public boolean stopping() {
        return received > 0;
    }

    /** Sleeps up to {@code millis}, returning early when a stop is asked for or {@link #wake()} is called. */
    public void sleep(long millis) {
        synchronized (monitor) {
            if (received > 0 || millis <= 0) {
                return;
            }
            try {
                monitor.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ends a {@link #sleep} early (a file watcher saw a change). */
    public void wake() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }
}
