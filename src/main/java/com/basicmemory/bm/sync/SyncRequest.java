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
 * @param limits bandwidth/transaction limits given on the command line (over the configured ones)
 * @param lockWait how long to wait for the device lock (null: refuse at once with exit 3)
 * @param warnings warnings to record in this run's report (from the watcher)
 */
public record SyncRequest(List<String> projects, Profile profile, boolean resync, boolean dryRun, boolean force,
        String command, boolean progress, boolean verbose, Limits limits, java.time.Duration lockWait,
        List<String> warnings) {

    public SyncRequest {
        projects = projects == null ? List.of() : List.copyOf(projects);
        limits = limits == null ? Limits.NONE : limits;
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public SyncRequest(List<String> projects, Profile profile, boolean resync, boolean dryRun, boolean force,
            String command, boolean progress, boolean verbose) {
        this(projects, profile, resync, dryRun, force, command, progress, verbose, null, null, null);
    }

    public SyncRequest withProjects(List<String> p) {
        return new SyncRequest(p, profile, resync, dryRun, force, command, progress, verbose, limits, lockWait,
                warnings);
    }

    public SyncRequest withWarnings(List<String> w) {
        return new SyncRequest(projects, profile, resync, dryRun, force, command, progress, verbose, limits, lockWait,
                w);
    }
}
