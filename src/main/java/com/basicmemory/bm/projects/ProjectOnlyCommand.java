package com.basicmemory.bm.projects;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.basicmemory.bm.cli.GlobalOptions;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "only", description = "Sync only files matching these patterns in a project (e.g. '*.md');"
        + " --clear to sync all files again.", mixinStandardHelpOptions = true)
public class ProjectOnlyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Inject
    ProjectService service;

    @Option(names = "--clear", description = "Sync all files of the project again.")
    boolean clear;

    @Parameters(index = "0", paramLabel = "NAME", description = "The project.")
    String name;

    @Parameters(index = "1..*", paramLabel = "PATTERN", description = "gitignore-style patterns.")
    List<String> patterns = new ArrayList<>();

    @Override
    public Integer call() {
        if (!clear && patterns.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give at least one pattern, or --clear");
        }
        String done = service.only(name, patterns, clear);
        if (!GlobalOptions.quiet()) {
            spec.commandLine().getErr().println("bm: " + done);
        }
        return 0;
    }
}
