package com.basicmemory.bm.git;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.Env;

/**
 * The {@code git} executable ({@code BM_GIT}, else {@code git} on PATH), run in a folder with an empty stdin (git must
 * never wait for a password prompt: {@code GIT_TERMINAL_PROMPT=0}) and a timeout.
 */
public final class Git {
    private static final long TIMEOUT_SECONDS = 600;

    private final String executable;

    private Git(String executable) {
        this.executable = executable;
    }

    /** git, or empty when it is not installed. */
    public static Optional<Git> find() {
        String configured = Env.get("BM_GIT");
        if (configured != null) {
            return Files.isExecutable(Paths.get(configured)) ? Optional.of(new Git(configured)) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = dir.isEmpty() ? null : Paths.get(dir, "git");
            if (p != null && Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(new Git(p.toString()));
            }
        }
        return Optional.empty();
    }

    /** Exit code and output of one git command. */
    public record Output(int exitCode, List<String> stdout, List<String> stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** git's last stderr line (its error), or {@code fallback}. */
        public String lastError(String fallback) {
            for (int i = stderr.size() - 1; i >= 0; i--) {
                String l = stderr.get(i).strip();
                if (!l.isEmpty()) {
                    return l.replaceFirst("^(fatal|error): ", "");
                }
            }
            return fallback;
        }
    }

    public Output run(Path dir, List<String> args) {
        return run(dir, args, null, null, Map.of());
    }

    /**
     * Runs {@code git ARGS} in {@code dir}. {@code input}: written to stdin (else stdin is empty); {@code stdoutFile}:
     * stdout goes there byte for byte (file contents), else it is returned as lines; {@code env}: added variables.
     */
    public Output run(Path dir, List<String> args, String input, Path stdoutFile, Map<String, String> env) {
        List<String> cmd = new ArrayList<>(args.size() + 3);
        cmd.add(executable);
        cmd.add("-c");
        cmd.add("core.quotepath=off");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().putAll(env);
        if (input == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        if (stdoutFile != null) {
            pb.redirectOutput(stdoutFile.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw BmException.failed("cannot run git (" + executable + "): " + e.getMessage(), e);
        }
        Drain out = stdoutFile == null ? new Drain(p.getInputStream()) : null;
        Drain err = new Drain(p.getErrorStream());
        if (input != null) {
            try (OutputStream in = p.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // git ended before reading everything: its exit code says why
            }
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw BmException.failed("git " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS
                        + " s");
            }
            if (out != null) {
                out.join();
            }
            err.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw BmException.failed("interrupted while running git");
        }
        return new Output(p.exitValue(), out == null ? List.of() : out.lines(), err.lines());
    }

    /** Drains a stream on its own thread. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Drain(InputStream in) {
            this.in = in;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            try (in) {
                in.transferTo(buf);
            } catch (IOException ignored) {
                // the process ended
            }
        }

        List<String> lines() {
            String s = buf.toString(StandardCharsets.UTF_8);
            if (s.isEmpty()) {
                return List.of();
            }
            if (s.endsWith("\n")) {
                s = s.substring(0, s.length() - 1);
            }
            return List.of(s.split("\r?\n", -1));
        }
    }
}
