package com.basicmemory.bm.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** What the streams of this process are connected to, and whether colour is wanted. */
public final class Terminal {
    private Terminal() {
    }

    /** True when file descriptor {@code fd} (0 stdin, 1 stdout, 2 stderr) is a terminal. */
    public static boolean isTerminal(int fd) {
        Path link = Paths.get("/proc/self/fd/" + fd);
        try {
            if (Files.exists(link)) {
                String target = Files.readSymbolicLink(link).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // fall back to the console check
        }
        return System.console() != null;
    }

    /**
     * ANSI colour on stdout: only on a terminal, never when {@code NO_COLOR} is set (https://no-color.org) or
     * {@code TERM} is {@code dumb}.
     */
    public static boolean colorOnStdout() {
        String noColor = System.getenv("NO_COLOR");
        if (noColor != null && !noColor.isEmpty() || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        return isTerminal(1);
    }
}
