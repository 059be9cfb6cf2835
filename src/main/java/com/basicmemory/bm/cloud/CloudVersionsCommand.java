package com.basicmemory.bm.cloud;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.basicmemory.bm.util.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "versions", description = {"List the versions of one file, newest first.",
        "They are the cloud bucket's object versions (S3 with versioning), or the Git history of the sync directory",
        "when the cloud keeps none. See docs/recovery.md."}, mixinStandardHelpOptions = true)
public class CloudVersionsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Inject
    RecoveryService service;

    @Inject
    Clock clock;

    @Parameters(paramLabel = "PATH", description = "The file: relative to the current directory inside the sync"
            + " directory, else relative to the sync directory (work/plan.md); or absolute.")
    String path;

    @Option(names = "--source", paramLabel = "auto|s3|git", defaultValue = "auto",
            description = "Where to read versions: auto (S3 object versions when the bucket has versioning, else Git;"
                    + " the default), s3, git.")
    String source;

    @Option(names = "--json", description = "Print the versions as one JSON object (docs/recovery.md).")
    boolean json;

    @Override
    public Integer call() {
        VersionList v = service.versions(path, RecoveryService.Source.parse(source), Path.of("").toAbsolutePath());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.pretty(v));
        } else {
            RecoveryText.print(v, clock.getZone(), out);
        }
        out.flush();
        return 0;
    }
}
