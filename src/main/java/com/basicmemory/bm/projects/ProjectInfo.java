package com.basicmemory.bm.projects;

import java.util.List;

/**
 * One project as {@code bm project list} shows it.
 *
 * @param name the top-level folder name
 * @param localPath the project folder in the sync directory
 * @param local the folder exists locally
 * @param cloud the folder exists in the cloud; null when the cloud could not be listed
 * @param included false when excluded from sync
 * @param profile the profile in effect
 * @param profileSource "project" when set for this project, "default" otherwise
 * @param ignore the project's own ignore patterns (the global list applies too)
 * @param only the project's "only" patterns (empty: all files)
 * @param lastSync the last run that synced this project, or null
 * @param conflicts conflict copies now in the local folder
 */
public record ProjectInfo(String name, String localPath, boolean local, Boolean cloud, boolean included,
        String profile, String profileSource, List<String> ignore, List<String> only, LastSync lastSync,
        int conflicts) {

    /** The last run that synced a project: its time, this project's status in it, and the report id. */
    public record LastSync(String timestamp, String status, String reportId) {
    }
}
