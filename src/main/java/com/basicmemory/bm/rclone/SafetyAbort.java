package com.basicmemory.bm.rclone;

/**
 * One of bisync's safety checks stopped the run before anything was changed (exit code 1,
 * "Run with --force if desired").
 *
 * @param kind    which check
 * @param side    {@code "Path1"} or {@code "Path2"}, or {@code null} when only the final
 *                {@code Failed to bisync: ...} line was seen
 * @param percent the {@code --max-delete} limit in percent (MAX_DELETE only, else {@code null})
 * @param deleted files deleted on that side (MAX_DELETE only, else {@code null})
 * @param total   files in that side's prior listing (MAX_DELETE only, else {@code null})
 */
public record SafetyAbort(Kind kind, String side, Integer percent, Integer deleted, Integer total) {

    public enum Kind {
        /** {@code Safety abort: too many deletes (>50%, 10 of 17) on Path1 "...". Run with --force if desired.} */
        MAX_DELETE,
        /** {@code Safety abort: all files were changed on Path1 "...". Run with --force if desired.} */
        ALL_FILES_CHANGED
    }
}
