package com.basicmemory.bm.lock;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.ExitCode;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.util.Units;

/**
 * The device lock for a command that changes the sync directory outside a sync ({@code bm cloud restore},
 * {@code bm git snapshot}): it waits up to {@code --wait} for a running sync, saying so on stderr, then gives up
 * with exit 3 naming the holder, having changed nothing.
 */
public final class WaitingLock {
    private WaitingLock() {
    }

    public static DeviceLock acquire(BmHome home, String command, Duration wait, PrintWriter err) {
        try {
            home.ensureExists();
            DeviceLock.Attempt a = DeviceLock.tryAcquire(home.lockFile(), command);
            if (a instanceof DeviceLock.Busy busy && !wait.isZero()) {
                err.println("bm: waiting up to " + Units.seconds(wait.toMillis() / 1000.0) + " for "
                        + busy.holder().map(LockHolder::describe).orElse("the running sync") + " to finish");
                err.flush();
                a = DeviceLock.acquire(home.lockFile(), command, wait.toMillis());
            }
            if (a instanceof DeviceLock.Busy busy) {
                throw new BmException(ExitCode.LOCK_BUSY, "another bm holds the device lock ("
                        + busy.holder().map(LockHolder::describe).orElse("holder unknown") + "); nothing was changed",
                        wait.isZero() ? "try again when it has finished, or wait for it with --wait 60s"
                                : "try again when it has finished, or wait longer with --wait", null);
            }
            return ((DeviceLock.Acquired) a).lock();
        } catch (IOException e) {
            throw BmException.failed("cannot open the device lock " + home.lockFile() + ": " + BmHome.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BmException.failed("interrupted while waiting for the device lock");
        }
    }
}
