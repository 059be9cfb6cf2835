package com.basicmemory.bm.conflicts;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Finds conflict copies in the sync directory and groups them by original file. It reads only the projects (the
 * top-level folders that are not hidden), never follows symbolic links, skips hidden folders ({@code .git},
 * {@code .obsidian}, rclone's {@code .bisync} state folders) and the folders it is told to skip (BM_HOME, should it
 * lie inside). Only regular files count: a symbolic link named like a copy is not one.
 */
public final class ConflictScanner {
    private static final Comparator<ConflictFile> ORDER = Comparator
            .comparingInt((ConflictFile f) -> f.side() == null ? 2 : f.side().ordinal())
            .thenComparingInt(f -> f.naming() == null ? 0 : f.naming().number())
            .thenComparing(ConflictFile::path);

    private ConflictScanner() {
    }

    /**
     * Groups paths (relative, with {@code /}) by original: original path to its copies, both sorted. Paths that are
     * not conflict copies are ignored. Pure: names only, nothing is read.
     */
    public static Map<String, List<String>> groupNames(Collection<String> paths) {
        Map<String, List<String>> out = new TreeMap<>();
        for (String p : paths) {
            String rel = p.startsWith("./") ? p.substring(2) : p;
            int slash = rel.lastIndexOf('/');
            String name = slash < 0 ? rel : rel.substring(slash + 1);
            Optional<ConflictNaming> n = ConflictNaming.parse(name);
            if (n.isPresent()) {
                String original = (slash < 0 ? "" : rel.substring(0, slash + 1)) + n.get().original();
                out.computeIfAbsent(original, k -> new ArrayList<>()).add(rel);
            }
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    /**
     * Every conflict in the sync directory, sorted by path.
     *
     * @param syncDir the sync directory (real path)
     * @param project only this project, or null for all
     * @param skip folders never to enter (real paths), such as BM_HOME
     */
    public static List<ConflictGroup> scan(Path syncDir, String project, Collection<Path> skip) throws IOException {
        List<Path> roots = new ArrayList<>();
        if (project != null) {
            roots.add(syncDir.resolve(project));
        } else {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(syncDir)) {
                for (Path p : ds) {
                    if (!p.getFileName().toString().startsWith(".")
                            && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        roots.add(p);
                    }
                }
            }
        }
        // folder -> original name -> copies
        Map<Path, Map<String, List<ConflictFile>>> found = new TreeMap<>();
        for (Path root : roots) {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    boolean hidden = !dir.equals(root) && dir.getFileName().toString().startsWith(".");
                    return hidden || skip.contains(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!attrs.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    String name = file.getFileName().toString();
                    ConflictNaming.parse(name).ifPresent(n -> found
                            .computeIfAbsent(file.getParent(), k -> new TreeMap<>())
                            .computeIfAbsent(n.original(), k -> new ArrayList<>())
                            .add(new ConflictFile(relative(syncDir, file), n.side(), attrs.size(),
                                    attrs.lastModifiedTime().toInstant(), n)));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // removed while we looked
                    }
                    throw exc;
                }
            });
        }
        List<ConflictGroup> groups = new ArrayList<>();
        for (Map.Entry<Path, Map<String, List<ConflictFile>>> dir : found.entrySet()) {
            for (Map.Entry<String, List<ConflictFile>> e : dir.getValue().entrySet()) {
                groups.add(group(syncDir, dir.getKey().resolve(e.getKey()), e.getValue()));
            }
        }
        groups.sort(Comparator.comparing(ConflictGroup::path));
        return groups;
    }

    /**
     * The conflict of one original file (which may not exist), from the copies beside it; empty when it has none.
     *
     * @param syncDir the sync directory (real path)
     * @param original the original file's path inside the sync directory (its folder a real path)
     */
    public static Optional<ConflictGroup> groupOf(Path syncDir, Path original) throws IOException {
        Path dir = original.getParent();
        String originalName = original.getFileName().toString();
        List<ConflictFile> copies = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Optional<ConflictNaming> n = ConflictNaming.parse(p.getFileName().toString());
                if (n.isEmpty() || !n.get().original().equals(originalName)) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue;
                }
                if (a.isRegularFile()) {
                    copies.add(new ConflictFile(relative(syncDir, p), n.get().side(), a.size(),
                            a.lastModifiedTime().toInstant(), n.get()));
                }
            }
        }
        if (copies.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(group(syncDir, original, copies));
    }

    private static ConflictGroup group(Path syncDir, Path original, List<ConflictFile> copies) throws IOException {
        copies.sort(ORDER);
        ConflictFile orig = null;
        try {
            BasicFileAttributes a = Files.readAttributes(original, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isRegularFile()) {
                orig = new ConflictFile(relative(syncDir, original), null, a.size(), a.lastModifiedTime().toInstant(),
                        null);
            }
        } catch (NoSuchFileException e) {
            // rclone up to 1.65 renames both versions away
        }
        String rel = relative(syncDir, original);
        int slash = rel.indexOf('/');
        return new ConflictGroup(rel, slash < 0 ? "" : rel.substring(0, slash), orig, copies);
    }

    static String relative(Path syncDir, Path file) {
        String rel = syncDir.relativize(file).toString();
        // a backslash is a name's own character where '/' is the separator (back\\slash.md is one file)
        return java.io.File.separatorChar == '/' ? rel : rel.replace(java.io.File.separatorChar, '/');
    }
}
