package com.basicmemory.bm.cli;

import com.basicmemory.bm.cloud.CloudCommand;
import com.basicmemory.bm.conflicts.ConflictsCommand;
import com.basicmemory.bm.git.GitCommand;
import com.basicmemory.bm.projects.ProjectCommand;
import com.basicmemory.bm.stats.StatsCommand;
import com.basicmemory.bm.sync.SyncCommand;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@TopCommand
@Command(name = "bm", mixinStandardHelpOptions = true, versionProvider = BmVersion.class,
        description = "Safe, observable cloud sync for a Markdown knowledge base (rclone bisync underneath).",
        subcommands = {SyncCommand.class, StatsCommand.class, ProjectCommand.class, ConflictsCommand.class,
                CloudCommand.class, GitCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 done, 1 failed, 2 bad input, 3 another sync holds the lock,",
                "4 needs --resync, 5 safety abort. Guide: docs/README.md; every option: docs/reference.md."})
public class BmCommand implements Runnable {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: sync, stats, project,"
                + " conflicts, cloud, git");
    }
}
