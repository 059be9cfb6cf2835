package com.basicmemory.bm.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.basicmemory.bm.sync.Limits;
import com.basicmemory.bm.sync.Profile;

/**
 * The configuration in effect for one command: the file's values with every default filled in.
 *
 * @param syncDir absolute local sync directory
 * @param remote rclone path of the cloud root (for the embedded cloud: an absolute local folder)
 * @param embeddedCloud true when {@code remote} is the embedded default under BM_HOME
 * @param profile default profile
 * @param mountDir absolute mount directory that must stay separate from the sync directory
 * @param fromFile false when no config.json exists and every value is a default
 * @param ignore the global ignore list in effect
 * @param projects per-project settings (a project without an entry has {@link ProjectConfig#DEFAULT})
 * @param limits global bandwidth/transaction limits
 * @param profileLimits limits per profile id
 */
public record ResolvedConfig(Path syncDir, String remote, boolean embeddedCloud, Profile profile, Path mountDir,
        boolean fromFile, List<String> ignore, Map<String, ProjectConfig> projects, Limits limits,
        Map<String, Limits> profileLimits) {

    public ResolvedConfig(Path syncDir, String remote, boolean embeddedCloud, Profile profile, Path mountDir,
            boolean fromFile, List<String> ignore, Map<String, ProjectConfig> projects) {
        this(syncDir, remote, embeddedCloud, profile, mountDir, fromFile, ignore, projects, Limits.NONE, Map.of());
    }

    /** The limits for a profile: its own (config.json {@code profile_limits}), then the global ones. */
    public Limits limitsFor(Profile p) {
        Limits own = profileLimits.get(p.id());
        return own == null ? limits : own.or(limits);
    }

    public ProjectConfig project(String name) {
        return projects.getOrDefault(name, ProjectConfig.DEFAULT);
    }

    /** The profile of a project: its own, else the configured default. */
    public Profile profileOf(String name) {
        Profile p = project(name).profile();
        return p != null ? p : profile;
    }

    /** The rclone path of one project's cloud folder. */
    public String remoteFor(String project) {
        return remote.endsWith("/") || remote.endsWith(":") ? remote + project : remote + "/" + project;
    }
}
