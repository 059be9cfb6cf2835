package com.basicmemory.bm.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.basicmemory.bm.sync.Limits;
import com.basicmemory.bm.sync.Profile;

/**
 * {@code BM_HOME/config.json}, as written by {@code bm cloud setup} and {@code bm project ...}. Fields are snake_case
 * on disk; absent optional fields take their defaults (docs/files.md).
 *
 * @param configVersion schema version of this file (1)
 * @param syncDir the local sync directory (rclone's Path1); each top-level folder is a project
 * @param remote the cloud (rclone's Path2): anything rclone accepts as a path; null means the embedded default cloud
 * @param profile the default profile for every project
 * @param mountDir where {@code rclone mount} shows the cloud, if used; must never be (or contain) the sync directory
 * @param ignore the global ignore list (gitignore-style patterns applied to every project); null: the built-in list
 * @param projects per-project settings by project name; a project without an entry is included with the defaults
 * @param bwlimit rclone {@code --bwlimit} for every sync (rclone's syntax, timetables included); null for none
 * @param tpslimit rclone {@code --tpslimit} for every sync; null for none
 * @param profileLimits bandwidth/transaction limits per profile id ({@code safe}, {@code balanced}, {@code fast}),
 *        over the global ones
 */
public record BmConfig(int configVersion, String syncDir, String remote, Profile profile, String mountDir,
        List<String> ignore, Map<String, ProjectConfig> projects, String bwlimit, Double tpslimit,
        Map<String, Limits> profileLimits) {
    public static final int CURRENT_VERSION = 1;

    public BmConfig {
        projects = projects == null ? Map.of() : new TreeMap<>(projects);
        profileLimits = profileLimits == null ? Map.of() : new TreeMap<>(profileLimits);
    }

    public BmConfig(int configVersion, String syncDir, String remote, Profile profile, String mountDir,
            List<String> ignore, Map<String, ProjectConfig> projects) {
        this(configVersion, syncDir, remote, profile, mountDir, ignore, projects, null, null, null);
    }

    public BmConfig withProjects(Map<String, ProjectConfig> p) {
        return new BmConfig(configVersion, syncDir, remote, profile, mountDir, ignore, p, bwlimit, tpslimit,
                profileLimits);
    }

    public BmConfig withIgnore(List<String> i) {
        return new BmConfig(configVersion, syncDir, remote, profile, mountDir, i, projects, bwlimit, tpslimit,
                profileLimits);
    }
}
