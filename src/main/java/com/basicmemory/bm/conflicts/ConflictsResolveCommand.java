package com.basicmemory.bm.conflicts;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.basicmemory.bm.util.Terminal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "resolve", description = {"Settle a conflict: keep local, cloud, both, or a merge made in $EDITOR.",
        "Without --keep it shows the diff and asks (answers are read from stdin, a terminal or a pipe).",
        "Every version is first copied to BM_HOME/conflict-backups/; run `bm sync` afterwards."},
        mixinStandardHelpOptions = true)
public class ConflictsResolveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Inject
    ConflictResolveService service;

    @Parameters(arity = "0..1", paramLabel = "FILE",
            description = "The conflicted file: the original (work/note.md) or any of its copies.")
    String file;

    @Option(names = "--all", description = "Every conflict (of --project P when given).")
    boolean all;

    @Option(names = {"-p", "--project"}, paramLabel = "P", description = "With --all: only this project.")
    String project;

    @Option(names = "--keep", paramLabel = "local|cloud|both", converter = Choice.KeepConverter.class,
            description = "Settle without asking: keep the local version, the cloud version, or both (the cloud"
                    + " version keeps the name, the local one becomes \"NAME (local DATE).EXT\").")
    Choice keep;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to wait for a running sync to release the device lock (default 30s; 0: refuse"
                    + " at once with exit 3).")
    String waitSpec;

    @Option(names = "--json", description = "With --keep: print the resolutions as a JSON array.")
    boolean json;

    @Override
    public Integer call() {
        String command = "bm " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        boolean stdinTerminal = Terminal.isTerminal(0);
        ConflictResolveService.Io io = new ConflictResolveService.Io(in, spec.commandLine().getOut(),
                spec.commandLine().getErr(), Terminal.colorOnStdout(), !stdinTerminal,
                ConflictPrompt.systemEditor(stdinTerminal));
        return service.run(new ConflictResolveService.Request(file, all, project, keep, waitSpec, json, command), io);
    }
}
