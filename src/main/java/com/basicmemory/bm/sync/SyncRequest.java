package com.basicmemory.bm.sync;

import java.util.List;

/**
 * What one {@code bm sync} run was asked to do.
 *
 * @param projects only these projects (empty: every project)
 * @param profile profile for this run (null: the configured one)
 * @param resync run {@code --resync}, keeping a copy of every file it would overwrite
 * @param dryRun pass {@code --dry-run}: change nothing, report what would happen
 * @param force pass {@code --force}: skip rclone's safety checks (the user accepts mass deletes/changes)
 * @param command the command line, for the lock file and the report
 * @param progress show live progress on stderr (a terminal, not quiet)
 * @param verbose print each rclone command line on stderr
 */
public record SyncRequest(List<String> projects, Profile profile, boolean resync, boolean dryRun, boolean force,
        String command, boolean progress, boolean verbose) {
}
