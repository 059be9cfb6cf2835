package com.basicmemory.bm.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.basicmemory.bm.testing.PromText;

/** The textfile written by {@code bm stats --prometheus}, parsed back by a strict reader. */
class PrometheusFormatTest {
    @TempDir
    Path tmp;

    static Stats sample(String project) {
        return new Stats("2026-10-26T12:00Z", "2026-11-25T12:00Z", project, 8, 3, 0.25, 2, 3, 2, 2.0 / 3, 3.875, 3.0,
                7.0, 1, 2,
                1, 1, 1, 1, StatsRepositoryTest.byStatus(2, 2, 1, 2, 1, 1, 1, 0), 360, new Stats.Moved(1, 2, 0),
                new Stats.Moved(1, 1, 1), "2026-11-25T09:00:01.500Z", "2026-11-25T10:00:08Z", List.of());
    }

    @Test
    void everyNumberComesBackFromTheParsedFile() {
        PromText.Parsed p = PromText.parse(PrometheusFormat.render(sample(null)));
        assertEquals(Map.ofEntries(
                Map.entry("bm_window_start_timestamp_seconds", 1793016000.0),
                Map.entry("bm_generated_timestamp_seconds", 1795608000.0),
                Map.entry("bm_syncs", 8.0),
                Map.entry("bm_runs{status=\"success\"}", 2.0),
                Map.entry("bm_runs{status=\"conflicts\"}", 2.0),
                Map.entry("bm_runs{status=\"lock_busy\"}", 1.0),
                Map.entry("bm_runs{status=\"needs_resync\"}", 2.0),
                Map.entry("bm_runs{status=\"max_delete_abort\"}", 1.0),
                Map.entry("bm_runs{status=\"safety_abort\"}", 1.0),
                Map.entry("bm_runs{status=\"failed\"}", 1.0),
                Map.entry("bm_runs{status=\"interrupted\"}", 0.0),
                Map.entry("bm_successful_syncs", 3.0),
                Map.entry("bm_conflict_rate", 0.25),
                Map.entry("bm_conflicts", 3.0),
                Map.entry("bm_conflict_resolutions", 2.0),
                Map.entry("bm_conflict_resolution_rate", 2.0 / 3),
                Map.entry("bm_sync_duration_avg_seconds", 3.875),
                Map.entry("bm_sync_duration_p50_seconds", 3.0),
                Map.entry("bm_sync_duration_p95_seconds", 7.0),
                Map.entry("bm_multi_device_collisions", 1.0),
                Map.entry("bm_max_delete_trips", 2.0),
                Map.entry("bm_safety_aborts", 1.0),
                Map.entry("bm_version_restores", 1.0),
                Map.entry("bm_lock_busy_runs", 1.0),
                Map.entry("bm_dry_runs", 1.0),
                Map.entry("bm_transferred_bytes", 360.0),
                Map.entry("bm_files_moved{change=\"created\",direction=\"to_cloud\"}", 1.0),
                Map.entry("bm_files_moved{change=\"updated\",direction=\"to_cloud\"}", 2.0),
                Map.entry("bm_files_moved{change=\"deleted\",direction=\"to_cloud\"}", 0.0),
                Map.entry("bm_files_moved{change=\"created\",direction=\"to_local\"}", 1.0),
                Map.entry("bm_files_moved{change=\"updated\",direction=\"to_local\"}", 1.0),
                Map.entry("bm_files_moved{change=\"deleted\",direction=\"to_local\"}", 1.0),
                Map.entry("bm_last_success_timestamp_seconds", 1795597201.5),
                Map.entry("bm_last_sync_timestamp_seconds", 1795600808.0)), p.samples());
        p.families().forEach((name, f) -> {
            assertEquals("gauge", f.type(), name);
            assertTrue(name.startsWith("bm_") && f.help() != null && !f.help().isBlank(), name);
        });
    }

    @Test
    void aProjectIsALabelOnEverySampleAndIsEscaped() {
        PromText.Parsed p = PromText.parse(PrometheusFormat.render(sample("my \"notes\"")));
        assertTrue(p.samples().keySet().stream().allMatch(k -> k.contains("project=\"my \\\"notes\\\"\"")),
                p.samples().keySet()::toString);
        assertEquals(3.0, p.value("bm_successful_syncs{project=\"my \\\"notes\\\"\"}"));
    }

    @Test
    void noSuccessYetIsZeroSoThatAnAlertOnItsAgeFires() {
        Stats none = new Stats("2026-10-26T12:00Z", "2026-11-25T12:00Z", null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, StatsRepositoryTest.byStatus(0, 0, 0, 0, 0, 0, 0, 0), 0, new Stats.Moved(0, 0, 0),
                new Stats.Moved(0, 0, 0), null, null, List.of());
        PromText.Parsed p = PromText.parse(PrometheusFormat.render(none));
        assertEquals(0.0, p.value("bm_last_success_timestamp_seconds"));
        assertEquals(0.0, p.value("bm_conflict_rate"));
    }

    @Test
    void theFileIsReplacedAtomicallyAndReadableByTheCollector() throws Exception {
        Path file = tmp.resolve("textfile/bm.prom");
        StatsService service = new StatsService(null, java.time.Clock.systemUTC());
        assertEquals(file, service.writePrometheus(sample(null), file.toString()));
        Files.writeString(tmp.resolve("textfile/other.prom"), "x 1\n");
        service.writePrometheus(sample("w"), file.toString());
        assertEquals(PrometheusFormat.render(sample("w")), Files.readString(file));
        try (var s = Files.list(file.getParent())) {
            assertEquals(List.of("bm.prom", "other.prom"), s.map(f -> f.getFileName().toString()).sorted().toList(),
                    "no temp file left");
        }
        assertTrue(Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_READ));
        assertTrue(Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)
                || !Files.getPosixFilePermissions(tmp.resolve("textfile/other.prom"))
                        .contains(PosixFilePermission.OTHERS_READ), "the umask's permissions, not owner-only");
    }

    @Test
    void numbersHaveNoExponent() {
        assertEquals("1764061201.5", PrometheusFormat.number(1764061201.5));
        assertEquals("0.0001", PrometheusFormat.number(0.0001));
        assertEquals("12", PrometheusFormat.number(12L));
        assertEquals("3", PrometheusFormat.number(3.0));
    }
}
