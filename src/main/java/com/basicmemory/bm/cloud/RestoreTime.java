package com.basicmemory.bm.cloud;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import com.basicmemory.bm.cli.BmException;

/**
 * {@code --timestamp} of {@code bm cloud restore}: a local time ({@code 2025-10-03 14:30}, {@code 2025-10-03 14:30:15},
 * also with {@code T}, fractions of a second allowed), an instant with an offset ({@code 2025-10-03T14:30:00Z},
 * {@code 2025-10-03T16:30+02:00}: the form {@code bm cloud versions --json} prints), or a local date
 * ({@code 2025-10-03}: the end of that day, so "as it was on that day").
 */
public final class RestoreTime {
    private static final Pattern OFFSET = Pattern.compile(".*(Z|[+-]\\d\\d:?\\d\\d)$");

    private RestoreTime() {
    }

    public static Instant parse(String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            throw invalid(value);
        }
        String v = value.strip();
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1);
            }
            String iso = v.replaceFirst(" ", "T");
            if (OFFSET.matcher(iso).matches()) {
                return OffsetDateTime.parse(iso.replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2")).toInstant();
            }
            return LocalDateTime.parse(iso).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(value);
        }
    }

    private static BmException invalid(String value) {
        return BmException.badInput("invalid --timestamp '" + value + "': use a local time like '2025-10-03 14:30',"
                + " a date like 2025-10-03 (its end), or an ISO-8601 time like 2025-10-03T14:30:00Z");
    }
}
