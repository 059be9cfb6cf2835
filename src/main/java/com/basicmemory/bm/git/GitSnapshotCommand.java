package com.basicmemory.bm.git;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.basicmemory.bm.util.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "snapshot", description = {"Commit everything in the sync directory to its own Git repository.",
        "Runs git add -A and git commit with a generated message, under the device lock. The sync directory must be",
        "a Git repository of its own (git init). See docs/git.md."}, mixinStandardHelpOptions = true)
public class GitSnapshotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Inject
    GitSnapshotService service;

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT",
            description = "The commit message (default: \"bm snapshot <time> on <host>: <n> files changed\").")
    String message;

    @Option(names = "--push", description = "Then run `git push` (to the branch's upstream).")
    boolean push;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to wait for a running sync to release the device lock (default 30s; 0: refuse"
                    + " at once with exit 3).")
    String waitSpec;

    @Option(names = "--json", description = "Print the result as one JSON object (docs/git.md).")
    boolean json;

    @Override
    public Integer call() {
        String command = "bm " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        GitSnapshotService.Result r = service.snapshot(message, push, waitSpec, command, spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.pretty(r));
        } else if (!r.committed()) {
            out.println("nothing to commit in " + r.repository());
        } else {
            out.println("committed " + r.commit().substring(0, 12) + " (" + r.filesChanged()
                    + (r.filesChanged() == 1 ? " file" : " files") + "): " + r.message() + (r.pushed() ? "; pushed" : ""));
        }
        out.flush();
        return 0;
    }
}
