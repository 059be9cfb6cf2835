package com.basicmemory.bm.conflicts;

import java.time.Instant;

/**
 * One version of a conflicted file as found on disk: a conflict copy, or the original when it still exists.
 *
 * @param path relative to the sync directory, with {@code /}
 * @param side the side this version came from, or null when the name does not tell
 * @param size bytes
 * @param modified modification time
 * @param naming how the copy is named; null for the original
 */
public record ConflictFile(String path, Side side, long size, Instant modified, ConflictNaming naming) {

    public boolean isOriginal() {
        return naming == null;
    }

    public String fileName() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    public ConflictFile withSide(Side s) {
        return new ConflictFile(path, s, size, modified, naming);
    }
}
