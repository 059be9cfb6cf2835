package com.basicmemory.bm.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import com.basicmemory.bm.cli.BmException;

class RestoreTimeTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void theSpecsFormIsALocalTime() {
        assertEquals(Instant.parse("2025-10-03T12:30:00Z"), RestoreTime.parse("2025-10-03 14:30", BERLIN));
        assertEquals(Instant.parse("2025-10-03T12:30:15Z"), RestoreTime.parse("2025-10-03T14:30:15", BERLIN));
        assertEquals(Instant.parse("2025-10-03T12:30:15.250Z"), RestoreTime.parse("2025-10-03 14:30:15.250", BERLIN));
    }

    @Test
    void anOffsetWinsOverTheLocalZone() {
        assertEquals(Instant.parse("2025-10-03T14:30:00Z"), RestoreTime.parse("2025-10-03T14:30:00Z", BERLIN));
        assertEquals(Instant.parse("2025-10-03T14:30:00.117Z"), RestoreTime.parse("2025-10-03T14:30:00.117Z", BERLIN),
                "the time field of bm cloud versions --json");
        assertEquals(Instant.parse("2025-10-03T12:30:00Z"), RestoreTime.parse("2025-10-03T14:30+02:00", BERLIN));
        assertEquals(Instant.parse("2025-10-03T12:30:00Z"), RestoreTime.parse("2025-10-03 14:30+0200", BERLIN));
    }

    @Test
    void aDateMeansTheEndOfThatDay() {
        assertEquals(Instant.parse("2025-10-03T21:59:59.999Z"), RestoreTime.parse("2025-10-03", BERLIN));
    }

    @Test
    void anythingElseIsBadInput() {
        for (String bad : new String[] {"yesterday", "2025-13-03 14:30", "14:30", "", "2025-10-03 25:00", "7d"}) {
            BmException e = assertThrows(BmException.class, () -> RestoreTime.parse(bad, BERLIN), bad);
            assertEquals(2, e.exitCode());
            assertTrue(e.getMessage().startsWith("invalid --timestamp"), e.getMessage());
        }
    }
}
