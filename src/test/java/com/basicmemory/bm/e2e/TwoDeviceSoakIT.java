package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.conflicts.Choice;
import com.basicmemory.bm.conflicts.ConflictFinder;
import com.basicmemory.bm.conflicts.ConflictNaming;
import com.basicmemory.bm.conflicts.ConflictResolutionRepository;
import com.basicmemory.bm.conflicts.ConflictResolveService;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.testing.Device;
import com.basicmemory.bm.testing.InProcessDevice;

/**
 * No lost edits with two devices (issue 8, item 7): a seeded random soak. Two devices share one cloud folder; each
 * round makes random creates, edits, deletes and renames on one or both devices, then syncs the devices in a random
 * order. bm runs in this JVM (the real {@code SyncService}, the real rclone, a real SQLite history per device), so a
 * round costs only rclone's own time.
 *
 * <p>The invariant is exact. Every content ever written is unique and recorded. A content is <em>superseded</em>
 * when a user replaced or deleted a file that, on that user's own disk, held it (the user saw it and chose to change
 * it). At the end, after a convergence (sync A, sync B, sync A; repeated while they differ, at most 4 times): both devices hold the same tree, and every content
 * that was written and not superseded exists in that tree (under its name or as a conflict copy) or in a backup
 * under either BM_HOME ({@code conflict-backups/}, {@code resync-backups/}).
 *
 * <p>Replay: the seed is printed; {@code -Dbm.soak.seed=N -Dbm.soak.rounds=N} repeat a run (the operations depend
 * on the seed only). The operation log of the run is written to {@code target/soak/seed-N.log}.
 */
class TwoDeviceSoakIT {
    private static final int DEFAULT_ROUNDS = 200;
    private static final List<String> PROJECTS = List.of("alpha", "beta");

    @TempDir
    Path tmp;

    /** One simulated device, in process. */
    final class Dev {
        final String name;
        final InProcessDevice device;
        final BmHome home;
        final Path syncDir;

        Dev(String name) {
            this.name = name;
            this.device = new InProcessDevice(name, tmp, tmp.resolve("cloud").toString());
            this.home = device.home();
            this.syncDir = device.syncDir();
        }

        /** Files of the sync directory: relative path to content hash. */
        Map<String, String> tree() {
            return device.tree();
        }
    }

    private final StringBuilder log = new StringBuilder();
    private final Set<String> written = new HashSet<>();
    private final Set<String> superseded = new HashSet<>();
    private int counter;

    @Test
    void everyEditSurvivesTwoDevicesSyncingInRandomOrder() throws Exception {
        // CI replays a fixed seed (808661: it found the second conflict-copy loss, see docs/reliability.md) so that a
        // green run means something; -Dbm.soak.seed=random explores new seeds (761789 found the third, a new copy
        // with an earlier copy's modification time; it fails only when two saves share a clock tick, so it is pinned
        // down in ConflictCopyGuardIT instead)
        String seedProperty = System.getProperty("bm.soak.seed", "808661");
        long seed = seedProperty.equals("random") ? System.nanoTime() % 1_000_000L : Long.parseLong(seedProperty);
        int rounds = Integer.getInteger("bm.soak.rounds", DEFAULT_ROUNDS);
        System.out.println("TwoDeviceSoakIT: seed " + seed + ", " + rounds + " rounds (replay: -Dbm.soak.seed=" + seed
                + " -Dbm.soak.rounds=" + rounds + ")");
        Random rnd = new Random(seed);
        Dev a = new Dev("a");
        Dev b = new Dev("b");
        Dev[] devs = {a, b};
        long t0 = System.nanoTime();
        int syncs = 0;
        try {
            for (String p : PROJECTS) {
                create(a, rnd, p);
                create(a, rnd, p);
            }
            syncs += sync(a, "initial");
            for (int round = 1; round <= rounds; round++) {
                log.append("--- round ").append(round).append('\n');
                int ops = 1 + rnd.nextInt(4);
                for (int i = 0; i < ops; i++) {
                    operate(devs[rnd.nextInt(2)], rnd);
                }
                int order = rnd.nextInt(7);
                switch (order) {
                    case 0 -> syncs += sync(a, "round " + round);
                    case 1 -> syncs += sync(b, "round " + round);
                    case 2 -> {
                        syncs += sync(a, "round " + round);
                        syncs += sync(b, "round " + round);
                    }
                    case 3 -> {
                        syncs += sync(b, "round " + round);
                        syncs += sync(a, "round " + round);
                    }
                    default -> log.append("(no sync)\n");
                }
            }
            log.append("--- convergence\n");
            // a final sync may itself conflict, and versions bm puts back after it (rclone < 1.66 overwrote them)
            // reach the cloud with that device's next sync: repeat until the devices agree (at most 4 times)
            for (int i = 0; i < 4; i++) {
                syncs += sync(a, "final");
                syncs += sync(b, "final");
                syncs += sync(a, "final");
                if (a.tree().equals(b.tree())) {
                    break;
                }
            }
            checkInvariants(a, b);
        } catch (AssertionError | RuntimeException e) {
            Path out = writeLog(seed);
            throw new AssertionError("soak failed with seed " + seed + " (replay: -Dbm.soak.seed=" + seed
                    + " -Dbm.soak.rounds=" + rounds + "; operation log: " + out + "): " + e.getMessage(), e);
        }
        writeLog(seed);
        System.out.printf("TwoDeviceSoakIT: seed %d, %d rounds, %d syncs, %d contents written, %d superseded, %.1f s%n",
                seed, rounds, syncs, written.size(), superseded.size(), (System.nanoTime() - t0) / 1e9);
    }

    private Path writeLog(long seed) throws IOException {
        Path dir = Path.of("target", "soak");
        Files.createDirectories(dir);
        Path out = dir.resolve("seed-" + seed + ".log");
        Files.writeString(out, log);
        return out;
    }

    private void checkInvariants(Dev a, Dev b) throws IOException {
        Map<String, String> ta = a.tree();
        Map<String, String> tb = b.tree();
        if (!ta.equals(tb)) {
            fail("the devices differ after convergence:\n" + diff(ta, tb));
        }
        Map<String, String> cloud = Device.tree(tmp.resolve("cloud"));
        cloud.keySet().removeIf(k -> k.startsWith(".bm/"));
        assertEquals(ta, cloud, "the cloud holds the devices' tree");
        Set<String> present = new HashSet<>(ta.values());
        for (Dev d : new Dev[] {a, b}) {
            for (String dir : List.of("conflict-backups", "resync-backups")) {
                present.addAll(Device.tree(d.home.root().resolve(dir)).values());
            }
        }
        List<String> lost = new ArrayList<>();
        for (String h : written) {
            if (!superseded.contains(h) && !present.contains(h)) {
                lost.add(h);
            }
        }
        if (!lost.isEmpty()) {
            StringBuilder sb = new StringBuilder(lost.size() + " edit(s) lost:");
            for (String h : lost) {
                sb.append("\n  ").append(h).append(" (").append(grepLog(h)).append(')');
            }
            fail(sb.toString());
        }
    }

    private String grepLog(String hash) {
        return log.toString().lines().filter(l -> l.contains(hash.substring(0, 12))).findFirst().orElse("?");
    }

    private static String diff(Map<String, String> a, Map<String, String> b) {
        StringBuilder sb = new StringBuilder();
        TreeMap<String, String> all = new TreeMap<>(a);
        b.forEach(all::putIfAbsent);
        for (String k : all.keySet()) {
            String x = a.get(k);
            String y = b.get(k);
            if (x == null || !x.equals(y)) {
                sb.append("  ").append(k).append(": a=").append(x == null ? "-" : x.substring(0, 12)).append(" b=")
                        .append(y == null ? "-" : y.substring(0, 12)).append('\n');
            }
        }
        return sb.toString();
    }

    /** Runs bm sync on a device, as a user would: a requested --resync or --force is run next. Returns syncs run. */
    private int sync(Dev d, String when) {
        SyncReport r = syncOnce(d, false, false, when);
        int n = 1;
        if (r.exitCode() == 4) {
            r = syncOnce(d, true, false, when);
            n++;
        } else if (r.exitCode() == 5) {
            r = syncOnce(d, false, true, when);
            n++;
        }
        if (r.exitCode() != 0) {
            fail("sync of " + d.name + " (" + when + ") exited " + r.exitCode() + ": " + r.status() + " "
                    + r.errors() + " notes " + r.perProject().stream().map(p -> p.notes()).toList());
        }
        return n;
    }

    private SyncReport syncOnce(Dev d, boolean resync, boolean force, String when) {
        String cmd = "bm sync" + (resync ? " --resync" : "") + (force ? " --force" : "");
        SyncReport r = d.device.sync(resync, force);
        log.append(d.name).append(": ").append(cmd).append(" -> ").append(r.exitCode()).append(' ')
                .append(r.status().id()).append(" cloud+").append(r.toCloud()).append(" local+").append(r.toLocal())
                .append(r.conflicts().isEmpty() ? "" : " conflicts " + r.conflicts()).append('\n');
        for (String l : d.device.lastStderr().lines().toList()) {
            log.append("    ").append(l).append('\n');
        }
        if (r.exitCode() != 0) {
            for (String e : r.errors()) {
                log.append("    error: ").append(e).append('\n');
            }
            r.perProject().forEach(p -> p.notes().forEach(n -> log.append("    note: ").append(p.project())
                    .append(": ").append(n).append('\n')));
        }
        return r;
    }

    // ---- operations ----

    private void operate(Dev d, Random rnd) throws IOException {
        List<String> files = new ArrayList<>(d.tree().keySet());
        files.removeIf(f -> f.startsWith("."));
        boolean conflicts = files.stream().anyMatch(f -> ConflictNaming.isCopy(f.substring(f.lastIndexOf('/') + 1)));
        int op = files.isEmpty() ? 0 : rnd.nextInt(20);
        if (op < 5) {
            create(d, rnd, PROJECTS.get(rnd.nextInt(PROJECTS.size())));
        } else if (op < 12) {
            // half of the edits go to a few hot notes, so that both devices often edit the same one between syncs
            List<String> hot = files.stream().filter(f -> f.matches(".*/note-[0-2]\\.md.*")).toList();
            List<String> from = !hot.isEmpty() && rnd.nextBoolean() ? hot : files;
            String f = from.get(rnd.nextInt(from.size()));
            Path p = d.syncDir.resolve(f);
            String old = Device.sha256(p);
            superseded.add(old);
            // sometimes the same size as before: change detection (by time with rclone 1.60) must still see it
            int len = rnd.nextInt(3) == 0 ? (int) Files.size(p) : -1;
            String h = writeUnique(p, d, rnd, len);
            log.append(d.name).append(": edit ").append(f).append(' ').append(short12(old)).append(" -> ")
                    .append(short12(h)).append('\n');
        } else if (op < 15) {
            String f = files.get(rnd.nextInt(files.size()));
            Path p = d.syncDir.resolve(f);
            String old = Device.sha256(p);
            superseded.add(old);
            Files.delete(p);
            log.append(d.name).append(": delete ").append(f).append(' ').append(short12(old)).append('\n');
        } else if (op < 18 || !conflicts) {
            String f = files.get(rnd.nextInt(files.size()));
            Path p = d.syncDir.resolve(f);
            String project = f.substring(0, f.indexOf('/'));
            Path to = freeName(d, project, rnd);
            Files.createDirectories(to.getParent());
            Files.move(p, to);
            log.append(d.name).append(": rename ").append(f).append(" -> ").append(d.syncDir.relativize(to))
                    .append(' ').append(short12(Device.sha256(to))).append('\n');
        } else {
            resolveAll(d, rnd);
        }
    }

    /** {@code bm conflicts resolve --all --keep X}: every version is backed up first, so nothing is superseded. */
    private void resolveAll(Dev d, Random rnd) {
        Choice keep = List.of(Choice.LOCAL, Choice.CLOUD, Choice.BOTH).get(rnd.nextInt(3));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ConflictResolveService service = new ConflictResolveService(d.home, new ConflictFinder(d.home),
                new ConflictResolutionRepository(d.device.history().db(), d.home), Clock.systemUTC());
        int exit;
        try {
            exit = service.run(new ConflictResolveService.Request(null, true, null, keep, "30s", false,
                    "bm conflicts resolve --all --keep " + keep.id()), new ConflictResolveService.Io(
                    new java.io.BufferedReader(new java.io.StringReader("")), new PrintWriter(out, true),
                    new PrintWriter(err, true), false, false, f -> 0));
        } catch (BmException e) {
            // a refusal (a conflict that is not a pair, such as one copy the user already deleted): bm names it
            exit = e.exitCode();
            err.append("bm: ").append(e.getMessage()).append('\n');
        }
        log.append(d.name).append(": conflicts resolve --all --keep ").append(keep.id()).append(" -> ").append(exit)
                .append('\n');
        for (String l : (out + err.toString()).lines().toList()) {
            log.append("    ").append(l).append('\n');
        }
    }

    private void create(Dev d, Random rnd, String project) throws IOException {
        Path p = freeName(d, project, rnd);
        Files.createDirectories(p.getParent());
        String h = writeUnique(p, d, rnd, -1);
        log.append(d.name).append(": create ").append(d.syncDir.relativize(p)).append(' ').append(short12(h))
                .append('\n');
    }

    /**
     * A name from a small pool that does not exist on this device: names come back (a note deleted and written
     * again, the same note created on both devices, a note created where a conflict left copies).
     */
    private Path freeName(Dev d, String project, Random rnd) {
        for (int i = 0; i < 10; i++) {
            String dir = rnd.nextInt(3) == 0 ? "sub/" : "";
            Path p = d.syncDir.resolve(project + "/" + dir + "note-" + rnd.nextInt(6) + ".md");
            if (!Files.exists(p)) {
                return p;
            }
        }
        return d.syncDir.resolve(project + "/note-x" + (++counter) + ".md");
    }

    /** Writes a content never written before; {@code len} > 0 pads or cuts it to that many bytes. */
    private String writeUnique(Path p, Dev d, Random rnd, int len) throws IOException {
        StringBuilder sb = new StringBuilder("# ").append(d.name).append(" #").append(++counter).append('\n');
        int words = rnd.nextInt(40);
        for (int i = 0; i < words; i++) {
            sb.append("word").append(rnd.nextInt(1000)).append(' ');
        }
        sb.append('\n');
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (len > 0) {
            byte[] sized = new byte[len];
            java.util.Arrays.fill(sized, (byte) '.');
            System.arraycopy(bytes, 0, sized, 0, Math.min(len, bytes.length));
            sized[len - 1] = '\n';
            bytes = sized;
        }
        Files.write(p, bytes);
        String h = Device.sha256(p);
        if (!written.add(h)) {
            // a cut to a short length can repeat an earlier content: make it unique by its length instead
            Files.write(p, (new String(bytes, StandardCharsets.UTF_8) + "#" + counter + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            h = Device.sha256(p);
            written.add(h);
        }
        return h;
    }

    private static String short12(String h) {
        return h.substring(0, 12);
    }

}
