package com.basicmemory.bm.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.basicmemory.bm.cli.GlobalOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sync", description = {"Run rclone bisync between the sync directory and the cloud.",
        "One project at a time; every run records a report (BM_HOME/sync-history/ and the history database)."},
        subcommands = {SyncHistoryCommand.class}, mixinStandardHelpOptions = true)
public class SyncCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Inject
    SyncEntry entry;

    @Option(names = {"-p", "--project"}, paramLabel = "P",
            description = "Sync only this project (a top-level folder); repeatable. Default: every project.")
    List<String> projects = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "safe|balanced|fast", converter = ProfileConverter.class,
            description = "Profile for this run (default: each project's, else the configured one, else balanced).")
    Profile profile;

    @Option(names = "--resync", description = "Re-establish the bisync baseline. Files that differ keep the cloud"
            + " version under their name; the local version is kept as a conflict copy and backed up first.")
    boolean resync;

    @Option(names = "--dry-run", description = "Change nothing: print the rclone commands and report what would happen.")
    boolean dryRun;

    @Option(names = "--force", description = "Skip rclone's safety checks (too many deletes, all files changed) for"
            + " this run.")
    boolean force;

    @Option(names = "--report", description = "Print the run's report as JSON on stdout (with --watch: one compact"
            + " JSON object per line and run).")
    boolean report;

    @Option(names = "--watch", description = "Keep syncing: every --interval, and a moment after each local change.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION",
            description = "With --watch: time between periodic syncs (default 60s; at least 5s).")
    String interval;

    @Option(names = "--no-push", description = "With --watch: no file watcher, periodic syncs only.")
    boolean noPush;

    @Option(names = "--wait", paramLabel = "DURATION", arity = "0..1", fallbackValue = "10m",
            description = "When another sync holds the lock, wait for it (default 10m) instead of exiting 3.")
    String wait;

    @Option(names = "--bwlimit", paramLabel = "RATE",
            description = "rclone's --bwlimit for this run: 10M, 512k, 10M:2M, off, or a timetable.")
    String bwlimit;

    @Option(names = "--tpslimit", paramLabel = "N", description = "rclone's --tpslimit for this run.")
    Double tpslimit;

    @Option(names = "--http", paramLabel = "HOST:PORT", description = "With --watch: serve /health and /metrics"
            + " (Prometheus) on this address, e.g. 127.0.0.1:9464. Off by default.")
    String http;

    @Override
    public Integer call() {
        String command = "bm " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        return entry.run(new SyncEntry.Input(projects, profile, resync, dryRun, force, report, watch, interval, noPush,
                wait, bwlimit, tpslimit, command, GlobalOptions.quiet(), GlobalOptions.verbose(), http),
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Accepts safe/balanced/fast in any case, with one clear line otherwise. */
    public static final class ProfileConverter implements picocli.CommandLine.ITypeConverter<Profile> {
        @Override
        public Profile convert(String value) {
            try {
                return Profile.parse(value);
            } catch (com.basicmemory.bm.cli.BmException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
