package com.basicmemory.bm.sync;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.rclone.Rclone;
import com.basicmemory.bm.util.AtomicFiles;
import com.basicmemory.bm.util.Json;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The multi-device guard. Each watching device keeps a small heartbeat in the cloud, {@code .bm/heartbeats/<device
 * id>.json} at the cloud root: a hidden folder, so never a project and never synced. A watcher that sees another
 * device's heartbeat younger than three intervals warns once per device (watching on several devices at once makes
 * their bisync states diverge).
 */
final class Heartbeats {
    /**
     * A heartbeat.
     *
     * @param deviceId the device's id (BM_HOME/device-id)
     * @param host host name
     * @param pid watcher process id
     * @param startedAt when the watcher started
     * @param lastSeen when this heartbeat was written
     * @param intervalSeconds the watcher's interval
     */
    record Beat(String deviceId, String host, long pid, String startedAt, String lastSeen, long intervalSeconds) {
    }

    private final Rclone rclone;
    private final String folder;
    private final Beat mine;
    private final Path scratch;
    private final Set<String> warned = new HashSet<>();

    Heartbeats(BmHome home, Rclone rclone, String remoteRoot, String deviceId, Duration interval) {
        this.rclone = rclone;
        this.folder = (remoteRoot.endsWith("/") || remoteRoot.endsWith(":") ? remoteRoot : remoteRoot + "/")
                + ".bm/heartbeats";
        String now = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
        this.mine = new Beat(deviceId, com.basicmemory.bm.util.Host.name(), ProcessHandle.current().pid(), now, now,
                interval.toSeconds());
        this.scratch = home.runDir().resolve("heartbeat.json");
    }

    /** Writes this device's heartbeat. Failures are returned as a line, never thrown: the guard is advisory. */
    String beat() {
        Beat b = new Beat(mine.deviceId(), mine.host(), mine.pid(), mine.startedAt(),
                OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString(), mine.intervalSeconds());
        try {
            AtomicFiles.createPrivateDirectories(scratch.getParent());
            AtomicFiles.write(scratch, Json.compact(b));
        } catch (IOException e) {
            return "cannot write the heartbeat: " + BmHome.describe(e);
        }
        Rclone.Output o = rclone.runShort(List.of("copyto", scratch.toString(), folder + "/" + mine.deviceId() + ".json"));
        return o.exitCode() == 0 ? null : "cannot write the heartbeat: " + rclone.redactor().redact(o.lastError());
    }

    /** Other devices watching now (heartbeat younger than three of their intervals), each reported once. */
    List<String> othersWatching() {
        Rclone.Output o = rclone.runShort(List.of("lsjson", "--files-only", folder));
        List<String> out = new ArrayList<>();
        if (o.exitCode() != 0) {
            return out;
        }
        try {
            JsonNode list = Json.mapper().readTree(String.join("\n", o.stdout()));
            for (JsonNode f : list) {
                String name = f.path("Name").asText();
                String id = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
                if (id.equals(mine.deviceId()) || warned.contains(id)) {
                    continue;
                }
                Instant modified = OffsetDateTime.parse(f.path("ModTime").asText()).toInstant();
                Rclone.Output cat = rclone.runShort(List.of("cat", folder + "/" + name));
                Beat other = cat.exitCode() == 0 ? Json.mapper().readValue(String.join("\n", cat.stdout()), Beat.class)
                        : null;
                long interval = other != null && other.intervalSeconds() > 0 ? other.intervalSeconds() : 60;
                Instant seen = other != null && other.lastSeen() != null
                        ? OffsetDateTime.parse(other.lastSeen()).toInstant() : modified;
                long age = Duration.between(seen, Instant.now()).toSeconds();
                if (age <= 3 * interval) {
                    warned.add(id);
                    out.add("another device is also running `bm sync --watch` on this cloud (host "
                            + (other != null ? other.host() : "unknown") + ", device " + id + ", seen " + Math.max(0, age)
                            + " s ago): watching on several devices at once makes their sync states diverge"
                            + " (docs/watch.md, \"Several devices\")");
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable heartbeats are skipped: the guard is advisory
        }
        return out;
    }

    /** Removes this device's heartbeat when the watcher stops cleanly. */
    void remove() {
        rclone.runShort(List.of("deletefile", folder + "/" + mine.deviceId() + ".json"));
    }
}
