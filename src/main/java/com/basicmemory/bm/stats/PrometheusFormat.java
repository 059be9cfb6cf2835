package com.basicmemory.bm.stats;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * {@link Stats} in the Prometheus text exposition format, for node_exporter's textfile collector. Every metric is a
 * gauge over the window of {@code bm stats --since} (default 30 days), except the two timestamps, which are of all
 * time. Labels only where the values are bounded: {@code status}, {@code direction}, {@code change}, and
 * {@code project} when {@code --project} chose one. docs/stats.md lists the metrics.
 */
public final class PrometheusFormat {
    private PrometheusFormat() {
    }

    public static String render(Stats s) {
        Out o = new Out(s.project());
        o.metric("bm_window_start_timestamp_seconds", "Start of the window the other bm_ gauges cover (bm stats --since).",
                seconds(s.since()));
        o.metric("bm_generated_timestamp_seconds", "When bm stats computed these numbers.", seconds(s.generatedAt()));
        o.metric("bm_syncs", "Syncs that started in the window (runs that held the lock, not dry runs).",
                s.totalSyncs());
        o.header("bm_runs", "Runs that started in the window, by status (dry runs and runs refused by the lock too).");
        for (Map.Entry<String, Long> e : s.runsByStatus().entrySet()) {
            o.sample("bm_runs", "status=\"" + e.getKey() + "\"", e.getValue());
        }
        o.metric("bm_successful_syncs", "Syncs in the window that ended success or conflicts.", s.successfulSyncs());
        o.metric("bm_conflict_rate", "Syncs with at least one conflict / syncs, in the window (0 when none).",
                s.conflictRate());
        o.metric("bm_conflicts", "Conflicts created by the syncs in the window.", s.conflictsTotal());
        o.metric("bm_conflict_resolutions", "Conflicts settled with bm conflicts resolve in the window.",
                s.conflictResolutions());
        o.metric("bm_conflict_resolution_rate", "Conflicts settled / conflicts created, in the window (0 when none"
                + " were created).", s.conflictResolutionRate());
        o.metric("bm_sync_duration_avg_seconds", "Mean duration of the syncs in the window (0 when none).",
                s.avgSyncDuration());
        o.metric("bm_sync_duration_p50_seconds", "Median duration of the syncs in the window (nearest rank).",
                s.p50SyncDuration());
        o.metric("bm_sync_duration_p95_seconds", "95th percentile duration of the syncs in the window (nearest rank).",
                s.p95SyncDuration());
        o.metric("bm_multi_device_collisions", "Syncs in the window stopped by a diverged bisync state (needs_resync).",
                s.multiDeviceCollisions());
        o.metric("bm_max_delete_trips", "Syncs in the window stopped by rclone's --max-delete check.",
                s.maxDeleteTrips());
        o.metric("bm_safety_aborts", "Syncs in the window stopped by rclone's all-files-changed check.",
                s.safetyAborts());
        o.metric("bm_version_restores", "File versions restored in the window.", s.versionRestores());
        o.metric("bm_lock_busy_runs", "Runs in the window refused because another sync held the device lock.",
                s.lockBusy());
        o.metric("bm_dry_runs", "Dry runs in the window (not counted in the other gauges).", s.dryRuns());
        o.metric("bm_transferred_bytes", "Bytes transferred by the syncs in the window.", s.bytesTransferred());
        o.header("bm_files_moved", "Files the syncs in the window created, updated and deleted, by direction.");
        moved(o, "to_cloud", s.toCloud());
        moved(o, "to_local", s.toLocal());
        o.metric("bm_last_success_timestamp_seconds", "End time of the newest successful sync ever recorded (0: none)."
                + " Alert when time() minus this grows.", s.lastSuccess() == null ? 0 : seconds(s.lastSuccess()));
        o.metric("bm_last_sync_timestamp_seconds", "End time of the newest sync ever recorded, any outcome (0: none).",
                s.lastSync() == null ? 0 : seconds(s.lastSync()));
        return o.text.toString();
    }

    private static void moved(Out o, String direction, Stats.Moved m) {
        o.sample("bm_files_moved", "direction=\"" + direction + "\",change=\"created\"", m.created());
        o.sample("bm_files_moved", "direction=\"" + direction + "\",change=\"updated\"", m.updated());
        o.sample("bm_files_moved", "direction=\"" + direction + "\",change=\"deleted\"", m.deleted());
    }

    private static double seconds(String isoTime) {
        return OffsetDateTime.parse(isoTime).toInstant().toEpochMilli() / 1000.0;
    }

    /** Writes HELP/TYPE lines and samples; adds the project label to every sample when there is one. */
    private static final class Out {
        final StringBuilder text = new StringBuilder();
        final String projectLabel;

        Out(String project) {
            this.projectLabel = project == null ? null : "project=\"" + escapeLabel(project) + "\"";
        }

        void header(String name, String help) {
            text.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                    .append('\n');
            text.append("# TYPE ").append(name).append(" gauge\n");
        }

        void metric(String name, String help, Number value) {
            header(name, help);
            sample(name, null, value);
        }

        void sample(String name, String labels, Number value) {
            text.append(name);
            String all = labels == null ? projectLabel : projectLabel == null ? labels : projectLabel + "," + labels;
            if (all != null) {
                text.append('{').append(all).append('}');
            }
            text.append(' ').append(number(value)).append('\n');
        }
    }

    static String escapeLabel(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Integers as integers, other values in plain decimal (no exponent). */
    static String number(Number v) {
        if (v instanceof Long || v instanceof Integer) {
            return v.toString();
        }
        double d = v.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
