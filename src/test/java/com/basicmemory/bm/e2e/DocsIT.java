package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import com.basicmemory.bm.docs.MarkdownDoc;
import com.basicmemory.bm.testing.Device;
import com.basicmemory.bm.testing.RcloneTestSupport;
import com.basicmemory.bm.testing.S3MockServer;

/**
 * The documentation cannot go stale: every {@code sh} block of README.md and docs/ (and every hidden
 * {@code <!-- sh} block) runs, page by page in document order, against the real {@code target/bm} and the real
 * rclone, as a reader would run it:
 *
 * <ul>
 *   <li>each page gets a fresh sandbox: a temp {@code HOME} (so {@code ~/notes} and the default
 *       {@code BM_HOME=~/.basic-memory} are its own), the current folder {@code ~}, a {@code PATH} whose {@code bm} is
 *       {@code target/bm}, stdin from /dev/null (an interactive prompt ends at once), no colours;</li>
 *   <li>rclone has a remote named {@code s3} (S3Mock on loopback) and every bucket the page names
 *       ({@code s3:BUCKET/...}) exists and is empty when the page starts;</li>
 *   <li>each block runs with {@code bash -e}, in the folder and with the exported variables the previous block of the
 *       page left, within a timeout; it must exit 0, or the code its first line names ({@code # exit 2}).</li>
 * </ul>
 *
 * A failure shows the page and line, the block, the exit code and both streams. Conventions: MarkdownDoc and
 * docs/development.md ("Documentation").
 */
@ExtendWith(S3MockServer.Extension.class)
class DocsIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern BUCKET = Pattern.compile("\\bs3:([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])");

    @TestFactory
    Stream<DynamicTest> everyShellBlockRunsAsDocumented(S3MockServer s3) throws IOException {
        Path base = Files.createTempDirectory("bm-docs-");
        Path rcloneConfig = s3.writeRcloneConfig(base.resolve("rclone"));
        Path bin = Files.createDirectories(base.resolve("bin"));
        Path bm = bin.resolve("bm");
        Files.writeString(bm, "#!/bin/sh\nexec '" + Device.launcher() + "' \"$@\"\n");
        assertTrue(bm.toFile().setExecutable(true));
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : MarkdownDoc.pages(ROOT)) {
            List<MarkdownDoc.Block> blocks = MarkdownDoc.read(page).blocks().stream()
                    .filter(MarkdownDoc.Block::runnable).toList();
            if (blocks.isEmpty()) {
                continue;
            }
            String name = ROOT.relativize(page).toString();
            tests.add(DynamicTest.dynamicTest(name, () -> runPage(name, blocks, base, bin, rcloneConfig, s3)));
        }
        return tests.stream();
    }

    private void runPage(String name, List<MarkdownDoc.Block> blocks, Path base, Path bin, Path rcloneConfig,
                         S3MockServer s3) throws IOException, InterruptedException {
        Path sandbox = Files.createDirectories(base.resolve(name.replaceAll("[^A-Za-z0-9]", "_")));
        Path home = Files.createDirectories(sandbox.resolve("home"));
        Path state = Files.createDirectories(sandbox.resolve("state"));
        Files.writeString(state.resolve("cwd"), home.toString());
        Files.writeString(state.resolve("env"), "");
        Map<String, String> rcloneEnv = s3.rcloneEnvironment(rcloneConfig);
        TreeSet<String> buckets = new TreeSet<>();
        for (MarkdownDoc.Block b : blocks) {
            Matcher m = BUCKET.matcher(b.text());
            while (m.find()) {
                buckets.add(m.group(1));
            }
        }
        for (String bucket : buckets) {
            if (bucket.equals(s3.bucket())) {
                fail(name + " uses the bucket '" + bucket + "', which S3Mock versions (deletes misbehave there):"
                        + " name another bucket");
            }
            RcloneTestSupport.run(rcloneEnv, Duration.ofSeconds(60), List.of("purge", "s3:" + bucket));
            RcloneTestSupport.run(rcloneEnv, Duration.ofSeconds(60), List.of("mkdir", "s3:" + bucket))
                    .assertSuccess();
        }
        int n = 0;
        for (MarkdownDoc.Block b : blocks) {
            runBlock(b, ++n, home, state, bin, rcloneConfig);
        }
    }

    private void runBlock(MarkdownDoc.Block block, int n, Path home, Path state, Path bin, Path rcloneConfig)
            throws IOException, InterruptedException {
        Path script = state.resolve("block-" + n + ".sh");
        String prologue = """
                cd "$(cat '%1$s/cwd')"
                . '%1$s/env'
                trap '__rc=$?; pwd > '"'"'%1$s/cwd'"'"'; export -p > '"'"'%1$s/env'"'"'; exit $__rc' EXIT
                """.formatted(state);
        Files.writeString(script, prologue + block.text(), StandardCharsets.UTF_8);
        Path out = state.resolve("block-" + n + ".out");
        Path err = state.resolve("block-" + n + ".err");
        ProcessBuilder pb = new ProcessBuilder("bash", "-e", script.toString())
                .directory(home.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("BM_") || k.startsWith("RCLONE_") || k.startsWith("GIT_")
                || k.equals("AWS_CA_BUNDLE") || k.equals("EDITOR") || k.equals("VISUAL") || k.equals("OLDPWD"));
        String rclone = System.getenv("BM_RCLONE");
        if (rclone != null && !rclone.isBlank()) {
            env.put("BM_RCLONE", rclone);
        }
        env.put("HOME", home.toString());
        env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("RCLONE_CONFIG", rcloneConfig.toString());
        env.put("NO_COLOR", "1");
        env.put("TERM", "dumb");
        env.put("LANG", "C.UTF-8");
        env.put("GIT_AUTHOR_NAME", "Docs Test");
        env.put("GIT_AUTHOR_EMAIL", "docs@example.invalid");
        env.put("GIT_COMMITTER_NAME", "Docs Test");
        env.put("GIT_COMMITTER_EMAIL", "docs@example.invalid");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        Process p = pb.start();
        boolean done = p.waitFor(BLOCK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        int expected = block.expectedExit();
        int actual = done ? p.exitValue() : -1;
        if (!done || actual != expected) {
            fail(ROOT.relativize(block.page()) + ":" + block.line() + (block.hidden() ? " (hidden block)" : "")
                    + ": " + (done ? "exited " + actual + ", expected " + expected
                    + (expected == 0 ? "" : " (from its '# exit " + expected + "' line)")
                    : "did not finish in " + BLOCK_TIMEOUT.toSeconds() + " s")
                    + "\n--- block ---\n" + block.text() + "--- stdout ---\n" + read(out) + "--- stderr ---\n"
                    + read(err));
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
