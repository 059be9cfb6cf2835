package com.basicmemory.bm.projects;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "project", description = "Projects (top-level folders): list them, include or exclude them, set their"
        + " profile and ignore patterns (stored in config.json).",
        subcommands = {ProjectListCommand.class, ProjectIncludeCommand.class, ProjectExcludeCommand.class,
                ProjectProfileCommand.class, ProjectIgnoreCommand.class, ProjectOnlyCommand.class},
        mixinStandardHelpOptions = true)
public class ProjectCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: list, include, exclude, profile, ignore, only");
    }
}
