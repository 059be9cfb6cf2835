package com.basicmemory.bm.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One device in an end-to-end test: its own BM_HOME and sync directory, running the real {@code target/bm} launcher
 * as a separate process with the real rclone.
 */
public final class Device {
    public static final ObjectMapper JSON = new ObjectMapper();
    private final String name;
    private final Path home;
    private final Path syncDir;
    private final Map<String, String> env = new HashMap<>();

    public Device(String name, Path root) {
        this.name = name;
        this.home = root.resolve(name + "-home");
        this.syncDir = root.resolve(name + "-sync");
    }

    public static Path launcher() {
        String p = System.getProperty("bm.launcher");
        Path path = p != null ? Paths.get(p) : Paths.get("target", "bm").toAbsolutePath();
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("the bm launcher " + path + " is missing: run ./mvnw verify");
        }
        return path;
    }

    public String name() {
        return name;
    }

    public Path home() {
        return home;
    }

    public Path syncDir() {
        return syncDir;
    }

    public Device env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public Map<String, String> environment() {
        return env;
    }

    /** {@code bm cloud setup --sync-dir <syncDir> --remote <remote>}, asserting success. */
    public Device setup(String remote, String... extra) {
        List<String> args = new ArrayList<>(List.of("cloud", "setup", "--sync-dir", syncDir.toString()));
        if (remote != null) {
            args.add("--remote");
            args.add(remote);
        }
        args.addAll(List.of(extra));
        BmRun r = bm(args.toArray(String[]::new));
        if (r.exitCode() != 0) {
            throw new AssertionError("setup failed: " + r);
        }
        return this;
    }

    public BmRun bm(String... args) {
        return bm(120, args);
    }

    public BmRun bm(int timeoutSeconds, String... args) {
        Process p = start(args);
        try {
            ByteCollector out = new ByteCollector(p.getInputStream());
            ByteCollector err = new ByteCollector(p.getErrorStream());
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("bm " + String.join(" ", args) + " did not finish in " + timeoutSeconds
                        + " s; stderr so far:\n" + err.text());
            }
            out.join();
            err.join();
            return new BmRun(p.exitValue(), out.text(), err.text(), List.of(args));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs bm with {@code input} on its stdin (a pipe, closed after the input), as a person answering prompts. */
    public BmRun bmWithInput(String input, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher().toString());
        cmd.addAll(List.of(args));
        return run(cmd, input, args);
    }

    /**
     * Runs bm inside a pseudo-terminal ({@code script}), so that bm sees a terminal on stdin and stdout; the input is
     * typed into it. Returns what the terminal showed as stdout.
     */
    public BmRun bmInTerminal(String input, String... args) {
        StringBuilder line = new StringBuilder(quote(launcher().toString()));
        for (String a : args) {
            line.append(' ').append(quote(a));
        }
        return run(List.of("script", "-qec", line.toString(), "/dev/null"), input, args);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Runs bm with {@code dir} as its current directory (relative paths), stdin empty. */
    public BmRun bmIn(Path dir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher().toString());
        cmd.addAll(List.of(args));
        return run(dir, cmd, "", args);
    }

    private BmRun run(List<String> cmd, String input, String... args) {
        return run(syncDir, cmd, input, args);
    }

    private BmRun run(Path dir, List<String> cmd, String input, String... args) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("BM_HOME", home.toString());
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            ByteCollector out = new ByteCollector(p.getInputStream());
            ByteCollector err = new ByteCollector(p.getErrorStream());
            try (java.io.OutputStream in = p.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // bm ended before reading everything
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(cmd + " did not finish; stderr so far:\n" + err.text());
            }
            out.join();
            err.join();
            return new BmRun(p.exitValue(), out.text(), err.text(), List.of(args));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts bm without waiting (lock and kill tests). */
    public Process start(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("BM_HOME", home.toString());
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            return pb.start();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The texts of a JSON array of strings, in order. */
    public static java.util.List<String> texts(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Parses stdout of a {@code --json}/{@code --report} run. */
    public static JsonNode json(BmRun r) {
        try {
            return JSON.readTree(r.stdout());
        } catch (IOException e) {
            throw new AssertionError("stdout is not JSON: " + r, e);
        }
    }

    /**
     * Sets up a sync that stays busy: {@code w/small.md} synced (exit 0), then {@code w/big.bin} ({@code mib} MiB of
     * random bytes from {@code seed}) not yet synced, and rclone's bandwidth limited to 1 MiB/s (RCLONE_BWLIMIT, read
     * by rclone itself from the environment), so that the next sync holds the lock for about {@code mib} seconds.
     */
    public Device withSlowPendingSync(int mib, long seed) {
        write("w/small.md", "small\n");
        BmRun first = bm("sync");
        if (first.exitCode() != 0) {
            throw new AssertionError("expected exit 0: " + first);
        }
        byte[] big = new byte[mib * 1024 * 1024];
        new java.util.Random(seed).nextBytes(big);
        try {
            Files.write(file("w/big.bin"), big);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return env("RCLONE_BWLIMIT", "1M");
    }

    public Path file(String rel) {
        return syncDir.resolve(rel);
    }

    public Device write(String rel, String content) {
        try {
            Path f = syncDir.resolve(rel);
            Files.createDirectories(f.getParent());
            Files.writeString(f, content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Writes and moves the modification time forward, so that change detection by time (rclone 1.60) cannot miss it. */
    public Device edit(String rel, String content) {
        write(rel, content);
        try {
            Path f = syncDir.resolve(rel);
            Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(2)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return this;
    }

    public Device delete(String rel) {
        try {
            Files.delete(syncDir.resolve(rel));
            return this;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public String read(String rel) {
        try {
            return Files.readString(syncDir.resolve(rel), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Every file of the sync directory (relative path to content hash), hidden folders included. */
    public Map<String, String> tree() {
        return tree(syncDir);
    }

    public static Map<String, String> tree(Path root) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    out.put(root.relativize(p).toString().replace('\\', '/'), sha256(p));
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    public static String sha256(Path p) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(md.digest(Files.readAllBytes(p)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The report files in sync-history, oldest first. */
    public List<Path> reportFiles() {
        Path dir = home.resolve("sync-history");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public JsonNode lastReportFile() {
        List<Path> files = reportFiles();
        if (files.isEmpty()) {
            throw new AssertionError("no report in " + home.resolve("sync-history"));
        }
        try {
            return JSON.readTree(files.get(files.size() - 1).toFile());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Drains a stream on its own thread. */
    static final class ByteCollector extends Thread {
        private final InputStream in;
        private final java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();

        ByteCollector(InputStream in) {
            this.in = in;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            try {
                in.transferTo(buf);
            } catch (IOException ignored) {
                // process ended
            }
        }

        String text() {
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public String toString() {
            return text();
        }
    }
}
