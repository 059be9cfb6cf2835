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

@Command(name = "ignore", description = {"Never sync files matching gitignore-style patterns.",
        "In one project (NAME), or in all with --global. Patterns: docs/projects.md."}, mixinStandardHelpOptions = true)
public class ProjectIgnoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Inject
    ProjectService service;

    @Option(names = "--global", description = "Change the global ignore list instead of a project's.")
    boolean global;

    @Option(names = "--remove", description = "Remove the patterns instead of adding them.")
    boolean remove;

    @Parameters(paramLabel = "NAME PATTERN", description = "The project (unless --global), then one or more patterns.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        if (args.isEmpty() || (!global && args.size() < 2)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    global ? "give at least one pattern" : "give a project and at least one pattern");
        }
        String done = global ? service.ignore(null, args, remove)
                : service.ignore(args.get(0), args.subList(1, args.size()), remove);
        if (!GlobalOptions.quiet()) {
            spec.commandLine().getErr().println("bm: " + done);
        }
        return 0;
    }
}
