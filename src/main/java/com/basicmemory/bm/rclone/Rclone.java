package com.basicmemory.bm.rclone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.ExitCode;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.config.Env;
import com.basicmemory.bm.util.AtomicFiles;
import com.basicmemory.bm.util.Json;

/**
 * The rclone in use: where it is, which version it is, the environment it runs in, and the few plain commands bm
 * needs besides bisync ({@code lsf}, {@code mkdir}, {@code check}).
 */
public final class Rclone {
    private static final Duration SHORT = Duration.ofMinutes(2);

    private final String executable;
    private final RcloneVersion version;
    private final Redactor redactor;
    private final RcloneRunner runner = new RcloneRunner();
    private final Map<String, String> env;
    private final Set<String> unsetEnv;
    private final List<String> globalFlags;

    private Rclone(String executable, RcloneVersion version, Redactor redactor, Map<String, String> env,
            Set<String> unsetEnv, List<String> globalFlags) {
        this.executable = executable;
        this.version = version;
        this.redactor = redactor;
        this.env = env;
        this.unsetEnv = unsetEnv;
        this.globalFlags = globalFlags;
    }

    /** Finds rclone ({@code BM_RCLONE} or {@code rclone} on PATH), checks its version, prepares its environment. */
    public static Rclone detect(BmHome home) {
        String configured = Env.get("BM_RCLONE");
        String exe = locate(configured);
        RcloneVersion v = version(home, exe, configured != null);
        if (v.compareTo(RcloneVersion.MINIMUM) < 0) {
            throw new BmException(ExitCode.BAD_INPUT, "rclone " + v + " (" + exe + ") is too old: bm needs rclone "
                    + RcloneVersion.MINIMUM.major() + "." + RcloneVersion.MINIMUM.minor() + " or newer for bisync",
                    "install a newer rclone (https://rclone.org/downloads/) or point BM_RCLONE at one", null);
        }
        Map<String, String> env = new HashMap<>();
        Set<String> unset = new HashSet<>();
        List<String> flags = new ArrayList<>();
        unset.add("BM_CRYPT_PASSWORD"); // bm's input for --encrypt; rclone gets the password only obscured
        // rclone's S3 backend (AWS SDK v1) fails every call to a custom endpoint when AWS_CA_BUNDLE is set
        // ("LoadCustomCABundleError"). rclone's own --ca-cert gives the same trust without the failure.
        String caBundle = System.getenv("AWS_CA_BUNDLE");
        if (caBundle != null && !caBundle.isBlank()) {
            unset.add("AWS_CA_BUNDLE");
            if (Files.isReadable(Paths.get(caBundle))) {
                flags.add("--ca-cert");
                flags.add(caBundle);
            }
        }
        return new Rclone(exe, v, Redactor.fromEnvironment(System.getenv()), Map.copyOf(env), Set.copyOf(unset),
                List.copyOf(flags));
    }

    static String locate(String configured) {
        if (configured != null) {
            Path p = Paths.get(BmHome.expandTilde(configured));
            if (configured.contains("/")) {
                if (!Files.exists(p)) {
                    throw new BmException(ExitCode.BAD_INPUT, "rclone not found: BM_RCLONE is " + configured
                            + ", which does not exist", "install rclone or set BM_RCLONE to its path", null);
                }
                if (Files.isDirectory(p) || !Files.isExecutable(p)) {
                    throw new BmException(ExitCode.BAD_INPUT, "rclone not usable: BM_RCLONE is " + configured
                            + ", which is not an executable file", "set BM_RCLONE to the rclone executable", null);
                }
                return p.toAbsolutePath().toString();
            }
            return onPath(configured).orElseThrow(() -> new BmException(ExitCode.BAD_INPUT,
                    "rclone not found: BM_RCLONE is " + configured + ", which is not on PATH",
                    "install rclone or set BM_RCLONE to its full path", null));
        }
        return onPath("rclone").orElseThrow(() -> new BmException(ExitCode.BAD_INPUT,
                "rclone not found on PATH", "install rclone (Debian/Ubuntu: apt-get install rclone; others: "
                        + "https://rclone.org/install/) or set BM_RCLONE to its path", null));
    }

    static Optional<String> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Paths.get(dir, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p.toAbsolutePath().toString());
            }
        }
        return Optional.empty();
    }

    /** Cached by executable path, size and modification time: {@code rclone version} costs ~50 ms per call. */
    record VersionCache(String path, long size, long mtime, String version) {
    }

    static RcloneVersion version(BmHome home, String exe, boolean fromEnv) {
        Path exePath = Paths.get(exe);
        long size = -1;
        long mtime = -1;
        try {
            Path real = exePath.toRealPath();
            size = Files.size(real);
            mtime = Files.getLastModifiedTime(real).toMillis();
        } catch (IOException ignored) {
            // not cacheable
        }
        Path cache = home.rcloneVersionCache();
        try {
            VersionCache c = Json.mapper().readValue(cache.toFile(), VersionCache.class);
            if (c.path().equals(exe) && c.size() == size && c.mtime() == mtime) {
                Optional<RcloneVersion> v = RcloneVersion.parse("rclone " + c.version());
                if (v.isPresent()) {
                    return v.get();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // no cache yet, or an unreadable one: ask rclone
        }
        StringBuilder out = new StringBuilder();
        RcloneRunner.Result r = new RcloneRunner().run(
                new RcloneInvocation(List.of(exe, "version"), Map.of(), Set.of()),
                line -> {
                    if (out.length() < 2000) {
                        out.append(line).append('\n');
                    }
                }, line -> {
                    if (out.length() < 2000) {
                        out.append(line).append('\n');
                    }
                }, Duration.ofSeconds(20));
        Optional<RcloneVersion> v = r.exitCode() == 0 ? RcloneVersion.parse(out.toString()) : Optional.empty();
        if (v.isEmpty()) {
            String first = out.toString().strip().lines().findFirst().orElse("nothing");
            if (first.length() > 80) {
                first = first.substring(0, 80) + "...";
            }
            throw new BmException(ExitCode.BAD_INPUT, (fromEnv ? "BM_RCLONE (" + exe + ")" : exe)
                    + " is not a working rclone: `version` exited " + r.exitCode() + " and printed: " + first,
                    "point BM_RCLONE at the rclone executable", null);
        }
        if (size >= 0) {
            try {
                home.ensureExists();
                AtomicFiles.write(cache, Json.compact(new VersionCache(exe, size, mtime, v.get().raw())));
            } catch (IOException | RuntimeException ignored) {
                // the cache is an optimisation
            }
        }
        return v.get();
    }

    /** A redactor for showing user input (remote strings) when rclone itself is not needed. */
    public static Redactor redactorForDisplay() {
        return Redactor.fromEnvironment(System.getenv());
    }

    public String executable() {
        return executable;
    }

    public RcloneVersion version() {
        return version;
    }

    public Redactor redactor() {
        return redactor;
    }

    public RcloneRunner runner() {
        return runner;
    }

    /** A full invocation: the executable, the subcommand arguments, then bm's global flags. */
    public RcloneInvocation prepare(List<String> args) {
        List<String> argv = new ArrayList<>(args.size() + globalFlags.size() + 1);
        argv.add(executable);
        argv.addAll(args);
        argv.addAll(globalFlags);
        return new RcloneInvocation(argv, env, unsetEnv);
    }

    /**
     * Like {@link #prepare}, but rclone runs in a session of its own ({@code setsid}, where available): a Ctrl-C at
     * the terminal reaches bm, which lets rclone finish (an interrupted rclone 1.60 bisync needs --resync), instead
     * of reaching rclone directly.
     */
    public RcloneInvocation prepareDetached(List<String> args) {
        RcloneInvocation inv = prepare(args);
        if (SETSID == null) {
            return inv;
        }
        List<String> argv = new ArrayList<>(inv.argv().size() + 2);
        argv.add(SETSID);
        argv.add("--wait");
        argv.addAll(inv.argv());
        return new RcloneInvocation(argv, inv.env(), inv.unsetEnv());
    }

    private static final String SETSID = onPath("setsid").orElse(null);

    public RcloneRunner.Result run(RcloneInvocation inv, Consumer<String> stdout, Consumer<String> stderr,
            Duration timeout) {
        return runner.run(inv, stdout, stderr, timeout);
    }

    public RcloneRunner.Result runTailed(RcloneInvocation inv, Path raw, Consumer<String> line, Duration timeout) {
        return runner.runTailed(inv, raw, line, timeout);
    }

    /** Output of a short command whose stdout is small. */
    public record Output(int exitCode, List<String> stdout, List<String> stderr) {
        public String lastError() {
            return Rclone.lastMessage(stderr, "exit code " + exitCode);
        }
    }

    /**
     * The last meaningful line of rclone's stderr (its final error), without the date prefix and the stats block.
     */
    public static String lastMessage(List<String> stderr, String fallback) {
        for (int i = stderr.size() - 1; i >= 0; i--) {
            String l = stderr.get(i).replaceFirst("^\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+", "").strip();
            if (!l.isEmpty() && !l.startsWith("Transferred:") && !l.startsWith("Errors:")
                    && !l.startsWith("Elapsed time:") && !l.startsWith("Checks:")) {
                return l;
            }
        }
        return fallback;
    }

    public Output runShort(List<String> args) {
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        RcloneRunner.Result r = runner.run(prepare(args), out::add, line -> {
            if (err.size() < 200) {
                err.add(line);
            }
        }, SHORT);
        return new Output(r.exitCode(), out, err);
    }

    /**
     * Like {@link #runShort(List)}, with variables added to rclone's environment for this one command: how bm hands
     * rclone a secret (an on-the-fly remote's obscured password), since {@code ps} shows arguments to every user of
     * the machine but a process's environment only to its owner.
     */
    public Output runShort(List<String> args, Map<String, String> extraEnv) {
        RcloneInvocation base = prepare(args);
        Map<String, String> e = new HashMap<>(base.env());
        e.putAll(extraEnv);
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        RcloneRunner.Result r = runner.run(new RcloneInvocation(base.argv(), e, base.unsetEnv()), out::add, line -> {
            if (err.size() < 200) {
                err.add(line);
            }
        }, SHORT);
        return new Output(r.exitCode(), out, err);
    }

    /**
     * The password obscured the way rclone keeps passwords in its config file ({@code rclone obscure -}, the
     * password on stdin, never an argument). Never print or store the result anywhere but rclone's config.
     */
    public String obscure(String password) {
        if (password == null || password.isEmpty() || password.contains("\n") || password.contains("\r")) {
            throw BmException.badInput("the password must be one non-empty line");
        }
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        RcloneRunner.Result r = runner.runWithInput(prepare(List.of("obscure", "-")),
                (password + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), out::add, err::add, SHORT);
        String obscured = out.isEmpty() ? "" : out.get(0).strip();
        if (r.exitCode() != 0 || obscured.isEmpty()) {
            throw BmException.failed("rclone could not obscure the password: "
                    + new Redactor(List.of(password)).redact(lastMessage(err, "exit code " + r.exitCode())));
        }
        return obscured;
    }

    /** The remotes of rclone's config and their types ({@code rclone listremotes --long}). */
    public Map<String, String> remoteTypes() {
        Output o = runShort(List.of("listremotes", "--long"));
        if (o.exitCode() != 0) {
            throw BmException.failed("cannot read rclone's remotes: " + redactor.redact(o.lastError()));
        }
        Map<String, String> types = new java.util.LinkedHashMap<>();
        for (String line : o.stdout()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                types.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return types;
    }

    /** rclone's config file ({@code rclone config file}: {@code RCLONE_CONFIG}, else its default place). */
    public Path configFile() {
        Output o = runShort(List.of("config", "file"));
        for (int i = o.stdout().size() - 1; i >= 0 && o.exitCode() == 0; i--) {
            String l = o.stdout().get(i).strip();
            if (!l.isEmpty() && !l.endsWith(":")) {
                return Paths.get(l);
            }
        }
        throw BmException.failed("cannot find rclone's config file: " + redactor.redact(o.lastError()));
    }

    /**
     * The top-level folders of a remote path, or an empty list when the path does not exist yet.
     */
    public List<String> listTopLevelDirs(String remote) {
        return listTopLevelDirsIfExists(remote).orElse(List.of());
    }

    /** The top-level folders of a remote path, or empty when the path does not exist (rclone's exit 3). */
    public Optional<List<String>> listTopLevelDirsIfExists(String remote) {
        Output o = com.basicmemory.bm.util.Timing.time("list projects",
                () -> runShort(List.of("lsf", "--dirs-only", "--max-depth", "1", remote)));
        if (o.exitCode() == 3) { // directory not found: a fresh cloud
            return Optional.empty();
        }
        if (o.exitCode() != 0) {
            throw BmException.failed("cannot list the cloud " + redactor.redact(remote) + ": "
                    + redactor.redact(o.lastError()));
        }
        List<String> dirs = new ArrayList<>();
        for (String l : o.stdout()) {
            String name = l.endsWith("/") ? l.substring(0, l.length() - 1) : l;
            if (!name.isEmpty()) {
                dirs.add(name);
            }
        }
        return Optional.of(dirs);
    }

    public void mkdir(String path) {
        Output o = runShort(List.of("mkdir", path));
        if (o.exitCode() != 0) {
            throw BmException.failed("cannot create " + redactor.redact(path) + ": " + redactor.redact(o.lastError()));
        }
    }

    /** {@code rclone check} with bm's filters: which files differ between a local folder and its cloud folder. */
    public CheckResult check(String path1, String path2, Path filtersFile, List<String> extraFlags) {
        List<String> args = new ArrayList<>(List.of("check", path1, path2, "--combined", "-"));
        if (filtersFile != null) {
            args.add("--filter-from");
            args.add(filtersFile.toString());
        }
        args.addAll(extraFlags);
        CheckResult.Builder b = new CheckResult.Builder();
        RcloneRunner.Result r = runner.run(prepare(args), b::combinedLine, b::message, null);
        return b.build(r.exitCode());
    }
}
