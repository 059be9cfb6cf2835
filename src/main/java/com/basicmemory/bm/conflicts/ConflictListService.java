package com.basicmemory.bm.conflicts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code bm conflicts list}: every conflict of the sync directory, with a diff summary per version. No database. */
public final class ConflictListService {
    /** Versions larger than this are not read for a diff summary. */
    static final long MAX_DIFF_BYTES = 8L * 1024 * 1024;
    static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private final ConflictFinder finder;
    private final ZoneId zone;

    public ConflictListService(ConflictFinder finder, ZoneId zone) {
        this.finder = finder;
        this.zone = zone;
    }

    public List<ConflictEntry> list(String project) {
        ConflictLocation loc = finder.locate();
        List<ConflictEntry> out = new ArrayList<>();
        for (ConflictGroup g : finder.scan(loc, project)) {
            out.add(entry(loc.syncDir(), g, zone));
        }
        return out;
    }

    /** The entry of one group: every version with its diff against its counterpart. */
    static ConflictEntry entry(Path syncDir, ConflictGroup g, ZoneId zone) {
        Map<String, List<String>> texts = new HashMap<>();
        List<ConflictEntry.FileEntry> files = new ArrayList<>();
        for (ConflictFile f : g.copies()) {
            files.add(fileEntry(syncDir, g, f, texts, zone));
        }
        ConflictEntry.FileEntry original = g.original() == null ? null
                : fileEntry(syncDir, g, g.original(), texts, zone);
        return new ConflictEntry(g.path(), g.project(), original, files);
    }

    private static ConflictEntry.FileEntry fileEntry(Path syncDir, ConflictGroup g, ConflictFile f,
            Map<String, List<String>> texts, ZoneId zone) {
        ConflictFile other = other(g, f);
        ConflictEntry.DiffSummary diff = null;
        if (other != null) {
            List<String> mine = lines(syncDir, f, texts);
            List<String> theirs = lines(syncDir, other, texts);
            if (mine != null && theirs != null) {
                LineDiff.Stats s = LineDiff.stats(theirs, mine);
                diff = new ConflictEntry.DiffSummary(s.added(), s.removed(), other.path());
            }
        }
        return new ConflictEntry.FileEntry(f.path(), f.side(), f.size(), ISO.format(f.modified().atZone(zone)), diff);
    }

    /** The version to compare with: the other side's, or the only other version of a two-version conflict. */
    static ConflictFile other(ConflictGroup g, ConflictFile f) {
        ConflictFile c = g.counterpart(f);
        if (c != null) {
            return c;
        }
        List<ConflictFile> all = g.versions();
        if (all.size() == 2) {
            return all.get(0).equals(f) ? all.get(1) : all.get(0);
        }
        return null;
    }

    private static List<String> lines(Path syncDir, ConflictFile f, Map<String, List<String>> cache) {
        if (cache.containsKey(f.path())) {
            return cache.get(f.path());
        }
        List<String> lines = null;
        if (f.size() <= MAX_DIFF_BYTES) {
            try {
                String text = LineDiff.text(Files.readAllBytes(syncDir.resolve(f.path())));
                lines = text == null ? null : LineDiff.lines(text);
            } catch (IOException e) {
                lines = null; // gone or unreadable: no summary
            }
        }
        cache.put(f.path(), lines);
        return lines;
    }
}
