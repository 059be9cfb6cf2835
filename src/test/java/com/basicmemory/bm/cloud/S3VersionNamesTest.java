package com.basicmemory.bm.cloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class S3VersionNamesTest {
    static final Instant T = Instant.parse("2026-11-25T09:16:03.076Z");

    @Test
    void theVersionTimeGoesBeforeTheExtensionAsRcloneNamesIt() {
        // the names rclone 1.60 listed with --s3-versions (RCLONE-NOTES.md, S3MockServerIT)
        assertEquals("n-v2026-11-25-091603-076.md", S3VersionNames.versionedName("n.md", T));
        assertEquals("README-v2026-11-25-091603-076", S3VersionNames.versionedName("README", T));
        assertEquals("a.tar-v2026-11-25-091603-076.gz", S3VersionNames.versionedName("a.tar.gz", T));
        assertEquals(".env-v2026-11-25-091603-076", S3VersionNames.versionedName(".env", T), "a dot file: at the end");
    }

    @Test
    void aListedNameIsAVersionOfExactlyOneFile() {
        assertEquals(Optional.of(T), S3VersionNames.versionTime("n-v2026-11-25-091603-076.md", "n.md"));
        assertEquals(Optional.of(T), S3VersionNames.versionTime("a [x]-v2026-11-25-091603-076.md", "a [x].md"));
        assertEquals(Optional.empty(), S3VersionNames.versionTime("n.md", "n.md"), "the current object");
        assertEquals(Optional.empty(), S3VersionNames.versionTime("n2-v2026-11-25-091603-076.md", "n.md"));
        assertEquals(Optional.empty(), S3VersionNames.versionTime("n-v2026-11-25-091603-076.md", "n-v.md"));
        assertEquals(Optional.empty(), S3VersionNames.versionTime("n-v2026-11-25-091603-076.txt", "n.md"));
        assertEquals(Optional.empty(), S3VersionNames.versionTime("n-v2026-13-25-091603-076.md", "n.md"),
                "no month 13");
    }

    @Test
    void aVersionIdIsTheTokenWithOrWithoutItsV() {
        assertEquals("v2026-11-25-091603-076", S3VersionNames.token(T));
        assertEquals(Optional.of(T), S3VersionNames.parseToken("v2026-11-25-091603-076"));
        assertEquals(Optional.of(T), S3VersionNames.parseToken(" 2026-11-25-091603-076 "));
        assertTrue(S3VersionNames.parseToken("v2026-11-25-0916").isEmpty());
        assertTrue(S3VersionNames.parseToken("3f2a9c").isEmpty());
        assertTrue(S3VersionNames.parseToken(null).isEmpty());
    }

    @Test
    void splitExtFollowsGoPathExt() {
        assertArrayEquals(new String[] {"n", ".md"}, S3VersionNames.splitExt("n.md"));
        assertArrayEquals(new String[] {"n", ""}, S3VersionNames.splitExt("n"));
        assertArrayEquals(new String[] {".env", ""}, S3VersionNames.splitExt(".env"));
        assertArrayEquals(new String[] {"x", "."}, S3VersionNames.splitExt("x."), "x. has the extension '.'");
    }

    @Test
    void globCharactersAreEscapedForRcloneFilters() {
        assertEquals("a \\[x\\] \\{1,2\\} \\*\\? \\\\ b", S3VersionNames.escapeGlob("a [x] {1,2} *? \\ b"));
        assertEquals("plain name.md", S3VersionNames.escapeGlob("plain name.md"));
    }
}
