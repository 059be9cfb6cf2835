package com.basicmemory.bm.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The fixed migration list, the files and the schema version must agree. */
class MigrationsTest {
    static List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("src/main/resources/db/migration"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.+\\.sql")).sorted(
                    (a, b) -> Integer.compare(version(a), version(b))).toList();
        }
    }

    static int version(String file) {
        return Integer.parseInt(file.substring(1, file.indexOf("__")));
    }

    @Test
    void everyMigrationFileIsListedInOrder() throws IOException {
        assertEquals(files(), Migrations.FILES);
    }

    @Test
    void schemaVersionIsTheHighestMigration() throws IOException {
        List<String> f = files();
        assertEquals(version(f.get(f.size() - 1)), HistoryDatabase.SCHEMA_VERSION);
    }
}
