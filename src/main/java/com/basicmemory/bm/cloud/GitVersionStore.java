package com.basicmemory.bm.cloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.git.GitRepo;

/**
 * Versions of a file in the Git history of the sync directory: each commit that changed it (deletions are not
 * versions), with the commit hash as version id and the commit time as its time.
 */
final class GitVersionStore implements VersionStore {
    private final GitRepo repo;
    private final String rel;

    GitVersionStore(GitRepo repo, String rel) {
        this.repo = repo;
        this.rel = rel;
    }

    @Override
    public String source() {
        return "git";
    }

    @Override
    public String location() {
        return repo.root().toString();
    }

    @Override
    public List<Candidate> list() {
        List<GitRepo.Commit> commits = repo.fileHistory(rel);
        String head = commits.isEmpty() ? null : repo.headBlob(rel);
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < commits.size(); i++) {
            GitRepo.Commit c = commits.get(i);
            boolean current = i == 0 && c.blob().equals(head);
            out.add(new Candidate(new FileVersion(c.hash(), c.time().toString(), c.size(), current, c.subject()),
                    c.time(), c.hash(), null));
        }
        return List.copyOf(out);
    }

    @Override
    public String fetchCommand(Candidate c) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", repo.dir().toString()));
        argv.addAll(repo.catFileArgs(c.key(), rel));
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            sb.append(sb.length() == 0 ? "" : " ").append(a.matches("[A-Za-z0-9_./:@=+-]+") ? a
                    : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    @Override
    public void fetch(Candidate c, Path dest, Path workDir) {
        repo.writeFile(c.key(), rel, dest);
        try {
            if (Files.size(dest) != c.version().size()) {
                throw BmException.failed("git wrote " + Files.size(dest) + " bytes for " + rel + " at " + c.key()
                        + ", not " + c.version().size() + "; nothing was changed");
            }
        } catch (IOException e) {
            throw BmException.failed("cannot read " + dest + ": " + BmHome.describe(e) + "; nothing was changed", e);
        }
    }
}
