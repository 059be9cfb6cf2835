package com.basicmemory.bm.testing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4), as node_exporter's textfile collector reads it:
 * every sample must belong to a family declared by one {@code # TYPE} line before it, names and labels must be
 * well-formed, values must be numbers, no series twice. Returns the samples by series ({@code name{a="x",b="y"}},
 * labels sorted).
 */
public final class PromText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"");

    private PromText() {
    }

    public record Family(String help, String type) {
    }

    public record Parsed(Map<String, Family> families, Map<String, Double> samples) {
        public double value(String series) {
            Double v = samples.get(series);
            if (v == null) {
                throw new AssertionError("no sample " + series + " in " + samples.keySet());
            }
            return v;
        }
    }

    public static Parsed parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the last line must end with a newline");
        }
        Map<String, String> help = new HashMap<>();
        Map<String, String> type = new LinkedHashMap<>();
        Set<String> seenSamples = new HashSet<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] p = line.substring(7).split(" ", 2);
                if (!NAME.matcher(p[0]).matches() || p.length < 2) {
                    throw new AssertionError("line " + n + ": bad " + line);
                }
                Map<String, String> m = line.startsWith("# HELP ") ? help : type;
                if (m.put(p[0], p[1]) != null) {
                    throw new AssertionError("line " + n + ": second " + line);
                }
                if (m == type && (!Set.of("gauge", "counter", "untyped", "summary", "histogram").contains(p[1])
                        || seenSamples.contains(p[0]))) {
                    throw new AssertionError("line " + n + ": TYPE must be valid and come before the samples: " + line);
                }
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("line " + n + ": not a sample: " + line);
            }
            String name = m.group(1);
            if (!type.containsKey(name)) {
                throw new AssertionError("line " + n + ": sample of an undeclared family: " + line);
            }
            TreeMap<String, String> labels = new TreeMap<>();
            if (m.group(3) != null && !m.group(3).isEmpty()) {
                for (String pair : splitLabels(m.group(3), n)) {
                    Matcher l = LABEL.matcher(pair);
                    if (!l.matches() || labels.put(l.group(1), l.group(2)) != null) {
                        throw new AssertionError("line " + n + ": bad label " + pair);
                    }
                }
            }
            StringBuilder key = new StringBuilder(name);
            if (!labels.isEmpty()) {
                key.append('{');
                labels.forEach((k, v) -> key.append(key.charAt(key.length() - 1) == '{' ? "" : ",").append(k)
                        .append("=\"").append(v).append('"'));
                key.append('}');
            }
            double value = switch (m.group(4)) {
                case "NaN" -> Double.NaN;
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> {
                    if (!m.group(4).matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                        throw new AssertionError("line " + n + ": bad value " + m.group(4));
                    }
                    yield Double.parseDouble(m.group(4));
                }
            };
            if (samples.put(key.toString(), value) != null) {
                throw new AssertionError("line " + n + ": series twice: " + key);
            }
            seenSamples.add(name);
        }
        Map<String, Family> families = new LinkedHashMap<>();
        type.forEach((k, v) -> families.put(k, new Family(help.get(k), v)));
        return new Parsed(families, samples);
    }

    /** Splits {@code a="x",b="y, z"} at the commas between pairs (not inside quoted values). */
    private static java.util.List<String> splitLabels(String s, int line) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new AssertionError("line " + line + ": unterminated label value");
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
