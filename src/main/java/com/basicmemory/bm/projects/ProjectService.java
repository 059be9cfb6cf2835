package com.basicmemory.bm.projects;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.ExitCode;
import com.basicmemory.bm.config.BmConfig;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.config.ConfigStore;
import com.basicmemory.bm.config.ProjectConfig;
import com.basicmemory.bm.config.ResolvedConfig;
import com.basicmemory.bm.history.ProjectLastSync;
import com.basicmemory.bm.lock.DeviceLock;
import com.basicmemory.bm.rclone.Rclone;
import com.basicmemory.bm.sync.Profile;
import com.basicmemory.bm.sync.Projects;

/**
 * {@code bm project ...}: the projects of the sync directory and the cloud, and their settings in config.json.
 */
public final class ProjectService {
    private static final long LOCK_WAIT_MILLIS = 30_000;

    private final BmHome home;
    private final ProjectLastSync history;

    public ProjectService(BmHome home, ProjectLastSync history) {
        this.home = home;
        this.history = history;
    }

    /** Every project: local folders, cloud folders (when the cloud can be listed) and configured ones. */
    public List<ProjectInfo> list(java.io.PrintWriter err) {
        ResolvedConfig config = new ConfigStore(home).resolve();
        List<String> local = Files.isDirectory(config.syncDir()) ? Projects.scanLocal(config.syncDir()).projects()
                : List.of();
        List<String> cloud = null;
        try {
            cloud = Rclone.detect(home).listTopLevelDirs(config.remote());
        } catch (BmException e) {
            err.println("bm: warning: the cloud could not be listed (" + e.getMessage() + "); showing local projects");
        }
        TreeSet<String> names = new TreeSet<>(local);
        if (cloud != null) {
            cloud.stream().filter(n -> !n.startsWith(".")).forEach(names::add);
        }
        names.addAll(config.projects().keySet());
        Map<String, ProjectInfo.LastSync> last = history.of(names);
        List<ProjectInfo> out = new ArrayList<>();
        for (String n : names) {
            ProjectConfig pc = config.project(n);
            Path dir = config.syncDir().resolve(n);
            out.add(new ProjectInfo(n, dir.toString(), local.contains(n), cloud == null ? null : cloud.contains(n),
                    pc.isIncluded(), config.profileOf(n).id(), pc.profile() != null ? "project" : "default",
                    pc.ignore(), pc.only(), last.get(n), conflictCopies(dir)));
        }
        return out;
    }

    /** Conflict copies in a project folder: the names {@code bm conflicts list} recognises ({@link
     * com.basicmemory.bm.conflicts.ConflictNaming}). */
    static int conflictCopies(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return (int) s.filter(Files::isRegularFile)
                    .filter(p -> dir.relativize(p).toString().chars().noneMatch(c -> c == 0)
                            && !hidden(dir.relativize(p)))
                    .map(p -> p.getFileName().toString())
                    .filter(com.basicmemory.bm.conflicts.ConflictNaming::isCopy)
                    .count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static boolean hidden(Path rel) {
        for (Path part : rel) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    public String include(String name) {
        String n = known(Projects.validateName(name));
        ProjectConfig before = new ConfigStore(home).resolve().project(n);
        update(n, pc -> pc.withIncluded(true));
        return before.isIncluded() ? "project " + n + " was already included"
                : "project " + n + " is included again; its next sync starts like a first sync on this device";
    }

    /**
     * Excludes a project. Its bisync state is dropped (under the device lock, so never under a running sync): when
     * it is included again, its first sync follows the first-run rules instead of replaying stale listings.
     */
    public String exclude(String name) {
        String n = known(Projects.validateName(name));
        withDeviceLock("bm project exclude " + n, () -> {
            update(n, pc -> pc.withIncluded(false));
            deleteTree(home.bisyncWorkdir(n));
        });
        return "project " + n + " is excluded: bm sync leaves its files alone on both sides";
    }

    public String profile(String name, String profile) {
        String n = known(Projects.validateName(name));
        Profile p = "default".equalsIgnoreCase(profile) ? null : Profile.parse(profile);
        update(n, pc -> pc.withProfile(p));
        return "project " + n + " uses the " + (p == null ? "default profile" : p.id() + " profile");
    }

    /** Adds (or removes) ignore patterns of a project, or of the global list when {@code name} is null. */
    public String ignore(String name, List<String> patterns, boolean remove) {
        List<String> clean = patterns(patterns);
        if (name == null) {
            ConfigStore store = new ConfigStore(home);
            BmConfig c = base(store);
            List<String> now = new ArrayList<>(c.ignore() != null ? c.ignore() : ConfigStore.DEFAULT_IGNORE);
            apply(now, clean, remove);
            store.write(c.withIgnore(List.copyOf(now)));
            return "global ignore list: " + now.size() + " pattern(s); every project resyncs safely on its next sync";
        }
        String n = known(Projects.validateName(name));
        List<String>[] result = new List[1];
        update(n, pc -> {
            List<String> now = new ArrayList<>(pc.ignore());
            apply(now, clean, remove);
            result[0] = now;
            return pc.withIgnore(now);
        });
        return "project " + n + " ignores " + (result[0].isEmpty() ? "nothing of its own" : String.join(" ", result[0]))
                + "; it resyncs safely on its next sync";
    }

    /** Sets the patterns a project syncs exclusively (empty list or {@code clear}: all files). */
    public String only(String name, List<String> patterns, boolean clear) {
        String n = known(Projects.validateName(name));
        List<String> clean = clear ? List.of() : patterns(patterns);
        update(n, pc -> pc.withOnly(clean));
        return "project " + n + (clean.isEmpty() ? " syncs all files" : " syncs only " + String.join(" ", clean));
    }

    private static List<String> patterns(List<String> patterns) {
        List<String> out = new ArrayList<>();
        for (String p : patterns == null ? List.<String>of() : patterns) {
            String s = p == null ? "" : p.strip();
            if (s.isEmpty() || s.equals("!") || s.equals("/")) {
                throw BmException.badInput("invalid pattern '" + p + "': give a gitignore-style pattern such as"
                        + " drafts/ or *.tmp");
            }
            if (s.contains("\n") || s.contains("\r")) {
                throw BmException.badInput("invalid pattern: it contains a line break");
            }
            out.add(s);
        }
        if (out.isEmpty()) {
            throw BmException.badInput("no pattern given");
        }
        return out;
    }

    private static void apply(List<String> now, List<String> patterns, boolean remove) {
        if (remove) {
            for (String p : patterns) {
                if (!now.remove(p)) {
                    throw BmException.badInput("pattern '" + p + "' is not in the list");
                }
            }
        } else {
            LinkedHashSet<String> set = new LinkedHashSet<>(now);
            set.addAll(patterns);
            now.clear();
            now.addAll(set);
        }
    }

    private BmConfig base(ConfigStore store) {
        Optional<BmConfig> c = store.read();
        if (c.isPresent()) {
            return c.get();
        }
        ResolvedConfig r = store.resolve();
        return new BmConfig(BmConfig.CURRENT_VERSION, r.syncDir().toString(), null, r.profile(), null,
                ConfigStore.DEFAULT_IGNORE, Map.of());
    }

    private void update(String name, UnaryOperator<ProjectConfig> change) {
        ConfigStore store = new ConfigStore(home);
        BmConfig c = base(store);
        Map<String, ProjectConfig> projects = new TreeMap<>(c.projects());
        ProjectConfig next = change.apply(projects.getOrDefault(name, ProjectConfig.DEFAULT));
        if (next.equals(ProjectConfig.DEFAULT) || isDefault(next)) {
            projects.remove(name);
        } else {
            projects.put(name, next);
        }
        store.write(c.withProjects(projects));
    }

    private static boolean isDefault(ProjectConfig p) {
        return p.isIncluded() && p.profile() == null && p.ignore().isEmpty() && p.only().isEmpty();
    }

    /** A project name that exists locally, in the cloud or in the configuration; anything else is a typo. */
    private String known(String name) {
        ResolvedConfig config = new ConfigStore(home).resolve();
        if (config.projects().containsKey(name) || Files.isDirectory(config.syncDir().resolve(name))) {
            return name;
        }
        List<String> cloud = Rclone.detect(home).listTopLevelDirs(config.remote());
        if (cloud.contains(name)) {
            return name;
        }
        TreeSet<String> all = new TreeSet<>(cloud);
        if (Files.isDirectory(config.syncDir())) {
            all.addAll(Projects.scanLocal(config.syncDir()).projects());
        }
        throw BmException.badInput("unknown project '" + name + "' (" + (all.isEmpty() ? "there are no projects yet"
                : "projects: " + String.join(", ", all)) + ")");
    }

    private void withDeviceLock(String command, Runnable action) {
        home.ensureExists();
        DeviceLock.Attempt a;
        try {
            a = DeviceLock.acquire(home.lockFile(), command, LOCK_WAIT_MILLIS);
        } catch (IOException e) {
            throw BmException.failed("cannot open the device lock " + home.lockFile() + ": " + BmHome.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BmException.failed("interrupted while waiting for the device lock");
        }
        if (a instanceof DeviceLock.Busy busy) {
            throw new BmException(ExitCode.LOCK_BUSY, "a sync is running on this device ("
                    + busy.holder().map(h -> h.describe()).orElse("holder unknown") + ")", "try again when it is done",
                    null);
        }
        try (DeviceLock lock = ((DeviceLock.Acquired) a).lock()) {
            action.run();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw BmException.failed("cannot remove the bisync state " + dir + ": " + BmHome.describe(e));
        }
    }
}
