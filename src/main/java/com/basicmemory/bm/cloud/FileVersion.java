package com.basicmemory.bm.cloud;

/**
 * One version of one file, as {@code bm cloud versions} prints it.
 *
 * @param versionId what {@code bm cloud restore --version-id} takes: for S3 the version's time token as rclone names
 *        old versions ({@code v2026-11-25-114713-117}, the UTC time the cloud stored it, to the millisecond), for Git
 *        the commit hash
 * @param time when this version came to be, ISO-8601 UTC: S3 the time the cloud stored it, Git the commit time
 * @param size bytes
 * @param current the newest version: the object the cloud serves now (S3), the file as of HEAD (Git)
 * @param message the commit's subject (Git), null for S3
 */
public record FileVersion(String versionId, String time, long size, boolean current, String message) {
}
