package com.basicmemory.bm.conflicts;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which side of the bisync pair a version came from: rclone's Path1 is always the local sync directory, Path2 always
 * the cloud. "Local" means the sync directory of the device whose sync found the conflict.
 */
public enum Side {
    LOCAL("local"),
    CLOUD("cloud");

    private final String id;

    Side(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public Side other() {
        return this == LOCAL ? CLOUD : LOCAL;
    }
}
