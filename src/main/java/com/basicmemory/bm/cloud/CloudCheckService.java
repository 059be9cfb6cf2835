package com.basicmemory.bm.cloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.config.ConfigStore;
import com.basicmemory.bm.config.ResolvedConfig;
import com.basicmemory.bm.rclone.CheckResult;
import com.basicmemory.bm.rclone.Rclone;
import com.basicmemory.bm.sync.Filters;
import com.basicmemory.bm.sync.Projects;
import com.basicmemory.bm.util.AtomicFiles;

/**
 * {@code bm cloud check}: {@code rclone check} of each project with the same filters as its sync. rclone compares
 * hashes where both sides have one (size otherwise), so it finds what bisync's size-and-time comparison misses.
 */
public final class CloudCheckService {
    private final BmHome home;

    public CloudCheckService(BmHome home) {
        this.home = home;
    }

    public CheckReport check(List<String> projectArgs, boolean oneWay) {
        ResolvedConfig config = new ConfigStore(home).resolve();
        Set<String> wanted = new LinkedHashSet<>();
        for (String p : projectArgs) {
            wanted.add(Projects.validateName(p));
        }
        if (!Files.isDirectory(config.syncDir())) {
            throw BmException.badInput("the sync directory " + config.syncDir() + " does not exist");
        }
        Rclone rclone = Rclone.detect(home);
        List<String> local = Projects.scanLocal(config.syncDir()).projects();
        List<String> cloud = rclone.listTopLevelDirs(config.remote());
        List<Projects.Project> all = Projects.merge(local, cloud);
        List<Projects.Project> selected = new ArrayList<>();
        for (Projects.Project p : all) {
            if (wanted.isEmpty() ? config.project(p.name()).isIncluded() : wanted.contains(p.name())) {
                selected.add(p);
            }
        }
        for (String w : wanted) {
            if (all.stream().noneMatch(p -> p.name().equals(w))) {
                throw BmException.badInput("unknown project '" + w + "' (" + (all.isEmpty() ? "there are no projects yet"
                        : "projects: " + String.join(", ", all.stream().map(Projects.Project::name).toList())) + ")");
            }
        }
        List<CheckReport.ProjectCheck> checks = new ArrayList<>();
        for (Projects.Project p : selected) {
            checks.add(checkProject(rclone, config, p, oneWay));
        }
        int onlyLocal = 0;
        int onlyCloud = 0;
        int differing = 0;
        long matching = 0;
        boolean clean = true;
        for (CheckReport.ProjectCheck c : checks) {
            onlyLocal += c.onlyLocal().size();
            onlyCloud += c.onlyCloud().size();
            differing += c.differing().size();
            matching += c.matching();
            clean &= c.clean();
        }
        return new CheckReport(clean, oneWay, onlyLocal, onlyCloud, differing, matching, List.copyOf(checks));
    }

    private CheckReport.ProjectCheck checkProject(Rclone rclone, ResolvedConfig config, Projects.Project p,
            boolean oneWay) {
        String name = p.name();
        Path filters = home.runDir().resolve(name + ".check.filters");
        try {
            AtomicFiles.createPrivateDirectories(filters.getParent());
            AtomicFiles.write(filters, Filters.contentFor(config, name));
        } catch (IOException e) {
            throw BmException.failed("cannot write " + filters + ": " + BmHome.describe(e));
        }
        try {
            String path1 = config.syncDir().resolve(name).toString();
            String path2 = config.remoteFor(name);
            if (!p.cloud() || !p.local()) {
                // one side does not exist yet: everything on the other side is missing there
                String side = p.local() ? path1 : path2;
                Rclone.Output o = rclone.runShort(List.of("lsf", "-R", "--files-only", "--filter-from",
                        filters.toString(), side));
                if (o.exitCode() != 0) {
                    return new CheckReport.ProjectCheck(name, List.of(), List.of(), List.of(), 0,
                            List.of(rclone.redactor().redact(o.lastError())));
                }
                List<String> files = o.stdout().stream().map(f -> name + "/" + f).toList();
                return new CheckReport.ProjectCheck(name, p.local() ? files : List.of(),
                        p.local() || oneWay ? List.of() : files, List.of(), 0, List.of());
            }
            List<String> flags = oneWay ? List.of("--one-way") : List.of();
            CheckResult r = rclone.check(path1, path2, filters, flags);
            List<String> errors = new ArrayList<>();
            r.errored().forEach(f -> errors.add(name + "/" + f + ": could not be checked"));
            if (r.exitCode() != 0 && r.exitCode() != 1) {
                errors.add(rclone.redactor().redact(Rclone.lastMessage(r.messages(), "rclone check exited "
                        + r.exitCode())));
            }
            return new CheckReport.ProjectCheck(name, prefix(name, r.onlyLocal()),
                    oneWay ? List.of() : prefix(name, r.onlyCloud()), prefix(name, r.differing()), r.matching(),
                    List.copyOf(errors));
        } finally {
            try {
                Files.deleteIfExists(filters);
            } catch (IOException ignored) {
                // a leftover in BM_HOME/run is harmless
            }
        }
    }

    private static List<String> prefix(String project, List<String> files) {
        return files.stream().map(f -> project + "/" + f).toList();
    }
}
