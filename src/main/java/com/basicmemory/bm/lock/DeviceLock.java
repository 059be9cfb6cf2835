package com.basicmemory.bm.lock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.ExitCode;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.util.AtomicFiles;
import com.basicmemory.bm.util.Json;

/**
 * At most one sync per device: an OS lock ({@link FileChannel#tryLock()}) on {@code BM_HOME/sync.lock}. The kernel
 * releases it when the process dies, so a killed run never leaves a stale lock. The holder writes its PID, command
 * and start time into the file so that a refused run can name it. The file itself is never deleted (deleting a lock
 * file is what makes PID-file locks racy). The holder never opens the file a second time: on POSIX systems, closing
 * any descriptor of a file releases the process's lock on it.
 */
public final class DeviceLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;
    private final LockHolder holder;

    private DeviceLock(FileChannel channel, FileLock lock, LockHolder holder) {
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
    }

    /** The outcome of one attempt: either the lock, or what is known of its holder. */
    public sealed interface Attempt permits Acquired, Busy {
    }

    /**
     * The lock, and the holder a previous process left in the file when it died without releasing the lock
     * (killed): a released lock leaves the file empty.
     */
    public record Acquired(DeviceLock lock, Optional<LockHolder> leftByKilledRun) implements Attempt {
    }

    public record Busy(Optional<LockHolder> holder) implements Attempt {
    }

    public static Attempt tryAcquire(Path lockFile, String command) throws IOException {
        Files.createDirectories(lockFile.toAbsolutePath().getParent());
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // held by this very JVM (tests, or a watcher's own run)
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            ch.close();
            return new Busy(readHolder(lockFile));
        }
        AtomicFiles.ownerOnly(lockFile);
        Optional<LockHolder> left = Optional.empty();
        try {
            // read through the locking channel: closing any other descriptor of this file would drop the POSIX lock
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), 64 * 1024));
            ch.read(buf, 0);
            String old = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).trim();
            if (!old.isEmpty()) {
                left = Optional.of(Json.mapper().readValue(old, LockHolder.class));
            }
        } catch (IOException | RuntimeException ignored) {
            // unreadable leftovers say nothing useful
        }
        LockHolder me = new LockHolder(ProcessHandle.current().pid(), command,
                OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString(), com.basicmemory.bm.util.Host.name());
        byte[] bytes = (Json.compact(me) + "\n").getBytes(StandardCharsets.UTF_8);
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(bytes), 0);
        ch.force(false);
        return new Acquired(new DeviceLock(ch, l, me), left.filter(h -> h.pid() != me.pid()));
    }

    /**
     * The lock for a command that must not run beside a sync (rebuilding or pruning the history): taken now, or
     * refused with exit 3 naming the holder, like a second {@code bm sync}.
     */
    public static DeviceLock acquireOrRefuse(Path lockFile, String command) {
        Attempt a;
        try {
            a = tryAcquire(lockFile, command);
        } catch (IOException e) {
            throw new BmException(ExitCode.FAILED, "cannot open the device lock " + lockFile + ": "
                    + BmHome.describe(e), null, e);
        }
        if (a instanceof Busy busy) {
            throw new BmException(ExitCode.LOCK_BUSY, "a sync is running on this device ("
                    + busy.holder().map(LockHolder::describe).orElse("holder unknown") + ")",
                    "run `" + command + "` again when it has finished", null);
        }
        return ((Acquired) a).lock();
    }

    /**
     * Blocks until the lock is free, polling, up to {@code timeoutMillis}. Returns the last attempt.
     */
    public static Attempt acquire(Path lockFile, String command, long timeoutMillis) throws IOException,
            InterruptedException {
        return acquire(lockFile, command, timeoutMillis, () -> false);
    }

    /** Like {@link #acquire(Path, String, long)}, giving up early when {@code cancelled} turns true. */
    public static Attempt acquire(Path lockFile, String command, long timeoutMillis,
            java.util.function.BooleanSupplier cancelled) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            Attempt a = tryAcquire(lockFile, command);
            if (a instanceof Acquired || System.nanoTime() > deadline || cancelled.getAsBoolean()) {
                return a;
            }
            Thread.sleep(200);
        }
    }

    /**
     * The holder as written in the file. Empty when unreadable, or still empty after a second: the holder writes
     * itself in just after taking the lock, and on a machine busy with many starting JVMs that took longer than the
     * 0.1 s this waited before (a refused run then said "holder unknown").
     */
    public static Optional<LockHolder> readHolder(Path lockFile) {
        for (int i = 0; i < 50; i++) {
            try {
                String text = Files.readString(lockFile).trim();
                if (!text.isEmpty()) {
                    return Optional.of(Json.mapper().readValue(text, LockHolder.class));
                }
            } catch (IOException e) {
                return Optional.empty();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    public LockHolder holder() {
        return holder;
    }

    @Override
    public void close() {
        try {
            if (channel.isOpen()) {
                channel.truncate(0);
                lock.release();
            }
        } catch (IOException ignored) {
            // the kernel releases the lock with the channel anyway
        } finally {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
