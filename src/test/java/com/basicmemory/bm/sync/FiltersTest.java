package com.basicmemory.bm.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.basicmemory.bm.config.ConfigStore;
import com.basicmemory.bm.config.ProjectConfig;
import com.basicmemory.bm.config.ResolvedConfig;

class FiltersTest {
    static List<String> rules(String pattern) {
        List<String> inc = new ArrayList<>();
        List<String> exc = new ArrayList<>();
        Filters.translate(pattern, inc, exc);
        List<String> all = new ArrayList<>(inc);
        all.addAll(exc);
        return all;
    }

    @Test
    void gitignoreStylePatternsBecomeRcloneRules() {
        assertEquals(List.of("- .git/**"), rules(".git/"));
        assertEquals(List.of("- /drafts/**"), rules("drafts/**"));
        assertEquals(List.of("- /drafts/**"), rules("/drafts/"));
        assertEquals(List.of("- *.tmp", "- *.tmp/**"), rules("*.tmp"));
        assertEquals(List.of("- /a/b.md", "- /a/b.md/**"), rules("a/b.md"));
        assertEquals(List.of("+ keep.md", "+ keep.md/**"), rules("!keep.md"));
        assertEquals(List.of(), rules("# a comment"));
        assertEquals(List.of(), rules("   "));
    }

    static ResolvedConfig config(List<String> ignore, Map<String, ProjectConfig> projects) {
        return new ResolvedConfig(Path.of("/s"), "/c", false, Profile.BALANCED, Path.of("/m"), true, ignore, projects);
    }

    @Test
    void aProjectFileHasReIncludesFirstThenGlobalAndProjectExcludesThenOnlyRules() {
        ResolvedConfig c = config(List.of(".git/", "!important.tmp", "*.tmp"),
                Map.of("work", new ProjectConfig(null, null, List.of("drafts/"), List.of("*.md"))));
        assertEquals(Filters.HEADER + """
                - *.[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f].partial
                + important.tmp
                + important.tmp/**
                - .git/**
                - *.tmp
                - *.tmp/**
                - drafts/**
                + *.md
                + *.md/**
                - **
                """, Filters.contentFor(c, "work"));
        assertEquals(Filters.HEADER + """
                - *.[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f].partial
                + important.tmp
                + important.tmp/**
                - .git/**
                - *.tmp
                - *.tmp/**
                """, Filters.contentFor(c, "other"));
    }

    @Test
    void removingPatternsOnlyRelaxesAddingDoesNot() {
        ResolvedConfig before = config(ConfigStore.DEFAULT_IGNORE,
                Map.of("w", new ProjectConfig(null, null, List.of("drafts/"), List.of())));
        ResolvedConfig after = config(ConfigStore.DEFAULT_IGNORE, Map.of());
        String old = Filters.contentFor(before, "w");
        String now = Filters.contentFor(after, "w");
        assertTrue(Filters.onlyRelaxes(old, now));
        assertFalse(Filters.onlyRelaxes(now, old));
        assertTrue(Filters.onlyRelaxes(now, now));
    }

    @Test
    void rclonesTempFileRuleComesFirstAndAddingItOnlyRelaxes() {
        ResolvedConfig c = config(List.of("!*.partial"), Map.of());
        String now = Filters.contentFor(c, "w");
        assertTrue(now.startsWith(Filters.HEADER + PartialFiles.RULE + "\n+ *.partial\n"), now);
        String before = now.replace(PartialFiles.RULE + "\n", ""); // a file written by a bm without the rule
        assertTrue(Filters.onlyRelaxes(before, now), "the temp-file rule ignores no note");
    }
}
