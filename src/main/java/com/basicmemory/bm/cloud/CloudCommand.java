package com.basicmemory.bm.cloud;


import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "cloud", description = "The cloud side: set it up, check it against the local side, list and restore"
        + " versions of a file.", subcommands = {CloudSetupCommand.class, CloudCheckCommand.class,
                CloudVersionsCommand.class, CloudRestoreCommand.class}, mixinStandardHelpOptions = true)
public class CloudCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: setup, check, versions,"
                + " restore");
    }
}
