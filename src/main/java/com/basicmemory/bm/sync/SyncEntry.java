package com.basicmemory.bm.sync;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.report.SyncSummary;
import com.basicmemory.bm.util.Json;

/** What {@code bm sync} does with its options: one run, or a watcher. */
public final class SyncEntry {
    /** The options of {@code bm sync} as given. */
    public record Input(List<String> projects, Profile profile, boolean resync, boolean dryRun, boolean force,
            boolean report, boolean watch, String interval, boolean noPush, String lockWait, String bwlimit,
            Double tpslimit, String command, boolean quiet, boolean verbose, String http) {
    }

    private final SyncService service;
    private final WatchLoop watchLoop;

    public SyncEntry(SyncService service, WatchLoop watchLoop) {
        this.service = service;
        this.watchLoop = watchLoop;
    }

    public int run(Input in, PrintWriter out, PrintWriter err) {
        Limits limits = new Limits(Limits.checkBwlimit("--bwlimit", in.bwlimit()),
                Limits.checkTpslimit("--tpslimit", in.tpslimit()));
        Duration lockWait = in.lockWait() == null ? null : DurationSpec.parse("--wait", in.lockWait(), null);
        boolean progress = Progress.stderrIsTerminal() && !in.quiet();
        if (!in.watch()) {
            // options that only the watch loop reads: without --watch they would be ignored without a word
            String watchOnly = in.http() != null ? "--http" : in.interval() != null ? "--interval"
                    : in.noPush() ? "--no-push" : null;
            if (watchOnly != null) {
                throw BmException.badInput(watchOnly + " needs --watch");
            }
        }
        if (in.watch()) {
            if (in.resync() || in.dryRun()) {
                throw BmException.badInput("--watch cannot be combined with " + (in.resync() ? "--resync" : "--dry-run"),
                        "run that once without --watch");
            }
            Duration interval = DurationSpec.parse("--interval", in.interval() == null ? "60s" : in.interval(),
                    Duration.ofSeconds(5));
            SyncRequest base = new SyncRequest(in.projects(), in.profile(), false, false, in.force(), in.command(),
                    false, in.verbose(), limits, null, null);
            return watchLoop.run(base, new WatchLoop.Options(interval, !in.noPush(), Duration.ofMillis(400),
                    Duration.ofSeconds(3), in.report(), in.quiet(), in.verbose(), in.http()), out, err,
                    Shutdown.install(err));
        }
        SyncService.Outcome o = service.run(new SyncRequest(in.projects(), in.profile(), in.resync(), in.dryRun(),
                in.force(), in.command(), progress, in.verbose(), limits, lockWait, null), err, Shutdown.install(err));
        if (in.report()) {
            out.println(Json.pretty(o.report()));
            out.flush();
        }
        SyncSummary.print(o.report(), err, in.quiet(), in.verbose());
        return o.report().exitCode();
    }
}
