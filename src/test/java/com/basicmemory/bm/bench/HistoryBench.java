package com.basicmemory.bm.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sqlite.SQLiteDataSource;

import com.basicmemory.bm.history.HistoryQuery;
import com.basicmemory.bm.history.HistoryRepository;
import com.basicmemory.bm.report.Conflict;
import com.basicmemory.bm.report.Direction;
import com.basicmemory.bm.report.ProjectReport;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.report.SyncStatus;
import com.basicmemory.bm.stats.StatsRepository;
import com.basicmemory.bm.testing.TestHistory;

/**
 * The history at scale (not a test; run by {@code bench/history-bench.sh}). Generates a history database of N reports
 * (default 1,000,000; one run a minute back from now, as a cron job every minute for ~2 years; realistic report
 * JSON from the shape of a real 2-project report), then times, median of 5 after one warm-up:
 * <ul>
 * <li>{@code target/bm stats --since 30d --json} and {@code target/bm sync history --limit 20 --json} as processes:
 * wall time, and the query time bm itself measures ({@code BM_TIMING=1});</li>
 * <li>the same repository code in this JVM (warm): the pure query time.</li>
 * </ul>
 * Arguments: {@code --reports N}, {@code --home DIR} (reused when it already holds N reports), {@code --bm PATH}.
 */
public final class HistoryBench {
    private static final String[] PROJECTS = {"work", "notes", "journal", "research", "archive"};
    private static final Pattern TIMING = Pattern.compile("bm: timing: (\\w+) ([0-9.]+) ms \\(cpu ([0-9.]+) ms\\)");
    private static final int RUNS = 5;

    public static void main(String[] args) throws Exception {
        int reports = 1_000_000;
        Path home = Paths.get("target/bench-home");
        Path bm = Paths.get("target/bm");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reports" -> reports = Integer.parseInt(args[++i].replace("_", "").replace(",", ""));
                case "--home" -> home = Paths.get(args[++i]);
                case "--bm" -> bm = Paths.get(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        home = home.toAbsolutePath();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        long t0 = System.nanoTime();
        String generated;
        if (count(home) == reports) {
            generated = "reused";
        } else {
            generate(home, reports, now);
            generated = String.format(Locale.ROOT, "generated in %.0f s", (System.nanoTime() - t0) / 1e9);
        }
        TestHistory h = TestHistory.at(home);
        long inWindow = scalar(h, "SELECT count(*) FROM sync_runs WHERE started_at_ms >= "
                + Instant.now().minus(30, ChronoUnit.DAYS).toEpochMilli());
        long jsonBytes = scalar(h, "SELECT avg(length(report_json)) FROM (SELECT report_json FROM sync_runs LIMIT 1000)");
        long dbBytes = Files.size(home.resolve("bm.db"));

        System.out.printf(Locale.ROOT, "history bench: %,d reports (%,d in the last 30 days), bm.db %,.0f MiB, report_json"
                + " ~%,d bytes per row, %s%n", reports, inWindow, dbBytes / 1048576.0, jsonBytes, generated);
        String load0 = load();
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s; medians of %d runs after 1 warm-up%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), RUNS);

        StatsRepository stats = new StatsRepository(h.db());
        HistoryRepository history = h.repository();
        Row[] rows = {
            new Row("bm stats --since 30d --json", List.of("stats", "--since", "30d", "--json"), "stats",
                    () -> stats.compute(Instant.now().minus(30, ChronoUnit.DAYS), Instant.now(), ZoneId.systemDefault(),
                            null)),
            new Row("bm sync history --limit 20 --json", List.of("sync", "history", "--limit", "20", "--json"),
                    "history", () -> history.listJson(new HistoryQuery(null, null, null, null, 20))),
            new Row("bm stats --since 30d --project notes --json", List.of("stats", "--since", "30d", "--project",
                    "notes", "--json"), "stats", () -> stats.compute(Instant.now().minus(30, ChronoUnit.DAYS),
                            Instant.now(), ZoneId.systemDefault(), "notes")),
            new Row("bm sync history --project archive --limit 20 --json", List.of("sync", "history", "--project",
                    "archive", "--limit", "20", "--json"), "history",
                    () -> history.listJson(new HistoryQuery(null, null, "archive", null, 20))),
            new Row("bm sync history --status safety_abort --limit 20 --json", List.of("sync", "history",
                    "--status", "safety_abort", "--limit", "20", "--json"), "history",
                    () -> history.listJson(new HistoryQuery(null, null, null, "safety_abort", 20))),
            new Row("bm stats --since 365d --json (12x the rows)", List.of("stats", "--since", "365d", "--json"),
                    "stats", () -> stats.compute(Instant.now().minus(365, ChronoUnit.DAYS), Instant.now(),
                            ZoneId.systemDefault(), null)),
        };
        System.out.printf(Locale.ROOT, "%-52s %22s %22s %13s %9s%n", "command", "SQL, warm JVM", "SQL in target/bm",
                "process wall", "SQL/wall");
        for (Row r : rows) {
            double[] warm = median(() -> r.inProcess().get());
            double[] proc = process(bm, home, r.args(), r.timingLabel());
            System.out.printf(Locale.ROOT, "%-52s %9.1f ms (cpu %5.1f) %9.1f ms (cpu %5.1f) %10.0f ms %8.1f%%%n",
                    r.label(), warm[0], warm[1], proc[0], proc[1], proc[2], 100 * proc[0] / proc[2]);
        }
        System.out.printf(Locale.ROOT, "%nSQL, warm JVM: the repository calls bm makes (statements and fetching their"
                + " rows), in this JVM after a warm-up.%nSQL in target/bm: the same calls, timed by bm itself"
                + " (BM_TIMING=1, `stats`/`history`) in a new process: cold JIT, first use of every class.%n"
                + "process wall: the whole `target/bm` process: JVM start-up, opening the database, JSON, output.%n"
                + "cpu: CPU time of the querying thread (SQLite runs on it): the work, without waiting for a busy"
                + " machine.%nSQL/wall: the share of the process wall time spent in the SQL (the rest is start-up and"
                + " output).%nload average before: %s, after: %s%n", load0, load());
    }

    static String load() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    record Row(String label, List<String> args, String timingLabel, Supplier<Object> inProcess) {
    }

    /** Medians of the wall ms and of this thread's CPU ms of {@code work}, {@value #RUNS} runs after one warm-up. */
    static double[] median(Supplier<Object> work) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        work.get();
        double[] ms = new double[RUNS];
        double[] cpu = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            long c = threads.getCurrentThreadCpuTime();
            work.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        return new double[] {ms[RUNS / 2], cpu[RUNS / 2]};
    }

    /** Medians of the query ms (wall, cpu) bm prints with BM_TIMING=1, and of the process wall ms. */
    static double[] process(Path bm, Path home, List<String> args, String label) throws Exception {
        double[] query = new double[RUNS];
        double[] cpu = new double[RUNS];
        double[] wall = new double[RUNS];
        for (int i = -1; i < RUNS; i++) {
            List<String> cmd = new ArrayList<>();
            cmd.add(bm.toAbsolutePath().toString());
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("BM_HOME", home.toString());
            pb.environment().put("BM_TIMING", "1");
            long t = System.nanoTime();
            Process p = pb.start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("bm " + args + " failed: " + err);
            }
            double w = (System.nanoTime() - t) / 1e6;
            Matcher m = TIMING.matcher(err);
            double[] found = null;
            while (m.find()) {
                if (m.group(1).equals(label)) {
                    found = new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))};
                }
            }
            if (found == null) {
                throw new IllegalStateException("no timing line for " + label + " in: " + err);
            }
            if (i >= 0) {
                query[i] = found[0];
                cpu[i] = found[1];
                wall[i] = w;
            }
        }
        Arrays.sort(query);
        Arrays.sort(cpu);
        Arrays.sort(wall);
        return new double[] {query[RUNS / 2], cpu[RUNS / 2], wall[RUNS / 2]};
    }

    static long count(Path home) {
        if (!Files.exists(home.resolve("bm.db"))) {
            return -1;
        }
        try {
            return scalar(TestHistory.at(home), "SELECT count(*) FROM sync_runs");
        } catch (RuntimeException e) {
            return -1;
        }
    }

    static long scalar(TestHistory h, String sql) {
        try (Connection c = h.db().connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh database of {@code n} reports, one a minute back from {@code now}, inserted in batched transactions. */
    static void generate(Path home, int n, Instant now) throws IOException, SQLException {
        if (Files.exists(home)) {
            try (var s = Files.walk(home)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        TestHistory.at(home).repository().list(new HistoryQuery(null, null, null, null, 1)); // creates and migrates
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + home.resolve("bm.db") + "?journal_mode=WAL&synchronous=OFF&foreign_keys=true"
                + "&cache_size=-200000");
        Random random = new Random(42);
        try (Connection c = ds.getConnection()) {
            List<HistoryRepository.Indexed> batch = new ArrayList<>();
            for (int i = n - 1; i >= 0; i--) {
                SyncReport r = report(random, n - 1 - i, now.minus(i, ChronoUnit.MINUTES));
                batch.add(new HistoryRepository.Indexed(r, r.timestamp() + "-" + r.id() + ".json"));
                if (batch.size() == 20_000 || i == 0) {
                    HistoryRepository.insertAll(c, batch);
                    batch.clear();
                    if ((n - i) % 200_000 == 0) {
                        System.err.printf(Locale.ROOT, "bench: %,d reports%n", n - i);
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
    }

    /** A report shaped like a real one (two projects, notes, counts), with a realistic mix of outcomes. */
    static SyncReport report(Random random, int seq, Instant start) {
        int roll = random.nextInt(1000);
        SyncStatus status = roll < 930 ? SyncStatus.SUCCESS : roll < 960 ? SyncStatus.CONFLICTS
                : roll < 975 ? SyncStatus.LOCK_BUSY : roll < 985 ? SyncStatus.FAILED
                : roll < 990 ? SyncStatus.NEEDS_RESYNC : roll < 993 ? SyncStatus.MAX_DELETE_ABORT
                : roll < 995 ? SyncStatus.SAFETY_ABORT : roll < 998 ? SyncStatus.INTERRUPTED : SyncStatus.SUCCESS;
        boolean dryRun = roll >= 998;
        List<ProjectReport> projects = new ArrayList<>();
        if (status != SyncStatus.LOCK_BUSY) {
            int first = random.nextInt(PROJECTS.length);
            int count = 1 + random.nextInt(2);
            for (int k = 0; k < count; k++) {
                String name = PROJECTS[(first + k) % PROJECTS.length];
                SyncStatus ps = k == 0 ? status : SyncStatus.SUCCESS;
                Direction up = new Direction(random.nextInt(3), random.nextInt(4), random.nextInt(2));
                Direction down = new Direction(random.nextInt(2), random.nextInt(3), random.nextInt(2));
                List<Conflict> conflicts = ps == SyncStatus.CONFLICTS
                        ? List.of(new Conflict(name + "/notes/meeting-" + seq + ".md", List.of(name + "/notes/meeting-"
                                + seq + ".md..path1", name + "/notes/meeting-" + seq + ".md..path2")))
                        : List.of();
                List<String> notes = switch (ps) {
                    case NEEDS_RESYNC -> seq % 2 == 0
                            ? List.of("next step: bm sync --resync --project " + name
                                    + " (keeps a copy of every file it would overwrite)")
                            : List.of(ProjectReport.RESYNC_NOTE_PREFIX + "first sync of this project on this device",
                                    "next step: bm sync --resync --project " + name);
                    case MAX_DELETE_ABORT, SAFETY_ABORT -> List.of("rclone's safety check stopped the sync of " + name
                            + "; nothing was changed. If this is what you meant: bm sync --force --project " + name);
                    default -> List.of();
                };
                List<String> errors = ps.ok() ? List.of() : List.of("rclone bisync exited with code 2");
                projects.add(new ProjectReport(name, ps, ps.exitCode(), 0, "balanced", up, down, conflicts,
                        random.nextInt(200_000), 0.1 + random.nextInt(3000) / 1000.0, false, false, errors, notes));
            }
        }
        Direction up = Direction.NONE;
        Direction down = Direction.NONE;
        long bytes = 0;
        List<Conflict> conflicts = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (ProjectReport p : projects) {
            up = up.plus(p.toCloud());
            down = down.plus(p.toLocal());
            bytes += p.bytesTransferred();
            conflicts.addAll(p.conflicts());
            p.errors().forEach(e -> errors.add(p.project() + ": " + e));
        }
        if (status == SyncStatus.LOCK_BUSY) {
            errors.add("another sync is running on this device (PID 4242, `bm sync`, since " + start + ")");
        }
        double duration = status == SyncStatus.LOCK_BUSY ? 0.05 : 0.3 + random.nextInt(5000) / 1000.0;
        String id = String.format("%012x", 0x100000000000L + seq);
        return new SyncReport(id, start.toString(), duration, status.exitCode(), projects.isEmpty() ? null : 0,
                status.ok(), status, dryRun, false, "balanced", projects.stream().map(ProjectReport::project).toList(),
                "c8812937-f490-4640-b85e-c24b81689739", "v1.60.1-DEV", up.created() + down.created(),
                up.updated() + down.updated(), up.deleted() + down.deleted(), up, down, bytes, conflicts, errors,
                projects, List.of(), "0.1.0", "laptop", "/home/me/basic-memory-cloud-sync", "s3:my-bucket/notes",
                "bm sync", SyncReport.SCHEMA_VERSION);
    }

    private HistoryBench() {
    }
}
