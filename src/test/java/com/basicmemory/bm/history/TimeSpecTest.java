package com.basicmemory.bm.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.basicmemory.bm.cli.BmException;

class TimeSpecTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneId.of("Europe/Paris"));

    @ParameterizedTest
    @CsvSource({
        "30m, 2026-11-25T11:30:00Z",
        "24h, 2026-11-24T12:00:00Z",
        "7d, 2026-11-18T12:00:00Z",
        "2w, 2026-11-11T12:00:00Z",
        "90s, 2026-11-25T11:58:30Z",
        "2026-11-01, 2026-10-31T23:00:00Z",
        "2026-11-01T14:30, 2026-11-01T13:30:00Z",
        "2026-11-01 14:30, 2026-11-01T13:30:00Z",
        "2026-11-01T14:30:00Z, 2026-11-01T14:30:00Z",
        "2026-11-01T14:30:00+02:00, 2026-11-01T12:30:00Z"
    })
    void goodValues(String value, String expected) {
        assertEquals(Instant.parse(expected), TimeSpec.parse("--since", value, CLOCK));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "yesterday", "7x", "-7d", "7", "2026-13-01", "2026-11-01T25:00", "d7"})
    void badValuesAreBadInputWithOneClearMessage(String value) {
        BmException e = assertThrows(BmException.class, () -> TimeSpec.parse("--since", value, CLOCK));
        assertEquals(2, e.exitCode());
        assertEquals("invalid --since '" + value + "': use a duration like 30m, 24h, 7d, 2w or a date like"
                + " 2026-11-01 or 2026-11-01T14:30", e.getMessage());
    }
}
