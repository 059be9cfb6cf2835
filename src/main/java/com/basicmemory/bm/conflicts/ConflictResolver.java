package com.basicmemory.bm.conflicts;

import static com.basicmemory.bm.util.VerifiedCopy.sha256;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.ExitCode;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.lock.DeviceLock;
import com.basicmemory.bm.lock.WaitingLock;
import com.basicmemory.bm.util.AtomicFiles;

/**
 * Settles conflicts on disk, never losing a version: under the device lock (so it never races a sync), it checks
 * that the versions are still the ones that were shown, copies every version to
 * {@code BM_HOME/conflict-backups/<UTC time>/<path>} and verifies each copy (size and SHA-256), then puts the kept
 * version under the original name with a fresh modification time, removes the conflict copies and records the
 * resolution. One instance serves one command run (one backup folder).
 */
public final class ConflictResolver {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private final BmHome home;
    private final ConflictResolutionRepository repository;
    private final Clock clock;
    private final ConflictLocation loc;
    private final PrintWriter err;
    private Path backupRoot;

    public ConflictResolver(BmHome home, ConflictResolutionRepository repository, Clock clock, ConflictLocation loc,
            PrintWriter err) {
        this.home = home;
        this.repository = repository;
        this.clock = clock;
        this.loc = loc;
        this.err = err;
    }

    /** The local and the cloud version of a conflict (either may be null when the choice does not need it). */
    public record Pair(ConflictFile local, ConflictFile cloud) {
    }

    /**
     * The two versions a choice works with. Exit 2, with one line, when the conflict's versions cannot be told apart
     * as one local and one cloud version, or when the side the choice needs is missing.
     */
    public static Pair pair(ConflictGroup g, Choice choice) {
        Pair p = pairOf(g);
        boolean needLocal = choice != Choice.CLOUD;
        boolean needCloud = choice != Choice.LOCAL;
        if (needLocal && p.local() == null || needCloud && p.cloud() == null) {
            String missing = needLocal && p.local() == null ? "local" : "cloud";
            throw BmException.badInput(g.path() + " has no " + missing + " version to "
                    + (choice == Choice.BOTH || choice == Choice.MERGE ? choice.id() : "keep") + " (" + describe(g)
                    + ")");
        }
        return p;
    }

    /** The local and cloud versions, either null when missing; exit 2 when the versions cannot be paired at all. */
    public static Pair pairOf(ConflictGroup g) {
        if (g.path().indexOf('\uFFFD') >= 0) {
            // Java reads such a name with U+FFFD in place of the bytes it cannot decode: it cannot open the file again
            throw BmException.badInput(g.path() + ": the file name is not valid UTF-8, and bm settles conflicts of"
                    + " UTF-8 names only; rename the files (e.g. `convmv -f latin1 -t utf8`) and run `bm sync`");
        }
        ConflictFile local = null;
        ConflictFile cloud = null;
        boolean ambiguous = false;
        for (ConflictFile v : g.versions()) {
            if (v.side() == Side.LOCAL && local == null) {
                local = v;
            } else if (v.side() == Side.CLOUD && cloud == null) {
                cloud = v;
            } else {
                ambiguous = true;
            }
        }
        if (ambiguous) {
            throw BmException.badInput(g.path() + " has " + g.versions().size() + " versions that bm cannot pair as"
                    + " one local and one cloud version (" + describe(g) + ")",
                    "move the versions you do not want out of the sync directory, then run again");
        }
        return new Pair(local, cloud);
    }

    static String describe(ConflictGroup g) {
        StringBuilder sb = new StringBuilder();
        for (ConflictFile v : g.versions()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(v.fileName()).append(": ")
                    .append(v.isOriginal() ? "original, " : "").append(v.side() == null ? "side unknown"
                            : v.side().id());
        }
        return sb.toString();
    }

    /** The device lock, waiting up to {@code wait} for a running sync; exit 3 naming the holder when it stays busy. */
    public DeviceLock lock(Duration wait, String command) {
        return WaitingLock.acquire(home, command, wait, err);
    }

    /**
     * Settles one conflict. The caller holds the device lock. {@code seen} is the conflict as it was read (and shown);
     * when any version changed since, nothing is done (exit 1). {@code merged} is the merged text for
     * {@link Choice#MERGE}.
     */
    public Resolution apply(ConflictGroup seen, Choice choice, byte[] merged, boolean interactive) {
        Path sync = loc.syncDir();
        Path original = sync.resolve(seen.path());
        ConflictGroup now;
        try {
            now = ConflictScanner.groupOf(sync, original).orElse(null);
        } catch (IOException e) {
            throw BmException.failed("cannot read " + original.getParent() + ": " + BmHome.describe(e), e);
        }
        if (now == null || !fingerprint(now).equals(fingerprint(seen))) {
            throw BmException.failed(seen.path() + " changed since it was read (a sync may have run); nothing was"
                    + " changed: run the command again");
        }
        Pair pair = pair(now, choice);
        if (now.original() == null && Files.exists(original, LinkOption.NOFOLLOW_LINKS)) {
            throw BmException.badInput(seen.path() + " exists but is not a regular file; nothing was changed");
        }
        OffsetDateTime at = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
        Path backups = backupRoot(at);
        try {
            for (ConflictFile v : now.versions()) {
                backup(sync.resolve(v.path()), backups.resolve(v.path()));
            }
        } catch (IOException e) {
            throw BmException.failed("cannot back up the versions of " + seen.path() + " to " + backups + ": "
                    + BmHome.describe(e) + "; nothing was changed", e);
        }
        Instant fresh = freshTime(now, at.toInstant());
        Set<String> gone = new HashSet<>();
        String otherFile = null;
        String keptFrom;
        try {
            if (choice == Choice.BOTH) {
                Path clear = clearName(original, pair.local().modified(), clock.getZone());
                Files.move(sync.resolve(pair.local().path()), clear);
                otherFile = ConflictScanner.relative(sync, clear);
                gone.add(pair.local().path());
            }
            switch (choice) {
                case LOCAL -> keptFrom = keep(sync, pair.local(), original, gone);
                case CLOUD, BOTH -> keptFrom = keep(sync, pair.cloud(), original, gone);
                case MERGE -> {
                    writeMerged(original, merged, sync.resolve(pair.local().path()));
                    keptFrom = null;
                }
                default -> throw new IllegalStateException(choice.toString());
            }
            Files.setLastModifiedTime(original, FileTime.from(fresh));
            for (ConflictFile c : now.copies()) {
                if (!gone.contains(c.path())) {
                    Files.deleteIfExists(sync.resolve(c.path()));
                }
            }
        } catch (IOException e) {
            throw new BmException(ExitCode.FAILED, "resolving " + seen.path() + " failed part way: "
                    + BmHome.describe(e), "every version is backed up in " + backups, e);
        }
        List<String> removed = new ArrayList<>();
        for (ConflictFile c : now.copies()) {
            if (!Files.exists(sync.resolve(c.path()), LinkOption.NOFOLLOW_LINKS)) {
                removed.add(c.path());
            }
        }
        Resolution r = new Resolution(newId(), at.toString(), now.path(), now.project(), choice, keptFrom, otherFile,
                List.copyOf(removed), backups.toString(), interactive);
        try {
            repository.insert(r, scheme(now));
        } catch (RuntimeException e) {
            err.println("bm: warning: " + now.path() + " was resolved, but the resolution was not recorded in the"
                    + " history database: " + e.getMessage());
            err.flush();
        }
        return r;
    }

    /** Puts version v under the original name (a rename; nothing to do when v is the original). */
    private static String keep(Path sync, ConflictFile v, Path original, Set<String> gone) throws IOException {
        if (!v.isOriginal()) {
            Path from = sync.resolve(v.path());
            try {
                Files.move(from, original, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(from, original, StandardCopyOption.REPLACE_EXISTING);
            }
            gone.add(v.path());
        }
        return v.path();
    }

    private static void writeMerged(Path original, byte[] merged, Path permissionsFrom) throws IOException {
        Path tmp = original.resolveSibling("." + original.getFileName() + ".bm-merge-" + ProcessHandle.current().pid());
        try {
            Files.write(tmp, merged);
            try {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(permissionsFrom));
            } catch (IOException | UnsupportedOperationException ignored) {
                // best effort
            }
            try {
                Files.move(tmp, original, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, original, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies a version into the backup folder and checks the copy byte for byte (size and SHA-256). */
    static void backup(Path from, Path to) throws IOException {
        AtomicFiles.createPrivateDirectories(to.getParent());
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(to.toString());
        }
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        if (Files.size(from) != Files.size(to) || !sha256(from).equals(sha256(to))) {
            throw new IOException("the backup copy " + to + " differs from " + from);
        }
    }


    /**
     * The resolved file's modification time: now, and at least one second after every version's time. rclone up to
     * 1.65 detects changes by modification time alone (not size, not content), so a kept version that kept its old
     * time could match the other device's copy and never propagate.
     */
    static Instant freshTime(ConflictGroup g, Instant now) {
        Instant t = now;
        for (ConflictFile v : g.versions()) {
            Instant after = v.modified().plusSeconds(1);
            if (after.isAfter(t)) {
                t = after;
            }
        }
        return t.truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * A clear name for the local version kept beside the cloud version: {@code note (local 2026-11-25).md} (the date
     * the local version was last modified), then {@code note (local 2026-11-25 2).md} and so on if taken. Never a
     * name that looks like a conflict copy.
     */
    static Path clearName(Path original, Instant localModified, ZoneId zone) {
        String name = original.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        String day = DAY.format(localModified.atZone(zone));
        for (int i = 1;; i++) {
            Path p = original.resolveSibling(stem + " (local " + day + (i == 1 ? "" : " " + i) + ")" + ext);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return p;
            }
        }
    }

    private Path backupRoot(OffsetDateTime at) {
        if (backupRoot != null) {
            return backupRoot;
        }
        Path base = home.root().resolve("conflict-backups");
        String stamp = STAMP.format(at.withOffsetSameInstant(ZoneOffset.UTC));
        try {
            AtomicFiles.createPrivateDirectories(home.root());
            AtomicFiles.createPrivateDirectories(base);
            for (int i = 1;; i++) {
                Path p = base.resolve(i == 1 ? stamp : stamp + "-" + i);
                try {
                    Files.createDirectory(p);
                    AtomicFiles.ownerOnly(p);
                    backupRoot = p;
                    return p;
                } catch (FileAlreadyExistsException e) {
                    // a resolution in the same second: take the next name
                }
            }
        } catch (IOException e) {
            throw BmException.failed("cannot create a backup folder in " + base + ": " + BmHome.describe(e)
                    + "; nothing was changed", e);
        }
    }

    /** The versions as (path, size, time): what must not have changed between showing and settling. */
    private static List<String> fingerprint(ConflictGroup g) {
        List<String> out = new ArrayList<>();
        for (ConflictFile v : g.versions()) {
            out.add(v.path() + "|" + v.size() + "|" + v.modified().toEpochMilli());
        }
        return out;
    }

    private static String scheme(ConflictGroup g) {
        Optional<ConflictFile> c = g.copies().stream().filter(f -> f.naming() != null).findFirst();
        return c.map(f -> f.naming().scheme().name().toLowerCase(java.util.Locale.ROOT)).orElse(null);
    }

    static String newId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Parses {@code --wait}: {@code 0}, {@code 45} (seconds), {@code 30s}, {@code 2m}, {@code 1h}. */
    public static Duration parseWait(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})\\s*(ms|s|m|h)?").matcher(v);
        if (!m.matches()) {
            throw BmException.badInput("invalid --wait '" + value + "': use a duration like 0, 30s, 2m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
