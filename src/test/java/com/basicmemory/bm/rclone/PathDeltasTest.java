package com.basicmemory.bm.rclone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PathDeltasTest {

    @Test
    void agreesWithAHashMapOnRandomPathsReadFromLineRegions() {
        Random random = new Random(42);
        String[] alphabet = {"a", "b", "/", ".", " ", "é", "ÿ", "Ā", "日", "\uD83D\uDE00"};
        PathDeltas table = new PathDeltas();
        Map<String, Integer> expected = new HashMap<>();
        for (int n = 0; n < 50_000; n++) {
            StringBuilder b = new StringBuilder();
            int len = random.nextInt(8);
            for (int k = 0; k < len; k++) {
                b.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String path = b.toString();
            String line = "- Path1    File is new    - " + path; // the key is a region of a longer string
            int from = line.length() - path.length();
            if (random.nextBoolean()) {
                int shift = 2 * random.nextInt(2);
                int kind = 1 + random.nextInt(3);
                table.put(line, from, line.length(), shift, kind);
                expected.merge(path, kind << shift, (a, c) -> (a & ~(3 << shift)) | c);
            }
            assertEquals(expected.getOrDefault(path, -1), table.get(line, from, line.length()), path);
        }
        assertEquals(expected.size(), table.size());
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            assertEquals(e.getValue(), table.get(e.getKey(), 0, e.getKey().length()), e.getKey());
        }
    }
}
