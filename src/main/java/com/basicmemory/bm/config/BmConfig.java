package com.basicmemory.bm.config;

import com.basicmemory.bm.sync.Profile;

/**
 * {@code BM_HOME/config.json}, as written by {@code bm cloud setup}. Fields are snake_case on disk.
 *
 * @param configVersion schema version of this file (1)
 * @param syncDir the local sync directory (rclone's Path1); each top-level folder is a project
 * @param remote the cloud (rclone's Path2): anything rclone accepts as a path; null means the embedded default cloud
 * @param profile the default profile for every project
 * @param mountDir where {@code rclone mount} shows the cloud, if used; must never be (or contain) the sync directory
 */
public record BmConfig(int configVersion, String syncDir, String remote, Profile profile, String mountDir) {
    public static final int CURRENT_VERSION = 1;
}
