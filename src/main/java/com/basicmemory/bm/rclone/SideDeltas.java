package com.basicmemory.bm.rclone;

/**
 * What rclone bisync detected on one side since the previous run, from its
 * {@code - PathN  File is new / File is newer / File is older / File changed: ... / File was deleted}
 * lines.
 *
 * @param deletedConflictCopies how many of the deleted files are conflict copies (names bm recognises: {@code x..path1},
 *     {@code x.conflict1.md}, ...)
 */
public record SideDeltas(int added, int modified, int deleted, int deletedConflictCopies) {

    public static final SideDeltas NONE = new SideDeltas(0, 0, 0);

    /** Deltas with no conflict copy among the deleted files. */
    public SideDeltas(int added, int modified, int deleted) {
        this(added, modified, deleted, 0);
    }

    /**
     * Deleted files that are not conflict copies. Removing copies is how a conflict is settled ({@code bm conflicts
     * resolve}, or by hand), so the profile's small-change allowance does not count them.
     */
    public int deletedNotCopies() {
        return deleted - deletedConflictCopies;
    }

    public int total() {
        return added + modified + deleted;
    }
}
