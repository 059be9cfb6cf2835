package com.basicmemory.bm.stats;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.GlobalOptions;
import com.basicmemory.bm.util.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "stats", description = {"Sync health over a window, computed with SQL from the history database.",
        "Syncs, success, conflict rate, durations (avg, p50, p95), collisions, safety trips, bytes and files moved,",
        "and a line per day. Definitions: docs/stats.md."}, mixinStandardHelpOptions = true)
public class StatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Inject
    StatsService service;

    @Option(names = "--since", paramLabel = "WHEN", description = "Start of the window: 30m, 24h, 7d, 2w, 2026-11-01"
            + " or 2026-11-01T14:30 (default " + StatsService.DEFAULT_SINCE + ").")
    String since;

    @Option(names = {"-p", "--project"}, paramLabel = "P",
            description = "Only this project's part of each run (its status, counts and duration).")
    String project;

    @Option(names = "--json", description = "Print the numbers as one JSON object (docs/stats.md).")
    boolean json;

    @Option(names = "--prometheus", paramLabel = "FILE", description = {"Write the numbers as Prometheus gauges to FILE"
            + " (node_exporter textfile format, written atomically) instead of printing them; - for stdout."})
    String prometheus;

    @Override
    public Integer call() {
        if ("-".equals(prometheus) && json) {
            throw BmException.badInput("--prometheus - and --json both write to stdout: choose one");
        }
        Stats stats = service.compute(since, project);
        var out = spec.commandLine().getOut();
        if ("-".equals(prometheus)) {
            out.print(PrometheusFormat.render(stats));
        } else if (prometheus != null) {
            Path file = service.writePrometheus(stats, prometheus);
            if (!GlobalOptions.quiet()) {
                spec.commandLine().getErr().println("bm: wrote " + file);
            }
        }
        if (json) {
            out.println(Json.pretty(stats));
        } else if (prometheus == null) {
            StatsText.print(stats, out, ZoneId.systemDefault());
        }
        out.flush();
        return 0;
    }
}
