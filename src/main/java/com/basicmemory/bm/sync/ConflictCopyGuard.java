package com.basicmemory.bm.sync;

import static com.basicmemory.bm.util.VerifiedCopy.sha256;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.basicmemory.bm.conflicts.ConflictNames;
import com.basicmemory.bm.conflicts.ConflictNaming;
import com.basicmemory.bm.conflicts.Side;
import com.basicmemory.bm.rclone.ConflictEvent;
import com.basicmemory.bm.rclone.Rclone;

/**
 * Keeps the conflict copies that rclone up to 1.65 overwrites. Those versions name both versions of a conflicting
 * file {@code X} as {@code X..path1} and {@code X..path2}, and when {@code X} conflicts again while copies of an
 * earlier conflict are still there, rclone moves the new versions over them on both sides: the earlier versions are
 * gone (rclone 1.66+ numbers its copies instead). Worse, when the cloud's copy was edited since, rclone copies it
 * over the local version it has just renamed, and the new local edit is gone too. So before a bisync bm copies aside,
 * for every original that has {@code ..pathN} copies and exists locally again (a conflict needs the original changed
 * on the local side), the local and the cloud version of the original and of each copy, into
 * {@code BM_HOME/run/conflict-stash/}. After the run, for each original that conflicted, every version kept aside
 * that is no longer among the original and its copies is put back into the sync directory under a numbered name
 * ({@code X.conflict-local1.md}, {@code X.conflict-cloud1.md}), which {@code bm conflicts list} shows beside the new
 * copies and the next sync sends to the cloud.
 *
 * <p>The candidates come from the listings rclone wrote at the end of the previous run, and from a listing of the
 * cloud's {@code ..pathN} copies as they are now (another device may have made some since); copying aside costs
 * nothing unless unresolved copies and their original exist together.
 */
final class ConflictCopyGuard {
    /**
     * One version kept aside: of {@code rel} (the original or one of its copies), on one side.
     *
     * @param side the side a copy name says; for the original, the side it was read from
     */
    private record Stashed(String rel, String original, Side side, Path version) {
    }

    private final Path stashDir;
    private final List<Stashed> stashed;
    private final Set<String> cloudNames;
    /** SHA-256 of kept versions, each read once (both steps after the bisync compare them; a version may be large). */
    private final Map<Path, String> versionHashes = new HashMap<>();

    private ConflictCopyGuard(Path stashDir, List<Stashed> stashed, Set<String> cloudNames) {
        this.stashDir = stashDir;
        this.stashed = stashed;
        this.cloudNames = cloudNames;
    }

    /** A guard that keeps nothing (rclone 1.66+, dry runs, resyncs). */
    static ConflictCopyGuard none() {
        return new ConflictCopyGuard(null, List.of(), Set.of());
    }

    /**
     * Copies aside the earlier conflict copies of a project that the coming bisync could overwrite.
     *
     * @param workdir the project's bisync workdir (its listings name the files of both sides as of the last run)
     * @param localDir the project's local folder
     * @param remoteDir the project's cloud folder
     * @param stashDir an empty folder of bm's own for the copies (removed by {@link #discard()})
     */
    static ConflictCopyGuard stash(Rclone rclone, Path workdir, Path localDir, String remoteDir, Path stashDir)
            throws IOException {
        Set<String> local = listed(workdir, ".path1.lst");
        Set<String> cloud = listed(workdir, ".path2.lst");
        Set<String> names = new LinkedHashSet<>(local);
        names.addAll(cloud);
        // copies another device made since our last run are in the cloud but not in our listings; this run will copy
        // them here under the very names rclone gives a new conflict of the same file (seed 808661 of the soak lost a
        // local edit that way), so list the cloud's copies as they are now
        Rclone.Output now = rclone.runShort(List.of("lsf", "-R", "--files-only", "--include", "*..path1",
                "--include", "*..path2", remoteDir));
        if (now.exitCode() == 0) {
            names.addAll(now.stdout());
        }
        // original -> the names to keep aside: the original itself and its copies
        Map<String, Set<String>> candidates = new LinkedHashMap<>();
        for (String rel : names) {
            String fileName = rel.substring(rel.lastIndexOf('/') + 1);
            Optional<ConflictNaming> naming = ConflictNaming.parse(fileName);
            if (naming.isEmpty() || naming.get().scheme() != ConflictNaming.Scheme.PATHNAME) {
                continue;
            }
            String original = rel.substring(0, rel.length() - fileName.length()) + naming.get().original();
            if (!Files.isRegularFile(localDir.resolve(original))) {
                continue; // no conflict on the original without a local original
            }
            Set<String> group = candidates.computeIfAbsent(original, o -> new LinkedHashSet<>(
                    List.of(o, o + "..path1", o + "..path2")));
            group.add(rel);
        }
        List<Stashed> out = new ArrayList<>();
        if (candidates.isEmpty()) {
            return new ConflictCopyGuard(stashDir, out, cloud);
        }
        // the cloud's versions: they may differ (edited on another device) or be new there since the last run; one
        // rclone copy for all of them (names that do not exist in the cloud are skipped)
        Path cloudStash = stashDir.resolve("cloud");
        Files.createDirectories(cloudStash);
        Path list = stashDir.resolve("files-from");
        List<String> all = candidates.values().stream().flatMap(Set::stream).toList();
        Files.write(list, all, StandardCharsets.UTF_8);
        rclone.runShort(List.of("copy", remoteDir, cloudStash.toString(), "--files-from-raw", list.toString(),
                "--no-traverse", "--ignore-errors"));
        for (Map.Entry<String, Set<String>> c : candidates.entrySet()) {
            for (String rel : c.getValue()) {
                Side side = rel.equals(c.getKey()) ? null : ConflictNaming.parse(rel.substring(rel.lastIndexOf('/')
                        + 1)).map(ConflictNaming::side).orElse(null);
                Path localCopy = localDir.resolve(rel);
                if (Files.isRegularFile(localCopy)) {
                    Path to = stashDir.resolve("local").resolve(rel);
                    Files.createDirectories(to.getParent());
                    Files.copy(localCopy, to, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                    out.add(new Stashed(rel, c.getKey(), side == null ? Side.LOCAL : side, to));
                }
                Path fromCloud = cloudStash.resolve(rel);
                if (Files.isRegularFile(fromCloud)) {
                    out.add(new Stashed(rel, c.getKey(), side == null ? Side.CLOUD : side, fromCloud));
                }
            }
        }
        return new ConflictCopyGuard(stashDir, out, cloud);
    }

    /**
     * After the bisync: for each original that conflicted in it, puts back every kept version of an earlier copy that
     * is no longer in the local folder. Returns, per original (relative to the project), the names it was put back as.
     */
    Map<String, List<String>> restore(List<ConflictEvent> conflicts, Path localDir, List<String> notes,
            String project, String rcloneVersion) throws IOException {
        Map<String, List<String>> restored = new LinkedHashMap<>();
        if (stashed.isEmpty() || conflicts.isEmpty()) {
            return restored;
        }
        Set<String> conflicted = new LinkedHashSet<>();
        for (ConflictEvent e : conflicts) {
            conflicted.add(e.path());
        }
        markReplacedCopies(conflicted, localDir);
        Map<String, Set<String>> present = new LinkedHashMap<>();
        for (Stashed s : stashed) {
            if (!conflicted.contains(s.original())) {
                continue;
            }
            Set<String> there = present.get(s.original());
            if (there == null) {
                there = hashesOfCopies(localDir, s.original());
                present.put(s.original(), there);
            }
            if (!there.add(versionHash(s))) {
                continue; // still there (under this name or another copy's), or put back already
            }
            String dir = s.original().substring(0, s.original().lastIndexOf('/') + 1);
            String originalName = s.original().substring(dir.length());
            String name = freeName(localDir, dir, originalName, s.side());
            Files.copy(s.version(), localDir.resolve(dir + name), StandardCopyOption.COPY_ATTRIBUTES);
            restored.computeIfAbsent(s.original(), k -> new ArrayList<>()).add(dir + name);
            notes.add("rclone " + rcloneVersion + " overwrote " + (s.rel().equals(s.original())
                    ? "the " + s.side().id() + " version of " : "the earlier conflict copy ") + project + "/" + s.rel()
                    + " when " + project + "/" + s.original() + " conflicted again: kept that version as " + project
                    + "/" + dir + name);
        }
        return restored;
    }

    /**
     * rclone up to 1.65 decides what changed by modification time alone (size and content are not compared), and the
     * copies of a new conflict keep the times of the versions they were made from: {@code X..path2} in the cloud is
     * the cloud's {@code X} renamed. When that time equals the time the earlier {@code X..path2} had (two saves in the
     * same tick of the file system's clock), another device that holds the earlier version sees no change, keeps it,
     * and the next edit of it there overwrites the new version in the cloud (seed 761789 of the soak). So each new
     * copy that took the name of a different earlier version gets a modification time later than both: this device's
     * next sync sends it again, and every other device sees it as changed (or, if it edited its old copy meanwhile, as
     * a conflict of that copy, which keeps both).
     */
    private void markReplacedCopies(Set<String> conflicted, Path localDir) throws IOException {
        for (String original : conflicted) {
            for (String copy : List.of(original + "..path1", original + "..path2")) {
                Path now = localDir.resolve(copy);
                if (!Files.isRegularFile(now)) {
                    continue;
                }
                String hash = null;
                boolean replaced = false;
                FileTime latest = Files.getLastModifiedTime(now);
                for (Stashed s : stashed) {
                    if (!s.rel().equals(copy)) {
                        continue;
                    }
                    if (hash == null) {
                        hash = sha256(now);
                    }
                    replaced |= !versionHash(s).equals(hash);
                    FileTime t = Files.getLastModifiedTime(s.version());
                    if (t.compareTo(latest) > 0) {
                        latest = t;
                    }
                }
                if (replaced) {
                    Instant next = latest.toInstant().plusSeconds(1);
                    Instant wall = Instant.now();
                    Files.setLastModifiedTime(now, FileTime.from(wall.isAfter(next) ? wall : next));
                }
            }
        }
    }

    private String versionHash(Stashed s) throws IOException {
        String h = versionHashes.get(s.version());
        if (h == null) {
            h = sha256(s.version());
            versionHashes.put(s.version(), h);
        }
        return h;
    }

    /** Removes the kept copies (also those a killed run left). */
    void discard() {
        if (stashDir != null) {
            deleteTree(stashDir);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // removed by the next run
        }
    }

    /** Hashes of the original and every file in its folder that is a copy of it. */
    private static Set<String> hashesOfCopies(Path localDir, String original) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        Path orig = localDir.resolve(original);
        Path dir = orig.getParent();
        String name = orig.getFileName().toString();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                boolean copy = ConflictNaming.parse(n).map(c -> c.original().equals(name)).orElse(false);
                if ((copy || n.equals(name)) && Files.isRegularFile(p)) {
                    out.add(sha256(p));
                }
            }
        }
        return out;
    }

    /** The lowest numbered copy name for that side that exists neither locally nor in the cloud's listing. */
    private String freeName(Path localDir, String dir, String originalName, Side side) {
        for (int n = 1;; n++) {
            String name = ConflictNames.numberedCopy(originalName, side, n);
            if (!Files.exists(localDir.resolve(dir + name)) && !cloudNames.contains(dir + name)) {
                return name;
            }
        }
    }

    /**
     * The file names in the bisync listings of a workdir whose names end with {@code suffix} ({@code .path1.lst}: the
     * local side, {@code .path2.lst}: the cloud), relative to the project. A line is
     * {@code - SIZE HASH - TIME "NAME"}, the name quoted like a Go string.
     */
    static Set<String> listed(Path workdir, String suffix) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        List<Path> lists = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(workdir, "*" + suffix)) {
            ds.forEach(lists::add);
        }
        for (Path l : lists) {
            try (Stream<String> lines = Files.lines(l, StandardCharsets.UTF_8)) {
                lines.filter(s -> s.contains("..path")).forEach(s -> {
                    String name = unquote(s);
                    if (name != null) {
                        out.add(name);
                    }
                });
            } catch (java.io.UncheckedIOException e) {
                // not UTF-8: no candidates from this listing
            }
        }
        return out;
    }

    /** The quoted name at the end of a listing line, or null when it uses escapes bm does not decode. */
    static String unquote(String line) {
        if (line.startsWith("#")) {
            return null;
        }
        int start = line.indexOf('"');
        if (start < 0 || !line.endsWith("\"") || start == line.length() - 1) {
            return null;
        }
        String q = line.substring(start + 1, line.length() - 1);
        StringBuilder sb = new StringBuilder(q.length());
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i + 1 >= q.length()) {
                return null;
            }
            char e = q.charAt(++i);
            if (e == '"' || e == '\\') {
                sb.append(e);
            } else {
                return null;
            }
        }
        return sb.toString();
    }
}
