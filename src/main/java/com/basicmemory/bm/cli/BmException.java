package com.basicmemory.bm.cli;

/**
 * The one way a command reports an outcome other than success: a message for one clear line on stderr, an optional
 * next step, and the contract's exit code. {@link BmErrorHandler} prints it; commands never catch-and-print.
 */
public class BmException extends RuntimeException {
    private final int exitCode;
    private final String hint;

    public BmException(int exitCode, String message, String hint, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    public BmException(int exitCode, String message) {
        this(exitCode, message, null, null);
    }

    public static BmException badInput(String message) {
        return new BmException(ExitCode.BAD_INPUT, message);
    }

    public static BmException badInput(String message, String hint) {
        return new BmException(ExitCode.BAD_INPUT, message, hint, null);
    }

    public static BmException failed(String message, Throwable cause) {
        return new BmException(ExitCode.FAILED, message, null, cause);
    }

    public static BmException failed(String message) {
        return new BmException(ExitCode.FAILED, message);
    }

    public int exitCode() {
        return exitCode;
    }

    public String hint() {
        return hint;
    }
}
