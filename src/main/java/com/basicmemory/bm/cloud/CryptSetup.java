package com.basicmemory.bm.cloud;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.config.Env;
import com.basicmemory.bm.rclone.Rclone;
import com.basicmemory.bm.rclone.Redactor;
import com.basicmemory.bm.util.AtomicFiles;

/**
 * {@code bm cloud setup --encrypt}: an rclone {@code crypt} remote over the cloud, defined in rclone's own config file
 * (the one {@code rclone config file} names; {@code RCLONE_CONFIG} is honoured), with the password obscured by rclone
 * as it obscures every password it keeps.
 *
 * <p>The password never appears in an argument list (where {@code ps} shows it to every user of the machine), in
 * bm's config.json, reports, logs or messages: bm reads it from {@code --password-file}, {@code BM_CRYPT_PASSWORD}
 * or a prompt on the terminal, hands it to {@code rclone obscure -} on stdin, gives the obscured form to rclone
 * through the environment of one check, and writes it into rclone's config file itself (rclone's
 * {@code config create} writes the section with a random placeholder, which bm then replaces).
 *
 * <p>Existing files stay safe: when the cloud folder already holds files, every top-level entry must decrypt with
 * this password (a second device joining an encrypted cloud); plain files, or files encrypted with another password,
 * make bm refuse, changing nothing.
 */
final class CryptSetup {
    static final String DEFAULT_NAME = "bm-crypt";
    static final String PASSWORD_ENV = "BM_CRYPT_PASSWORD";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    private static final String ENCRYPTED_CONFIG = "# Encrypted rclone configuration File";
    private static final String CHECK_REMOTE = "BMCRYPTCHECK";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Asks for a password on the terminal; null when there is no terminal. */
    interface Prompt {
        char[] ask(String prompt);
    }

    private CryptSetup() {
    }

    static String validateName(String name) {
        String n = name == null ? DEFAULT_NAME : name.strip();
        if (!NAME.matcher(n).matches()) {
            throw BmException.badInput("invalid --crypt-name '" + name + "': use letters, digits, '_', '-' and '.'");
        }
        return n;
    }

    /**
     * The password: {@code --password-file}, else {@code BM_CRYPT_PASSWORD}, else typed twice at the terminal. Exit 2
     * when none is given.
     */
    static String password(String passwordFile, Prompt prompt) {
        if (passwordFile != null) {
            Path f = Path.of(BmHome.expandTilde(passwordFile));
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw BmException.badInput("cannot read --password-file " + passwordFile + ": " + BmHome.describe(e));
            }
            String first = text.lines().findFirst().orElse("");
            if (first.isEmpty()) {
                throw BmException.badInput("--password-file " + passwordFile + " is empty: its first line is the"
                        + " password");
            }
            return first;
        }
        String env = Env.get(PASSWORD_ENV);
        if (env != null) {
            return env;
        }
        char[] first = prompt == null ? null : prompt.ask("Encryption password for the cloud: ");
        if (first == null) {
            throw BmException.badInput("--encrypt needs a password: type it at the prompt (run on a terminal), or give"
                    + " --password-file FILE or " + PASSWORD_ENV, "never as a command-line argument");
        }
        char[] again = prompt.ask("The same password again: ");
        String p = new String(first);
        if (again == null || !p.equals(new String(again))) {
            throw BmException.badInput("the two passwords differ; nothing was changed");
        }
        if (p.isEmpty()) {
            throw BmException.badInput("the password is empty; nothing was changed");
        }
        return p;
    }

    /**
     * Creates the crypt remote {@code name} over {@code underlying} and returns the rclone path of its root
     * ({@code name:}). Exit 2, with nothing changed, when rclone already has a remote of that name, when its config
     * file is encrypted, or when the cloud folder holds files this password does not decrypt.
     */
    static String create(Rclone rclone, String name, String underlying, String password) {
        Redactor shown = rclone.redactor();
        if (rclone.remoteTypes().containsKey(name)) {
            throw BmException.badInput("rclone already has a remote named '" + name + "'; nothing was changed",
                    "to use it, run bm cloud setup --remote " + name + ": (without --encrypt); or choose another name"
                            + " with --crypt-name");
        }
        Path configFile = rclone.configFile();
        String before = readConfig(configFile);
        if (before.startsWith(ENCRYPTED_CONFIG)) {
            throw BmException.badInput("rclone's config file " + configFile + " is encrypted; bm cannot add the crypt"
                    + " remote to it; nothing was changed", "create it with `rclone config` (type crypt, remote "
                            + shown.redact(underlying) + "), then run bm cloud setup --remote NAME:");
        }
        String obscured = rclone.obscure(password);
        Redactor secret = new Redactor(List.of(password, obscured));
        int existing = count(rclone, underlying, Map.of(), "the cloud " + shown.redact(underlying), secret);
        if (existing > 0) {
            String prefix = "RCLONE_CONFIG_" + CHECK_REMOTE + "_";
            int readable = count(rclone, CHECK_REMOTE.toLowerCase(java.util.Locale.ROOT) + ":", Map.of(
                    prefix + "TYPE", "crypt", prefix + "REMOTE", underlying, prefix + "PASSWORD", obscured),
                    "the encrypted view of " + shown.redact(underlying), secret);
            if (readable < existing) {
                throw BmException.badInput("the cloud " + shown.redact(underlying) + " already holds " + (existing
                        - readable) + " of " + existing + " top-level files or folders that are not encrypted with"
                        + " this password; nothing was changed", "encrypt into a fresh, empty folder (for example "
                                + shown.redact(underlying.endsWith("/") ? underlying + "encrypted"
                                        : underlying + "-encrypted") + "), or give the password that cloud was"
                                + " encrypted with");
            }
        }
        String placeholder = "bm-placeholder-" + HexFormat.of().formatHex(bytes(16));
        Rclone.Output created = rclone.runShort(List.of("config", "create", name, "crypt", "remote=" + underlying,
                "password=" + placeholder, "--no-obscure"));
        if (created.exitCode() != 0) {
            throw BmException.failed("rclone config create failed: " + secret.redact(shown.redact(
                    created.lastError())) + "; nothing was changed");
        }
        try {
            String text = readConfig(configFile);
            String line = "password = " + placeholder;
            if (text.indexOf(line) < 0 || text.indexOf(line) != text.lastIndexOf(line)) {
                throw new IOException("rclone wrote the new remote in an unexpected form");
            }
            AtomicFiles.write(configFile, text.replace(line, "password = " + obscured));
        } catch (IOException e) {
            rclone.runShort(List.of("config", "delete", name));
            throw BmException.failed("cannot write the password into " + configFile + ": " + BmHome.describe(e)
                    + "; the remote was removed again");
        }
        Rclone.Output o = rclone.runShort(List.of("lsf", "--max-depth", "1", name + ":"));
        if (o.exitCode() != 0 && o.exitCode() != 3) {
            rclone.runShort(List.of("config", "delete", name));
            throw BmException.failed("the new crypt remote does not work: " + secret.redact(shown.redact(
                    o.lastError())) + "; it was removed again");
        }
        return name + ":";
    }

    private static int count(Rclone rclone, String remote, Map<String, String> env, String what, Redactor secret) {
        Rclone.Output o = rclone.runShort(List.of("lsf", "--max-depth", "1", remote), env);
        if (o.exitCode() == 3) {
            return 0; // the folder does not exist yet
        }
        if (o.exitCode() != 0) {
            throw BmException.failed("cannot list " + what + ": " + secret.redact(rclone.redactor().redact(
                    o.lastError())) + "; nothing was changed");
        }
        return (int) o.stdout().stream().filter(l -> !l.isBlank()).count();
    }

    private static String readConfig(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw BmException.failed("cannot read rclone's config file " + file + ": " + BmHome.describe(e));
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
