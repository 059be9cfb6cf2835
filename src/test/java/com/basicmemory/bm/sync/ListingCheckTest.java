package com.basicmemory.bm.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ListingCheck} on listings written by the real rclone, and on listing lines in the shape rclone 1.60.1 wrote
 * them here ({@code -       24 md5:... - 2026-01-01T10:00:00.000000000+0000 "f.md"}; {@code -} where a side has no
 * hash).
 */
class ListingCheckTest {
    @TempDir
    Path tmp;

    private static final String HEADER = "# bisync listing v1 from 2026-11-25T16:30:15.785351465+0000\n";

    private static String line(long size, String hash, String name) {
        return String.format("- %8d %s - 2026-01-01T10:00:00.000000000+0000 \"%s\"%n", size, hash, name);
    }

    private Path workdir(String local, String cloud) throws IOException {
        Path wd = Files.createDirectories(tmp.resolve("wd"));
        Files.writeString(wd.resolve("a..b.path1.lst"), HEADER + local);
        Files.writeString(wd.resolve("a..b.path2.lst"), HEADER + cloud);
        return wd;
    }

    private static void rclone(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("rclone"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), () -> String.join(" ", cmd) + ": " + out);
    }

    @Test
    void aFileRewrittenUnderTheSameTimeIsFoundInTheRealRclonesListings() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Path wd = tmp.resolve("rclone-wd");
        FileTime t = FileTime.from(Instant.parse("2026-01-01T10:00:00Z"));
        Files.writeString(a.resolve("f.md"), "hello\n");
        Files.writeString(a.resolve("same.md"), "same\n");
        Files.setLastModifiedTime(a.resolve("f.md"), t);
        rclone("bisync", a.toString(), b.toString(), "--workdir", wd.toString(), "--resync", "-q");
        assertEquals(List.of(), ListingCheck.mismatches(wd), "listings of a clean sync agree");

        Files.writeString(a.resolve("f.md"), "much longer content now\n");
        Files.setLastModifiedTime(a.resolve("f.md"), t);
        rclone("bisync", a.toString(), b.toString(), "--workdir", wd.toString(), "-q");
        List<ListingCheck.Mismatch> found = ListingCheck.mismatches(wd);
        assertEquals(1, found.size(), found::toString);
        assertEquals("f.md", found.get(0).name());
        assertEquals(24, found.get(0).localSize());
        assertEquals(6, found.get(0).cloudSize());
        assertEquals("hello\n", Files.readString(b.resolve("f.md")), "rclone saw no change: the cloud kept the old file");
    }

    @Test
    void sameSizeWithAnotherHashOfTheSameKindDiffers() throws IOException {
        Path wd = workdir(line(6, "md5:b1946ac92492d2347c6235b4d2611184", "x.md"),
                line(6, "md5:4b2ec09e75cfa78a25ee9fbcb476f9b0", "x.md"));
        assertEquals(List.of("x.md"), ListingCheck.mismatches(wd).stream().map(ListingCheck.Mismatch::name).toList());
    }

    @Test
    void missingOrOtherKindsOfHashAndUnknownSizesAreNotCompared() throws IOException {
        Path wd = workdir(
                line(6, "md5:b1946ac92492d2347c6235b4d2611184", "nohash.md")
                        + line(6, "md5:b1946ac92492d2347c6235b4d2611184", "otherkind.md")
                        + line(-1, "-", "unknown-size.md")
                        + line(5, "-", "only-local.md"),
                line(6, "-", "nohash.md")
                        + line(6, "sha1:2aae6c35c94fcfb415dbe95f408b9ce91ee846ed", "otherkind.md")
                        + line(9, "-", "unknown-size.md")
                        + line(7, "-", "only-cloud.md"));
        assertEquals(List.of(), ListingCheck.mismatches(wd));
    }

    @Test
    void namesWithSpacesAndQuotesAreReadFromTheQuotedField() throws IOException {
        Path wd = workdir(line(3, "-", "my notes/a \\\"b\\\".md") + line(3, "-", "my notes/c d.md"),
                line(4, "-", "my notes/a \\\"b\\\".md") + line(3, "-", "my notes/c d.md"));
        assertEquals(List.of("my notes/a \"b\".md"),
                ListingCheck.mismatches(wd).stream().map(ListingCheck.Mismatch::name).toList());
    }

    @Test
    void theNewestPairIsComparedWhenAnEarlierCloudPathLeftListings() throws IOException {
        Path wd = workdir(line(1, "-", "old.md"), line(2, "-", "old.md"));
        Files.setLastModifiedTime(wd.resolve("a..b.path1.lst"), FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Files.writeString(wd.resolve("a..c.path1.lst"), HEADER + line(3, "-", "new.md"));
        Files.writeString(wd.resolve("a..c.path2.lst"), HEADER + line(3, "-", "new.md"));
        assertTrue(ListingCheck.mismatches(wd).isEmpty(), "the earlier pair's difference is not reported");
    }

    @Test
    void noListingsNoMismatches() throws IOException {
        assertEquals(List.of(), ListingCheck.mismatches(tmp.resolve("absent")));
        assertEquals(List.of(), ListingCheck.mismatches(Files.createDirectories(tmp.resolve("empty"))));
    }
}
