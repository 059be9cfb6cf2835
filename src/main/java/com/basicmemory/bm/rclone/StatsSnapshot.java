package com.basicmemory.bm.rclone;

/**
 * One rclone stats entry: the {@code "stats"} object of a {@code --use-json-log} line, or a text stats
 * block ({@code Transferred: / Errors: / Deleted: / Elapsed time:}). Values a text block does not print
 * are 0.
 *
 * @param bytes          bytes transferred so far
 * @param totalBytes     bytes expected in total
 * @param transfers      files transferred so far
 * @param totalTransfers files expected in total
 * @param deletes        files deleted
 * @param errors         errors counted by rclone's accounting
 * @param elapsedSeconds time since the start of the run
 */
public record StatsSnapshot(long bytes, long totalBytes, long transfers, long totalTransfers, long deletes,
        long errors, double elapsedSeconds) {
}
