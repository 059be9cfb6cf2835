package com.basicmemory.bm.cloud;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.basicmemory.bm.cli.GlobalOptions;
import com.basicmemory.bm.util.Json;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "restore", description = {"Restore one version of a file into the sync directory (or --to a new file).",
        "The current file is first copied to BM_HOME/restore-backups/; the next `bm sync` carries the restored file",
        "to the cloud. See docs/recovery.md."}, mixinStandardHelpOptions = true)
public class CloudRestoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Inject
    RecoveryService service;

    @Inject
    Clock clock;

    @Parameters(paramLabel = "PATH", description = "The file: relative to the current directory inside the sync"
            + " directory, else relative to the sync directory (work/plan.md); or absolute.")
    String path;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static class Which {
        @Option(names = "--version-id", paramLabel = "ID", required = true,
                description = "The version, as `bm cloud versions` lists it (S3: v2026-11-25-114713-117; Git: a commit"
                        + " hash, 4 or more digits).")
        String versionId;

        @Option(names = "--timestamp", paramLabel = "TIME", required = true,
                description = "The newest version at or before TIME: '2025-10-03 14:30' (local time), 2025-10-03 (the"
                        + " end of that day), or 2025-10-03T14:30:00Z.")
        String timestamp;
    }

    @Option(names = "--to", paramLabel = "FILE",
            description = "Write the version to FILE (a new file; relative to the current directory) and leave PATH"
                    + " as it is.")
    String to;

    @Option(names = "--dry-run", description = "Change nothing: say which version would be restored where, and the"
            + " command that would fetch it.")
    boolean dryRun;

    @Option(names = "--source", paramLabel = "auto|s3|git", defaultValue = "auto",
            description = "Where to read versions: auto (the default), s3, git.")
    String source;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to wait for a running sync to release the device lock (default 30s; 0: refuse"
                    + " at once with exit 3).")
    String waitSpec;

    @Option(names = "--json", description = "Print the result as one JSON object (docs/recovery.md).")
    boolean json;

    @Override
    public Integer call() {
        String command = "bm " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        PrintWriter err = spec.commandLine().getErr();
        RestoreResult r = service.restore(new RecoveryService.RestoreRequest(path, which.versionId, which.timestamp, to,
                dryRun, RecoveryService.Source.parse(source), waitSpec, command, Path.of("").toAbsolutePath()), err);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.pretty(r));
        } else {
            RecoveryText.print(r, clock.getZone(), out);
        }
        out.flush();
        if (!r.dryRun() && to == null && !GlobalOptions.quiet()) {
            err.println("bm: run `bm sync` to send it to the cloud (and from there to your other devices)");
            err.flush();
        }
        return 0;
    }
}
