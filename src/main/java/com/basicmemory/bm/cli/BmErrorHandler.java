package com.basicmemory.bm.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place where outcomes become stderr lines and exit codes. A user sees one clear line (and, where it helps,
 * the next step); a stack trace only with {@code -e}.
 */
public final class BmErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        int code = report(ex, err);
        err.flush();
        return code;
    }

    /** Prints the line(s) for an exception and returns the exit code. Used by long-running loops too. */
    public static int report(Throwable ex, PrintWriter err) {
        if (ex instanceof BmException bm) {
            err.println("bm: " + bm.getMessage() + (bm.hint() != null ? "; " + bm.hint() : ""));
            if (GlobalOptions.showErrors() && bm.getCause() != null) {
                bm.getCause().printStackTrace(err);
            }
            return bm.exitCode();
        }
        Throwable root = rootCause(ex);
        String what = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        err.println("bm: unexpected error: " + what + (GlobalOptions.showErrors() ? "" : " (run again with -e for details)"));
        if (GlobalOptions.showErrors()) {
            ex.printStackTrace(err);
        }
        return ExitCode.FAILED;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message = ex.getMessage();
        if (ex.getCause() instanceof BmException bm) {
            message = bm.getMessage();
        }
        err.println("bm: " + message + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        if (GlobalOptions.showErrors()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCode.BAD_INPUT;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
