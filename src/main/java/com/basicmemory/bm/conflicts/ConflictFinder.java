package com.basicmemory.bm.conflicts;

import static com.basicmemory.bm.util.RealPaths.real;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.config.ConfigStore;
import com.basicmemory.bm.config.ResolvedConfig;
import com.basicmemory.bm.config.SyncDirGuard;
import com.basicmemory.bm.sync.Projects;

/**
 * Finds conflicts for the commands: the sync directory from the configuration, every conflict in it, or the one a
 * path names. Never opens the history database.
 */
public final class ConflictFinder {
    private final BmHome home;

    public ConflictFinder(BmHome home) {
        this.home = home;
    }

    /** The sync directory (real path) and what not to scan; exit 2 when there is no usable sync directory. */
    public ConflictLocation locate() {
        ResolvedConfig config = new ConfigStore(home).resolve();
        SyncDirGuard.check(config, home);
        Path dir = config.syncDir();
        if (!Files.isDirectory(dir)) {
            throw BmException.badInput("the sync directory " + dir + " does not exist",
                    config.fromFile() ? "is its drive mounted? `bm cloud setup --sync-dir DIR` sets another"
                            : "set one up with `bm cloud setup --sync-dir DIR`");
        }
        try {
            Path real = dir.toRealPath();
            List<Path> skip = new ArrayList<>();
            skip.add(real(home.root()));
            return new ConflictLocation(real, dir, List.copyOf(skip));
        } catch (IOException e) {
            throw BmException.failed("cannot read the sync directory " + dir + ": " + BmHome.describe(e), e);
        }
    }

    /** Every conflict, or those of one project (exit 2 for an unknown project). */
    public List<ConflictGroup> scan(ConflictLocation loc, String project) {
        String p = null;
        if (project != null) {
            p = Projects.validateName(project);
            if (!Files.isDirectory(loc.syncDir().resolve(p), LinkOption.NOFOLLOW_LINKS)) {
                List<String> known = Projects.scanLocal(loc.syncDir()).projects();
                throw BmException.badInput("unknown project '" + p + "' (" + (known.isEmpty()
                        ? "there are no projects yet" : "projects: " + String.join(", ", known)) + ")");
            }
        }
        try {
            return ConflictScanner.scan(loc.syncDir(), p, loc.skip());
        } catch (IOException e) {
            throw BmException.failed("cannot read the sync directory " + loc.syncDir() + ": " + BmHome.describe(e),
                    e);
        }
    }

    /**
     * The conflict a path names: the original ({@code work/note.md}, which need not exist) or any of its copies,
     * relative to the current directory (or, when that is outside the sync directory, to the sync directory) or
     * absolute. Exit 2, with one line, when the path leads outside the sync
     * directory (also through a symbolic link), lies outside every project, or has no conflict.
     */
    public ConflictGroup find(ConflictLocation loc, String file) {
        if (file == null || file.isBlank()) {
            throw BmException.badInput("no file given: name a conflicted file, or use --all");
        }
        if (file.indexOf('\uFFFD') >= 0) {
            throw BmException.badInput("'" + file + "' is not valid UTF-8 (or not in this terminal's encoding): bm"
                    + " handles UTF-8 file names only", "rename the file (e.g. `convmv -f latin1 -t utf8`)");
        }
        Path given;
        try {
            given = Paths.get(BmHome.expandTilde(file)).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw BmException.badInput("invalid path '" + file + "'");
        }
        Path real = real(given);
        Path sync = loc.syncDir();
        if ((!real.startsWith(sync) || real.equals(sync)) && !Paths.get(file).isAbsolute()
                && !file.startsWith("~")) {
            // the names `bm conflicts list` prints are relative to the sync directory: run from another folder, a
            // relative name outside the sync directory is read relative to the sync directory instead
            Path candidate = loc.configured().resolve(file);
            Path inSync = real(candidate);
            if (inSync.startsWith(sync) && !inSync.equals(sync) || candidate.normalize().startsWith(loc.configured())) {
                given = candidate; // inside, or named inside and leading out through a link (said below)
                real = inSync;
            }
        }
        if (!real.startsWith(sync) || real.equals(sync)) {
            Path lexical = given.normalize();
            boolean viaLink = lexical.startsWith(sync) || lexical.startsWith(loc.configured());
            throw BmException.badInput(file + (viaLink ? " leads outside the sync directory " + sync
                    + " through a symbolic link" : " is outside the sync directory " + sync));
        }
        for (Path s : loc.skip()) {
            if (real.startsWith(s)) {
                throw BmException.badInput(file + " is inside BM_HOME (" + s + "), not a synced file");
            }
        }
        Path rel = sync.relativize(real);
        if (rel.getNameCount() < 2) {
            throw BmException.badInput(file + " is not inside a project (a top-level folder of " + sync + ")");
        }
        if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw BmException.badInput(file + " is a folder: name a file, or use --all [--project P]");
        }
        String name = real.getFileName().toString();
        try {
            Optional<ConflictNaming> naming = ConflictNaming.parse(name);
            if (naming.isPresent()) {
                Optional<ConflictGroup> g = ConflictScanner.groupOf(sync, real.resolveSibling(naming.get().original()));
                if (g.isPresent()) {
                    return g.get();
                }
            }
            Optional<ConflictGroup> g = ConflictScanner.groupOf(sync, real);
            if (g.isPresent()) {
                return g.get();
            }
        } catch (IOException e) {
            throw BmException.failed("cannot read " + real.getParent() + ": " + BmHome.describe(e), e);
        }
        String relText = java.io.File.separatorChar == '/' ? rel.toString()
                : rel.toString().replace(java.io.File.separatorChar, '/');
        if (!Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
            throw BmException.badInput(relText + " does not exist and has no conflict copies",
                    "`bm conflicts list` shows every conflict");
        }
        throw BmException.badInput(relText + " has no conflict (no conflict copies beside it)",
                "`bm conflicts list` shows every conflict");
    }
}
