package com.basicmemory.bm.cli;

/**
 * The exit codes of CONTRACT.md. Scripts and cron jobs rely on them: change only with a documented migration.
 */
public final class ExitCode {
    /** Done. A sync that left conflicts is still 0; its report says so. */
    public static final int OK = 0;
    /** Failed: rclone or I/O error; retrying may help. */
    public static final int FAILED = 1;
    /** Bad input or usage. */
    public static final int BAD_INPUT = 2;
    /** Another sync holds the lock on this device. */
    public static final int LOCK_BUSY = 3;
    /** Sync state needs {@code --resync}. */
    public static final int NEEDS_RESYNC = 4;
    /** Safety abort: too many deletes or all files changed, beyond what the profile allows. */
    public static final int SAFETY_ABORT = 5;

    private ExitCode() {
    }
}
