package com.basicmemory.bm.config;

import java.util.Map;

/**
 * Environment variables bm reads. A system property of the same name wins, so in-process tests can point
 * {@code BM_HOME} at a temp folder without a new process.
 */
public final class Env {
    private Env() {
    }

    public static String get(String name) {
        String p = System.getProperty(name);
        if (p != null && !p.isBlank()) {
            return p;
        }
        String v = System.getenv(name);
        return v == null || v.isBlank() ? null : v;
    }

    public static Map<String, String> all() {
        return System.getenv();
    }
}
