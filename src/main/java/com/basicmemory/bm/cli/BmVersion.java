package com.basicmemory.bm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/** bm's version, from the build ({@code bm-version.properties}). */
public final class BmVersion implements IVersionProvider {
    private static final class Holder {
        static final String VERSION = load();
    }

    public static String get() {
        return Holder.VERSION;
    }

    private static String load() {
        try (InputStream in = BmVersion.class.getResourceAsStream("/bm-version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"bm " + get()};
    }
}
