package com.basicmemory.bm.projects;

import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.basicmemory.bm.cli.GlobalOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "profile", description = "Set a project's profile (safe, balanced, fast), or `default` to use the"
        + " configured one.", mixinStandardHelpOptions = true)
public class ProjectProfileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Inject
    ProjectService service;

    @Parameters(index = "0", paramLabel = "NAME", description = "The project.")
    String name;

    @Parameters(index = "1", paramLabel = "safe|balanced|fast|default", description = "The profile.")
    String profile;

    @Override
    public Integer call() {
        String done = service.profile(name, profile);
        if (!GlobalOptions.quiet()) {
            spec.commandLine().getErr().println("bm: " + done);
        }
        return 0;
    }
}
