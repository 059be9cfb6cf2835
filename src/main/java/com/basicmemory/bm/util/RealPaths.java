package com.basicmemory.bm.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where a path a user typed really points, so that it can be checked against the sync directory and BM_HOME. */
public final class RealPaths {
    private RealPaths() {
    }

    /**
     * The real path as far as it exists (symbolic links and {@code ..} resolved), the rest appended. A dangling
     * symbolic link resolves to where it points: that is what the path names, and it is usually not a file of the
     * sync directory.
     */
    public static Path real(Path p) {
        Path abs = p.toAbsolutePath();
        Path existing = abs;
        List<Path> rest = new ArrayList<>();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            rest.add(0, existing.getFileName());
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs.normalize();
        }
        try {
            return append(existing.toRealPath(), rest);
        } catch (IOException e) {
            try {
                return append(existing.resolveSibling(Files.readSymbolicLink(existing)).normalize(), rest);
            } catch (IOException | UnsupportedOperationException ex) {
                return abs.normalize();
            }
        }
    }

    private static Path append(Path base, List<Path> rest) {
        Path r = base;
        for (Path part : rest) {
            r = r.resolve(part);
        }
        return r.normalize();
    }
}
