package com.basicmemory.bm.cloud;

/**
 * What {@code bm cloud restore} did (or, with {@code --dry-run}, would do).
 *
 * @param path the file whose version was restored, relative to the sync directory
 * @param project its project
 * @param source {@code s3} or {@code git}
 * @param location where the version came from (see {@link VersionList#location()})
 * @param versionId the restored version (see {@link FileVersion#versionId()})
 * @param versionTime that version's time, ISO-8601 UTC
 * @param size its size in bytes
 * @param restoredTo the file written (absolute): PATH itself, or the {@code --to} file
 * @param backup the verified copy of the file that was replaced, or null when there was none
 * @param dryRun true when nothing was changed
 * @param command the command that fetches the version (secrets masked)
 */
public record RestoreResult(String path, String project, String source, String location, String versionId,
        String versionTime, long size, String restoredTo, String backup, boolean dryRun, String command) {
}
