package com.basicmemory.bm.cloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.BmConfig;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.config.ConfigStore;
import com.basicmemory.bm.config.SyncDirGuard;
import com.basicmemory.bm.rclone.Rclone;
import com.basicmemory.bm.sync.Profile;

/** {@code bm cloud setup}: validates the sync directory and the remote, then writes config.json. */
public final class CloudSetupService {
    private static final Pattern NAMED_REMOTE = Pattern.compile("^([A-Za-z0-9_][A-Za-z0-9_.@ -]*):(.*)$");

    private final BmHome home;

    public CloudSetupService(BmHome home) {
        this.home = home;
    }

    /** What was written. */
    public record Result(Path configFile, Path syncDir, String cloud, String profile) {
    }

    /**
     * {@code --encrypt}: wrap the cloud in an rclone crypt remote (see {@link CryptSetup}).
     *
     * @param cryptName the crypt remote's name in rclone's config ({@code --crypt-name}), null for the default
     * @param passwordFile {@code --password-file}, or null
     * @param prompt asks on the terminal; null when there is none
     */
    public record Encryption(String cryptName, String passwordFile, CryptSetup.Prompt prompt) {
    }

    public Result setup(String syncDirArg, String remoteArg, Profile profile, String mountDirArg) {
        return setup(syncDirArg, remoteArg, profile, mountDirArg, null);
    }

    public Result setup(String syncDirArg, String remoteArg, Profile profile, String mountDirArg,
            Encryption encryption) {
        if (syncDirArg == null || syncDirArg.isBlank()) {
            throw BmException.badInput("--sync-dir must not be empty");
        }
        Path syncDir = ConfigStore.absolute(syncDirArg);
        Path mountDir = ConfigStore.absolute(mountDirArg == null || mountDirArg.isBlank()
                ? ConfigStore.DEFAULT_MOUNT_DIR : mountDirArg);
        String remote = null;
        if (remoteArg != null) {
            remote = remoteArg.strip();
            if (remote.isEmpty()) {
                throw BmException.badInput("--remote must not be empty: give an rclone remote such as s3:bucket/notes,"
                        + " or leave it out for the embedded cloud");
            }
            remote = validateRemote(remote, syncDir);
        }
        SyncDirGuard.check(syncDir, mountDir, home);
        BmConfig previous = new ConfigStore(home).readQuietly();
        if (previous != null) {
            SyncDirGuard.checkNotNested(syncDir, ConfigStore.absolute(previous.syncDir()));
        }
        if (Files.exists(syncDir) && !Files.isDirectory(syncDir)) {
            throw BmException.badInput("--sync-dir " + syncDir + " is a file, not a folder");
        }
        String encryptedOver = null;
        if (encryption != null) {
            String name = CryptSetup.validateName(encryption.cryptName());
            String password = CryptSetup.password(encryption.passwordFile(), encryption.prompt());
            encryptedOver = remote != null ? remote : home.ensureExists().embeddedCloud().toString();
            remote = CryptSetup.create(Rclone.detect(home), name, encryptedOver, password);
        }
        try {
            Files.createDirectories(syncDir);
        } catch (IOException e) {
            throw BmException.badInput("cannot create the sync directory " + syncDir + ": " + BmHome.describe(e));
        }
        // keep the user's settings on a re-run that does not name them
        Profile p = profile != null ? profile : previous != null && previous.profile() != null ? previous.profile()
                : Profile.DEFAULT;
        String md = mountDirArg != null ? mountDir.toString() : previous != null ? previous.mountDir() : null;
        new ConfigStore(home).write(new BmConfig(BmConfig.CURRENT_VERSION, syncDir.toString(), remote, p, md,
                previous != null && previous.ignore() != null ? previous.ignore() : ConfigStore.DEFAULT_IGNORE,
                previous != null ? previous.projects() : null));
        String cloud = remote == null ? "embedded (" + home.embeddedCloud() + ")"
                : Rclone.redactorForDisplay().redact(remote);
        if (encryptedOver != null) {
            cloud += " (rclone crypt over " + Rclone.redactorForDisplay().redact(encryptedOver) + "; keep the password"
                    + " safe: without it the files cannot be read)";
        }
        return new Result(home.configFile(), syncDir, cloud, p.id());
    }

    /** A named remote must exist in rclone's config; a local folder must not overlap the sync directory. */
    private String validateRemote(String remote, Path syncDir) {
        Matcher m = NAMED_REMOTE.matcher(remote);
        if (m.matches() && !remote.startsWith(":") && !(remote.length() > 1 && remote.charAt(1) == ':'
                && Character.isLetter(remote.charAt(0)) && System.getProperty("os.name").startsWith("Windows"))) {
            String name = m.group(1);
            Rclone rclone = Rclone.detect(home);
            Rclone.Output o = rclone.runShort(java.util.List.of("listremotes"));
            if (o.exitCode() != 0) {
                throw BmException.failed("cannot read rclone's remotes: " + rclone.redactor().redact(o.lastError()));
            }
            if (!o.stdout().contains(name + ":")) {
                throw BmException.badInput("rclone has no remote named '" + name + "'" + (o.stdout().isEmpty() ? ""
                        : " (it has: " + String.join(" ", o.stdout()) + ")"),
                        "create it with `rclone config`, then run bm cloud setup again");
            }
            return remote;
        }
        if (remote.startsWith(":")) {
            return remote; // an on-the-fly rclone backend, e.g. :s3,provider=AWS:bucket
        }
        Path local = ConfigStore.absolute(remote);
        if (local.equals(syncDir) || local.startsWith(syncDir) || syncDir.startsWith(local)) {
            throw BmException.badInput("--remote " + remote + " overlaps the sync directory " + syncDir
                    + ": the cloud must be a separate place");
        }
        return local.toString();
    }
}
