package com.basicmemory.bm.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.basicmemory.bm.cli.GlobalOptions;
import com.basicmemory.bm.report.SyncSummary;
import com.basicmemory.bm.util.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sync", description = {"Run rclone bisync between the sync directory and the cloud, one project at a",
        "time, and record a report (BM_HOME/sync-history/ and the history database)."},
        subcommands = {SyncHistoryCommand.class}, mixinStandardHelpOptions = true)
public class SyncCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Inject
    SyncService service;

    @Option(names = {"-p", "--project"}, paramLabel = "P",
            description = "Sync only this project (a top-level folder); repeatable. Default: every project.")
    List<String> projects = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "safe|balanced|fast", converter = ProfileConverter.class,
            description = "Profile for this run (default: the configured one, else balanced).")
    Profile profile;

    @Option(names = "--resync", description = "Re-establish the bisync baseline. Files that differ keep the cloud"
            + " version under their name; the local version is kept as a conflict copy and backed up first.")
    boolean resync;

    @Option(names = "--dry-run", description = "Change nothing: print the rclone commands and report what would happen.")
    boolean dryRun;

    @Option(names = "--force", description = "Skip rclone's safety checks (too many deletes, all files changed) for"
            + " this run.")
    boolean force;

    @Option(names = "--report", description = "Print the run's report as JSON on stdout.")
    boolean report;

    @Override
    public Integer call() {
        String command = "bm " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        boolean progress = Progress.stderrIsTerminal() && !GlobalOptions.quiet();
        SyncService.Outcome o = service.run(new SyncRequest(projects, profile, resync, dryRun, force, command,
                progress, GlobalOptions.verbose()), spec.commandLine().getErr());
        if (report) {
            spec.commandLine().getOut().println(Json.pretty(o.report()));
            spec.commandLine().getOut().flush();
        }
        SyncSummary.print(o.report(), spec.commandLine().getErr(), GlobalOptions.quiet(), GlobalOptions.verbose());
        return o.report().exitCode();
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
