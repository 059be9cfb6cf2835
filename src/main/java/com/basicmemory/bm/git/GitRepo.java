package com.basicmemory.bm.git;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.basicmemory.bm.cli.BmException;

/**
 * The Git repository a sync directory is in (the sync directory itself, or a folder above it), read with the
 * {@code git} executable. Paths given to it are relative to the sync directory, with {@code /}.
 */
public final class GitRepo {
    private final Git git;
    private final Path dir;
    private final Path root;
    private final String prefix;

    private GitRepo(Git git, Path dir, Path root, String prefix) {
        this.git = git;
        this.dir = dir;
        this.root = root;
        this.prefix = prefix;
    }

    /** The repository {@code dir} is in; empty when it is in none, or when git is not installed. */
    public static Optional<GitRepo> open(Path dir) {
        Optional<Git> git = Git.find();
        if (git.isEmpty()) {
            return Optional.empty();
        }
        Git.Output o = git.get().run(dir, List.of("rev-parse", "--show-toplevel", "--show-prefix"));
        if (!o.ok() || o.stdout().isEmpty()) {
            return Optional.empty();
        }
        String prefix = o.stdout().size() > 1 ? o.stdout().get(1).strip() : "";
        return Optional.of(new GitRepo(git.get(), dir, Paths.get(o.stdout().get(0).strip()), prefix));
    }

    /** The repository's top folder. */
    public Path root() {
        return root;
    }

    /** True when the repository's top folder is the sync directory itself. */
    public boolean rootIsDir() {
        return prefix.isEmpty();
    }

    public Git git() {
        return git;
    }

    public Path dir() {
        return dir;
    }

    /** One commit that holds a version of a file. */
    public record Commit(String hash, Instant time, String subject, String blob, long size) {
    }

    /**
     * The commits that changed {@code rel} (deletions left out: they hold no version), newest first, each with the
     * file's blob and size at that commit.
     */
    public List<Commit> fileHistory(String rel) {
        Git.Output log = git.run(dir, List.of("log", "--format=%H%x1f%ct%x1f%s", "--diff-filter=ACMRT", "--",
                ":(literal)" + rel));
        if (!log.ok()) {
            if (log.lastError("").contains("does not have any commits")) {
                return List.of();
            }
            throw BmException.failed("git log of " + rel + " failed in " + root + ": " + log.lastError("exit code "
                    + log.exitCode()));
        }
        List<String[]> rows = new ArrayList<>();
        StringBuilder query = new StringBuilder();
        for (String line : log.stdout()) {
            String[] f = line.split("\u001f", 3);
            if (f.length >= 2) {
                rows.add(f);
                query.append(f[0]).append(':').append(prefix).append(rel).append('\n');
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Git.Output sizes = git.run(dir, List.of("cat-file", "--batch-check"), query.toString(), null, Map.of());
        if (!sizes.ok() || sizes.stdout().size() != rows.size()) {
            throw BmException.failed("git cat-file failed in " + root + ": " + sizes.lastError("exit code "
                    + sizes.exitCode()));
        }
        List<Commit> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String[] f = rows.get(i);
            String[] check = sizes.stdout().get(i).split(" ");
            if (check.length < 3 || !check[1].equals("blob")) {
                continue; // not a file in that commit (a submodule, a folder)
            }
            out.add(new Commit(f[0], Instant.ofEpochSecond(Long.parseLong(f[1])), f.length > 2 ? f[2] : "", check[0],
                    Long.parseLong(check[2])));
        }
        return List.copyOf(out);
    }

    /** The blob of {@code rel} in HEAD, or null when HEAD does not have it. */
    public String headBlob(String rel) {
        Git.Output o = git.run(dir, List.of("cat-file", "--batch-check"), "HEAD:" + prefix + rel + "\n", null,
                Map.of());
        if (!o.ok() || o.stdout().isEmpty()) {
            return null;
        }
        String[] check = o.stdout().get(0).split(" ");
        return check.length >= 3 && check[1].equals("blob") ? check[0] : null;
    }

    /** The argument vector that writes {@code rel} as of {@code commit} to stdout. */
    public List<String> catFileArgs(String commit, String rel) {
        return List.of("cat-file", "blob", commit + ":" + prefix + rel);
    }

    /** Writes {@code rel} as of {@code commit} to {@code dest}, byte for byte. */
    public void writeFile(String commit, String rel, Path dest) {
        Git.Output o = git.run(dir, catFileArgs(commit, rel), null, dest, Map.of());
        if (!o.ok()) {
            throw BmException.failed("git cat-file " + commit + ":" + prefix + rel + " failed: " + o.lastError("exit"
                    + " code " + o.exitCode()) + "; nothing was changed");
        }
    }
}
