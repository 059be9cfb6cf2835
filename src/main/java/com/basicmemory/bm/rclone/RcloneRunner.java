package com.basicmemory.bm.rclone;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.ExitCode;

/**
 * Runs one prepared rclone command: stdout and stderr are drained line by line while it runs (a log is never held
 * whole in memory), stdin is empty (rclone must never wait for a prompt), a timeout applies, and the running process
 * can be stopped from another thread (shutdown hook).
 */
public final class RcloneRunner {
    private final AtomicReference<Process> current = new AtomicReference<>();

    /** Exit code and wall time of one run. */
    public record Result(int exitCode, Duration duration, boolean timedOut) {
    }

    public Result run(RcloneInvocation inv, Consumer<String> stdoutLine, Consumer<String> stderrLine, Duration timeout) {
        long start = System.nanoTime();
        Process p = start(builder(inv), inv);
        return finish(p, start, stdoutLine, stderrLine, timeout);
    }

    /**
     * Like {@link #run}, with {@code input} on rclone's stdin (then closed): for a secret rclone reads from stdin
     * ({@code rclone obscure -}) instead of an argument that {@code ps} would show.
     */
    public Result runWithInput(RcloneInvocation inv, byte[] input, Consumer<String> stdoutLine,
            Consumer<String> stderrLine, Duration timeout) {
        long start = System.nanoTime();
        ProcessBuilder pb = builder(inv);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = start(pb, inv);
        try (java.io.OutputStream in = p.getOutputStream()) {
            in.write(input);
        } catch (IOException ignored) {
            // rclone ended without reading it: its exit code says why
        }
        return finish(p, start, stdoutLine, stderrLine, timeout);
    }

    private Result finish(Process p, long start, Consumer<String> stdoutLine, Consumer<String> stderrLine,
            Duration timeout) {
        Thread errPump = pump(p.getErrorStream(), stderrLine, "rclone-stderr");
        Thread outPump = pump(p.getInputStream(), stdoutLine, "rclone-stdout");
        boolean timedOut = false;
        try {
            if (timeout == null) {
                p.waitFor();
            } else if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                stop(p, Duration.ofSeconds(5));
            }
            errPump.join(10_000);
            outPump.join(10_000);
        } catch (InterruptedException e) {
            stop(p, Duration.ofSeconds(5));
            Thread.currentThread().interrupt();
        } finally {
            current.compareAndSet(p, null);
        }
        int code = p.isAlive() ? -1 : p.exitValue();
        return new Result(code, Duration.ofNanos(System.nanoTime() - start), timedOut);
    }

    /**
     * Runs a long rclone command with its output going to a file ({@code raw}, appended) that bm reads as it grows,
     * instead of a pipe. If bm is killed, rclone does not die of a broken pipe half-way through a transfer: it
     * finishes its work and leaves consistent bisync state; the next bm waits for it (see ProjectSyncer).
     */
    public Result runTailed(RcloneInvocation inv, Path raw, Consumer<String> line, Duration timeout) {
        ProcessBuilder pb = builder(inv);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(raw.toFile()));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(raw.toFile()));
        long start = System.nanoTime();
        long offset;
        try {
            offset = Files.exists(raw) ? Files.size(raw) : 0;
        } catch (IOException e) {
            offset = 0;
        }
        Process p = start(pb, inv);
        boolean timedOut = false;
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        try (InputStream in = Files.newInputStream(raw)) {
            in.skipNBytes(offset);
            LineSplitter splitter = new LineSplitter(line);
            byte[] buf = new byte[1 << 16];
            while (true) {
                int n = in.read(buf);
                if (n > 0) {
                    splitter.feed(buf, n);
                    continue;
                }
                if (!p.isAlive()) {
                    int m;
                    while ((m = in.read(buf)) > 0) {
                        splitter.feed(buf, m);
                    }
                    splitter.end();
                    break;
                }
                if (System.nanoTime() > deadline) {
                    timedOut = true;
                    stop(p, Duration.ofSeconds(5));
                    continue;
                }
                p.waitFor(25, TimeUnit.MILLISECONDS);
            }
        } catch (IOException e) {
            // reading our own log file failed: let rclone finish, the outcome is its exit code
            try {
                p.waitFor();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        } catch (InterruptedException e) {
            stop(p, Duration.ofSeconds(5));
            Thread.currentThread().interrupt();
        } finally {
            current.compareAndSet(p, null);
        }
        int code = p.isAlive() ? -1 : p.exitValue();
        return new Result(code, Duration.ofNanos(System.nanoTime() - start), timedOut);
    }

    /** The child's environment (bm's, adjusted) and an empty stdin: rclone must never wait for a prompt. */
    private static ProcessBuilder builder(RcloneInvocation inv) {
        ProcessBuilder pb = new ProcessBuilder(inv.argv());
        Map<String, String> env = pb.environment();
        inv.unsetEnv().forEach(env::remove);
        env.putAll(inv.env());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb;
    }

    private Process start(ProcessBuilder pb, RcloneInvocation inv) {
        try {
            Process p = pb.start();
            current.set(p);
            return p;
        } catch (IOException e) {
            throw new BmException(ExitCode.BAD_INPUT, "cannot run rclone (" + inv.argv().get(0) + "): " + e.getMessage(),
                    "install rclone or set BM_RCLONE to its path", e);
        }
    }

    /** Splits bytes into UTF-8 lines ({@code \n} or {@code \r\n}); a last line without newline is kept for later. */
    static final class LineSplitter {
        private final Consumer<String> sink;
        private byte[] pending = new byte[1024];
        private int len;

        LineSplitter(Consumer<String> sink) {
            this.sink = sink;
        }

        void feed(byte[] b, int n) {
            int startOfLine = 0;
            for (int i = 0; i < n; i++) {
                if (b[i] == '\n') {
                    append(b, startOfLine, i - startOfLine);
                    emit();
                    startOfLine = i + 1;
                }
            }
            append(b, startOfLine, n - startOfLine);
        }

        void end() {
            if (len > 0) {
                emit();
            }
        }

        private void append(byte[] b, int from, int count) {
            if (count <= 0) {
                return;
            }
            if (len + count > pending.length) {
                pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, len + count));
            }
            System.arraycopy(b, from, pending, len, count);
            len += count;
        }

        private void emit() {
            int l = len;
            if (l > 0 && pending[l - 1] == '\r') {
                l--;
            }
            String s = new String(pending, 0, l, StandardCharsets.UTF_8);
            len = 0;
            if (sink != null) {
                sink.accept(s);
            }
        }
    }

    /** The rclone process running now, if any. */
    public Process current() {
        return current.get();
    }

    /** Asks the running rclone to stop (SIGTERM), then kills it after {@code grace}. */
    public void stopCurrent(Duration grace) {
        Process p = current.get();
        if (p != null) {
            stop(p, grace);
        }
    }

    /** Waits up to {@code wait} for the running rclone to finish by itself. Returns true when none is running. */
    public boolean awaitCurrent(Duration wait) {
        Process p = current.get();
        if (p == null) {
            return true;
        }
        try {
            return p.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void stop(Process p, Duration grace) {
        p.destroy();
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Thread pump(InputStream in, Consumer<String> sink, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (sink != null) {
                        sink.accept(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended or was killed
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
