package com.basicmemory.bm.conflicts;

import java.util.List;

/**
 * One conflict as {@code bm conflicts list --json} prints it (CONTRACT.md: {@code {path, files: [{name, side, size,
 * modified}]}}, plus {@code project}, {@code original} and each file's {@code diff}).
 *
 * @param path the original file, relative to the sync directory
 * @param project the project (top-level folder) it belongs to
 * @param original the original file when it still exists (rclone 1.66+ keeps the winner there), else null
 * @param files the conflict copies
 */
public record ConflictEntry(String path, String project, FileEntry original, List<FileEntry> files) {

    /**
     * One version.
     *
     * @param name path relative to the sync directory (what {@code bm conflicts resolve} accepts)
     * @param side {@code local}, {@code cloud}, or null when the name does not tell
     * @param size bytes
     * @param modified modification time, ISO-8601 with offset
     * @param diff lines added and removed versus the other version, or null (binary, or no other version)
     */
    public record FileEntry(String name, Side side, long size, String modified, DiffSummary diff) {
    }

    /**
     * @param added lines in this version that the other lacks
     * @param removed lines of the other version that this one lacks
     * @param versus the other version's path
     */
    public record DiffSummary(int added, int removed, String versus) {
    }
}
