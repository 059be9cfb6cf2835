package com.basicmemory.bm.sync;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * After a bisync that ended well, the names whose two listings disagree. rclone 1.60 bisync tells a change by
 * modification time alone: a file rewritten under the same time (two saves in one tick of a coarse clock, a tool that
 * keeps times) is not seen, the run says "Bisync successful", and the two sides stay different until the next edit of
 * one of them silently overwrites the other. rclone's own listings ({@code *.path1.lst}, {@code *.path2.lst} in the
 * workdir) record each side's size and hash, so reading them shows such files at no cost: bm reports them and
 * {@code bm cloud check} (rclone check) confirms them. bm does not pick a side: that is the user's call.
 */
final class ListingCheck {
    /** One file whose listings disagree: sizes, and hashes when both sides have the same kind. */
    record Mismatch(String name, long localSize, long cloudSize, String localHash, String cloudHash) {
    }

    private record Entry(long size, String hash) {
    }

    private ListingCheck() {
    }

    /** The disagreeing files of the newest listing pair in {@code workdir}; none when it holds no listings. */
    static List<Mismatch> mismatches(Path workdir) throws IOException {
        Path path1 = newest(workdir);
        if (path1 == null) {
            return List.of();
        }
        String name = path1.getFileName().toString();
        Path path2 = path1.resolveSibling(name.substring(0, name.length() - ".path1.lst".length()) + ".path2.lst");
        if (!Files.isRegularFile(path2)) {
            return List.of();
        }
        Map<String, Entry> local = read(path1);
        List<Mismatch> out = new ArrayList<>();
        for (Map.Entry<String, Entry> e : read(path2).entrySet()) {
            Entry l = local.get(e.getKey());
            Entry c = e.getValue();
            if (l != null && differ(l, c)) {
                out.add(new Mismatch(e.getKey(), l.size(), c.size(), l.hash(), c.hash()));
            }
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    private static boolean differ(Entry l, Entry c) {
        if (l.size() >= 0 && c.size() >= 0 && l.size() != c.size()) {
            return true;
        }
        return hashed(l.hash()) && hashed(c.hash()) && kind(l.hash()).equals(kind(c.hash()))
                && !l.hash().equals(c.hash());
    }

    private static boolean hashed(String h) {
        return !h.equals("-") && h.indexOf(':') > 0 && h.indexOf(':') < h.length() - 1;
    }

    private static String kind(String h) {
        return h.substring(0, h.indexOf(':'));
    }

    /** The newest {@code *.path1.lst} (a workdir may keep listings of an earlier cloud path). */
    private static Path newest(Path workdir) throws IOException {
        if (!Files.isDirectory(workdir)) {
            return null;
        }
        Path best = null;
        FileTime bestTime = null;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(workdir, "*.path1.lst")) {
            for (Path p : ds) {
                FileTime t = Files.getLastModifiedTime(p);
                if (best == null || t.compareTo(bestTime) > 0) {
                    best = p;
                    bestTime = t;
                }
            }
        }
        return best;
    }

    /** A listing: lines {@code FLAGS SIZE HASH ID TIME "NAME"}, the name quoted like a Go string. */
    private static Map<String, Entry> read(Path listing) throws IOException {
        Map<String, Entry> out = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(listing, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                Entry e = entry(line);
                String name = e == null ? null : ConflictCopyGuard.unquote(line);
                if (name != null) { // else a name with escapes bm does not decode: not compared
                    out.put(name, e);
                }
            }
        } catch (CharacterCodingException e) {
            return Map.of(); // not UTF-8: nothing to compare
        }
        return out;
    }

    /** Size and hash: the second and third space-separated fields (a plain scan: a listing has a line a file). */
    private static Entry entry(String line) {
        int i = skip(line, 0, false); // flags
        int sizeStart = skip(line, i, true);
        int sizeEnd = skip(line, sizeStart, false);
        int hashStart = skip(line, sizeEnd, true);
        int hashEnd = skip(line, hashStart, false);
        if (hashEnd == hashStart) {
            return null;
        }
        try {
            return new Entry(Long.parseLong(line, sizeStart, sizeEnd, 10), line.substring(hashStart, hashEnd));
        } catch (NumberFormatException e) {
            return null; // not a listing line
        }
    }

    /** From {@code i}, past the spaces ({@code spaces}) or past the non-spaces. */
    private static int skip(String line, int i, boolean spaces) {
        while (i < line.length() && (line.charAt(i) == ' ') == spaces) {
            i++;
        }
        return i;
    }
}
