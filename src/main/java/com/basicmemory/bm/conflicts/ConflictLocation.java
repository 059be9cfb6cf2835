package com.basicmemory.bm.conflicts;

import java.nio.file.Path;
import java.util.List;

/**
 * Where conflicts are looked for: the sync directory (its real path, symbolic links resolved) and the folders never
 * to enter (BM_HOME).
 *
 * @param syncDir the sync directory's real path
 * @param configured the sync directory as configured (may be a symbolic link)
 * @param skip real paths never to scan
 */
public record ConflictLocation(Path syncDir, Path configured, List<Path> skip) {
}
