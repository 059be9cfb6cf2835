package com.basicmemory.bm.git;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.config.ConfigStore;
import com.basicmemory.bm.config.ResolvedConfig;
import com.basicmemory.bm.conflicts.ConflictResolver;
import com.basicmemory.bm.lock.DeviceLock;
import com.basicmemory.bm.lock.WaitingLock;
import com.basicmemory.bm.rclone.Rclone;
import com.basicmemory.bm.util.Host;

/**
 * {@code bm git snapshot}: commits everything in the sync directory ({@code git add -A}, {@code git commit}) with a
 * generated message, under the device lock so that it never records a sync half-way, then optionally pushes. The
 * sync directory must be the top of its own Git repository ({@code git init} there; docs/recovery.md).
 */
public final class GitSnapshotService {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final BmHome home;
    private final Clock clock;

    public GitSnapshotService(BmHome home, Clock clock) {
        this.home = home;
        this.clock = clock;
    }

    /**
     * What a snapshot did.
     *
     * @param repository the repository (the sync directory)
     * @param committed false when there was nothing to commit
     * @param commit the new commit's hash, or null
     * @param message its message, or null
     * @param filesChanged files added, changed or removed by the commit
     * @param pushed true when {@code --push} pushed it
     */
    public record Result(String repository, boolean committed, String commit, String message, int filesChanged,
            boolean pushed) {
    }

    public Result snapshot(String messageArg, boolean push, String waitSpec, String command, PrintWriter err) {
        Duration wait = ConflictResolver.parseWait(waitSpec);
        ResolvedConfig config = new ConfigStore(home).resolve();
        Path dir = config.syncDir();
        if (!Files.isDirectory(dir)) {
            throw BmException.badInput("the sync directory " + dir + " does not exist",
                    "set one up with `bm cloud setup --sync-dir DIR`");
        }
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            throw BmException.failed("cannot read the sync directory " + dir + ": " + BmHome.describe(e), e);
        }
        if (Git.find().isEmpty()) {
            throw BmException.badInput("git is not installed", "install it (Debian/Ubuntu: apt-get install git)");
        }
        Optional<GitRepo> opened = GitRepo.open(real);
        if (opened.isEmpty()) {
            throw BmException.badInput("the sync directory " + dir + " is not a Git repository",
                    "start one with `git -C " + dir + " init` (docs/git.md)");
        }
        GitRepo repo = opened.get();
        if (!repo.rootIsDir()) {
            throw BmException.badInput("the sync directory " + dir + " is inside the Git repository " + repo.root()
                    + "; bm git snapshot commits only a repository of its own",
                    "run `git -C " + dir + " init` to give it one (docs/git.md)");
        }
        Git git = repo.git();
        Result result;
        try (DeviceLock lock = WaitingLock.acquire(home, command, wait, err)) {
            check(git.run(real, List.of("add", "-A")), "git add -A");
            Git.Output staged = check(git.run(real, List.of("diff", "--cached", "--name-only")),
                    "git diff --cached");
            int files = (int) staged.stdout().stream().filter(l -> !l.isBlank()).count();
            if (files == 0) {
                return new Result(real.toString(), false, null, null, 0, false);
            }
            String message = messageArg != null && !messageArg.isBlank() ? messageArg.strip()
                    : "bm snapshot " + WHEN.format(clock.instant().atZone(clock.getZone())) + hostPart() + ": " + files
                            + (files == 1 ? " file" : " files") + " changed";
            List<String> args = new ArrayList<>();
            if (!git.run(real, List.of("config", "user.email")).ok()) {
                // no identity configured: commit anyway, as bm
                args.addAll(List.of("-c", "user.name=bm", "-c", "user.email=bm@" + hostName()));
            }
            args.addAll(List.of("commit", "-q", "-m", message));
            check(git.run(real, args), "git commit");
            String hash = check(git.run(real, List.of("rev-parse", "HEAD")), "git rev-parse HEAD").stdout().get(0)
                    .strip();
            result = new Result(real.toString(), true, hash, message, files, false);
        }
        if (push) {
            Git.Output o = git.run(real, List.of("push", "-q"));
            if (!o.ok()) {
                throw BmException.failed("committed " + result.commit().substring(0, 12) + ", but git push failed: "
                        + Rclone.redactorForDisplay().redact(o.lastError("exit code " + o.exitCode())),
                        null);
            }
            result = new Result(result.repository(), true, result.commit(), result.message(), result.filesChanged(),
                    true);
        }
        return result;
    }

    private static Git.Output check(Git.Output o, String what) {
        if (!o.ok()) {
            throw BmException.failed(what + " failed: " + Rclone.redactorForDisplay().redact(o.lastError("exit code "
                    + o.exitCode())));
        }
        return o;
    }

    private static String hostPart() {
        String h = Host.name();
        return h == null || h.isBlank() ? "" : " on " + h;
    }

    private static String hostName() {
        String h = Host.name();
        return h == null || h.isBlank() ? "localhost" : h.strip();
    }
}
