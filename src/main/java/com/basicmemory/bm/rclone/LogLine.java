package com.basicmemory.bm.rclone;

/**
 * One rclone stderr line after normalisation by {@link BisyncLogParser#normalize(String)}: ANSI colour
 * codes removed, timestamp / source-file prefix and level removed, JSON decoded.
 *
 * @param level       the log level, {@link Level#NONE} for lines without one (continuation lines of the
 *                    text stats block, the final plain {@code Failed to bisync: ...} line)
 * @param message     the message text; for JSON lines with an {@code object} field
 *                    {@code object + ": " + msg}
 * @param timestamped whether the text line started with a {@code YYYY/MM/DD HH:MM:SS} timestamp
 * @param stats       the decoded {@code "stats"} object of a JSON line, else {@code null}
 * @param objectLength the length of the JSON {@code object} at the start of the message (the file a per-file line
 *                    is about, as on disk: {@link RcloneNames#decode}), 0 when the line has none: such a line is
 *                    never an indent line, also when the file's name starts with {@code "- "}
 */
public record LogLine(Level level, String message, boolean timestamped, StatsSnapshot stats, int objectLength) {

    public LogLine(Level level, String message, boolean timestamped, StatsSnapshot stats) {
        this(level, message, timestamped, stats, 0);
    }

    public enum Level {
        NONE, DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY;

        /** ERROR and above. */
        public boolean isError() {
            return compareTo(ERROR) >= 0;
        }
    }
}
