package com.basicmemory.bm.rclone;

import java.util.List;

/**
 * What one {@code rclone bisync} run did, as read from its stderr by {@link BisyncLogParser}.
 *
 * @param exitCode         the process exit code
 * @param toPath1          changes applied to Path1 (on a dry run: what would be applied)
 * @param toPath2          changes applied to Path2 (on a dry run: what would be applied)
 * @param path1Deltas      what rclone detected on Path1 since the last run
 * @param path2Deltas      what rclone detected on Path2 since the last run
 * @param conflicts        files new or changed on both sides
 * @param bytesTransferred from the last JSON stats object, else the last text stats block, else 0
 * @param errors           ERROR-level messages and the final {@code Failed to ...} line, deduplicated,
 *                         at most 100 plus a last {@code "... and N more errors"} entry
 * @param successful       {@code Bisync successful} was printed
 * @param noChanges        {@code No changes found} was printed
 * @param mustResync       {@code Must run --resync} was printed: the next run needs {@code --resync}
 * @param interrupted      {@code Bisync interrupted} or {@code Signal received} was printed
 * @param dryRun           a {@code ... as --dry-run is set} line was printed
 * @param safetyAbort      the safety check that stopped the run, or {@code null}
 * @param priorLockFile    the lock file named by {@code Failed to bisync: prior lock file found: X}, or {@code null}
 * @param rcloneNotice     the {@code bisync is EXPERIMENTAL / IN BETA ...} notice, or {@code null}
 * @param invalidUtf8Names names that are not UTF-8, as rclone printed them ({@code caf\xe9.md}, relative to the
 *                         side's folder): rclone replaces the bad bytes and cannot be relied on to sync them
 */
public record BisyncOutcome(
        int exitCode,
        Changes toPath1, Changes toPath2,
        SideDeltas path1Deltas, SideDeltas path2Deltas,
        List<ConflictEvent> conflicts,
        long bytesTransferred,
        List<String> errors,
        boolean successful,
        boolean noChanges,
        boolean mustResync,
        boolean interrupted,
        boolean dryRun,
        SafetyAbort safetyAbort,
        String priorLockFile,
        String rcloneNotice,
        List<String> invalidUtf8Names) {

    public BisyncOutcome(int exitCode, Changes toPath1, Changes toPath2, SideDeltas path1Deltas,
            SideDeltas path2Deltas, List<ConflictEvent> conflicts, long bytesTransferred, List<String> errors,
            boolean successful, boolean noChanges, boolean mustResync, boolean interrupted, boolean dryRun,
            SafetyAbort safetyAbort, String priorLockFile, String rcloneNotice) {
        this(exitCode, toPath1, toPath2, path1Deltas, path2Deltas, conflicts, bytesTransferred, errors, successful,
                noChanges, mustResync, interrupted, dryRun, safetyAbort, priorLockFile, rcloneNotice, List.of());
    }

    public BisyncOutcome {
        toPath1 = toPath1 == null ? Changes.NONE : toPath1;
        toPath2 = toPath2 == null ? Changes.NONE : toPath2;
        path1Deltas = path1Deltas == null ? SideDeltas.NONE : path1Deltas;
        path2Deltas = path2Deltas == null ? SideDeltas.NONE : path2Deltas;
        conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
        errors = errors == null ? List.of() : List.copyOf(errors);
        invalidUtf8Names = invalidUtf8Names == null ? List.of() : List.copyOf(invalidUtf8Names);
    }

    /** Changes on both sides together. */
    public Changes totalChanges() {
        return toPath1.plus(toPath2);
    }

    public boolean hasConflicts() {
        return !conflicts.isEmpty();
    }

    /** A safety check stopped the run; nothing was changed and {@code --force} would override it. */
    public boolean safetyAborted() {
        return safetyAbort != null;
    }

    /** A stale or concurrent lock stopped the run. */
    public boolean lockedOut() {
        return priorLockFile != null;
    }
}
