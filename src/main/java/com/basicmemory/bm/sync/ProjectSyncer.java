package com.basicmemory.bm.sync;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.config.ResolvedConfig;
import com.basicmemory.bm.conflicts.ConflictNames;
import com.basicmemory.bm.rclone.BisyncLogParser;
import com.basicmemory.bm.rclone.BisyncOutcome;
import com.basicmemory.bm.rclone.CheckResult;
import com.basicmemory.bm.rclone.ConflictEvent;
import com.basicmemory.bm.rclone.Rclone;
import com.basicmemory.bm.rclone.RcloneInvocation;
import com.basicmemory.bm.rclone.RcloneRunner;
import com.basicmemory.bm.rclone.SafetyAbort;
import com.basicmemory.bm.rclone.SideDeltas;
import com.basicmemory.bm.report.Conflict;
import com.basicmemory.bm.report.Direction;
import com.basicmemory.bm.report.ProjectReport;
import com.basicmemory.bm.report.SyncStatus;
import com.basicmemory.bm.util.AtomicFiles;
import com.basicmemory.bm.util.Timing;

/**
 * Syncs one project: its local folder and its cloud folder are one bisync pair with its own workdir. Adds the safety
 * rclone lacks: first-run rules, a resync that keeps every file it would overwrite, stale rclone locks, and the
 * profile's small-change allowance for rclone's safety checks.
 */
final class ProjectSyncer {
    private static final int MAX_LISTED = 20;

    private final BmHome home;
    private final Rclone rclone;
    private final ResolvedConfig config;
    private final SyncRequest request;
    private final PrintWriter err;
    private final Progress progress;
    private final RunLog log;
    private final String backupStamp;
    private final BooleanSupplier stopping;

    ProjectSyncer(BmHome home, Rclone rclone, ResolvedConfig config, SyncRequest request, PrintWriter err,
            Progress progress, RunLog log, String backupStamp, BooleanSupplier stopping) {
        this.home = home;
        this.rclone = rclone;
        this.config = config;
        this.request = request;
        this.err = err;
        this.progress = progress;
        this.log = log;
        this.backupStamp = backupStamp;
        this.stopping = stopping;
    }

    /** Mutable state of one project run, turned into a {@link ProjectReport} at the end. */
    private final class Run {
        final String name;
        final Profile profile;
        final long started = System.nanoTime();
        final List<String> notes = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        final List<String> rcloneErrors = new ArrayList<>();
        final List<Conflict> conflicts = new ArrayList<>();
        Direction toCloud = Direction.NONE;
        Direction toLocal = Direction.NONE;
        long bytes;
        Integer rcloneExit;
        Path filtersFile;
        boolean resync;
        boolean forced;
        /** bm removed an rclone lock whose rclone had died (or that bm had to stop): that bisync was cut short. */
        boolean cutShort;
        /** This run's {@code --backup-dir1} (rclone 1.66+, not on a dry run), once created; see {@link SyncBackups}. */
        Path backupDir;

        Run(String name, Profile profile) {
            this.name = name;
            this.profile = profile;
            this.filtersFile = home.filtersFile(name);
        }

        ProjectReport end(SyncStatus status) {
            noteBackups();
            double secs = (System.nanoTime() - started) / 1e9;
            List<String> all = new ArrayList<>(rcloneErrors);
            all.addAll(errors);
            return new ProjectReport(name, status, status.exitCode(), rcloneExit, profile.id(), toCloud, toLocal,
                    List.copyOf(conflicts), bytes, Math.round(secs * 1000) / 1000.0, resync, forced,
                    List.copyOf(all), List.copyOf(notes));
        }

        /** Names the files rclone moved into this run's backup folder, or removes the folder when it stayed empty. */
        private void noteBackups() {
            if (backupDir == null) {
                return;
            }
            try {
                List<String> kept = SyncBackups.settle(backupDir);
                if (!kept.isEmpty()) {
                    notes.add("kept " + kept.size() + " local file(s) that this sync deleted or overwrote in "
                            + backupDir + " (removed after " + SyncBackups.RETENTION_DAYS + " days): " + list(kept));
                }
            } catch (IOException e) {
                notes.add("could not look into the sync backups in " + backupDir + ": " + BmHome.describe(e));
            }
            backupDir = null;
        }

        /** Adds the earlier copies bm put back (per original, relative to the project) to this run's conflicts. */
        void addCopies(java.util.Map<String, List<String>> restored) {
            restored.forEach((original, names) -> {
                String path = name + "/" + original;
                List<String> files = new ArrayList<>();
                for (int i = 0; i < conflicts.size(); i++) {
                    if (conflicts.get(i).path().equals(path)) {
                        files.addAll(conflicts.get(i).files());
                        conflicts.remove(i);
                        break;
                    }
                }
                names.forEach(n -> files.add(name + "/" + n));
                conflicts.add(new Conflict(path, List.copyOf(files)));
            });
        }

        void add(BisyncOutcome o) {
            rcloneExit = o.exitCode();
            toCloud = toCloud.plus(direction(o.toPath2()));
            toLocal = toLocal.plus(direction(o.toPath1()));
            bytes += o.bytesTransferred();
            for (ConflictEvent c : o.conflicts()) {
                List<String> files = new ArrayList<>();
                for (String f : c.files()) {
                    files.add(name + "/" + f);
                }
                conflicts.add(new Conflict(name + "/" + c.path(), List.copyOf(files)));
            }
            // a re-run after a relaxed safety check replaces the aborted attempt's errors (the notes explain it)
            rcloneErrors.clear();
            for (String e : o.errors()) {
                String r = rclone.redactor().redact(e);
                if (!rcloneErrors.contains(r)) {
                    rcloneErrors.add(r);
                }
            }
        }
    }

    private static Direction direction(com.basicmemory.bm.rclone.Changes c) {
        return c == null ? Direction.NONE : new Direction(c.created(), c.updated(), c.deleted());
    }

    ProjectReport sync(Projects.Project project, Profile profile) {
        Run run = new Run(project.name(), profile);
        try {
            return doSync(project, run);
        } catch (BmException e) {
            run.errors.add(e.getMessage());
            return run.end(e.exitCode() == 4 ? SyncStatus.NEEDS_RESYNC : SyncStatus.FAILED);
        } catch (IOException e) {
            run.errors.add(BmHome.describe(e));
            return run.end(SyncStatus.FAILED);
        }
    }

    private ProjectReport doSync(Projects.Project project, Run run) throws IOException {
        String name = project.name();
        Path localDir = config.syncDir().resolve(name);
        String path1 = localDir.toString();
        String path2 = config.remoteFor(name);
        Path workdir = home.bisyncWorkdir(name);
        AtomicFiles.createPrivateDirectories(workdir); // rclone's listings name every file
        boolean hasState = BisyncWorkdir.samePair(workdir, path1, path2, request.dryRun(), name, run.notes)
                && BisyncWorkdir.hasListings(workdir);

        if (request.dryRun() && (!project.local() || !project.cloud())) {
            return run.end(dryRunOneSided(run, project, path1, path2));
        }
        if (!project.local() && !request.dryRun()) {
            Files.createDirectories(localDir);
            run.notes.add("project " + name + " exists only in the cloud: created it locally");
        }
        if (!project.cloud() && !request.dryRun()) {
            rclone.mkdir(path2);
        }
        removeStaleRcloneLocks(workdir, run);
        if (run.cutShort && !request.dryRun()) {
            removePartials(run, path1, path2);
        }
        // rclone before 1.66 (no --recover) that was killed mid-run leaves listings from before the run: a normal
        // bisync would then see every file that run copied as changed on both sides and make conflict copies of it
        // the mark persists until that resync succeeds: a second plain `bm sync` after the exit 4 (cron) must not
        // go ahead with the stale listings either
        boolean cutShort = (run.cutShort || BisyncWorkdir.cutShortPending(workdir)) && hasState
                && !rclone.version().hasRecover() && !request.dryRun();
        if (cutShort) {
            BisyncWorkdir.markCutShort(workdir);
        }

        // A configuration change (ignore patterns, only patterns) changes the filters file, and rclone then demands a
        // --resync. When the change only relaxes the filters, bm first syncs pending changes with the filters rclone
        // knows (so a delete made before the change is not undone by the resync); when it ignores more, it does not
        // (that sync would upload files the user has just decided to ignore). Then it switches to the new filters
        // and does the protected resync.
        String wanted = Filters.contentFor(config, name);
        String current = Filters.current(home, name);
        boolean filtersChanged = !wanted.equals(current);
        if (filtersChanged && hasState && current != null
                && BisyncWorkdir.filtersHashMatches(home.filtersFile(name))
                && !request.resync() && !request.dryRun() && Filters.onlyRelaxes(current, wanted)) {
            run.notes.add("the project's filters changed (less is ignored): synced pending changes with the previous"
                    + " filters first");
            BisyncOutcome before = syncNormally(run, path1, path2, workdir);
            SyncStatus s = statusOf(run, before);
            if (!s.ok()) {
                run.notes.add("the new filters take effect after this project syncs cleanly");
                return run.end(s);
            }
        }
        if (filtersChanged && !request.dryRun()) {
            Filters.write(home, name, wanted);
        } else if (filtersChanged) {
            // a dry run shows the effect of the new filters without making them current
            run.filtersFile = home.filtersFile(name).resolveSibling(name + ".filters.dry-run");
            Filters.write(home.filtersFile(name).getParent(), run.filtersFile, wanted);
        }
        boolean filtersPending = hasState
                && (filtersChanged || !BisyncWorkdir.filtersHashMatches(home.filtersFile(name)));

        boolean firstRun = !hasState;
        if (request.resync() || firstRun || filtersPending || cutShort) {
            String why = request.resync() ? "--resync requested"
                    : firstRun ? "first sync of this project on this device"
                            : filtersPending ? "the project's filters changed"
                                    : "the last sync of this project was cut short (rclone was killed before it"
                                            + " finished), so rclone's record of both sides is out of date";
            run.notes.add(ProjectReport.RESYNC_NOTE_PREFIX + why);
            if (project.local() && project.cloud() || request.resync() || filtersPending || cutShort) {
                SyncStatus blocked = guardResync(run, path1, path2, localDir,
                        request.resync() || filtersPending, firstRun ? "first sync of " + name + " on this device"
                                : "the last sync of " + name + " was cut short");
                if (blocked != null) {
                    return run.end(blocked);
                }
            }
            run.resync = true;
            BisyncOutcome o = bisync(run, path1, path2, workdir, run.profile.maxDeletePercent(), true,
                    request.force());
            SyncStatus status = statusOf(run, o);
            if (status.ok() && !request.dryRun()) {
                BisyncWorkdir.clearCutShort(workdir); // a new baseline: the cut-short run's listings are gone
            }
            return run.end(status);
        }
        return run.end(statusOf(run, syncNormally(run, path1, path2, workdir)));
    }

    /**
     * A dry run of a project that exists on one side only: bisync cannot run before the other side's folder exists
     * (and a dry run creates nothing), so the report counts the files the first sync would copy.
     */
    private SyncStatus dryRunOneSided(Run run, Projects.Project project, String path1, String path2) {
        String wanted = Filters.contentFor(config, run.name);
        Path filters = home.filtersFile(run.name).resolveSibling(run.name + ".filters.dry-run");
        Filters.write(filters.getParent(), filters, wanted);
        String side = project.local() ? path1 : path2;
        Rclone.Output o = rclone.runShort(List.of("lsf", "-R", "--files-only", "--filter-from", filters.toString(),
                side));
        if (o.exitCode() != 0) {
            run.errors.add("cannot list " + rclone.redactor().redact(side) + ": " + rclone.redactor().redact(o.lastError()));
            return SyncStatus.FAILED;
        }
        int n = o.stdout().size();
        if (project.local()) {
            run.toCloud = new Direction(n, 0, 0);
        } else {
            run.toLocal = new Direction(n, 0, 0);
        }
        run.resync = true;
        run.notes.add("dry run: project " + run.name + " exists only " + (project.local() ? "locally" : "in the cloud")
                + "; its first sync would copy " + n + " file(s) to the " + (project.local() ? "cloud" : "local side"));
        return SyncStatus.SUCCESS;
    }

    /**
     * A normal bisync. When one of rclone's safety checks aborts it (nothing changed), and the changes behind the
     * abort are within the profile's small-change allowance, it runs again with that check relaxed.
     */
    private BisyncOutcome syncNormally(Run run, String path1, String path2, Path workdir) throws IOException {
        int maxDelete = run.profile.maxDeletePercent();
        boolean force = request.force();
        BisyncOutcome o = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            o = bisync(run, path1, path2, workdir, maxDelete, false, force);
            if (o.priorLockFile() != null && attempt == 0 && removeStaleRcloneLocks(workdir, run) > 0) {
                continue;
            }
            SafetyAbort abort = o.safetyAbort();
            if (abort == null || force || stopping.getAsBoolean()) {
                break;
            }
            int allowance = run.profile.smallChangeAllowance();
            SideDeltas d1 = orEmpty(o.path1Deltas());
            SideDeltas d2 = orEmpty(o.path2Deltas());
            int copies = d1.deletedConflictCopies() + d2.deletedConflictCopies();
            String copiesNote = copies == 0 ? "" : " (the " + copies + " conflict copies removed do not count)";
            if (abort.kind() == SafetyAbort.Kind.MAX_DELETE && maxDelete < 100
                    && d1.deletedNotCopies() <= allowance && d2.deletedNotCopies() <= allowance) {
                run.notes.add("rclone's --max-delete " + maxDelete + "% tripped on " + describe(abort)
                        + ", within the " + run.profile.id() + " profile's allowance of " + allowance
                        + " files per side" + copiesNote + ": re-ran with the percentage check relaxed");
                maxDelete = 100;
                run.forced = true;
                continue;
            }
            if (abort.kind() == SafetyAbort.Kind.ALL_FILES_CHANGED
                    && d1.modified() + d1.deletedNotCopies() <= allowance
                    && d2.modified() + d2.deletedNotCopies() <= allowance) {
                run.notes.add("rclone's \"all files were changed\" check tripped on " + abort.side() + " ("
                        + (d1.modified() + d1.deleted() + d2.modified() + d2.deleted()) + " changed), within the "
                        + run.profile.id() + " profile's allowance of " + allowance
                        + " files per side" + copiesNote + ": re-ran with --force");
                force = true;
                run.forced = true;
                continue;
            }
            break;
        }
        return settleWinners(run, path1, path2, workdir, o, maxDelete, force);
    }

    /**
     * rclone 1.66+ leaves the winner of a conflict out of both listings: the next bisync would see that file as new on
     * both sides, and a resolution or any later edit of it would become a new conflict that the same rule loses again
     * (the edit turns into a conflict copy). One more bisync in the same locked run, right after the conflict, finds
     * both sides equal and records the winner.
     */
    private BisyncOutcome settleWinners(Run run, String path1, String path2, Path workdir, BisyncOutcome o,
            int maxDelete, boolean force) {
        if (o.exitCode() != 0 || request.dryRun() || stopping.getAsBoolean() || !rclone.version().hasConflictResolve()
                || o.conflicts().stream().noneMatch(c -> c.winner() != null)) {
            return o;
        }
        run.notes.add("ran bisync once more to record the conflict winners in rclone's listings (rclone "
                + rclone.version() + " leaves them out, so that a later edit would become a new conflict)");
        BisyncOutcome settled = bisync(run, path1, path2, workdir, maxDelete, false, force); // adds to the run
        return settled.exitCode() == 0 ? o : settled;
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 2 -> " (SIGINT)";
            case 6 -> " (SIGABRT)";
            case 9 -> " (SIGKILL)";
            case 11 -> " (SIGSEGV)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
    }

    private static SideDeltas orEmpty(SideDeltas d) {
        return d == null ? new SideDeltas(0, 0, 0) : d;
    }

    private static String describe(SafetyAbort a) {
        StringBuilder sb = new StringBuilder(a.side() == null ? "one side" : a.side());
        if (a.deleted() != null && a.total() != null) {
            sb.append(" (").append(a.deleted()).append(" of ").append(a.total()).append(" files deleted)");
        }
        return sb.toString();
    }

    /** The status of a bisync outcome, with the one-line reason and next step recorded in the run. */
    private SyncStatus statusOf(Run run, BisyncOutcome o) {
        String p = run.name;
        int code = o.exitCode();
        boolean stoppedByUs = stopping.getAsBoolean() && code != 0;
        boolean killed = code > 128 && code < 160; // 128 + signal: rclone died of a signal bm did not send
        if (stoppedByUs || o.interrupted() || killed) {
            if (stoppedByUs || o.interrupted()) {
                run.errors.add("sync of " + p + " was interrupted");
            } else {
                run.errors.add("rclone was killed by signal " + (code - 128) + signalName(code - 128)
                        + " before the sync of " + p + " finished (a crash, the out-of-memory killer, or a kill)");
            }
            if (!rclone.version().hasRecover()) {
                run.notes.add(stoppedByUs || o.interrupted()
                        ? "rclone " + rclone.version() + " cannot resume an interrupted bisync: the next run will"
                                + " ask for `bm sync --resync --project " + p + "`"
                        : "rclone " + rclone.version() + " cannot resume an interrupted bisync: the next sync of " + p
                                + " compares both sides by content and re-establishes its baseline (or, if files"
                                + " differ, asks for `bm sync --resync --project " + p + "`)");
            }
            return SyncStatus.INTERRUPTED;
        }
        if (code == 0 && o.safetyAbort() == null && !o.mustResync()) {
            return run.conflicts.isEmpty() ? SyncStatus.SUCCESS : SyncStatus.CONFLICTS;
        }
        if (o.mustResync() || (code == rclone.version().mustResyncExitCode() && code != 2)) {
            run.notes.add("next step: bm sync --resync --project " + p
                    + " (keeps a copy of every file it would overwrite)");
            return SyncStatus.NEEDS_RESYNC;
        }
        if (o.safetyAbort() != null) {
            SafetyAbort a = o.safetyAbort();
            run.notes.add("rclone's safety check stopped the sync of " + p + " (" + (a.kind() == SafetyAbort.Kind.MAX_DELETE
                    ? "too many deletes on " + describe(a) + ", limit " + run.profile.maxDeletePercent() + "%"
                    : "all files were changed on " + a.side()) + "); nothing was changed. If this is what you meant:"
                    + " bm sync --force --project " + p);
            return a.kind() == SafetyAbort.Kind.MAX_DELETE ? SyncStatus.MAX_DELETE_ABORT : SyncStatus.SAFETY_ABORT;
        }
        if (o.priorLockFile() != null) {
            run.notes.add("another rclone holds " + o.priorLockFile());
        }
        if (run.errors.isEmpty() && run.rcloneErrors.isEmpty()) {
            run.errors.add("rclone bisync exited with code " + code);
        }
        return SyncStatus.FAILED;
    }

    /**
     * Before a resync: compare both sides by content ({@code rclone check}). Files only on one side are copied by the
     * resync, nothing is lost. A file on both sides that differs would be overwritten by Path1's version (rclone's
     * resync), so: on a first run bm stops (exit 4) and lists them; when the resync is requested (or caused by bm's
     * own filters change) bm keeps the local version as a conflict copy, backs it up, and lets the cloud version keep
     * the name (the cloud-primary model). Returns a status to stop with, or null to go on.
     */
    private SyncStatus guardResync(Run run, String path1, String path2, Path localDir, boolean protect,
            String situation) throws IOException {
        CheckResult check = rclone.check(path1, path2, run.filtersFile, List.of());
        if (!(check.exitCode() == 0 || check.exitCode() == 1) || !check.errored().isEmpty()) {
            String why = check.messages().isEmpty() ? "rclone check exited " + check.exitCode()
                    : rclone.redactor().redact(Rclone.lastMessage(check.messages(), "unknown error"));
            run.errors.add("cannot compare local and cloud before the resync of " + run.name + ": " + why);
            return SyncStatus.FAILED;
        }
        if (check.differing().isEmpty()) {
            return null;
        }
        List<String> differing = check.differing();
        if (!protect) {
            run.errors.add(situation + ": " + differing.size() + " file(s) differ between local and cloud: "
                    + list(differing));
            run.notes.add("next step: bm sync --resync --project " + run.name + " (the cloud version keeps the name;"
                    + " your local version is kept as a conflict copy, e.g. "
                    + ConflictNames.localCopy(fileName(differing.get(0)), rclone.version()) + ")");
            return SyncStatus.NEEDS_RESYNC;
        }
        Path backupRoot = home.resyncBackups().resolve(backupStamp).resolve(run.name);
        java.util.Set<String> cloudOnly = new java.util.HashSet<>(check.onlyCloud());
        for (String rel : differing) {
            Path local = localDir.resolve(rel);
            String copyName = ConflictNames.localCopy(local.getFileName().toString(), rclone.version());
            Path copy = local.resolveSibling(copyName);
            String relCopy = parentOf(rel) + copyName;
            // the copy of an earlier conflict is still there (locally or only in the cloud): the local version gets
            // the first free numbered name instead (note.conflict-local1.md), so that nothing is overwritten and the
            // resync is never a dead end. (It used to stop and ask to resolve the earlier conflict first, which
            // left unattended devices needing a person.)
            for (int n = 1; Files.exists(copy, java.nio.file.LinkOption.NOFOLLOW_LINKS) || cloudOnly.contains(relCopy);
                    n++) {
                copyName = ConflictNames.numberedCopy(local.getFileName().toString(),
                        com.basicmemory.bm.conflicts.Side.LOCAL, n);
                copy = local.resolveSibling(copyName);
                relCopy = parentOf(rel) + copyName;
            }
            run.conflicts.add(new Conflict(run.name + "/" + rel, List.of(run.name + "/" + relCopy)));
            if (request.dryRun()) {
                run.notes.add("would keep the local version of " + run.name + "/" + rel + " as " + relCopy);
                continue;
            }
            Path backup = backupRoot.resolve(rel);
            AtomicFiles.createPrivateDirectories(backup.getParent());
            Files.copy(local, backup, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
            Files.move(local, copy, StandardCopyOption.ATOMIC_MOVE);
            run.notes.add("kept the local version of " + run.name + "/" + rel + " as " + relCopy
                    + " (backup in " + backupRoot + "); the cloud version keeps the name");
        }
        return null;
    }

    private static String list(List<String> items) {
        if (items.size() <= MAX_LISTED) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, MAX_LISTED)) + " and " + (items.size() - MAX_LISTED) + " more";
    }

    private static String fileName(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? rel : rel.substring(slash + 1);
    }

    private static String parentOf(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash + 1);
    }

    private BisyncOutcome bisync(Run run, String path1, String path2, Path workdir, int maxDelete, boolean resync,
            boolean force) {
        if (run.backupDir == null && !request.dryRun() && rclone.version().hasBackupDirs()) {
            Path dir = SyncBackups.folder(home, backupStamp, run.name);
            try {
                SyncBackups.prepare(dir);
            } catch (IOException e) {
                throw BmException.failed("cannot create the backup folder " + dir + " for the files this sync"
                        + " deletes or overwrites: " + BmHome.describe(e));
            }
            run.backupDir = dir;
        }
        BisyncArgs args = new BisyncArgs(path1, path2, workdir, run.filtersFile, run.profile, maxDelete,
                resync, request.dryRun(), force, progress.enabled(),
                request.limits().or(config.limitsFor(run.profile)), run.backupDir);
        RcloneInvocation inv = rclone.prepareDetached(args.toArgs(rclone.version()));
        String shown = inv.display(rclone.redactor());
        if (request.dryRun() || request.verbose()) {
            err.println("bm: " + run.name + ": " + shown);
            err.flush();
        }
        log.line("### " + run.name + ": " + shown);
        BisyncLogParser parser = new BisyncLogParser(withSlash(path1), withSlash(path2));
        parser.setStatsListener(s -> progress.update(run.name, s));
        Path raw = home.runDir().resolve(run.name + ".rclone.out");
        try {
            com.basicmemory.bm.util.AtomicFiles.createPrivateDirectories(raw.getParent());
            Files.deleteIfExists(raw);
            Files.createFile(raw);
            com.basicmemory.bm.util.AtomicFiles.ownerOnly(raw);
        } catch (IOException e) {
            throw BmException.failed("cannot write in " + raw.getParent() + ": " + BmHome.describe(e));
        }
        ConflictCopyGuard guard = Timing.time("guard " + run.name,
                () -> guardConflictCopies(run, path1, path2, workdir, resync));
        RcloneRunner.Result r = Timing.time("bisync " + run.name, () -> rclone.runTailed(inv, raw, line -> {
            log.line(line);
            parser.accept(line);
        }, null));
        try {
            Files.deleteIfExists(raw); // the redacted copy is in the run log
        } catch (IOException ignored) {
            // removed by the next run
        }
        progress.clear();
        BisyncOutcome o = parser.finish(r.exitCode());
        run.add(o);
        for (String name : o.invalidUtf8Names()) {
            run.notes.add(ProjectReport.WARNING_PREFIX + run.name + "/" + name + ": the file name is not valid UTF-8"
                    + " (\\xNN marks each byte that is not), and rclone cannot be relied on to sync it (it reads"
                    + " the name with those bytes replaced): rename it to UTF-8 (e.g. `convmv -f latin1 -t utf8`)");
        }
        try {
            run.addCopies(guard.restore(o.conflicts(), Path.of(path1), run.notes, run.name,
                    rclone.version().toString()));
            guard.discard();
        } catch (IOException e) {
            run.errors.add("could not put back the earlier conflict copies that rclone overwrote: "
                    + BmHome.describe(e) + "; they are kept in " + stashDir(run.name));
        }
        if (r.exitCode() == 0 && !request.dryRun() && rclone.version().detectsChangesByTimeOnly()) {
            Timing.time("listing check " + run.name, () -> reportUnseenDifferences(run, workdir));
        }
        return o;
    }

    /** Removes rclone's temp files ({@link PartialFiles}) that a killed transfer left on either side. */
    private void removePartials(Run run, String path1, String path2) {
        List<String> local = PartialFiles.remove(rclone, path1, null);
        List<String> cloud = PartialFiles.remove(rclone, path2, PartialFiles.CLOUD_MIN_AGE);
        if (!local.isEmpty() || !cloud.isEmpty()) {
            run.notes.add("removed rclone's temp files left by a killed transfer (never synced): "
                    + (local.isEmpty() ? "" : "local " + list(local))
                    + (local.isEmpty() || cloud.isEmpty() ? "" : "; ")
                    + (cloud.isEmpty() ? "" : "cloud " + list(cloud)));
        }
    }

    /**
     * Files that differ between the two sides although rclone saw no change (it compares times only before 1.66):
     * one warning line each in the report's notes, shown even with -q. See {@link ListingCheck}.
     */
    private void reportUnseenDifferences(Run run, Path workdir) {
        List<ListingCheck.Mismatch> found;
        try {
            found = ListingCheck.mismatches(workdir);
        } catch (IOException e) {
            return; // the listings are rclone's; not being able to read them changes nothing of the sync
        }
        for (ListingCheck.Mismatch m : found) {
            run.notes.add(ProjectReport.WARNING_PREFIX + run.name + "/" + m.name() + " differs between local ("
                    + m.localSize() + " B) and cloud (" + m.cloudSize() + " B) under the same modification time, which"
                    + " rclone does not see as a change: keep the right version with a fresh time (touch it) and sync;"
                    + " `bm cloud check` lists every such file");
        }
    }

    private Path stashDir(String project) {
        return home.runDir().resolve("conflict-stash").resolve(project);
    }

    /**
     * rclone up to 1.65 overwrites the copies of an earlier conflict when the same file conflicts again: they are
     * copied aside first ({@link ConflictCopyGuard}). Copies left aside by a killed run are moved to
     * {@code conflict-backups/}.
     */
    private ConflictCopyGuard guardConflictCopies(Run run, String path1, String path2, Path workdir, boolean resync) {
        if (resync || request.dryRun() || !rclone.version().oldConflictNames()) {
            return ConflictCopyGuard.none();
        }
        Path stash = stashDir(run.name);
        try {
            if (Files.exists(stash)) {
                Path keep = home.root().resolve("conflict-backups").resolve(backupStamp + "-left-by-a-killed-run")
                        .resolve(run.name);
                AtomicFiles.createPrivateDirectories(keep.getParent());
                if (!Files.exists(keep)) {
                    Files.move(stash, keep);
                    run.notes.add("moved conflict copies that a killed run had kept aside to " + keep);
                }
                ConflictCopyGuard.deleteTree(stash);
            }
            return ConflictCopyGuard.stash(rclone, workdir, Path.of(path1), path2, stash);
        } catch (IOException e) {
            ConflictCopyGuard.deleteTree(stash);
            throw BmException.failed("cannot keep the earlier conflict copies of " + run.name + " aside in " + stash
                    + " (rclone " + rclone.version() + " may overwrite them): " + BmHome.describe(e));
        }
    }

    private static String withSlash(String p) {
        return p.endsWith("/") || p.endsWith(":") ? p : p + "/";
    }

    /** Clears the stale rclone locks of the project's workdir ({@link RcloneLocks}); returns how many. */
    private int removeStaleRcloneLocks(Path workdir, Run run) throws IOException {
        RcloneLocks.Cleared c = RcloneLocks.clearStale(workdir, run.name, err, run.notes);
        run.cutShort |= c.cutShort();
        return c.removed();
    }
}
