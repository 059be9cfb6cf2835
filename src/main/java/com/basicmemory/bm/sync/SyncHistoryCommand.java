package com.basicmemory.bm.sync;

import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.basicmemory.bm.history.HistoryService;
import com.basicmemory.bm.history.HistoryTable;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.util.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "history", description = "Past sync runs, newest first, from the history database.",
        mixinStandardHelpOptions = true)
public class SyncHistoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Inject
    HistoryService service;

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

    @Option(names = "--json", description = "Print a JSON array of report objects.")
    boolean json;

    @Override
    public Integer call() {
        List<SyncReport> reports = service.list(since, until, project, status, limit);
        if (json) {
            spec.commandLine().getOut().println(Json.pretty(reports));
        } else {
            HistoryTable.print(reports, spec.commandLine().getOut(), ZoneId.systemDefault());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
