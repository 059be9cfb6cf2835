package com.basicmemory.bm.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.basicmemory.bm.rclone.BisyncLogParser;
import com.basicmemory.bm.rclone.BisyncOutcome;

/**
 * Benchmark, not a test: parses a generated 1,000,000-line rclone 1.60 bisync log (the line shapes of the recorded
 * fixtures, JSON and text) from a file, streaming, and prints lines per second (wall clock, and the parsing thread's
 * CPU time beside it: the machine may be busy) and the heap in use before, after, and after a GC while the parser
 * is still reachable (what it keeps for the report).
 * Run by bench/run.sh.
 */
public final class ParserBench {
    private ParserBench() {
    }

    public static void main(String[] args) throws IOException {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        for (String format : new String[] {"json", "text"}) {
            Path log = Files.createTempFile("bm-parser-bench", ".log");
            try {
                int files = write(log, lines, format.equals("json"));
                // warm up once on a tenth, then measure
                parse(new BisyncLogParser("/sync/work/", "/cloud/work/"), log, lines / 10).finish(0);
                System.gc();
                long heapBefore = usedHeap();
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                long cpu0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                BisyncLogParser p = parse(new BisyncLogParser("/sync/work/", "/cloud/work/"), log, Integer.MAX_VALUE);
                BisyncOutcome o = p.finish(0);
                long ns = System.nanoTime() - t0;
                long cpuNs = threads.getCurrentThreadCpuTime() - cpu0;
                long heapAfter = usedHeap();
                System.gc();
                long heapAfterGc = usedHeap(); // the parser is still reachable: this is what it keeps
                System.out.printf("parser  %-4s  %,d lines (%,d files changed) in %.0f ms = %,.0f lines/s"
                        + " (thread cpu %.0f ms); heap %s MiB before, %s MiB after, %s MiB after GC with the parser alive;"
                        + " counted %d to cloud, %d to local%n", format, lines, files, ns / 1e6, lines / (ns / 1e9),
                        cpuNs / 1e6, mib(heapBefore), mib(heapAfter), mib(heapAfterGc), o.toPath2().total(),
                        o.toPath1().total());
                Reference.reachabilityFence(p);
            } finally {
                Files.deleteIfExists(log);
            }
        }
    }

    /** Feeds the file to p line by line, as the product feeds rclone's stderr. */
    static BisyncLogParser parse(BisyncLogParser p, Path log, int max) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null && n++ < max) {
                p.accept(line);
            }
        }
        return p;
    }

    /** A log like rclone 1.60 prints with -v: per changed file a delta, a queue and a result line. */
    static int write(Path log, int lines, boolean json) throws IOException {
        int files = (lines - 20) / 3;
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            emit(w, json, "warning", "bisync is EXPERIMENTAL. Don't use in production!", null);
            emit(w, json, "info", "Synching Path1 \"/sync/work/\" with Path2 \"/cloud/work/\"", null);
            emit(w, json, "info", "Path1 checking for diffs", null);
            for (int i = 0; i < files; i++) {
                emit(w, json, "info", "- Path1    File is new                         - notes/n" + i + ".md", null);
            }
            emit(w, json, "info", "Path1: " + files + " changes: " + files + " new,    0 newer,    0 older,    0 deleted",
                    null);
            emit(w, json, "info", "Path2 checking for diffs", null);
            emit(w, json, "info", "Applying changes", null);
            for (int i = 0; i < files; i++) {
                emit(w, json, "info", "- Path1    Queue copy to Path2                 - /cloud/work/notes/n" + i + ".md",
                        null);
            }
            emit(w, json, "info", "- Path1    Do queued copies to                 - Path2", null);
            for (int i = 0; i < files; i++) {
                emit(w, json, "info", "Copied (new)", "notes/n" + i + ".md");
            }
            emit(w, json, "info", "Updating listings", null);
            emit(w, json, "info", "Bisync successful", null);
        }
        return files;
    }

    private static void emit(BufferedWriter w, boolean json, String level, String msg, String object)
            throws IOException {
        if (json) {
            w.write("{\"level\":\"" + level + "\",\"msg\":\"" + msg.replace("\"", "\\\"") + "\""
                    + (object == null ? "" : ",\"object\":\"" + object + "\",\"objectType\":\"*local.Object\"")
                    + ",\"source\":\"bisync/deltas.go:133\",\"time\":\"2026-11-25T08:31:09.605518+00:00\"}");
        } else {
            w.write("2026/11/25 08:30:34 " + (level.equals("warning") ? "NOTICE" : "INFO  ") + ": "
                    + (object == null ? msg : object + ": " + msg));
        }
        w.newLine();
    }

    private static long usedHeap() {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        return m.getHeapMemoryUsage().getUsed();
    }

    private static String mib(long b) {
        return String.format("%.1f", b / 1024.0 / 1024.0);
    }
}
