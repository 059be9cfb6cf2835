package com.basicmemory.bm.lock;

/**
 * Who holds the device lock, as written into {@code sync.lock} by the holder.
 *
 * @param pid process id of the holder
 * @param command the holder's command line (for example {@code bm sync --watch})
 * @param startedAt ISO-8601 time the holder took the lock
 * @param host host name
 */
public record LockHolder(long pid, String command, String startedAt, String host) {

    public String describe() {
        return "PID " + pid + (command == null ? "" : ", `" + command + "`")
                + (startedAt == null ? "" : ", since " + startedAt);
    }
}
