package com.basicmemory.bm.projects;

import java.util.List;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.basicmemory.bm.util.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "Every project, local and in the cloud, with its settings, last sync and"
        + " conflict count.", mixinStandardHelpOptions = true)
public class ProjectListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Inject
    ProjectService service;

    @Option(names = "--json", description = "Print a JSON array of project objects.")
    boolean json;

    @Override
    public Integer call() {
        List<ProjectInfo> projects = service.list(spec.commandLine().getErr());
        if (json) {
            spec.commandLine().getOut().println(Json.pretty(projects));
        } else {
            ProjectTable.print(projects, spec.commandLine().getOut());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
