package com.basicmemory.bm.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs the real rclone in tests. rclone is {@code BM_RCLONE} if set, else {@code rclone} on the PATH; when it is
 * missing the test FAILS (never skips).
 */
public final class RcloneTestSupport {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile String executable;

    private RcloneTestSupport() {
    }

    /** One finished rclone run. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        /** Fails the test, showing the command and both streams, unless rclone exited 0. */
        public Result assertSuccess() {
            if (exitCode != 0) {
                fail("rclone exited " + exitCode + ": " + describe());
            }
            return this;
        }

        public String describe() {
            return String.join(" ", command) + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    /** The rclone executable: {@code BM_RCLONE}, else {@code rclone} found on the PATH; fails the test if missing. */
    public static String rclone() {
        String found = executable;
        if (found != null) {
            return found;
        }
        String configured = System.getenv("BM_RCLONE");
        if (configured != null && !configured.isBlank()) {
            if (!Files.isExecutable(Path.of(configured))) {
                fail("BM_RCLONE=" + configured + " is not an executable file");
            }
            found = configured;
        } else {
            String path = System.getenv().getOrDefault("PATH", "");
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, "rclone");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    found = candidate.toString();
                    break;
                }
            }
            if (found == null) {
                fail("rclone not found: set BM_RCLONE to its path or put rclone on the PATH (Debian: apt-get install "
                        + "rclone). These tests run the real rclone and never skip. PATH=" + path);
            }
        }
        executable = found;
        return found;
    }

    /** Runs {@code rclone ARGS} with {@link #DEFAULT_TIMEOUT}. */
    public static Result run(Map<String, String> env, String... args) {
        return run(env, DEFAULT_TIMEOUT, Arrays.asList(args));
    }

    /**
     * Runs {@code rclone ARGS} with exactly the environment {@code env} (see
     * {@link S3MockServer#rcloneEnvironment(Path)}), stdin closed; fails the test if it outlives {@code timeout}.
     */
    public static Result run(Map<String, String> env, Duration timeout, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(rclone());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outDrain = drain(process.getInputStream(), out, "rclone-stdout");
        Thread errDrain = drain(process.getErrorStream(), err, "rclone-stderr");
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                outDrain.join(2000);
                errDrain.join(2000);
                fail("rclone did not finish within " + timeout.toSeconds() + " s: "
                        + new Result(command, -1, text(out), text(err)).describe());
            }
            outDrain.join();
            errDrain.join();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
        return new Result(List.copyOf(command), process.exitValue(), text(out), text(err));
    }

    /**
     * {@code rclone lsjson -R --files-only REMOTE EXTRA...} as path (relative to {@code remote}) to size, sorted by
     * path. Fails the test if rclone fails.
     */
    public static SortedMap<String, Long> lsjsonTree(Map<String, String> env, String remote, String... extraFlags) {
        List<String> args = new ArrayList<>(List.of("lsjson", "-R", "--files-only"));
        args.addAll(Arrays.asList(extraFlags));
        args.add(remote);
        Result result = run(env, DEFAULT_TIMEOUT, args).assertSuccess();
        SortedMap<String, Long> tree = new TreeMap<>();
        try {
            for (JsonNode entry : JSON.readTree(result.stdout())) {
                if (!entry.path("IsDir").asBoolean(false)) {
                    tree.put(entry.get("Path").asText(), entry.get("Size").asLong());
                }
            }
        } catch (IOException e) {
            fail("rclone lsjson printed no JSON list: " + result.describe(), e);
        }
        return tree;
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream sink, String name) {
        Thread thread = new Thread(() -> {
            try (in) {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // the process was killed
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
