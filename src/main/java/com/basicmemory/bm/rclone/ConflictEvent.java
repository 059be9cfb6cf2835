package com.basicmemory.bm.rclone;

import java.util.List;

/**
 * A file that was new or changed on both sides.
 *
 * @param path   the original file, relative to the bisync root (e.g. {@code notes/n1.md})
 * @param files  the conflict copies that exist after the run, relative to the root, in the order rclone
 *               named them (e.g. {@code notes/n1.md..path1}, {@code notes/n1.md..path2} in 1.60;
 *               {@code file1.txt.conflict1} or a custom suffix such as {@code file1.txt.dinosaur1} in 1.66+).
 *               Empty when the loser was deleted ({@code --conflict-loser delete}).
 * @param winner {@code "path1"}, {@code "path2"}, or {@code null} when rclone did not pick a winner
 *               (always {@code null} for rclone 1.60, which keeps both copies)
 */
public record ConflictEvent(String path, List<String> files, String winner) {

    public ConflictEvent {
        files = files == null ? List.of() : List.copyOf(files);
    }
}
