package com.basicmemory.bm.cloud;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.ExitCode;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.config.ConfigStore;
import com.basicmemory.bm.config.ResolvedConfig;
import com.basicmemory.bm.conflicts.ConflictResolver;
import com.basicmemory.bm.git.Git;
import com.basicmemory.bm.git.GitRepo;
import com.basicmemory.bm.lock.DeviceLock;
import com.basicmemory.bm.lock.WaitingLock;
import com.basicmemory.bm.rclone.Rclone;
import com.basicmemory.bm.util.AtomicFiles;
import com.basicmemory.bm.util.VerifiedCopy;

/**
 * {@code bm cloud versions} and {@code bm cloud restore}: the versions of one file, from the cloud bucket's object
 * versions (S3 with versioning) or, when the cloud keeps none, from the Git history of the sync directory; and the
 * restore of one version into the sync directory (or {@code --to} a new file), under the device lock, after a
 * verified backup of the file it replaces, with a fresh modification time so that the next sync carries it to the
 * cloud. Each restore is a row of {@code version_restores}.
 */
public final class RecoveryService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Where versions are read: {@code --source}. */
    public enum Source {
        AUTO, S3, GIT;

        public static Source parse(String value) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw BmException.badInput("invalid --source '" + value + "': use auto, s3 or git");
            }
        }
    }

    /**
     * {@code bm cloud restore}.
     *
     * @param path the file (PATH)
     * @param versionId {@code --version-id}, or null
     * @param timestamp {@code --timestamp}, or null
     * @param to {@code --to}: write the version there instead of over PATH; null for PATH
     * @param dryRun change nothing, say what would be done
     * @param source where versions are read
     * @param waitSpec how long to wait for a running sync ({@code --wait})
     * @param command this command line, written into the lock file
     * @param cwd the current directory
     */
    public record RestoreRequest(String path, String versionId, String timestamp, String to, boolean dryRun,
            Source source, String waitSpec, String command, Path cwd) {
    }

    private record Selected(RecoveryPath path, VersionStore store, String note) {
    }

    private final BmHome home;
    private final VersionRestoreRepository repository;
    private final Clock clock;

    public RecoveryService(BmHome home, VersionRestoreRepository repository, Clock clock) {
        this.home = home;
        this.repository = repository;
        this.clock = clock;
    }

    public VersionList versions(String pathArg, Source source, Path cwd) {
        Selected s = select(pathArg, source, cwd);
        List<VersionStore.Candidate> all = listOrFail(s);
        return new VersionList(s.path().rel(), s.path().project(), s.store().source(), s.store().location(), s.note(),
                all.stream().map(VersionStore.Candidate::version).toList());
    }

    public RestoreResult restore(RestoreRequest req, PrintWriter err) {
        boolean byId = req.versionId() != null;
        if (byId == (req.timestamp() != null)) {
            throw BmException.badInput("give either --version-id ID or --timestamp TIME");
        }
        Instant at = byId ? null : RestoreTime.parse(req.timestamp(), clock.getZone());
        Duration wait = ConflictResolver.parseWait(req.waitSpec());
        Selected s = select(req.path(), req.source(), req.cwd());
        Path target = req.to() == null ? s.path().file() : toTarget(req.to(), req.cwd());
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw BmException.badInput(target + " exists but is not a regular file; nothing was changed");
        }
        List<VersionStore.Candidate> all = listOrFail(s);
        VersionStore.Candidate c = byId ? byId(s, all, req.versionId()) : byTime(s, all, at, req.timestamp());
        String command = s.store().fetchCommand(c);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (req.dryRun()) {
            String backup = Files.exists(target, LinkOption.NOFOLLOW_LINKS) ? backupRoot().resolve(STAMP.format(now))
                    .resolve(s.path().rel()).toString() : null;
            return result(s, c, target, backup, true, command);
        }
        try (DeviceLock lock = WaitingLock.acquire(home, req.command(), wait, err)) {
            if (req.to() != null && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw BmException.badInput("--to " + req.to() + " exists now; nothing was changed");
            }
            Path work = workDir();
            try {
                Path fetched = work.resolve("version");
                s.store().fetch(c, fetched, work);
                Path backup = null;
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    Path folder = null;
                    try {
                        folder = VerifiedCopy.newStampedFolder(backupRoot(), now);
                        backup = folder.resolve(s.path().rel());
                        VerifiedCopy.copy(target, backup);
                    } catch (IOException e) {
                        throw BmException.failed("cannot back up " + target + " to " + (folder == null ? backupRoot()
                                : folder) + ": " + BmHome.describe(e) + "; nothing was changed", e);
                    }
                }
                put(fetched, target, now, backup);
                record(s, c, now, err);
                return result(s, c, target, backup == null ? null : backup.toString(), false, command);
            } finally {
                deleteTree(work);
            }
        }
    }

    private Selected select(String pathArg, Source source, Path cwd) {
        ResolvedConfig config = new ConfigStore(home).resolve();
        RecoveryPath path = RecoveryPath.resolve(pathArg, config.syncDir(), cwd, home);
        Rclone[] detected = new Rclone[1];
        Supplier<Rclone> rclone = () -> detected[0] != null ? detected[0] : (detected[0] = Rclone.detect(home));
        CloudKind kind = source == Source.GIT ? null : CloudKind.detect(config, rclone);
        if (kind != null && kind.hasS3Versions()) {
            String folder = config.remoteFor(path.project()) + (path.parentRel().isEmpty() ? "" : "/"
                    + path.parentRel());
            return new Selected(path, new S3VersionStore(rclone.get(), folder, path.name()), null);
        }
        if (source == Source.S3) {
            throw BmException.badInput("no S3 object versions: " + kind.whyNoVersions() + "; nothing was changed",
                    "leave out --source s3 to use Git history when the sync directory is a Git repository");
        }
        Optional<GitRepo> repo = GitRepo.open(path.syncDir());
        if (repo.isEmpty()) {
            String noGit = Git.find().isEmpty() ? "git is not installed"
                    : "the sync directory " + path.syncDir() + " is not a Git repository";
            throw BmException.badInput((kind == null ? "" : kind.whyNoVersions() + ", and ") + noGit + ": there are no"
                    + " versions of " + path.rel() + "; nothing was changed", kind != null && kind.type().equals("s3")
                    ? "turn on versioning for the bucket, or keep the sync directory in Git (docs/recovery.md)"
                    : "keep the sync directory in Git to have versions (docs/recovery.md)");
        }
        String note = kind == null ? "--source git" : kind.whyNoVersions();
        return new Selected(path, new GitVersionStore(repo.get(), path.rel()), note);
    }

    private static List<VersionStore.Candidate> listOrFail(Selected s) {
        List<VersionStore.Candidate> all = s.store().list();
        if (all.isEmpty()) {
            throw BmException.badInput(s.path().rel() + " has no versions in " + describe(s) + "; nothing was changed",
                    "s3".equals(s.store().source()) ? "has it been synced? bm sync uploads it"
                            : "commit it first (bm git snapshot)");
        }
        return all;
    }

    private static String describe(Selected s) {
        return ("s3".equals(s.store().source()) ? "the cloud " : "the Git history of ") + s.store().location();
    }

    private static VersionStore.Candidate byId(Selected s, List<VersionStore.Candidate> all, String id) {
        String want = id.strip();
        if ("s3".equals(s.store().source())) {
            Optional<Instant> t = S3VersionNames.parseToken(want);
            if (t.isEmpty()) {
                throw BmException.badInput("'" + id + "' is not an S3 version id (they look like "
                        + all.get(0).version().versionId() + "); nothing was changed",
                        "`bm cloud versions " + s.path().rel() + "` lists them");
            }
            String token = S3VersionNames.token(t.get());
            return all.stream().filter(c -> c.version().versionId().equals(token)).findFirst()
                    .orElseThrow(() -> noSuchVersion(s, id));
        }
        String prefix = want.toLowerCase(Locale.ROOT);
        if (!prefix.matches("[0-9a-f]{4,64}")) {
            throw BmException.badInput("'" + id + "' is not a commit hash (4 or more hex digits); nothing was changed",
                    "`bm cloud versions " + s.path().rel() + "` lists them");
        }
        List<VersionStore.Candidate> hits = all.stream().filter(c -> c.version().versionId().startsWith(prefix))
                .toList();
        if (hits.size() > 1) {
            throw BmException.badInput("'" + id + "' matches " + hits.size() + " versions of " + s.path().rel()
                    + "; nothing was changed", "give more digits of the commit hash");
        }
        if (hits.isEmpty()) {
            throw noSuchVersion(s, id);
        }
        return hits.get(0);
    }

    private static BmException noSuchVersion(Selected s, String id) {
        return BmException.badInput("no version '" + id + "' of " + s.path().rel() + " in " + describe(s)
                + "; nothing was changed", "`bm cloud versions " + s.path().rel() + "` lists them");
    }

    private VersionStore.Candidate byTime(Selected s, List<VersionStore.Candidate> all, Instant at, String given) {
        return all.stream().filter(c -> !c.at().isAfter(at)).max(Comparator.comparing(VersionStore.Candidate::at))
                .orElseThrow(() -> {
                    Instant first = all.stream().map(VersionStore.Candidate::at).min(Comparator.naturalOrder())
                            .orElseThrow();
                    return BmException.badInput("--timestamp " + given + " is before the first version of "
                            + s.path().rel() + " (" + RecoveryText.local(first, clock.getZone()) + ") in " + describe(s)
                            + "; nothing was changed");
                });
    }

    /** {@code --to FILE}: relative to the current directory; a new file in an existing folder. */
    private static Path toTarget(String to, Path cwd) {
        Path p;
        try {
            p = Paths.get(BmHome.expandTilde(to));
        } catch (InvalidPathException e) {
            throw BmException.badInput("invalid --to '" + to + "'");
        }
        p = cwd.resolve(p).toAbsolutePath().normalize();
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw BmException.badInput("--to " + to + " exists: name a new file (bm never overwrites it); nothing was"
                    + " changed");
        }
        if (p.getParent() == null || !Files.isDirectory(p.getParent())) {
            throw BmException.badInput("--to " + to + ": the folder " + p.getParent() + " does not exist; nothing was"
                    + " changed");
        }
        return p;
    }

    /**
     * Puts the fetched version in place: a temporary file beside the target, then a rename over it. Its modification
     * time is now, and at least a second after the replaced file's: rclone up to 1.65 detects changes by size and
     * time only, so the restored file must look newer to be carried to the cloud.
     */
    private static void put(Path fetched, Path target, Instant now, Path backup) {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".bm-restore-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(target.getParent());
            Instant fresh = now;
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Instant after = Files.getLastModifiedTime(target).toInstant().plusSeconds(1);
                fresh = after.isAfter(now) ? after : now;
            }
            Files.copy(fetched, tmp, StandardCopyOption.REPLACE_EXISTING);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
                } catch (IOException | UnsupportedOperationException ignored) {
                    // best effort
                }
            }
            Files.setLastModifiedTime(tmp, FileTime.from(fresh.truncatedTo(ChronoUnit.MILLIS)));
            AtomicFiles.move(tmp, target);
        } catch (IOException e) {
            throw new BmException(ExitCode.FAILED, "cannot write " + target + ": " + BmHome.describe(e),
                    backup == null ? null : "the file it was to replace is backed up in " + backup, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }

    private void record(Selected s, VersionStore.Candidate c, Instant now, PrintWriter err) {
        try {
            byte[] b = new byte[6];
            RANDOM.nextBytes(b);
            repository.insert(HexFormat.of().formatHex(b), now.toEpochMilli(), s.path().project(), s.path().rel(),
                    s.store().source(), c.version().versionId());
        } catch (RuntimeException e) {
            err.println("bm: warning: " + s.path().rel() + " was restored, but the restore was not recorded in the"
                    + " history database: " + e.getMessage());
            err.flush();
        }
    }

    private static RestoreResult result(Selected s, VersionStore.Candidate c, Path target, String backup,
            boolean dryRun, String command) {
        return new RestoreResult(s.path().rel(), s.path().project(), s.store().source(), s.store().location(),
                c.version().versionId(), c.version().time(), c.version().size(), target.toString(), backup, dryRun,
                command);
    }

    private Path backupRoot() {
        return home.root().resolve("restore-backups");
    }

    private Path workDir() {
        Path dir = home.runDir().resolve("restore-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            home.ensureExists();
            AtomicFiles.createPrivateDirectories(home.runDir());
            Files.createDirectories(dir);
            AtomicFiles.ownerOnly(dir);
            return dir;
        } catch (IOException e) {
            throw BmException.failed("cannot create " + dir + ": " + BmHome.describe(e) + "; nothing was changed", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover in BM_HOME/run is harmless
        }
    }
}
