package com.basicmemory.bm.sync;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one owner of rclone's lock files ({@code WORKDIR/*.lck}: a PID in 1.60, JSON with a PID and an expiry in
 * 1.66+). bm passes no {@code --max-lock}: it holds the device lock, so only this device's rclone can hold one, and a
 * lock is judged by whether its process still runs, not by its age.
 */
final class RcloneLocks {

    /**
     * @param removed locks cleared
     * @param cutShort a lock was left by an rclone that died: that bisync was cut short
     */
    record Cleared(int removed, boolean cutShort) {
    }

    private RcloneLocks() {
    }

    /**
     * Clears rclone lock files ({@code *.lck}) that no running bm owns. Holding the device lock proves that no other
     * bm uses this workdir, so a lock whose process is gone was left by a killed run: it is removed. A lock whose
     * rclone still runs belongs to a bm that was killed while its rclone went on: bm waits for that rclone to finish
     * its work (up to {@code BM_ORPHAN_WAIT_SECONDS}, default 120), then stops it.
     */
    static Cleared clearStale(Path workdir, String project, PrintWriter err, List<String> notes) throws IOException {
        int removed = 0;
        boolean cutShort = false;
        List<Path> locks = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(workdir, "*.lck")) {
            ds.forEach(locks::add);
        }
        for (Path lck : locks) {
            long pid = lockPid(lck);
            java.util.Optional<ProcessHandle> orphan = pid > 0 ? ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().command().map(c -> c.contains("rclone")).orElse(true))
                    : java.util.Optional.empty();
            if (orphan.isPresent()) {
                long wait = orphanWaitSeconds();
                String line = "an rclone (PID " + pid + ") left running by a killed bm still syncs " + project
                        + ": waiting up to " + wait + " s for it to finish";
                err.println("bm: " + line);
                err.flush();
                notes.add(line);
                try {
                    orphan.get().onExit().get(wait, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    orphan.get().destroy();
                    try {
                        orphan.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException ex) {
                        orphan.get().destroyForcibly();
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    notes.add("stopped the left-over rclone (PID " + pid + ")");
                } catch (java.util.concurrent.ExecutionException e) {
                    // it ended
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Cleared(removed, cutShort);
                }
                if (!Files.exists(lck)) {
                    removed++;
                    continue; // it finished and removed its own lock
                }
            }
            Files.deleteIfExists(lck);
            removed++;
            cutShort = true;
            String line = "removed a stale rclone lock of " + project + " left by a killed run"
                    + (pid > 0 ? " (PID " + pid + ")" : "");
            notes.add(line);
            err.println("bm: " + line);
            err.flush();
        }
        return new Cleared(removed, cutShort);
    }

    private static long orphanWaitSeconds() {
        String v = System.getenv("BM_ORPHAN_WAIT_SECONDS");
        try {
            return v == null ? 120 : Math.max(0, Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            return 120;
        }
    }

    /** The PID in an rclone lock file: a bare number (1.60) or a JSON object with a "PID" field (1.66+). */
    static long lockPid(Path lck) {
        try {
            String s = Files.readString(lck, StandardCharsets.UTF_8).strip();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\"?pid\"?\\s*:\\s*\"?(\\d+)").matcher(s);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
            if (s.matches("\\d+")) {
                return Long.parseLong(s);
            }
        } catch (IOException | NumberFormatException ignored) {
            // unreadable: treated as stale
        }
        return -1;
    }
}
