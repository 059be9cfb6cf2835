package com.basicmemory.bm.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * docs/reference.md is generated from the code ({@link ReferenceDoc}) and must match it: a change to a command, an
 * option, an exit code or a JSON field fails here until the file is regenerated. Also: every field of every JSON
 * output is named on the page that explains it, and every command's first description line is a whole sentence
 * (picocli's command list shows only that line).
 */
class ReferenceDocTest {

    @Test
    void referenceMatchesTheCode() throws IOException {
        String expected = ReferenceDoc.render();
        if (Boolean.getBoolean("bm.docs.update")) {
            Files.writeString(ReferenceDoc.FILE, expected, StandardCharsets.UTF_8);
            return;
        }
        String actual = Files.exists(ReferenceDoc.FILE) ? Files.readString(ReferenceDoc.FILE) : "";
        if (!expected.equals(actual)) {
            fail(ReferenceDoc.FILE + " is out of date (a command, option, exit code or JSON field changed). Regenerate"
                    + " it with:\n  " + ReferenceDoc.UPDATE_COMMAND + "\nFirst difference:\n" + firstDifference(expected,
                    actual));
        }
    }

    @Test
    void everyJsonFieldIsExplainedOnItsPage() throws IOException {
        List<String> missing = new ArrayList<>();
        java.util.Set<Class<?>> checked = new java.util.HashSet<>();
        for (ReferenceDoc.JsonOutput o : ReferenceDoc.OUTPUTS) {
            if (!checked.add(o.type())) {
                continue; // explained where it first appears (the history is an array of reports)
            }
            Path page = Path.of("docs", o.guide().replaceAll("#.*", ""));
            String text = Files.readString(page);
            for (String field : ReferenceDoc.fieldNames(o.type())) {
                if (!Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(field) + "(?![A-Za-z0-9_])").matcher(text)
                        .find()) {
                    missing.add(page + ": " + field + " (" + o.title() + ")");
                }
            }
        }
        assertEquals(List.of(), missing, "JSON fields that their page never names");
    }

    @Test
    void everyCommandSummaryIsAWholeSentence() {
        List<String> bad = new ArrayList<>();
        for (CommandLine c : ReferenceDoc.commands(ReferenceDoc.model())) {
            String first = ReferenceDoc.summary(c);
            if (!first.endsWith(".")) {
                bad.add(ReferenceDoc.name(c) + ": \"" + first + "\"");
            }
        }
        assertEquals(List.of(), bad, "the first description line is all `bm COMMAND --help`'s parent lists:"
                + " make it a sentence of its own");
    }

    @Test
    void everyExitCodeHasAMeaning() {
        assertEquals(List.of(0, 1, 2, 3, 4, 5), List.copyOf(ReferenceDoc.exitCodes().keySet()));
    }

    private static String firstDifference(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String x = i < e.size() ? e.get(i) : "(end of file)";
            String y = i < a.size() ? a.get(i) : "(end of file)";
            if (!x.equals(y)) {
                return "  line " + (i + 1) + "\n  generated: " + x + "\n  in file:   " + y;
            }
        }
        return "  (line endings)";
    }
}
