package com.basicmemory.bm.sync;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.basicmemory.bm.cli.BmErrorHandler;
import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.ExitCode;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.config.ConfigStore;
import com.basicmemory.bm.config.DeviceId;
import com.basicmemory.bm.config.ResolvedConfig;
import com.basicmemory.bm.lock.DeviceLock;
import com.basicmemory.bm.lock.LockHolder;
import com.basicmemory.bm.rclone.Rclone;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.report.SyncStatus;
import com.basicmemory.bm.report.SyncSummary;
import com.basicmemory.bm.util.Json;

/**
 * {@code bm sync --watch}: a sync every interval, and (with the file watcher) a sync of just the changed project a
 * moment after a local change. One run at a time, each taking the device lock; a second watcher on the device is
 * refused ({@code BM_HOME/watch.lock}); failures back off; SIGINT/SIGTERM stop it cleanly (see {@link Shutdown}).
 */
public final class WatchLoop {
    /** Settings of a watcher. */
    public record Options(Duration interval, boolean push, Duration quiet, Duration maxDelay, boolean reportJson,
            boolean quietOutput, boolean verbose, String http) {
    }

    static final Duration MAX_BACKOFF = Duration.ofMinutes(15);
    static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private final BmHome home;
    private final SyncService service;

    public WatchLoop(BmHome home, SyncService service) {
        this.home = home;
        this.service = service;
    }

    public int run(SyncRequest base, Options opt, PrintWriter out, PrintWriter err, Shutdown shutdown) {
        home.ensureExists();
        DeviceLock.Attempt a;
        try {
            a = DeviceLock.tryAcquire(home.watchLockFile(), base.command());
        } catch (IOException e) {
            throw BmException.failed("cannot open " + home.watchLockFile() + ": " + BmHome.describe(e));
        }
        if (a instanceof DeviceLock.Busy busy) {
            throw new BmException(ExitCode.LOCK_BUSY, "a watcher is already running on this device ("
                    + busy.holder().map(LockHolder::describe).orElse("holder unknown") + ")",
                    "stop it first; one watcher per device", null);
        }
        try (DeviceLock watchLock = ((DeviceLock.Acquired) a).lock();
                HealthServer health = opt.http() == null ? null : HealthServer.start(opt.http())) {
            if (health != null && !opt.quietOutput()) {
                err.println("bm: health endpoint on " + health.url() + "/health and /metrics");
            }
            return loop(base, opt, out, err, shutdown, health);
        }
    }

    private int loop(SyncRequest base, Options opt, PrintWriter out, PrintWriter err, Shutdown shutdown,
            HealthServer health) {
        ResolvedConfig config = new ConfigStore(home).resolve();
        Rclone rclone = Rclone.detect(home);
        Heartbeats heartbeats = new Heartbeats(home, rclone, config.remote(), DeviceId.of(home), opt.interval());
        ChangeWatcher watcher = null;
        if (opt.push() && Files.isDirectory(config.syncDir())) {
            try {
                watcher = new ChangeWatcher(config.syncDir());
            } catch (IOException e) {
                err.println("bm: warning: cannot watch " + config.syncDir() + " for changes (" + BmHome.describe(e)
                        + "); syncing every " + opt.interval().toSeconds() + " s only");
            }
        }
        if (!opt.quietOutput()) {
            err.println("bm: watching " + config.syncDir() + ": a sync every " + opt.interval().toSeconds() + " s"
                    + (watcher != null ? ", and a moment after each local change" : "") + " (Ctrl-C to stop)");
            err.flush();
        }
        int failures = 0;
        long nextPeriodic = System.nanoTime();
        Set<String> knownProjects = new HashSet<>();
        try {
            while (!shutdown.stopping()) {
                boolean periodic = System.nanoTime() >= nextPeriodic;
                Set<String> changed = null;
                if (!periodic) {
                    long wait = Math.max(1, Math.min(250, (nextPeriodic - System.nanoTime()) / 1_000_000L));
                    if (watcher != null) {
                        watcher.await(wait);
                        if (!watcher.ready(opt.quiet().toMillis(), opt.maxDelay().toMillis()) || failures > 0) {
                            continue; // after a failure only the (backed-off) periodic run retries
                        }
                        changed = watcher.take();
                        if (changed == null) {
                            periodic = true;
                        }
                    } else {
                        shutdown.sleep(wait);
                        continue;
                    }
                }
                List<String> warnings = new ArrayList<>();
                List<String> projects = base.projects();
                if (periodic) {
                    String problem = heartbeats.beat();
                    if (problem != null && opt.verbose()) {
                        err.println("bm: warning: " + problem);
                    }
                    warnings.addAll(heartbeats.othersWatching()); // printed with the run's summary
                    if (watcher != null) {
                        watcher.take(); // this run covers every project
                    }
                } else {
                    List<String> targets = new ArrayList<>();
                    for (String p : changed) {
                        if ((base.projects().isEmpty() || base.projects().contains(p))
                                && (knownProjects.contains(p) || Files.isDirectory(config.syncDir().resolve(p)))) {
                            targets.add(p);
                        }
                    }
                    if (targets.isEmpty()) {
                        continue;
                    }
                    projects = targets;
                }
                SyncReport report = runOnce(base.withProjects(projects).withWarnings(warnings), out, err, shutdown,
                        opt);
                if (report != null) {
                    knownProjects.addAll(report.projects());
                }
                boolean ok = report != null && (report.status().ok() || report.status() == SyncStatus.LOCK_BUSY
                        || report.status() == SyncStatus.INTERRUPTED && shutdown.stopping());
                if (health != null) {
                    health.recorded(report, !ok);
                }
                if (ok) {
                    failures = 0;
                    if (periodic) {
                        nextPeriodic = System.nanoTime() + opt.interval().toNanos();
                    }
                } else {
                    failures++;
                    Duration backoff = backoff(opt.interval(), failures);
                    nextPeriodic = System.nanoTime() + backoff.toNanos();
                    err.println("bm: watch: failure " + failures + " in a row; next try in " + backoff.toSeconds()
                            + " s");
                    err.flush();
                }
            }
        } finally {
            if (watcher != null) {
                try {
                    watcher.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
            heartbeats.remove();
        }
        if (!opt.quietOutput()) {
            err.println("bm: watcher stopped");
            err.flush();
        }
        return ExitCode.OK;
    }

    /** Doubling after each failure in a row, from the interval up to 15 minutes. */
    static Duration backoff(Duration interval, int failures) {
        long secs = interval.toSeconds();
        for (int i = 1; i < failures && secs < MAX_BACKOFF.toSeconds(); i++) {
            secs *= 2;
        }
        return Duration.ofSeconds(Math.min(secs, MAX_BACKOFF.toSeconds()));
    }

    private SyncReport runOnce(SyncRequest request, PrintWriter out, PrintWriter err, Shutdown shutdown,
            Options opt) {
        SyncRequest r = new SyncRequest(request.projects(), request.profile(), false, false, request.force(),
                request.command(), request.progress(), request.verbose(), request.limits(), LOCK_WAIT,
                request.warnings());
        try {
            SyncService.Outcome o = service.run(r, err, shutdown);
            if (opt.reportJson()) {
                out.println(Json.compact(o.report()));
                out.flush();
            }
            SyncSummary.print(o.report(), err, opt.quietOutput(), opt.verbose());
            return o.report();
        } catch (BmException | IllegalStateException e) {
            BmErrorHandler.report(e, err);
            err.flush();
            return null;
        }
    }
}
