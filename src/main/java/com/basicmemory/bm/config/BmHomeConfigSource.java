package com.basicmemory.bm.config;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Gives the datasource its JDBC URL from {@link BmHome#fromEnvironment()}, so the database always lives in the same
 * BM_HOME as everything else ({@code ~} and {@code $HOME} handled in one place).
 */
public class BmHomeConfigSource implements ConfigSource {
    static final String URL_KEY = "quarkus.datasource.jdbc.url";
    /**
     * WAL and a busy timeout so that concurrent bm processes never fail on a lock; reads through a memory map (each bm
     * is a new process with an empty page cache: a stats window read with read() calls costs several times more).
     */
    public static final String PRAGMAS = "?journal_mode=WAL&busy_timeout=15000&foreign_keys=true&synchronous=NORMAL"
            + "&mmap_size=268435456";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(URL_KEY);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(URL_KEY, url());
    }

    @Override
    public String getValue(String propertyName) {
        return URL_KEY.equals(propertyName) ? url() : null;
    }

    private static String url() {
        return "jdbc:sqlite:" + BmHome.fromEnvironment().database() + PRAGMAS;
    }

    @Override
    public String getName() {
        return "bm-home";
    }

    @Override
    public int getOrdinal() {
        return 275;
    }
}
