package com.basicmemory.bm.sync;

import java.time.ZoneId;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.basicmemory.bm.history.HistoryService;
import com.basicmemory.bm.history.ReportView;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.util.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", description = "One run's full report: every field, every project, errors and notes.",
        mixinStandardHelpOptions = true)
public class SyncHistoryShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Inject
    HistoryService service;

    @Parameters(index = "0", paramLabel = "ID", description = "The run's id (the ID column of `bm sync history`), or"
            + " the start of it.")
    String id;

    @Option(names = "--json", description = "Print the report object (docs/report.md).")
    boolean json;

    @Override
    public Integer call() {
        SyncReport report = service.show(id);
        if (json) {
            spec.commandLine().getOut().println(Json.pretty(report));
        } else {
            ReportView.print(report, spec.commandLine().getOut(), ZoneId.systemDefault());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
