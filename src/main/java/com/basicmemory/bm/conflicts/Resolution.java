package com.basicmemory.bm.conflicts;

import java.util.List;

/**
 * One settled conflict, as recorded in the history database ({@code conflict_resolutions}) and printed by
 * {@code bm conflicts resolve --json}.
 *
 * @param id random id of this resolution
 * @param resolvedAt ISO-8601 time with offset
 * @param path the original file, relative to the sync directory; it now holds the kept version
 * @param project the project
 * @param choice local, cloud, both or merge
 * @param keptFrom the version now at {@code path} (a copy's path, the original's, or null for a merge)
 * @param otherFile with {@code both}: where the local version now is; else null
 * @param removed the conflict copies that no longer exist
 * @param backupDir the folder holding a copy of every version, under {@code BM_HOME/conflict-backups/}
 * @param interactive true when a person chose at the prompt
 */
public record Resolution(String id, String resolvedAt, String path, String project, Choice choice, String keptFrom,
        String otherFile, List<String> removed, String backupDir, boolean interactive) {
}
