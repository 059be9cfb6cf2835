package com.basicmemory.bm.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What bm reads of a project's bisync workdir ({@code BM_HOME/bisync/P}) besides the locks ({@link RcloneLocks}) and
 * the listings' content ({@link ListingCheck}): bm's pair marker, whether listings exist, and the filters hash rclone
 * keeps beside the filters file.
 */
final class BisyncWorkdir {
    /** bm's marker of the pair the listings belong to. */
    private static final String PAIR = "pair";
    /** rclone's listings: current, new, or renamed after an error. */
    private static final String LISTINGS = "*.lst*";

    private BisyncWorkdir() {
    }

    private static String pairText(String path1, String path2) {
        return path1 + "\n" + path2 + "\n";
    }

    /**
     * Read-only: the workdir holds listings of exactly this pair (a workdir from before bm kept the pair counts as
     * this pair's), so this device has synced the pair before. {@link #samePair} is the writing side of it.
     */
    static boolean hasStateOf(Path workdir, String path1, String path2) throws IOException {
        Path marker = workdir.resolve(PAIR);
        if (Files.exists(marker) && !Files.readString(marker, StandardCharsets.UTF_8).equals(pairText(path1, path2))) {
            return false;
        }
        return hasListings(workdir);
    }

    /**
     * The bisync state belongs to one pair of paths: after {@code bm cloud setup} moved the sync directory or the
     * cloud, the old listings describe other folders (and rclone names them after the old paths), so the project
     * starts again like a first sync, with the first-run rules. The pair is kept in {@code WORKDIR/pair}.
     */
    static boolean samePair(Path workdir, String path1, String path2, boolean dryRun, String project,
            List<String> notes) throws IOException {
        Path marker = workdir.resolve(PAIR);
        String pair = pairText(path1, path2);
        String old = Files.exists(marker) ? Files.readString(marker, StandardCharsets.UTF_8) : null;
        if (pair.equals(old)) {
            return true;
        }
        if (old != null && dryRun) {
            return false; // a dry run shows a first sync without dropping the old state
        }
        if (old != null) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(workdir, LISTINGS)) {
                for (Path lst : ds) {
                    Files.delete(lst);
                }
            }
            notes.add("the sync directory or the cloud of " + project + " changed since its last sync: starting"
                    + " again like a first sync");
        }
        if (!dryRun) {
            com.basicmemory.bm.util.AtomicFiles.write(marker, pair);
        }
        return old == null; // state from before bm kept the pair is taken as this pair's
    }

    /** True when the workdir holds bisync listings (current, or renamed after an error). */
    static boolean hasListings(Path workdir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(workdir, LISTINGS)) {
            return ds.iterator().hasNext();
        }
    }

    /** rclone keeps the MD5 of the filters file it last resynced with beside it ({@code FILE.md5}). */
    static boolean filtersHashMatches(Path filters) {
        Path md5 = filters.resolveSibling(filters.getFileName() + ".md5");
        try {
            String recorded = Files.readString(md5, StandardCharsets.UTF_8).strip();
            byte[] digest = MessageDigest.getInstance("MD5").digest(Files.readAllBytes(filters));
            return recorded.equalsIgnoreCase(HexFormat.of().formatHex(digest));
        } catch (IOException | NoSuchAlgorithmException e) {
            return false;
        }
    }

    /**
     * {@code WORKDIR/cut-short}: a run of rclone before 1.66 (no {@code --recover}) was killed, so the listings
     * describe both sides as they were before it; kept until a resync succeeds.
     */
    static boolean cutShortPending(Path workdir) {
        return Files.exists(workdir.resolve("cut-short"));
    }

    static void markCutShort(Path workdir) throws IOException {
        com.basicmemory.bm.util.AtomicFiles.write(workdir.resolve("cut-short"), "");
    }

    static void clearCutShort(Path workdir) throws IOException {
        Files.deleteIfExists(workdir.resolve("cut-short"));
    }
}
