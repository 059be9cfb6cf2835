package com.basicmemory.bm.sync;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.basicmemory.bm.conflicts.ConflictNames;
import com.basicmemory.bm.rclone.RcloneVersion;

/**
 * The rclone bisync arguments of one project run, chosen by the rclone version: only flags it knows are passed.
 *
 * @param path1 local project folder
 * @param path2 cloud project folder
 * @param workdir bisync state folder of this project
 * @param filtersFile generated filters file
 * @param profile profile in effect
 * @param maxDeletePercent {@code --max-delete} (the profile's, or 100 when bm relaxed it within the allowance)
 * @param resync pass {@code --resync}
 * @param dryRun pass {@code --dry-run}
 * @param force pass {@code --force}
 * @param liveStats ask for stats every second (terminal progress)
 * @param limits {@code --bwlimit} and {@code --tpslimit}
 * @param backupDir1 {@code --backup-dir1} (rclone 1.66+, never on a dry run): where a local file bisync deletes or
 *        overwrites is moved; null for none
 */
public record BisyncArgs(String path1, String path2, Path workdir, Path filtersFile, Profile profile,
        int maxDeletePercent, boolean resync, boolean dryRun, boolean force, boolean liveStats, Limits limits,
        Path backupDir1) {

    public BisyncArgs(String path1, String path2, Path workdir, Path filtersFile, Profile profile,
            int maxDeletePercent, boolean resync, boolean dryRun, boolean force, boolean liveStats) {
        this(path1, path2, workdir, filtersFile, profile, maxDeletePercent, resync, dryRun, force, liveStats,
                Limits.NONE, null);
    }

    public List<String> toArgs(RcloneVersion v) {
        List<String> a = new ArrayList<>();
        a.add("bisync");
        a.add(path1);
        a.add(path2);
        a.add("--workdir");
        a.add(workdir.toString());
        a.add("--filters-file");
        a.add(filtersFile.toString());
        a.add("--max-delete");
        a.add(Integer.toString(maxDeletePercent));
        a.add("-v");
        a.add("--use-json-log");
        if (liveStats) {
            a.add("--stats");
            a.add("1s");
        }
        if (limits != null && limits.bwlimit() != null) {
            a.add("--bwlimit");
            a.add(limits.bwlimit());
        }
        if (limits != null && limits.tpslimit() != null) {
            a.add("--tpslimit");
            a.add(limits.tpslimit() == Math.rint(limits.tpslimit()) ? Long.toString(limits.tpslimit().longValue())
                    : Double.toString(limits.tpslimit()));
        }
        if (v.hasColorFlag()) {
            a.add("--color");
            a.add("NEVER");
        }
        if (v.hasResilient()) {
            a.add("--resilient");
        }
        if (v.hasConflictResolve()) {
            a.add("--conflict-resolve");
            a.add(profile.conflictPolicy().rcloneResolve());
            a.add("--conflict-loser");
            a.add("num");
            a.add("--conflict-suffix");
            a.add(ConflictNames.RCLONE_SUFFIXES);
            a.add("--suffix-keep-extension");
        }
        if (v.hasRecover()) {
            a.add("--recover");
        }
        if (v.hasBackupDirs() && backupDir1 != null && !dryRun) {
            a.add("--backup-dir1");
            a.add(backupDir1.toString());
        }
        // --backup-dir2 (the cloud side's deletes and overwrites) would go here: a cloud-side trash is planned, not
        // done; on a crypt or S3 remote it must be a folder of the same remote, outside the synced project
        if (resync) {
            a.add("--resync");
        }
        if (dryRun) {
            a.add("--dry-run");
        }
        if (force) {
            a.add("--force");
        }
        return a;
    }
}
