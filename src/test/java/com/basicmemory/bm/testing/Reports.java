package com.basicmemory.bm.testing;

import java.util.ArrayList;
import java.util.List;

import com.basicmemory.bm.report.Conflict;
import com.basicmemory.bm.report.Direction;
import com.basicmemory.bm.report.ProjectReport;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.report.SyncStatus;

/**
 * Builds reports the way {@code bm sync} composes them: the run's status is its most severe project's, its counts,
 * bytes and conflicts the sums of its projects'.
 */
public final class Reports {
    private final String id;
    private final String timestamp;
    private double duration;
    private boolean dryRun;
    private SyncStatus status;
    private final List<ProjectReport> projects = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    private Reports(String id, String timestamp) {
        this.id = id;
        this.timestamp = timestamp;
    }

    public static Reports run(String id, String timestamp) {
        return new Reports(id, timestamp);
    }

    public Reports duration(double seconds) {
        this.duration = seconds;
        return this;
    }

    public Reports dryRun() {
        this.dryRun = true;
        return this;
    }

    /** A run with no project part (refused by the lock, stopped before any project). */
    public Reports status(SyncStatus s) {
        this.status = s;
        return this;
    }

    public Reports error(String e) {
        errors.add(e);
        return this;
    }

    public Reports project(String name, SyncStatus s, double seconds) {
        return project(name, s, seconds, Direction.NONE, Direction.NONE, 0, 0, List.of());
    }

    public Reports project(String name, SyncStatus s, double seconds, Direction up, Direction down, int conflicts,
            long bytes, List<String> notes) {
        List<Conflict> cs = new ArrayList<>();
        for (int i = 0; i < conflicts; i++) {
            cs.add(new Conflict(name + "/c" + i + ".md", List.of(name + "/c" + i + ".md..path1",
                    name + "/c" + i + ".md..path2")));
        }
        projects.add(new ProjectReport(name, s, s.exitCode(), 0, "balanced", up, down, List.copyOf(cs), bytes, seconds,
                false, false, List.of(), List.copyOf(notes)));
        return this;
    }

    public SyncReport build() {
        SyncStatus s = status != null ? status : SyncStatus.SUCCESS;
        Direction up = Direction.NONE;
        Direction down = Direction.NONE;
        long bytes = 0;
        List<Conflict> conflicts = new ArrayList<>();
        for (ProjectReport p : projects) {
            if (status == null && p.status().rank() > s.rank()) {
                s = p.status();
            }
            up = up.plus(p.toCloud());
            down = down.plus(p.toLocal());
            bytes += p.bytesTransferred();
            conflicts.addAll(p.conflicts());
        }
        return new SyncReport(id, timestamp, duration, s.exitCode(), projects.isEmpty() ? null : 0, s.exitCode() == 0,
                s, dryRun, false, "balanced", projects.stream().map(ProjectReport::project).toList(), "device-1",
                "v1.60.1-DEV", up.created() + down.created(), up.updated() + down.updated(),
                up.deleted() + down.deleted(), up, down, bytes, List.copyOf(conflicts), List.copyOf(errors),
                List.copyOf(projects), List.of(), "0.1.0", "host", "/sync", "/cloud", "bm sync",
                SyncReport.SCHEMA_VERSION);
    }
}
