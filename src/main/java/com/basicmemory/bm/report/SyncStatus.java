package com.basicmemory.bm.report;

import com.basicmemory.bm.cli.ExitCode;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The {@code status} of a report (CONTRACT.md) and the exit code that goes with it. */
public enum SyncStatus {
    SUCCESS("success", ExitCode.OK),
    CONFLICTS("conflicts", ExitCode.OK),
    LOCK_BUSY("lock_busy", ExitCode.LOCK_BUSY),
    NEEDS_RESYNC("needs_resync", ExitCode.NEEDS_RESYNC),
    MAX_DELETE_ABORT("max_delete_abort", ExitCode.SAFETY_ABORT),
    SAFETY_ABORT("safety_abort", ExitCode.SAFETY_ABORT),
    FAILED("failed", ExitCode.FAILED),
    INTERRUPTED("interrupted", ExitCode.FAILED);

    private final String id;
    private final int exitCode;

    SyncStatus(String id, int exitCode) {
        this.id = id;
        this.exitCode = exitCode;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public int exitCode() {
        return exitCode;
    }

    public boolean ok() {
        return exitCode == ExitCode.OK;
    }

    @JsonCreator
    public static SyncStatus of(String id) {
        for (SyncStatus s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status " + id);
    }

    /** Which outcome wins when a run combines several projects: the one with the most severe exit code. */
    public int rank() {
        return switch (this) {
            case SUCCESS -> 0;
            case CONFLICTS -> 1;
            case FAILED -> 2;
            case INTERRUPTED -> 3;
            case MAX_DELETE_ABORT -> 4;
            case SAFETY_ABORT -> 5;
            case NEEDS_RESYNC -> 6;
            case LOCK_BUSY -> 7;
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
