package com.basicmemory.bm.cloud;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import com.basicmemory.bm.cli.ExitCode;
import com.basicmemory.bm.util.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check", description = {"Compare local and cloud file by file.",
        "rclone check, by hash where both sides have one, with each project's filters. Exit 0 in sync,"
        + " 1 differences or errors, 2 bad input."},
        mixinStandardHelpOptions = true)
public class CloudCheckCommand implements Callable<Integer> {
    static final int MAX_LISTED = 20;

    @Spec
    CommandSpec spec;

    @Inject
    CloudCheckService service;

    @Option(names = {"-p", "--project"}, paramLabel = "P", description = "Check only this project; repeatable.")
    List<String> projects = new ArrayList<>();

    @Option(names = "--one-way", description = "Check only that every local file is in the cloud, unchanged.")
    boolean oneWay;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        CheckReport r = service.check(projects, oneWay);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.pretty(r));
        } else {
            print(r, out);
        }
        out.flush();
        return r.inSync() ? ExitCode.OK : ExitCode.FAILED;
    }

    static void print(CheckReport r, PrintWriter out) {
        for (CheckReport.ProjectCheck p : r.projects()) {
            String state = p.clean() ? "in sync" : "differs";
            out.println(p.project() + ": " + state + " (" + p.matching() + " matching, " + p.onlyLocal().size()
                    + " only local, " + (r.oneWay() ? "cloud-only not checked" : p.onlyCloud().size() + " only in cloud")
                    + ", " + p.differing().size() + " differing)");
            list(out, "only local", p.onlyLocal());
            list(out, "only in cloud", p.onlyCloud());
            list(out, "differing", p.differing());
            list(out, "error", p.errors());
        }
        out.println(r.inSync() ? "in sync: " + r.matching() + " files match"
                : "not in sync: " + r.onlyLocal() + " only local, " + r.onlyCloud() + " only in cloud, " + r.differing()
                        + " differing, " + r.matching() + " matching");
    }

    private static void list(PrintWriter out, String kind, List<String> files) {
        for (int i = 0; i < Math.min(MAX_LISTED, files.size()); i++) {
            out.println("  " + kind + ": " + files.get(i));
        }
        if (files.size() > MAX_LISTED) {
            out.println("  ... and " + (files.size() - MAX_LISTED) + " more " + kind);
        }
    }
}
