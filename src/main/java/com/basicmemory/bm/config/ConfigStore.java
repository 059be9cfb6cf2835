package com.basicmemory.bm.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.ExitCode;
import com.basicmemory.bm.sync.Limits;
import com.basicmemory.bm.sync.Profile;
import com.basicmemory.bm.util.AtomicFiles;
import com.basicmemory.bm.util.Json;
import com.fasterxml.jackson.core.JsonProcessingException;

/** Reads and writes {@code BM_HOME/config.json}. A broken file is never overwritten silently. */
public final class ConfigStore {
    public static final String DEFAULT_SYNC_DIR = "~/basic-memory-cloud-sync";
    public static final String DEFAULT_MOUNT_DIR = "~/basic-memory-cloud";
    /** The built-in global ignore list (gitignore-style): Git internals, editor state and swap files, OS litter. */
    public static final List<String> DEFAULT_IGNORE = List.of(".git/", ".obsidian/workspace*", ".DS_Store", "Thumbs.db",
            ".*.swp", ".*.swo", ".*.swx", "*~", ".#*", ".~lock.*#");

    private final BmHome home;

    public ConfigStore(BmHome home) {
        this.home = home;
    }

    public Optional<BmConfig> read() {
        Path file = home.configFile();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BmException(ExitCode.FAILED, "cannot read " + file + ": " + BmHome.describe(e), null, e);
        }
        try {
            BmConfig c = Json.mapper().readValue(text, BmConfig.class);
            if (c == null) {
                throw corrupt(file, "it is empty", null);
            }
            if (c.syncDir() == null || c.syncDir().isBlank()) {
                throw corrupt(file, "it has no \"sync_dir\"", null);
            }
            if (c.configVersion() > BmConfig.CURRENT_VERSION) {
                throw BmException.badInput(file + " was written by a newer bm (config_version " + c.configVersion()
                        + "); upgrade bm");
            }
            return Optional.of(c);
        } catch (BmException e) {
            throw e;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() != null ? " at line " + e.getLocation().getLineNr() : "";
            throw corrupt(file, "it is not valid JSON" + where, e);
        } catch (IOException e) {
            throw corrupt(file, e.getMessage(), e);
        }
    }

    /** The file's settings, or null when it is missing or unusable (for defaults on a re-run of setup). */
    public BmConfig readQuietly() {
        try {
            return read().orElse(null);
        } catch (BmException e) {
            return null;
        }
    }

    private static BmException corrupt(Path file, String why, Throwable cause) {
        return new BmException(ExitCode.BAD_INPUT, "config file " + file + " is unusable: " + why,
                "fix it, or write a new one with `bm cloud setup --sync-dir DIR`", cause);
    }

    public void write(BmConfig config) {
        try {
            home.ensureExists();
            AtomicFiles.write(home.configFile(), Json.pretty(config) + "\n");
        } catch (IOException e) {
            throw new BmException(ExitCode.FAILED, "cannot write " + home.configFile() + ": " + BmHome.describe(e),
                    null, e);
        }
    }

    /** The configuration in effect: config.json when present, otherwise the documented defaults. */
    public ResolvedConfig resolve() {
        Optional<BmConfig> file = read();
        String syncDir = file.map(BmConfig::syncDir).orElse(DEFAULT_SYNC_DIR);
        String remote = file.map(BmConfig::remote).filter(r -> !r.isBlank()).orElse(null);
        Profile profile = file.map(BmConfig::profile).orElse(Profile.DEFAULT);
        String mountDir = file.map(BmConfig::mountDir).filter(m -> !m.isBlank()).orElse(DEFAULT_MOUNT_DIR);
        boolean embedded = remote == null;
        String effectiveRemote = embedded ? home.embeddedCloud().toString() : remote;
        List<String> ignore = file.map(BmConfig::ignore).orElse(null);
        Limits limits = new Limits(Limits.checkBwlimit("bwlimit in " + home.configFile(),
                file.map(BmConfig::bwlimit).orElse(null)), Limits.checkTpslimit("tpslimit in " + home.configFile(),
                file.map(BmConfig::tpslimit).orElse(null)));
        java.util.Map<String, Limits> perProfile = new java.util.TreeMap<>();
        for (var e : file.map(BmConfig::profileLimits).orElse(java.util.Map.of()).entrySet()) {
            Profile.parse(e.getKey());
            String where = "profile_limits." + e.getKey() + " in " + home.configFile();
            Limits l = e.getValue() == null ? Limits.NONE : e.getValue();
            perProfile.put(e.getKey(), new Limits(Limits.checkBwlimit(where + " (bwlimit)", l.bwlimit()),
                    Limits.checkTpslimit(where + " (tpslimit)", l.tpslimit())));
        }
        return new ResolvedConfig(absolute(syncDir), effectiveRemote, embedded, profile == null ? Profile.DEFAULT : profile,
                absolute(mountDir), file.isPresent(), ignore == null ? DEFAULT_IGNORE : List.copyOf(ignore),
                file.map(BmConfig::projects).orElse(java.util.Map.of()), limits, perProfile);
    }

    public static Path absolute(String path) {
        return Paths.get(BmHome.expandTilde(path)).toAbsolutePath().normalize();
    }
}
