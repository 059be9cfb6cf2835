package com.basicmemory.bm.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * docs/troubleshooting.md names every message bm can print when something is wrong ({@link MessageCatalog}: every
 * {@code BmException}, report error and warning in the source). A new or reworded message fails here until the page
 * says what it means and what to do.
 */
class TroubleshootingTest {
    static final Path PAGE = Path.of("docs", "troubleshooting.md");
    static final Path SOURCES = Path.of("src", "main", "java");

    @Test
    void everyMessageOfTheSourceIsOnThePage() throws IOException {
        String page = Files.readString(PAGE);
        List<String> missing = MessageCatalog.scan(SOURCES).stream()
                .filter(m -> !m.pattern().matcher(page).find())
                .map(m -> m.where() + ": " + m.template())
                .toList();
        assertEquals(List.of(), missing, "messages that " + PAGE + " does not explain (write each on one line of a"
                + " text block, with the filled-in parts in CAPITALS, and say what it means and what to do)");
    }

    @Test
    void theScanFindsTheMessages() {
        List<MessageCatalog.Message> all = MessageCatalog.scan(SOURCES);
        assertTrue(all.size() > 100, "only " + all.size() + " messages found: the scan is broken");
        assertTrue(all.stream().anyMatch(m -> m.template().equals("rclone not found on PATH")), all::toString);
        assertEquals(List.of(List.of("unknown project '", "' (", ")")),
                MessageCatalog.templates("\"unknown project '\" + w + \"' (\" + (a ? \"x\" : \"y\") + \")\""));
        assertEquals(List.of(List.of("give either FILE or --all"), List.of("name the file")),
                MessageCatalog.templates("all ? \"give either FILE or --all\" : \"name the file\""));
    }
}
