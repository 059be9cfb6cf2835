package com.basicmemory.bm.conflicts;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "conflicts", description = {"List and settle conflicts (notes edited on two devices).",
        "Neither version is ever lost. See docs/conflicts.md."},
        subcommands = {ConflictsListCommand.class, ConflictsResolveCommand.class}, mixinStandardHelpOptions = true)
public class ConflictsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: list, resolve");
    }
}
