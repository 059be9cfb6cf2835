package com.basicmemory.bm.testing;

import java.util.List;

/** What a user sees of one {@code bm} run: exit code, stdout, stderr. */
public record BmRun(int exitCode, String stdout, String stderr, List<String> args) {

    public List<String> stderrLines() {
        return stderr.lines().toList();
    }

    @Override
    public String toString() {
        return "bm " + String.join(" ", args) + " -> exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n"
                + stderr;
    }
}
