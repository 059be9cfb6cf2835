package com.basicmemory.bm.stats;

import java.util.List;
import java.util.Map;

/**
 * {@code bm stats}: sync health over a window, every number computed by SQL. docs/stats.md defines each field; the
 * contract's (CONTRACT.md) are {@code since}, {@code total_syncs}, {@code successful_syncs}, {@code conflict_rate},
 * {@code conflicts_total}, {@code avg_sync_duration}, {@code multi_device_collisions}, {@code max_delete_trips},
 * {@code version_restores}, {@code lock_busy}.
 *
 * @param since start of the window (ISO-8601 with the local offset)
 * @param generatedAt end of the window: when the numbers were computed
 * @param project the project the numbers are about, null for the whole device
 * @param totalSyncs runs that started in the window, not dry runs and not refused by the lock
 * @param successfulSyncs of those, the ones that ended {@code success} or {@code conflicts}
 * @param conflictRate {@code syncsWithConflicts / totalSyncs}, 0 when there were no syncs
 * @param syncsWithConflicts syncs that created at least one conflict
 * @param conflictsTotal conflicts created by the syncs
 * @param conflictResolutions conflicts settled with {@code bm conflicts resolve} in the window
 * @param conflictResolutionRate {@code conflictResolutions / conflictsTotal}, 0 when no conflicts were created (above
 *        1 when conflicts from before the window were settled in it)
 * @param avgSyncDuration mean duration of the syncs, seconds (0 when none)
 * @param p50SyncDuration median duration (nearest rank), seconds (0 when none)
 * @param p95SyncDuration 95th percentile duration (nearest rank), seconds (0 when none)
 * @param multiDeviceCollisions syncs in which a project stopped with {@code needs_resync} because its bisync state
 *        diverged
 * @param maxDeleteTrips syncs in which a project stopped with {@code max_delete_abort}
 * @param safetyAborts syncs in which a project stopped with {@code safety_abort}
 * @param versionRestores file versions restored in the window
 * @param lockBusy runs in the window refused by the device lock (device-wide, also with a project)
 * @param dryRuns dry runs in the window (not in the other numbers)
 * @param runsByStatus every run that started in the window (dry runs and refused runs too; with a project, its part
 *        of each run) by status, every status listed
 * @param bytesTransferred bytes the syncs transferred
 * @param toCloud files the syncs created, updated and deleted in the cloud
 * @param toLocal files the syncs created, updated and deleted in the local sync directory
 * @param lastSuccess end time of the newest successful sync ever recorded (not limited to the window), or null
 * @param lastSync end time of the newest sync ever recorded, whatever its outcome, or null
 * @param perDay one entry per local calendar day of the window, oldest first
 */
public record Stats(String since, String generatedAt, String project, long totalSyncs, long successfulSyncs,
        double conflictRate, long syncsWithConflicts, long conflictsTotal, long conflictResolutions,
        double conflictResolutionRate, double avgSyncDuration,
        double p50SyncDuration, double p95SyncDuration, long multiDeviceCollisions, long maxDeleteTrips,
        long safetyAborts, long versionRestores, long lockBusy, long dryRuns, Map<String, Long> runsByStatus,
        long bytesTransferred, Moved toCloud, Moved toLocal, String lastSuccess, String lastSync, List<Day> perDay) {

    /** Files created, updated and deleted on one side. */
    public record Moved(long created, long updated, long deleted) {
        public long total() {
            return created + updated + deleted;
        }
    }

    /** One local calendar day of the window: the same definitions, over that day's syncs. */
    public record Day(String date, long totalSyncs, long successfulSyncs, long syncsWithConflicts, long conflictsTotal,
            double avgSyncDuration, long bytesTransferred) {
    }
}
