package com.basicmemory.bm.conflicts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The line diff: shortest scripts (checked against an LCS table), the unified format, its edge cases. */
class LineDiffTest {

    static List<String> lines(String... l) {
        List<String> out = new ArrayList<>();
        for (String s : l) {
            out.add(s + "\n");
        }
        return out;
    }

    @Test
    void unifiedDiffMatchesTheUsualFormat() {
        List<String> a = lines("base", "line2 from B", "line3", "extra B");
        List<String> b = lines("version A", "line2", "line3");
        assertEquals("""
                --- local
                +++ cloud
                @@ -1,4 +1,3 @@
                -base
                -line2 from B
                +version A
                +line2
                 line3
                -extra B
                """, LineDiff.unified(a, b, "local", "cloud", 3, false));
        assertEquals(new LineDiff.Stats(2, 3), LineDiff.stats(a, b));
    }

    @Test
    void farApartChangesMakeSeparateHunksWithThreeLinesOfContext() {
        List<String> a = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            a.add(i + "\n");
        }
        List<String> b = new ArrayList<>(a);
        b.set(1, "two\n");
        b.set(17, "eighteen\n");
        b.add("21\n");
        assertEquals("""
                --- a
                +++ b
                @@ -1,5 +1,5 @@
                 1
                -2
                +two
                 3
                 4
                 5
                @@ -15,6 +15,7 @@
                 15
                 16
                 17
                -18
                +eighteen
                 19
                 20
                +21
                """, LineDiff.unified(a, b, "a", "b", 3, false));
    }

    @Test
    void missingFinalNewlineAndEmptyFilesAreShown() {
        assertEquals("""
                --- a
                +++ b
                @@ -1 +1 @@
                -x
                \\ No newline at end of file
                +x
                """, LineDiff.unified(List.of("x"), List.of("x\n"), "a", "b", 3, false));
        assertEquals("""
                --- a
                +++ b
                @@ -0,0 +1,2 @@
                +new
                +file
                """, LineDiff.unified(List.of(), lines("new", "file"), "a", "b", 3, false));
        assertEquals("", LineDiff.unified(lines("same"), lines("same"), "a", "b", 3, false));
    }

    @Test
    void colourOnlyWhenAsked() {
        String c = LineDiff.unified(lines("a"), lines("b"), "x", "y", 3, true);
        assertTrue(c.contains("\u001b[31m-a\u001b[0m") && c.contains("\u001b[32m+b\u001b[0m"), c);
        assertFalse(LineDiff.unified(lines("a"), lines("b"), "x", "y", 3, false).contains("\u001b"));
    }

    @Test
    void randomInputsGiveAShortestScriptThatRebuildsBothSides() {
        Random r = new Random(7);
        for (int t = 0; t < 400; t++) {
            List<String> a = random(r);
            List<String> b = random(r);
            List<LineDiff.Edit> edits = LineDiff.diff(a, b);
            List<String> ra = new ArrayList<>();
            List<String> rb = new ArrayList<>();
            int changes = 0;
            for (LineDiff.Edit e : edits) {
                switch (e.op()) {
                    case EQUAL -> {
                        assertEquals(a.get(e.a()), b.get(e.b()));
                        ra.add(a.get(e.a()));
                        rb.add(b.get(e.b()));
                    }
                    case DELETE -> {
                        ra.add(a.get(e.a()));
                        changes++;
                    }
                    case INSERT -> {
                        rb.add(b.get(e.b()));
                        changes++;
                    }
                    default -> throw new AssertionError();
                }
            }
            assertEquals(a, ra);
            assertEquals(b, rb);
            assertEquals(a.size() + b.size() - 2 * lcs(a, b), changes, () -> a + " vs " + b);
        }
    }

    @Test
    void veryDifferentLargeInputsFallBackToACorrectScriptQuickly() {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            a.add("a" + i + "\n");
            b.add("b" + i + "\n");
        }
        long t0 = System.nanoTime();
        LineDiff.Stats s = LineDiff.stats(a, b);
        assertEquals(new LineDiff.Stats(5000, 5000), s);
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
    }

    @Test
    void textDetection() {
        assertEquals("héllo\n", LineDiff.text("héllo\n".getBytes(StandardCharsets.UTF_8)));
        assertNull(LineDiff.text(new byte[] {'a', 0, 'b'}));
        assertNull(LineDiff.text(new byte[] {(byte) 0xff, (byte) 0xfe}));
        assertEquals(List.of("a\n", "b\r\n", "c"), LineDiff.lines("a\nb\r\nc"));
    }

    static List<String> random(Random r) {
        int n = r.nextInt(12);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add((char) ('a' + r.nextInt(4)) + "\n");
        }
        return out;
    }

    static int lcs(List<String> a, List<String> b) {
        int[][] t = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                t[i][j] = a.get(i).equals(b.get(j)) ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
            }
        }
        return t[0][0];
    }
}
