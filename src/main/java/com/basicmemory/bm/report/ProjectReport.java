package com.basicmemory.bm.report;

import java.util.List;

/**
 * One project's part of a run (CONTRACT.md {@code per_project}: project, status, to_cloud, to_local, conflicts; the
 * rest is bm's own).
 *
 * @param project the top-level folder name
 * @param status the project's outcome
 * @param exitCode the bm exit code of this project alone
 * @param rcloneExitCode rclone's exit code of the last bisync of this project, null when none ran
 * @param profile the profile used
 * @param toCloud changes made to the cloud
 * @param toLocal changes made to the local sync directory
 * @param conflicts conflicts created by this run in this project
 * @param bytesTransferred bytes rclone transferred
 * @param durationSeconds wall time of this project
 * @param resync true when this run did a {@code --resync} of the project (first run, explicit, or recovery)
 * @param forced true when bm relaxed an rclone safety check within the profile's allowance
 * @param errors error lines (secrets redacted)
 * @param notes what bm decided along the way, one line each
 */
public record ProjectReport(String project, SyncStatus status, int exitCode, Integer rcloneExitCode, String profile,
        Direction toCloud, Direction toLocal, List<Conflict> conflicts, long bytesTransferred, double durationSeconds,
        boolean resync, boolean forced, List<String> errors, List<String> notes) {

    /**
     * The note a project gets when bm is about to resync it (a first run, {@code --resync}, a filters change): stats
     * tell a refused or blocked resync from a diverged bisync state by it (docs/stats.md).
     */
    public static final String RESYNC_NOTE_PREFIX = "resync: ";

    /**
     * A note that needs the user's attention: also in the report's {@code warnings} (without the prefix), printed
     * after every run, even with {@code -q}.
     */
    public static final String WARNING_PREFIX = "warning: ";
}
