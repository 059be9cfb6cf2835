package com.basicmemory.bm.projects;

import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.basicmemory.bm.cli.GlobalOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "include", description = "Sync this project again (it is included by default).",
        mixinStandardHelpOptions = true)
public class ProjectIncludeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Inject
    ProjectService service;

    @Parameters(paramLabel = "NAME", description = "The project (a top-level folder).")
    String name;

    @Override
    public Integer call() {
        String done = service.include(name);
        if (!GlobalOptions.quiet()) {
            spec.commandLine().getErr().println("bm: " + done);
        }
        return 0;
    }
}
