package com.basicmemory.bm.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceLockTest {
    @TempDir
    Path tmp;

    @Test
    void holderIsWrittenReadableAndClearedOnRelease() throws Exception {
        Path file = tmp.resolve("sync.lock");
        DeviceLock.Attempt a = DeviceLock.tryAcquire(file, "bm sync");
        DeviceLock.Acquired acquired = assertInstanceOf(DeviceLock.Acquired.class, a);
        assertTrue(acquired.leftByKilledRun().isEmpty());
        LockHolder h = DeviceLock.readHolder(file).orElseThrow();
        assertEquals(ProcessHandle.current().pid(), h.pid());
        assertEquals("bm sync", h.command());
        DeviceLock.Attempt second = DeviceLock.tryAcquire(file, "bm sync");
        DeviceLock.Busy busy = assertInstanceOf(DeviceLock.Busy.class, second);
        assertEquals(h, busy.holder().orElseThrow());
        // the refused attempt must not have dropped the holder's lock
        assertInstanceOf(DeviceLock.Busy.class, DeviceLock.tryAcquire(file, "bm sync"));
        acquired.lock().close();
        assertEquals("", Files.readString(file), "a released lock leaves the file empty");
        DeviceLock.Acquired again = assertInstanceOf(DeviceLock.Acquired.class, DeviceLock.tryAcquire(file, "x"));
        again.lock().close();
    }

    @Test
    void contentLeftByAKilledHolderIsReported() throws Exception {
        Path file = tmp.resolve("sync.lock");
        Files.writeString(file, "{\"pid\":4242,\"command\":\"bm sync\",\"started_at\":\"2026-11-25T09:00:00Z\"}\n");
        DeviceLock.Acquired a = assertInstanceOf(DeviceLock.Acquired.class, DeviceLock.tryAcquire(file, "bm sync"));
        assertEquals(4242, a.leftByKilledRun().orElseThrow().pid());
        a.lock().close();
    }
}
