package com.basicmemory.bm.conflicts;

import java.util.List;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.basicmemory.bm.cli.GlobalOptions;
import com.basicmemory.bm.util.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", description = {"Conflict copies in the sync directory, grouped by original file.",
        "Each version's side (local/cloud), size, time and lines added/removed versus the other version."},
        mixinStandardHelpOptions = true)
public class ConflictsListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Inject
    ConflictListService service;

    @Option(names = {"-p", "--project"}, paramLabel = "P", description = "Only this project (a top-level folder).")
    String project;

    @Option(names = "--json", description = "Print a JSON array of {path, project, original, files} (docs/conflicts.md).")
    boolean json;

    @Override
    public Integer call() {
        List<ConflictEntry> entries = service.list(project);
        if (json) {
            spec.commandLine().getOut().println(Json.pretty(entries));
        } else {
            ConflictListView.print(entries, spec.commandLine().getOut());
            if (!entries.isEmpty() && !GlobalOptions.quiet()) {
                spec.commandLine().getErr().println("bm: " + entries.size()
                        + (entries.size() == 1 ? " conflict" : " conflicts")
                        + "; settle one with `bm conflicts resolve FILE` (asks), or `--keep local|cloud|both`");
            }
        }
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().flush();
        return 0;
    }
}
