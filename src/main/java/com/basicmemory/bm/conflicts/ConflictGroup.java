package com.basicmemory.bm.conflicts;

import java.util.ArrayList;
import java.util.List;

/**
 * A file with conflict copies: the original (when it still exists) and every copy beside it.
 *
 * <p>Sides: a copy's side comes from its name ({@link ConflictNaming}). The original has a side only in rclone 1.66+'s
 * winner case, where it holds the winner's version and there is exactly one copy (the loser): the original is then
 * the other side of that copy. In every other case (rclone 1.60 renames both versions away; a file recreated after
 * the conflict) the original's side is unknown.
 *
 * @param path the original file, relative to the sync directory
 * @param project the top-level folder it belongs to
 * @param original the original as found on disk, or null when it does not exist (rclone up to 1.65 renames both)
 * @param copies the conflict copies, local first, then cloud, then by number
 */
public record ConflictGroup(String path, String project, ConflictFile original, List<ConflictFile> copies) {

    public ConflictGroup {
        copies = List.copyOf(copies);
        if (original != null && original.side() == null && copies.size() == 1 && copies.get(0).side() != null) {
            original = original.withSide(copies.get(0).side().other());
        }
    }

    /** Every version: the original first (when it exists), then the copies. */
    public List<ConflictFile> versions() {
        List<ConflictFile> all = new ArrayList<>(copies.size() + 1);
        if (original != null) {
            all.add(original);
        }
        all.addAll(copies);
        return all;
    }

    /** The one version of a side, or null when there is none or more than one. */
    public ConflictFile version(Side side) {
        ConflictFile found = null;
        for (ConflictFile f : versions()) {
            if (f.side() == side) {
                if (found != null) {
                    return null;
                }
                found = f;
            }
        }
        return found;
    }

    /** The version to compare a version with: the one version of the other side, when there is exactly one. */
    public ConflictFile counterpart(ConflictFile f) {
        if (f.side() == null) {
            return null;
        }
        return version(f.side().other());
    }

    /** The folder of the original, relative to the sync directory ("" at the top). */
    public String parent() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    public String fileName() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
