package com.basicmemory.bm.sync;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.BmVersion;
import com.basicmemory.bm.cli.ExitCode;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.config.ConfigStore;
import com.basicmemory.bm.config.DeviceId;
import com.basicmemory.bm.config.Notices;
import com.basicmemory.bm.config.ResolvedConfig;
import com.basicmemory.bm.config.SyncDirGuard;
import com.basicmemory.bm.lock.DeviceLock;
import com.basicmemory.bm.lock.LockHolder;
import com.basicmemory.bm.rclone.Rclone;
import com.basicmemory.bm.rclone.Redactor;
import com.basicmemory.bm.report.Conflict;
import com.basicmemory.bm.report.Direction;
import com.basicmemory.bm.report.ProjectReport;
import com.basicmemory.bm.report.ReportStore;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.report.SyncStatus;
import com.basicmemory.bm.util.Timing;

/**
 * One {@code bm sync} run: configuration, the device lock, rclone, every project, one report. Whatever happens after
 * the configuration is read, the run is recorded.
 */
public final class SyncService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter STAMP = SyncBackups.STAMP;

    private final BmHome home;
    private final ReportStore store;
    private final Clock clock;

    public SyncService(BmHome home, ReportStore store, Clock clock) {
        this.home = home;
        this.store = store;
        this.clock = clock;
    }

    /** The report of a run and where it was stored. */
    public record Outcome(SyncReport report, ReportStore.Saved saved) {
    }

    public Outcome run(SyncRequest request, PrintWriter err) {
        return run(request, err, Shutdown.none());
    }

    public Outcome run(SyncRequest request, PrintWriter err, Shutdown shutdown) {
        OffsetDateTime started = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
        long t0 = System.nanoTime();
        String id = newId();
        ConfigStore configStore = new ConfigStore(home);
        ResolvedConfig config = configStore.resolve();
        Set<String> wanted = new LinkedHashSet<>();
        for (String p : request.projects()) {
            wanted.add(Projects.validateName(p));
        }
        Profile profile = request.profile() != null ? request.profile() : config.profile();
        home.ensureExists();
        Context ctx = new Context(id, started, t0, config, profile, request);

        ctx.warnings.addAll(request.warnings());
        DeviceLock.Attempt attempt;
        try {
            attempt = request.lockWait() == null ? DeviceLock.tryAcquire(home.lockFile(), request.command())
                    : DeviceLock.acquire(home.lockFile(), request.command(), request.lockWait().toMillis(),
                            shutdown::stopping);
        } catch (IOException e) {
            throw new BmException(ExitCode.FAILED, "cannot open the device lock " + home.lockFile() + ": "
                    + BmHome.describe(e), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BmException.failed("interrupted while waiting for the device lock");
        }
        if (attempt instanceof DeviceLock.Busy busy) {
            String who = busy.holder().map(LockHolder::describe).orElse("holder unknown");
            ctx.errors.add("another sync is running on this device (" + who + ")");
            return finish(ctx, SyncStatus.LOCK_BUSY, List.of(), err, null);
        }
        DeviceLock.Acquired acquired = (DeviceLock.Acquired) attempt;
        try (DeviceLock lock = acquired.lock()) {
            acquired.leftByKilledRun().ifPresent(h -> recordKilledRun(h, ctx, err));
            return runLocked(ctx, wanted, err, shutdown);
        }
    }

    /** What the whole run knows while it goes. */
    private static final class Context {
        final String id;
        final OffsetDateTime started;
        final long t0;
        final ResolvedConfig config;
        final Profile profile;
        final SyncRequest request;
        final List<String> errors = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<String> projects = new ArrayList<>();
        Rclone rclone;
        boolean interrupted;

        Context(String id, OffsetDateTime started, long t0, ResolvedConfig config, Profile profile,
                SyncRequest request) {
            this.id = id;
            this.started = started;
            this.t0 = t0;
            this.config = config;
            this.profile = profile;
            this.request = request;
        }
    }

    private Outcome runLocked(Context ctx, Set<String> wanted, PrintWriter err, Shutdown shutdown) {
        try {
            prepareSyncDirectory(ctx.config, err);
            ctx.rclone = Rclone.detect(home);
            shutdown.attach(ctx.rclone.runner());
            List<Projects.Project> selected = discoverProjects(ctx, wanted);
            String policyWarning = conflictPolicyWarning(ctx);
            List<ProjectReport> reports = syncProjects(ctx, selected, shutdown, err);
            if (policyWarning != null && reports.stream().anyMatch(r -> !r.conflicts().isEmpty())) {
                ctx.warnings.add(policyWarning);
            }
            return finish(ctx, combine(reports, ctx.interrupted), reports, err, null);
        } catch (BmException e) {
            ctx.errors.add(e.getMessage());
            recordQuietly(ctx, err, e.exitCode());
            throw e;
        } catch (IOException e) {
            ctx.errors.add(BmHome.describe(e));
            recordQuietly(ctx, err, null);
            throw BmException.failed(BmHome.describe(e), e);
        } finally {
            shutdown.attach(null);
        }
    }

    /** Checks the sync directory and creates it (and the embedded cloud) when running on the defaults. */
    private void prepareSyncDirectory(ResolvedConfig config, PrintWriter err) throws IOException {
        if (!config.fromFile()) {
            err.println("bm: no config (" + home.configFile() + "): using the defaults: sync directory "
                    + config.syncDir() + ", embedded cloud " + config.remote());
        }
        SyncDirGuard.check(config, home);
        if (!Files.isDirectory(config.syncDir())) {
            if (config.fromFile()) {
                throw BmException.badInput("the sync directory " + config.syncDir() + " does not exist"
                        + " (is its drive mounted?)", "create it, or set another with `bm cloud setup --sync-dir DIR`");
            }
            Files.createDirectories(config.syncDir());
        }
        if (config.embeddedCloud()) {
            Files.createDirectories(home.embeddedCloud());
        }
    }

    /** Projects on both sides, narrowed to {@code --project} ones; names loose top-level files in a warning. */
    private List<Projects.Project> discoverProjects(Context ctx, Set<String> wanted) {
        Projects.LocalScan local = Projects.scanLocal(ctx.config.syncDir());
        SyncDirGuard.checkProjectsApart(ctx.config.syncDir(), local.projects());
        Optional<List<String>> listed = ctx.rclone.listTopLevelDirsIfExists(ctx.config.remote());
        if (listed.isEmpty() && !ctx.request.resync() && !ctx.request.dryRun()
                && local.projects().stream().anyMatch(p -> hasSyncedBefore(ctx.config, p))) {
            // a cloud this device synced with has gone (moved, deleted, a drive not mounted): creating it again and
            // syncing would start from an empty cloud
            throw new BmException(ExitCode.NEEDS_RESYNC, "the cloud " + ctx.rclone.redactor().redact(
                    ctx.config.remote()) + " does not exist, but this device has synced with it before (moved or"
                    + " deleted? a drive not mounted?); bm changed nothing", "put it back and run `bm sync` again;"
                    + " or, to fill a new, empty cloud from this device, run `bm sync --resync`", null);
        }
        List<String> cloud = listed.orElse(List.of());
        List<String> loose = local.looseFiles();
        if (!loose.isEmpty()) {
            ctx.warnings.add(loose.size() + " file(s) at the top of the sync directory belong to no project and are"
                    + " not synced: " + String.join(", ", loose.subList(0, Math.min(5, loose.size())))
                    + (loose.size() > 5 ? ", ..." : ""));
        }
        List<Projects.Project> all = Projects.merge(local.projects(), cloud);
        List<Projects.Project> included = new ArrayList<>();
        for (Projects.Project p : all) {
            if (ctx.config.project(p.name()).isIncluded()) {
                included.add(p);
            } else if (wanted.contains(p.name())) {
                throw BmException.badInput("project '" + p.name() + "' is excluded from sync",
                        "include it again with `bm project include " + p.name() + "`");
            }
        }
        if (wanted.isEmpty()) {
            return included;
        }
        return select(all, wanted);
    }

    /**
     * True when the project has bisync state on this device for the configured pair of folders (it was synced with
     * this cloud before). State of another pair (the cloud was changed with {@code bm cloud setup}) does not count:
     * that project starts like a first sync ({@code ProjectSyncer}'s pair marker).
     */
    private boolean hasSyncedBefore(ResolvedConfig config, String project) {
        try {
            return BisyncWorkdir.hasStateOf(home.bisyncWorkdir(project), config.syncDir().resolve(project).toString(),
                    config.remoteFor(project));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * rclone before 1.66 cannot apply the profile's conflict policy. Said once per device; afterwards only in the
     * report of a run that created conflicts (the returned text, or null when already said or not relevant).
     */
    private String conflictPolicyWarning(Context ctx) {
        if (!ctx.rclone.version().oldConflictNames()
                || ctx.profile.conflictPolicy() == Profile.ConflictPolicy.KEEP_BOTH) {
            return null;
        }
        String warning = "rclone " + ctx.rclone.version() + " cannot pick a conflict winner ("
                + ctx.profile.conflictPolicy().id() + " needs rclone 1.66+): both versions of a file edited on both"
                + " sides are kept, as NAME..path1 (local) and NAME..path2 (cloud)";
        if (Notices.firstTime(home, "old-rclone-conflict-policy")) {
            ctx.warnings.add(warning);
            return null;
        }
        return warning;
    }

    private List<ProjectReport> syncProjects(Context ctx, List<Projects.Project> selected, Shutdown signals,
            PrintWriter err) {
        Progress progress = new Progress(err, ctx.request.progress());
        String stamp = STAMP.format(ctx.started.withOffsetSameInstant(ZoneOffset.UTC));
        List<ProjectReport> reports = new ArrayList<>();
        if (!ctx.request.dryRun()) {
            try {
                SyncBackups.prune(home.syncBackups(), ctx.started.toInstant());
            } catch (IOException e) {
                ctx.warnings.add("could not remove sync backups older than " + SyncBackups.RETENTION_DAYS
                        + " days from " + home.syncBackups() + ": " + BmHome.describe(e));
            }
        }
        try (RunLog log = new RunLog(home.logsDir(), stamp + "-" + ctx.id, ctx.rclone.redactor())) {
            ProjectSyncer syncer = new ProjectSyncer(home, ctx.rclone, ctx.config, ctx.request, err, progress, log,
                    stamp, signals::stopping);
            List<String> skipped = new ArrayList<>();
            for (Projects.Project p : selected) {
                if (signals.stopping()) {
                    skipped.add(p.name());
                    continue;
                }
                ctx.projects.add(p.name());
                Profile profile = ctx.request.profile() != null ? ctx.request.profile()
                        : ctx.config.profileOf(p.name());
                reports.add(syncer.sync(p, profile));
            }
            if (!skipped.isEmpty()) {
                ctx.errors.add("bm was stopped before it synced: " + String.join(", ", skipped));
                ctx.interrupted = true;
            }
        }
        return reports;
    }

    /**
     * A previous bm died holding the lock (kill -9, power loss): it never wrote its report. Record it now as
     * interrupted, so that history shows it.
     */
    private void recordKilledRun(LockHolder h, Context ctx, PrintWriter err) {
        if (h.command() == null || !h.command().startsWith("bm sync")) {
            return;
        }
        err.println("bm: the previous sync (" + h.describe() + ") was killed before it finished; recorded it as"
                + " interrupted");
        String started = h.startedAt() != null ? h.startedAt() : ctx.started.toString();
        SyncReport r = new SyncReport(newId(), OffsetDateTime.parse(started).toString(), 0, ExitCode.FAILED, null,
                false, SyncStatus.INTERRUPTED, false, false, ctx.profile.id(), List.of(), DeviceId.of(home), null,
                0, 0, 0, Direction.NONE, Direction.NONE, 0, List.of(), List.of("bm (PID " + h.pid()
                + ") was killed before it finished; recorded by the next run"), List.of(), List.of(),
                BmVersion.get(), h.host(), ctx.config.syncDir().toString(), null, h.command(),
                SyncReport.SCHEMA_VERSION);
        try {
            store.save(r);
        } catch (RuntimeException e) {
            err.println("bm: could not record the killed run: " + e.getMessage());
        }
    }

    /** Records a run that stopped early; a failure to record must not hide the reason it stopped. */
    private void recordQuietly(Context ctx, PrintWriter err, Integer exit) {
        try {
            finish(ctx, exit != null && exit == ExitCode.NEEDS_RESYNC ? SyncStatus.NEEDS_RESYNC : SyncStatus.FAILED,
                    List.of(), err, exit);
        } catch (RuntimeException e) {
            err.println("bm: could not record this run: " + e.getMessage());
        }
    }

    private static List<Projects.Project> select(List<Projects.Project> all, Set<String> wanted) {
        if (wanted.isEmpty()) {
            return all;
        }
        List<Projects.Project> out = new ArrayList<>();
        for (String w : wanted) {
            Optional<Projects.Project> p = all.stream().filter(x -> x.name().equals(w)).findFirst();
            if (p.isEmpty()) {
                String known = all.isEmpty() ? "there are no projects yet"
                        : "projects: " + String.join(", ", all.stream().map(Projects.Project::name).toList());
                throw BmException.badInput("unknown project '" + w + "' (" + known + ")");
            }
            out.add(p.get());
        }
        return out;
    }

    static SyncStatus combine(List<ProjectReport> reports, boolean stopping) {
        SyncStatus s = SyncStatus.SUCCESS;
        for (ProjectReport r : reports) {
            if (r.status().rank() > s.rank()) {
                s = r.status();
            }
        }
        if (stopping && s.ok()) {
            s = SyncStatus.INTERRUPTED;
        }
        return s;
    }

    private Outcome finish(Context ctx, SyncStatus status, List<ProjectReport> projects, PrintWriter err,
            Integer exitOverride) {
        Direction toCloud = Direction.NONE;
        Direction toLocal = Direction.NONE;
        long bytes = 0;
        Integer rcloneExit = null;
        List<Conflict> conflicts = new ArrayList<>();
        List<String> errors = new ArrayList<>(ctx.errors);
        int worstRank = -1;
        for (ProjectReport p : projects) {
            toCloud = toCloud.plus(p.toCloud());
            toLocal = toLocal.plus(p.toLocal());
            bytes += p.bytesTransferred();
            conflicts.addAll(p.conflicts());
            for (String n : p.notes()) {
                if (n.startsWith(ProjectReport.WARNING_PREFIX)) {
                    ctx.warnings.add(n.substring(ProjectReport.WARNING_PREFIX.length()));
                }
            }
            for (String e : p.errors()) {
                errors.add(p.project() + ": " + e);
            }
            if (p.rcloneExitCode() != null && p.status().rank() > worstRank) {
                worstRank = p.status().rank();
                rcloneExit = p.rcloneExitCode();
            }
        }
        Redactor redactor = ctx.rclone != null ? ctx.rclone.redactor() : Redactor.fromEnvironment(System.getenv());
        errors.replaceAll(redactor::redact);
        double secs = Math.round((System.nanoTime() - ctx.t0) / 1e6) / 1000.0;
        int exit = exitOverride != null ? exitOverride : status.exitCode();
        SyncReport report = new SyncReport(ctx.id, ctx.started.toString(), secs, exit, rcloneExit, exit == 0, status,
                ctx.request.dryRun(), ctx.request.resync() || projects.stream().anyMatch(ProjectReport::resync),
                ctx.profile.id(), List.copyOf(ctx.projects), DeviceId.of(home),
                ctx.rclone == null ? null : ctx.rclone.version().raw(),
                toCloud.created() + toLocal.created(), toCloud.updated() + toLocal.updated(),
                toCloud.deleted() + toLocal.deleted(), toCloud, toLocal, bytes, List.copyOf(conflicts),
                List.copyOf(errors), List.copyOf(projects), List.copyOf(ctx.warnings), BmVersion.get(),
                com.basicmemory.bm.util.Host.name(), ctx.config.syncDir().toString(), redactor.redact(ctx.config.remote()),
                redactor.redact(ctx.request.command()), SyncReport.SCHEMA_VERSION);
        ReportStore.Saved saved = Timing.time("report", () -> store.save(report));
        if (!saved.indexed()) {
            err.println("bm: warning: the report was saved to " + saved.file() + " but not indexed in the history"
                    + " database (" + saved.indexError() + "); the next run will index it");
        }
        return new Outcome(report, saved);
    }

    static String newId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
