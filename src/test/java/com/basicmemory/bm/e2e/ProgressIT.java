package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.testing.BmRun;
import com.basicmemory.bm.testing.Device;

/**
 * Live progress appears on a terminal (a pseudo-terminal made by util-linux {@code script}) and never when stderr
 * is not a terminal (cron).
 */
class ProgressIT {
    @TempDir
    Path tmp;
    Device a;

    @BeforeEach
    void setUp() throws Exception {
        a = new Device("a", tmp).setup(tmp.resolve("cloud").toString());
        a.write("w/a.md", "a\n");
        assertEquals(0, a.bm("sync").exitCode());
        byte[] big = new byte[3 * 1024 * 1024];
        new java.util.Random(7).nextBytes(big);
        Files.write(a.file("w/big.bin"), big);
        a.env("RCLONE_BWLIMIT", "1M");
    }

    @Test
    void aLongSyncOnATerminalShowsFilesAndBytes() throws Exception {
        Path typescript = tmp.resolve("typescript");
        ProcessBuilder pb = new ProcessBuilder(List.of("script", "-qfec", Device.launcher() + " sync",
                typescript.toString()));
        pb.environment().put("BM_HOME", a.home().toString());
        pb.environment().putAll(a.environment());
        pb.environment().put("TERM", "xterm");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String screen = Files.readString(typescript);
        assertEquals(0, p.exitValue(), screen);
        assertTrue(screen.contains("\r  w: 0/1 files,"), screen);
        assertTrue(screen.contains("MiB / 3.0 MiB"), screen);
    }

    @Test
    void noProgressWhenStderrIsNotATerminal() {
        BmRun r = a.bm("sync");
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(r.stderr().contains("\r"), r::toString);
        assertFalse(r.stderr().contains("files,"), r::toString);
        assertEquals(1, r.stderrLines().size(), "one summary line for cron: " + r);
    }
}
