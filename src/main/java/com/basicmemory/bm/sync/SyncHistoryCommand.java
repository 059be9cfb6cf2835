package com.basicmemory.bm.sync;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.GlobalOptions;
import com.basicmemory.bm.history.HistoryPrune;
import com.basicmemory.bm.history.HistoryRebuild;
import com.basicmemory.bm.history.HistoryService;
import com.basicmemory.bm.history.HistoryTable;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.util.Json;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "history", description = {"Past sync runs, newest first, from the history database.",
        "With --rebuild or --prune: maintain the history instead (docs/history.md)."},
        subcommands = {SyncHistoryShowCommand.class}, mixinStandardHelpOptions = true)
public class SyncHistoryCommand implements Callable<Integer> {
    private static final List<String> LIST_OPTIONS = List.of("--since", "--until", "--project", "--status", "--limit");

    @Spec
    CommandSpec spec;

    @Inject
    HistoryService service;

    @Inject
    HistoryRebuild rebuild;

    @Inject
    HistoryPrune prune;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Runs since a time: 30m, 24h, 7d, 2w, 2026-11-01 or 2026-11-01T14:30.")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "Runs before a time (same forms as --since).")
    String until;

    @Option(names = {"-p", "--project"}, paramLabel = "P", description = "Only runs that synced this project.")
    String project;

    @Option(names = "--status", paramLabel = "S", description = "Only runs with this status (success, conflicts,"
            + " lock_busy, needs_resync, max_delete_abort, safety_abort, failed, interrupted).")
    String status;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N runs (default 20).")
    int limit;

    @Option(names = "--json", description = "Print a JSON array of report objects (with --rebuild or --prune: what"
            + " was done, as one JSON object).")
    boolean json;

    @ArgGroup(exclusive = true)
    Maintenance maintenance;

    static final class Maintenance {
        @Option(names = "--rebuild", required = true, description = "Re-create the history database from the report"
                + " files in BM_HOME/sync-history (unreadable files are named and kept). Not while a sync runs.")
        boolean rebuild;

        @Option(names = "--prune", required = true, paramLabel = "AGE", description = "Remove runs older than AGE"
                + " (90d, 12w, or a date): database rows, report files and logs together. Not while a sync runs.")
        String prune;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (maintenance != null) {
            for (String o : LIST_OPTIONS) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw BmException.badInput(o + " lists runs; it does not go with "
                            + (maintenance.rebuild ? "--rebuild" : "--prune"));
                }
            }
            String command = "bm sync history " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
            Object result = maintenance.rebuild ? rebuilt(rebuild.rebuild(command)) : pruned(prune.prune(
                    maintenance.prune, command));
            if (json) {
                out.println(Json.pretty(result));
            }
        } else {
            List<SyncReport> reports = service.list(since, until, project, status, limit);
            if (json) {
                out.println(Json.pretty(reports));
            } else {
                HistoryTable.print(reports, out, ZoneId.systemDefault());
            }
        }
        out.flush();
        return 0;
    }

    private HistoryRebuild.Result rebuilt(HistoryRebuild.Result r) {
        PrintWriter err = spec.commandLine().getErr();
        for (HistoryRebuild.Skipped s : r.skipped()) {
            err.println("bm: warning: skipped sync-history/" + s.file() + " (" + s.reason() + "); the file is kept");
        }
        if (r.oldDatabaseKept() != null) {
            err.println("bm: warning: the old history database could not be read; kept it as " + r.oldDatabaseKept());
        }
        if (!GlobalOptions.quiet()) {
            StringBuilder kept = new StringBuilder();
            r.keptRows().forEach((table, n) -> {
                if (n > 0) {
                    kept.append(", kept ").append(n).append(' ').append(table).append(n == 1 ? " row" : " rows");
                }
            });
            err.println("bm: rebuilt " + r.database() + " from " + r.reports() + " report file"
                    + (r.reports() == 1 ? "" : "s") + (r.skipped().isEmpty() ? "" : " (" + r.skipped().size()
                    + " skipped)") + kept);
        }
        err.flush();
        return r;
    }

    private HistoryPrune.Result pruned(HistoryPrune.Result r) {
        if (!GlobalOptions.quiet()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("bm: pruned runs that started before " + r.cutoff() + ": " + r.runs() + " database rows, "
                    + r.reportFiles() + " report files, " + r.logs() + " logs, " + r.versionRestores()
                    + " version restores");
            err.flush();
        }
        return r;
    }
}
