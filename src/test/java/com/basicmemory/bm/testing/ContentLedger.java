package com.basicmemory.bm.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every content a test ever wrote, by SHA-256, and the ones a user deliberately replaced or deleted. "Nothing lost"
 * then means: every content written and not superseded is still somewhere (a tree, a conflict copy, a backup).
 * A content is superseded when a user edits or deletes a file that, on that user's own side, holds it: the user saw
 * it and chose to change it.
 */
public final class ContentLedger {
    private final Map<String, String> written = new LinkedHashMap<>();
    private final Set<String> superseded = new HashSet<>();

    /** Writes {@code content} to {@code file} (creating folders) and records it; {@code what} names it in reports. */
    public String write(Path file, byte[] content, String what) {
        try {
            supersede(file);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            String h = Device.sha256(file);
            written.putIfAbsent(h, what);
            return h;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The user replaces or deletes {@code file}: its current content may go. */
    public void supersede(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                superseded.add(Device.sha256(file));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public void delete(Path file) {
        supersede(file);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public int writtenCount() {
        return written.size();
    }

    /** Contents written, not superseded, and found under none of {@code roots}: a line each ("what (hash)"). */
    public List<String> lost(Path... roots) {
        Set<String> present = new HashSet<>();
        for (Path r : roots) {
            present.addAll(Device.tree(r).values());
        }
        List<String> out = new ArrayList<>();
        written.forEach((h, what) -> {
            if (!superseded.contains(h) && !present.contains(h)) {
                out.add(what + " (" + h.substring(0, 12) + ")");
            }
        });
        return out;
    }
}
