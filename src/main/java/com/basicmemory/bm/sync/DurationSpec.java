package com.basicmemory.bm.sync;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.basicmemory.bm.cli.BmException;

/** Durations of options like {@code --interval 60s}: a number with s, m or h (a bare number is seconds). */
public final class DurationSpec {
    private static final Pattern P = Pattern.compile("(\\d{1,7})\\s*(ms|s|m|h)?");

    private DurationSpec() {
    }

    public static Duration parse(String option, String value, Duration min) {
        Matcher m = value == null ? null : P.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw BmException.badInput("invalid " + option + " '" + value + "': use a duration like 30s, 5m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        if (min != null && d.compareTo(min) < 0) {
            throw BmException.badInput("invalid " + option + " '" + value + "': at least " + min.toSeconds() + "s");
        }
        return d;
    }
}
