package com.basicmemory.bm.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command understands. They are inherited by all subcommands ({@code bm sync -q} and
 * {@code bm -q sync} are the same).
 */
public class GlobalOptions {
    private static volatile boolean showErrors;
    private static volatile boolean quiet;
    private static volatile boolean verbose;

    @Option(names = {"-e", "--errors"}, scope = ScopeType.INHERIT,
            description = "Print the full stack trace of an unexpected error (for bug reports).")
    void setErrors(boolean value) {
        showErrors = value;
    }

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print nothing on stderr unless something needs attention (warnings, errors).")
    void setQuiet(boolean value) {
        quiet = value;
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print more detail on stderr (the rclone commands run, each project's outcome).")
    void setVerbose(boolean value) {
        verbose = value;
    }

    public static boolean showErrors() {
        return showErrors;
    }

    public static boolean quiet() {
        return quiet;
    }

    public static boolean verbose() {
        return verbose;
    }

    /** Tests run several commands in one JVM. */
    public static void reset() {
        showErrors = false;
        quiet = false;
        verbose = false;
    }
}
