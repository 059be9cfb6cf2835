package com.basicmemory.bm.report;

import java.util.List;

/**
 * One {@code bm sync} run: the same object in {@code sync-history/*.json}, in the database and on stdout with
 * {@code --report}. Required fields are listed in CONTRACT.md; docs/report.md documents every field.
 */
public record SyncReport(
        String id,
        String timestamp,
        double durationSeconds,
        int exitCode,
        Integer rcloneExitCode,
        boolean success,
        SyncStatus status,
        boolean dryRun,
        boolean resync,
        String profile,
        List<String> projects,
        String deviceId,
        String rcloneVersion,
        int filesCreated,
        int filesUpdated,
        int filesDeleted,
        Direction toCloud,
        Direction toLocal,
        long bytesTransferred,
        List<Conflict> conflicts,
        List<String> errors,
        List<ProjectReport> perProject,
        List<String> warnings,
        String bmVersion,
        String host,
        String syncDir,
        String remote,
        String command,
        int schemaVersion) {

    public static final int SCHEMA_VERSION = 1;

    public int conflictCount() {
        return conflicts == null ? 0 : conflicts.size();
    }
}
