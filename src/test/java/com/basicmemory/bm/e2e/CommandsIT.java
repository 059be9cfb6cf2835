package com.basicmemory.bm.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.testing.BmRun;
import com.basicmemory.bm.testing.Device;

/** Commands that need no database never open it; help and version go to stdout. */
class CommandsIT {
    @TempDir
    Path tmp;

    @Test
    void versionAndHelpDoNotTouchTheDatabase() {
        Device d = new Device("d", tmp);
        BmRun v = d.bm("--version");
        assertEquals(0, v.exitCode(), v::toString);
        assertTrue(v.stdout().matches("bm \\d+\\.\\d+\\.\\d+.*\\R"), v::toString);
        assertEquals("", v.stderr());
        BmRun h = d.bm("--help");
        assertEquals(0, h.exitCode(), h::toString);
        assertTrue(h.stdout().contains("sync") && h.stdout().contains("cloud"), h::toString);
        BmRun sh = d.bm("sync", "--help");
        assertEquals(0, sh.exitCode(), sh::toString);
        assertTrue(sh.stdout().contains("--resync") && sh.stdout().contains("--dry-run"), sh::toString);
        assertFalse(Files.exists(d.home().resolve("bm.db")), "no database for --version/--help");
    }

    @Test
    void historyOnAFreshHomeIsAnEmptyListAndCreatesTheDatabase() {
        Device d = new Device("d", tmp);
        BmRun r = d.bm("sync", "history", "--json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("[ ]", r.stdout().strip());
        BmRun t = d.bm("sync", "history");
        assertEquals(0, t.exitCode(), t::toString);
        assertTrue(t.stdout().contains("no sync runs recorded"), t::toString);
        assertTrue(Files.exists(d.home().resolve("bm.db")));
    }
}
