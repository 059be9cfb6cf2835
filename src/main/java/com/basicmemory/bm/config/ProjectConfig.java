package com.basicmemory.bm.config;

import java.util.List;

import com.basicmemory.bm.sync.Profile;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One project's settings in config.json.
 *
 * @param included false: the project is never synced (its files never reach the other side); null means true
 * @param profile the project's own profile; null: the configured default
 * @param ignore gitignore-style patterns, relative to the project folder, that are never synced
 * @param only when not empty, only files matching these patterns are synced
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProjectConfig(Boolean included, Profile profile, List<String> ignore, List<String> only) {
    public static final ProjectConfig DEFAULT = new ProjectConfig(null, null, List.of(), List.of());

    public ProjectConfig {
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
        only = only == null ? List.of() : List.copyOf(only);
    }

    public boolean isIncluded() {
        return included == null || included;
    }

    public ProjectConfig withIncluded(boolean v) {
        return new ProjectConfig(v ? null : Boolean.FALSE, profile, ignore, only);
    }

    public ProjectConfig withProfile(Profile p) {
        return new ProjectConfig(included, p, ignore, only);
    }

    public ProjectConfig withIgnore(List<String> i) {
        return new ProjectConfig(included, profile, i, only);
    }

    public ProjectConfig withOnly(List<String> o) {
        return new ProjectConfig(included, profile, ignore, o);
    }
}
