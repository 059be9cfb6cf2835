package com.basicmemory.bm.cloud;

import static com.basicmemory.bm.util.RealPaths.real;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.BmHome;

/**
 * The file a recovery command names, checked: inside a project of the sync directory, also after following symbolic
 * links, and not a folder.
 *
 * <p>A relative PATH is taken relative to the current directory when that is inside the sync directory (so the
 * shell's completion works there), and relative to the sync directory otherwise (so {@code bm cloud versions
 * work/plan.md}, the form every bm command prints, works from anywhere). An absolute PATH is taken as it is.
 *
 * @param syncDir the sync directory's real path
 * @param file the file's real path (symbolic links resolved as far as the path exists)
 * @param rel the file relative to the sync directory, with {@code /}
 * @param project the top-level folder it belongs to
 * @param name the file name
 * @param parentRel the folder relative to the project, with {@code /} ({@code ""} for the project's top)
 */
public record RecoveryPath(Path syncDir, Path file, String rel, String project, String name, String parentRel) {

    public static RecoveryPath resolve(String arg, Path syncDir, Path cwd, BmHome home) {
        if (arg == null || arg.isBlank()) {
            throw BmException.badInput("no file given: name a file of the sync directory, like work/plan.md");
        }
        Path sync;
        try {
            sync = syncDir.toRealPath();
        } catch (IOException e) {
            throw BmException.badInput("the sync directory " + syncDir + " does not exist",
                    "set one up with `bm cloud setup --sync-dir DIR`");
        }
        Path given;
        try {
            given = Paths.get(BmHome.expandTilde(arg));
        } catch (InvalidPathException e) {
            throw BmException.badInput("invalid path '" + arg + "'");
        }
        if (!given.isAbsolute()) {
            Path here = real(cwd);
            given = (here.startsWith(sync) ? here : sync).resolve(given);
        }
        Path lexical = given.normalize();
        Path real = real(given);
        if (!real.startsWith(sync) || real.equals(sync)) {
            boolean viaLink = lexical.startsWith(sync) || lexical.startsWith(syncDir.toAbsolutePath().normalize());
            throw BmException.badInput(arg + (viaLink ? " leads outside the sync directory " + sync
                    + " through a symbolic link" : " is outside the sync directory " + sync) + "; nothing was changed");
        }
        Path bmHome = real(home.root());
        if (real.startsWith(bmHome)) {
            throw BmException.badInput(arg + " is inside BM_HOME (" + home.root() + "), not a synced file");
        }
        Path rel = sync.relativize(real);
        String project = rel.getName(0).toString();
        if (rel.getNameCount() < 2 || project.startsWith(".")) {
            throw BmException.badInput(arg + " is not inside a project (a top-level folder of " + sync + ")");
        }
        if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw BmException.badInput(arg + " is a folder: name one file");
        }
        String relText = rel.toString().replace(java.io.File.separatorChar, '/');
        Path inProject = rel.subpath(1, rel.getNameCount());
        // a backslash is a name's own character on Linux: only the platform's separator becomes '/'
        String parentRel = inProject.getParent() == null ? ""
                : inProject.getParent().toString().replace(java.io.File.separatorChar, '/');
        return new RecoveryPath(sync, real, relText, project, real.getFileName().toString(), parentRel);
    }
}
