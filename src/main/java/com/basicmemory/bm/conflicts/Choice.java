package com.basicmemory.bm.conflicts;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a conflict was settled. {@code merge} only interactively (a person edits the merged text). */
public enum Choice {
    LOCAL("local"),
    CLOUD("cloud"),
    BOTH("both"),
    MERGE("merge");

    private final String id;

    Choice(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }
}
