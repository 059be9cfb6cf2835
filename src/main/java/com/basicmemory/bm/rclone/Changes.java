package com.basicmemory.bm.rclone;

/**
 * Files changed on one side of a bisync run: copies that created a file, copies that replaced an
 * existing file, and deletions. Directories and conflict renames are not counted.
 */
public record Changes(int created, int updated, int deleted) {

    /** No change at all. */
    public static final Changes NONE = new Changes(0, 0, 0);

    public Changes {
        if (created < 0 || updated < 0 || deleted < 0) {
            throw new IllegalArgumentException("negative change count: " + created + "/" + updated + "/" + deleted);
        }
    }

    /** created + updated + deleted. */
    public int total() {
        return created + updated + deleted;
    }

    public boolean isEmpty() {
        return total() == 0;
    }

    /** Sum of two change counts. */
    public Changes plus(Changes other) {
        return new Changes(created + other.created, updated + other.updated, deleted + other.deleted);
    }
}
