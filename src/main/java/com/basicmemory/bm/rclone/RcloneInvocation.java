package com.basicmemory.bm.rclone;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One prepared rclone command: what {@code --dry-run} and argv tests look at, and what the runner executes.
 *
 * @param argv the full argument vector, rclone executable first
 * @param env variables to set for the child (added to bm's own environment)
 * @param unsetEnv variables removed from the child's environment
 */
public record RcloneInvocation(List<String> argv, Map<String, String> env, Set<String> unsetEnv) {

    public RcloneInvocation {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        unsetEnv = Set.copyOf(unsetEnv);
    }

    /** The command as a shell-like line, secrets redacted: for stderr and logs. */
    public String display(Redactor redactor) {
        StringBuilder sb = new StringBuilder();
        List<String> shown = argv;
        if (shown.size() > 2 && shown.get(0).endsWith("setsid") && shown.get(1).equals("--wait")) {
            shown = shown.subList(2, shown.size()); // bm's own wrapper, not part of the rclone command
        }
        for (String a : redactor.redactArgs(shown)) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            String r = a;
            sb.append(r.isEmpty() || r.matches(".*[\\s'\"$`\\\\].*") ? "'" + r.replace("'", "'\\''") + "'" : r);
        }
        return sb.toString();
    }
}
