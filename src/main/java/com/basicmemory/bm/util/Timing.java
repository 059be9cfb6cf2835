package com.basicmemory.bm.util;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.Supplier;

import com.basicmemory.bm.config.Env;

/**
 * {@code BM_TIMING=1}: prints how long the history queries took on stderr, wall time and this thread's CPU time
 * ({@code bm: timing: stats 12.3 ms (cpu 10.1 ms)}; SQLite runs on the calling thread), so that a benchmark can tell
 * query time from process start-up, and work from waiting for a busy machine. Off by default; never on stdout.
 */
public final class Timing {
    private Timing() {
    }

    public static void time(String what, Runnable work) {
        time(what, () -> {
            work.run();
            return null;
        });
    }

    public static <T> T time(String what, Supplier<T> work) {
        if (!"1".equals(Env.get("BM_TIMING"))) {
            return work.get();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        long c0 = threads.getCurrentThreadCpuTime();
        T result = work.get();
        long cpu = threads.getCurrentThreadCpuTime() - c0;
        System.err.println(String.format(Locale.ROOT, "bm: timing: %s %.1f ms (cpu %.1f ms)", what,
                (System.nanoTime() - t0) / 1e6, cpu / 1e6));
        System.err.flush();
        return result;
    }
}
