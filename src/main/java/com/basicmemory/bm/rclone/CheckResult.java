package com.basicmemory.bm.rclone;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code rclone check --combined -} output, turned into sets. {@code +} is a file only in the source (Path1, local),
 * {@code -} only in the destination (Path2, cloud), {@code *} in both but different, {@code =} identical,
 * {@code !} could not be checked.
 */
public record CheckResult(int exitCode, List<String> onlyLocal, List<String> onlyCloud, List<String> differing,
        long matching, List<String> errored, List<String> messages) {

    public boolean identicalWhereBothExist() {
        return differing.isEmpty() && errored.isEmpty();
    }

    /** Collects {@code --combined} lines. Memory is bounded by the number of non-matching files. */
    public static final class Builder {
        private final List<String> onlyLocal = new ArrayList<>();
        private final List<String> onlyCloud = new ArrayList<>();
        private final List<String> differing = new ArrayList<>();
        private final List<String> errored = new ArrayList<>();
        private final List<String> messages = new ArrayList<>();
        private long matching;

        public void combinedLine(String line) {
            if (line.length() < 2 || line.charAt(1) != ' ') {
                return;
            }
            String path = line.substring(2);
            switch (line.charAt(0)) {
                case '=' -> matching++;
                case '+' -> onlyLocal.add(path);
                case '-' -> onlyCloud.add(path);
                case '*' -> differing.add(path);
                case '!' -> errored.add(path);
                default -> {
                    // not a combined line
                }
            }
        }

        public void message(String line) {
            if (messages.size() < 50) {
                messages.add(line);
            }
        }

        public CheckResult build(int exitCode) {
            return new CheckResult(exitCode, List.copyOf(onlyLocal), List.copyOf(onlyCloud), List.copyOf(differing),
                    matching, List.copyOf(errored), List.copyOf(messages));
        }
    }
}
