package com.basicmemory.bm.report;

import java.io.PrintWriter;

import com.basicmemory.bm.util.Units;

/**
 * The short human summary of a run on stderr: one line when all went well (nothing with {@code -q}), then a line per
 * project that needs attention, its next step, and a closing warning when conflicts were found.
 */
public final class SyncSummary {
    private SyncSummary() {
    }

    public static void print(SyncReport r, PrintWriter err, boolean quiet, boolean verbose) {
        if (r.status() == SyncStatus.LOCK_BUSY) {
            for (String e : r.errors()) {
                err.println("bm: " + e);
            }
            err.println("bm: wait for it to finish; this run changed nothing");
            err.flush();
            return;
        }
        for (String w : r.warnings()) {
            err.println("bm: warning: " + w);
        }
        boolean ok = r.status().ok();
        if (!quiet || !ok) {
            err.println("bm: " + headline(r));
        }
        boolean eachProject = r.perProject().size() > 1 && (!ok || verbose);
        for (ProjectReport p : r.perProject()) {
            if (eachProject || (verbose && r.perProject().size() == 1)) {
                err.println("bm:   " + p.project() + ": " + p.status().id() + " (to cloud " + counts(p.toCloud())
                        + "; to local " + counts(p.toLocal()) + ")");
            }
            if (!p.status().ok()) {
                for (String e : p.errors()) {
                    err.println("bm:   " + p.project() + ": " + e);
                }
            }
            for (String n : p.notes()) {
                if (n.startsWith(ProjectReport.WARNING_PREFIX)) {
                    continue; // also in the report's warnings, printed above
                }
                if (verbose || !p.status().ok() || n.startsWith("kept the local")) {
                    err.println("bm:   " + p.project() + ": " + n);
                }
            }
        }
        if (!ok) {
            for (String e : r.errors()) {
                boolean ofAProject = r.perProject().stream().anyMatch(p -> e.startsWith(p.project() + ": "));
                if (!ofAProject) {
                    err.println("bm: " + e);
                }
            }
        }
        int c = r.conflictCount();
        if (c > 0) {
            err.println("bm: " + c + (c == 1 ? " conflict" : " conflicts") + ": run `bm conflicts list`");
        }
        err.flush();
    }

    static String headline(SyncReport r) {
        String what = r.dryRun() ? "dry run" : "sync";
        String outcome = switch (r.status()) {
            case SUCCESS, CONFLICTS -> what + " done";
            case NEEDS_RESYNC -> what + " stopped: state needs --resync";
            case MAX_DELETE_ABORT -> what + " stopped: too many deletes in " + projectsWith(r, SyncStatus.MAX_DELETE_ABORT);
            case SAFETY_ABORT -> what + " stopped: all files changed in " + projectsWith(r, SyncStatus.SAFETY_ABORT);
            case INTERRUPTED -> what + " interrupted";
            case LOCK_BUSY -> what + " refused: another sync is running";
            case FAILED -> what + " failed";
        };
        int n = r.projects().size();
        String projects = n == 0 ? "no projects yet (each top-level folder of " + r.syncDir() + " is a project)"
                : n == 1 ? "project " + r.projects().get(0) : n + " projects";
        return outcome + " in " + Units.seconds(r.durationSeconds()) + ": " + projects + "; to cloud "
                + counts(r.toCloud()) + "; to local " + counts(r.toLocal()) + "; " + Units.bytes(r.bytesTransferred());
    }

    private static String projectsWith(SyncReport r, SyncStatus status) {
        return String.join(", ", r.perProject().stream().filter(p -> p.status() == status)
                .map(ProjectReport::project).toList());
    }

    static String counts(Direction d) {
        if (d.total() == 0) {
            return "nothing";
        }
        return d.created() + " created, " + d.updated() + " updated, " + d.deleted() + " deleted";
    }
}
