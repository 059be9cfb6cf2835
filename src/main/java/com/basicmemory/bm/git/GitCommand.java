package com.basicmemory.bm.git;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "git", description = {"Git history of the sync directory, for clouds that keep no versions.",
        "See docs/git.md."}, subcommands = {GitSnapshotCommand.class}, mixinStandardHelpOptions = true)
public class GitCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: snapshot");
    }
}
