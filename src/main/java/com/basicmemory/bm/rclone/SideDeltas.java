package com.basicmemory.bm.rclone;

/**
 * What rclone bisync detected on one side since the previous run, from its
 * {@code - PathN  File is new / File is newer / File is older / File changed: ... / File was deleted}
 * lines.
 */
public record SideDeltas(int added, int modified, int deleted) {

    public static final SideDeltas NONE = new SideDeltas(0, 0, 0);

    public int total() {
        return added + modified + deleted;
    }
}
