package com.basicmemory.bm.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.basicmemory.bm.cli.BmException;

/**
 * Parses the time values of {@code --since}/{@code --until}: a duration back from now ({@code 30m}, {@code 24h},
 * {@code 7d}, {@code 2w}), a local date ({@code 2026-11-01}, its midnight), a local date and time
 * ({@code 2026-11-01T14:30}, also with a space) or an instant with offset ({@code 2026-11-01T14:30:00Z}).
 */
public final class TimeSpec {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*([smhdw])");

    private TimeSpec() {
    }

    public static Instant parse(String option, String value, Clock clock) {
        if (value == null || value.isBlank()) {
            throw invalid(option, value);
        }
        String v = value.trim();
        Matcher m = DURATION.matcher(v.toLowerCase(java.util.Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return clock.instant().minus(d);
        }
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(clock.getZone()).toInstant();
            }
            String iso = v.replace(' ', 'T');
            if (iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(iso).toInstant();
            }
            return LocalDateTime.parse(iso).atZone(clock.getZone()).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(option, value);
        }
    }

    private static BmException invalid(String option, String value) {
        return BmException.badInput("invalid " + option + " '" + value + "': use a duration like 30m, 24h, 7d, 2w"
                + " or a date like 2026-11-01 or 2026-11-01T14:30");
    }
}
