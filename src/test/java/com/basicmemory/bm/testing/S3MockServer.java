package com.basicmemory.bm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real S3 API on loopback for end-to-end tests: Adobe's S3Mock runnable jar ({@code com.adobe.testing:s3mock:exec}),
 * started as a child {@code java -jar} process on free ports, bound to 127.0.0.1 only, with one bucket that has
 * versioning enabled.
 *
 * <p>Startup costs seconds, so test classes share one server per test JVM: annotate the class with
 * {@code @ExtendWith(S3MockServer.Extension.class)} and take an {@code S3MockServer} parameter (in a test method,
 * a {@code @BeforeAll}/{@code @BeforeEach} method or the constructor). The server lives in the root
 * {@link ExtensionContext.Store} and is stopped when the test run ends (the store closes {@link AutoCloseable}
 * values), or by a shutdown hook if the JVM exits first. Tests sharing it must use their own key prefixes or
 * their own buckets ({@link #createBucket}). {@link #start(String)} gives a private server instead.
 *
 * <p>The jar comes from the system property {@code bm.s3mock.jar} (set by the pom for surefire and failsafe), else
 * the environment variable {@code BM_S3MOCK_JAR}, else {@code target/s3mock/s3mock-exec.jar}, else the local Maven
 * repository. A missing jar is a failure, never a skip.
 *
 * <p>S3Mock 4.x properties used: {@code server.port} (the HTTPS connector), {@code server.address} (HTTPS bind
 * address), {@code com.adobe.testing.s3mock.httpPort} (the extra HTTP connector),
 * {@code com.adobe.testing.s3mock.store.root}, {@code com.adobe.testing.s3mock.store.initial-buckets}. The HTTP
 * connector has no address property (S3MockConfiguration builds it with {@code new Connector(); setPort(port)}, so
 * it would listen on every interface); a small Spring XML file passed as {@code spring.main.sources} calls
 * {@code setProperty("address", "127.0.0.1")} on that connector before Tomcat binds it.
 *
 * <p>S3Mock 4.12.4 traps, seen with rclone 1.60:
 * <ul>
 *   <li>On a VERSIONED bucket a deleted key stays in ListObjects(V2) (its delete marker is not filtered out; a GET
 *       answers 404), so rclone still lists it and bisync ends "path1 and path2 are out of sync" (exit 2) after any
 *       delete. The delete marker also copies the LastModified of the version it hides, so a
 *       {@code --s3-version-at} time between the last write and the delete already shows the key deleted. Test deletes on an unversioned bucket
 *       ({@link #createBucket}); test versions without deletes on {@link #bucket()}.</li>
 *   <li>The self-signed HTTPS certificate names only {@code localhost}: use {@link #httpsEndpoint()}.</li>
 * </ul>
 */
public final class S3MockServer implements AutoCloseable {

    /** The bucket created at start, with versioning enabled. */
    public static final String DEFAULT_BUCKET = "notes";
    /** The name of the rclone remote written by {@link #writeRcloneConfig(Path)}. */
    public static final String REMOTE = "s3";
    /** Test credentials; S3Mock accepts any. */
    public static final String ACCESS_KEY_ID = "bm-test-access-key";
    public static final String SECRET_ACCESS_KEY = "bm-test-secret-key";
    public static final String REGION = "us-east-1";

    private static final String S3MOCK_VERSION = "4.12.4";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 3;
    private static final List<String> JVM_FLAGS = List.of(
            "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC", "-Xms32m", "-Xmx384m",
            "-XX:ReservedCodeCacheSize=64m", "-Djava.awt.headless=true");
    private static final String LOOPBACK_HTTP_CONNECTOR_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- Written by bm's S3MockServer: binds S3Mock's extra HTTP connector to 127.0.0.1 only. -->
            <beans xmlns="http://www.springframework.org/schema/beans"
                   xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                   xsi:schemaLocation="http://www.springframework.org/schema/beans https://www.springframework.org/schema/beans/spring-beans.xsd">
              <bean id="bmLoopbackHttpConnector" lazy-init="false"
                    class="org.springframework.beans.factory.config.MethodInvokingBean">
                <property name="targetObject">
                  <bean factory-bean="s3MockConfiguration" factory-method="getHttpConnector"/>
                </property>
                <property name="targetMethod" value="setProperty"/>
                <property name="arguments">
                  <list><value>address</value><value>127.0.0.1</value></list>
                </property>
              </bean>
            </beans>
            """;

    private final Process process;
    private final Launch launch;
    private final Path workDir;
    private final Path logFile;
    private final int httpPort;
    private final int httpsPort;
    private final String bucket;
    private final Duration startupTime;
    private final HttpClient http;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private S3MockServer(Process process, Launch launch, Path workDir, Path logFile, int httpPort, int httpsPort,
                         String bucket, Duration startupTime, HttpClient http) {
        this.process = process;
        this.launch = launch;
        this.workDir = workDir;
        this.logFile = logFile;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
        this.bucket = bucket;
        this.startupTime = startupTime;
        this.http = http;
        this.shutdownHook = new Thread(() -> destroy(process, launch.stopGrace()), "s3mock-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The server shared by every test class of this JVM, started on first use. */
    public static S3MockServer shared(ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(S3MockServer.class))
                .computeIfAbsent(S3MockServer.class, key -> start(DEFAULT_BUCKET), S3MockServer.class);
    }

    /** Starts a private server with {@code bucket} created and versioned; the caller closes it. */
    public static S3MockServer start(String bucket) {
        Path jar = locateJar();
        Path workDir;
        try {
            workDir = Files.createTempDirectory("bm-s3mock-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpClient http = HttpClient.newBuilder()
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        Launch launch = Launch.prepare(jar, workDir);
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            S3MockServer server = tryStart(launch, workDir, attempt, bucket, http, failures);
            if (server != null) {
                try {
                    server.enableVersioning(bucket);
                } catch (RuntimeException e) {
                    server.close();
                    throw e;
                }
                System.err.printf("S3MockServer: started in %d ms (%s) on %s (https port %d, bucket %s, log %s)%n",
                        server.startupTime.toMillis(), launch.description(), server.endpoint(), server.httpsPort,
                        bucket, server.logFile);
                return server;
            }
        }
        throw new IllegalStateException("S3Mock did not start after " + START_ATTEMPTS + " attempts (jar " + jar
                + ", files kept in " + workDir + "):\n" + String.join("\n", failures));
    }

    private static S3MockServer tryStart(Launch launch, Path workDir, int attempt, String bucket, HttpClient http,
                                         List<String> failures) {
        Path logFile = workDir.resolve("s3mock-" + attempt + ".log");
        Path storeRoot = workDir.resolve("store-" + attempt);
        Path beansXml = workDir.resolve("loopback-http-connector.xml");
        int[] ports = freeLoopbackPorts(2);
        int httpPort = ports[0];
        int httpsPort = ports[1];
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.addAll(launch.jvmArgs());
        command.addAll(List.of(
                "--server.address=" + LOOPBACK,
                "--server.port=" + httpsPort,
                "--com.adobe.testing.s3mock.httpPort=" + httpPort,
                "--com.adobe.testing.s3mock.store.root=" + storeRoot,
                "--com.adobe.testing.s3mock.store.initial-buckets=" + bucket,
                "--spring.main.sources=" + beansXml.toUri()));
        Process process;
        long started = System.nanoTime();
        try {
            Files.writeString(beansXml, LOOPBACK_HTTP_CONNECTOR_XML);
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            process.getOutputStream().close();
        } catch (IOException e) {
            failures.add("attempt " + attempt + ": cannot run " + command + ": " + e);
            return null;
        }
        URI root = URI.create("http://" + LOOPBACK + ":" + httpPort + "/");
        long deadline = started + START_TIMEOUT.toNanos();
        String lastProblem = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                failures.add("attempt " + attempt + ": S3Mock exited with code " + process.exitValue()
                        + " before answering; its log " + logFile + " ends with:\n" + tail(logFile, 60));
                return null;
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(root).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("<Name>" + bucket + "</Name>")) {
                    return new S3MockServer(process, launch, workDir, logFile, httpPort, httpsPort, bucket,
                            Duration.ofNanos(System.nanoTime() - started), http);
                }
                lastProblem = "HTTP " + response.statusCode() + ": " + response.body();
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                destroy(process, launch.stopGrace());
                throw new IllegalStateException("interrupted while waiting for S3Mock", e);
            }
            sleep(100);
        }
        destroy(process, launch.stopGrace());
        failures.add("attempt " + attempt + ": S3Mock did not answer " + root + " within " + START_TIMEOUT.toSeconds()
                + " s (last: " + lastProblem + "); its log " + logFile + " ends with:\n" + tail(logFile, 60));
        return null;
    }

    /** {@code http://127.0.0.1:PORT}, the S3 endpoint. */
    public String endpoint() {
        return "http://" + LOOPBACK + ":" + httpPort;
    }

    /** The HTTPS endpoint; S3Mock's self-signed certificate names only {@code localhost} (no IP SAN). */
    public String httpsEndpoint() {
        return "https://localhost:" + httpsPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public int httpsPort() {
        return httpsPort;
    }

    /** The bucket created at start, versioning enabled. */
    public String bucket() {
        return bucket;
    }

    /** {@code s3:BUCKET/path} for the remote written by {@link #writeRcloneConfig(Path)}. */
    public String remote(String path) {
        String clean = path.startsWith("/") ? path.substring(1) : path;
        return REMOTE + ":" + bucket + (clean.isEmpty() ? "" : "/" + clean);
    }

    public Path logFile() {
        return logFile;
    }

    public Duration startupTime() {
        return startupTime;
    }

    /** Creates an unversioned bucket (HTTP PUT): for tests that need an empty bucket or that delete objects. */
    public void createBucket(String name) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/" + name))
                .PUT(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("creating bucket " + name + " failed: HTTP " + response.statusCode()
                    + ": " + response.body());
        }
    }

    /** Turns on bucket versioning (HTTP PUT ?versioning) and checks that it reads back as Enabled. */
    public void enableVersioning(String name) {
        String body = "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Status>Enabled</Status></VersioningConfiguration>";
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/" + name + "?versioning"))
                .header("Content-Type", "application/xml")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("enabling versioning on " + name + " failed: HTTP "
                    + response.statusCode() + ": " + response.body() + "\nS3Mock log " + logFile + ":\n"
                    + tail(logFile, 40));
        }
        String status = versioningStatus(name);
        if (!"Enabled".equals(status)) {
            throw new IllegalStateException("bucket " + name + " versioning reads back as " + status);
        }
    }

    /** {@code Enabled}, {@code Suspended} or {@code Unversioned} (no Status element). */
    public String versioningStatus(String name) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/" + name + "?versioning")).GET());
        String body = response.body();
        int start = body.indexOf("<Status>");
        int end = body.indexOf("</Status>");
        return start < 0 || end < start ? "Unversioned" : body.substring(start + "<Status>".length(), end);
    }

    /**
     * Writes {@code rclone.conf} with one remote named {@value #REMOTE} pointing at this server into {@code dir}
     * and returns its path.
     */
    public Path writeRcloneConfig(Path dir) {
        String config = """
                [%s]
                type = s3
                provider = Other
                env_auth = false
                access_key_id = %s
                secret_access_key = %s
                region = %s
                endpoint = %s
                force_path_style = true
                """.formatted(REMOTE, ACCESS_KEY_ID, SECRET_ACCESS_KEY, REGION, endpoint());
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("rclone.conf");
            Files.writeString(file, config, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole environment for a child rclone process using {@code configFile}; see {@link #prepareRcloneEnvironment}. */
    public Map<String, String> rcloneEnvironment(Path configFile) {
        Map<String, String> env = new HashMap<>(System.getenv());
        prepareRcloneEnvironment(env, configFile);
        return env;
    }

    /**
     * Adjusts an inherited environment (e.g. {@code ProcessBuilder.environment()}) for rclone against this server:
     * sets {@code RCLONE_CONFIG}, drops other {@code RCLONE_*} variables (a stray {@code RCLONE_CONFIG_S3_*} would
     * override the file) and drops {@code AWS_CA_BUNDLE}: with it set, rclone 1.60's S3 backend fails before any
     * request ("LoadCustomCABundleError: unable to load custom CA bundle, HTTPClient's transport unsupported type"),
     * and these machines set it.
     */
    public static void prepareRcloneEnvironment(Map<String, String> env, Path configFile) {
        env.keySet().removeIf(name -> name.startsWith("RCLONE_"));
        env.remove("AWS_CA_BUNDLE");
        env.put("RCLONE_CONFIG", configFile.toAbsolutePath().toString());
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s) and deletes its files unless {@code -Dbm.s3mock.keep=true}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean stoppedCleanly = destroy(process, launch.stopGrace());
        launch.publishClassDataArchive(stoppedCleanly);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran anyway
        }
        if (Boolean.getBoolean("bm.s3mock.keep")) {
            System.err.println("S3MockServer: kept " + workDir);
        } else {
            deleteTree(workDir);
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; true if it ended without SIGKILL. */
    private static boolean destroy(Process process, Duration grace) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private URI uri(String pathAndQuery) {
        return URI.create(endpoint() + pathAndQuery);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("S3Mock request failed; log " + logFile + ":\n" + tail(logFile, 40), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path locateJar() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty("bm.s3mock.jar");
        if (property != null && !property.isBlank()) {
            candidates.add(Path.of(property));
        }
        String env = System.getenv("BM_S3MOCK_JAR");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        candidates.add(Path.of("target", "s3mock", "s3mock-exec.jar").toAbsolutePath());
        candidates.add(Path.of(System.getProperty("user.home"), ".m2", "repository", "com", "adobe", "testing",
                "s3mock", S3MOCK_VERSION, "s3mock-" + S3MOCK_VERSION + "-exec.jar"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("S3Mock jar not found (looked at " + candidates + "). Run the tests through "
                + "Maven (./mvnw test or verify: the pom copies com.adobe.testing:s3mock:" + S3MOCK_VERSION
                + ":jar:exec to target/s3mock/) or set -Dbm.s3mock.jar / BM_S3MOCK_JAR.");
    }

    /** Ports free on 127.0.0.1 (kernel-chosen; all held open together so they differ). */
    private static int[] freeLoopbackPorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort: a temp dir
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    /**
     * How to launch the jar, fastest first. Spring Boot's {@code -Djarmode=tools extract} turns the 61 MB fat jar
     * into a plain jar + {@code lib/} (about 1 s, once: cached in {@code target/s3mock/cache/}, keyed by the jar's
     * size and time; elsewhere in {@code java.io.tmpdir}): it starts in about 4.5 s instead of 7-9 s here. On that layout a JDK 17 dynamic class-data archive (AppCDS) brings it to
     * about 3 s: the first run outside CI records it at exit ({@code -XX:ArchiveClassesAtExit}, about 4 s more at
     * shutdown), later runs map it ({@code -XX:SharedArchiveFile}; an archive the JVM cannot use is ignored).
     * {@code -Dbm.s3mock.cds=false} turns the archive off; a failed extraction falls back to {@code -jar} on the
     * fat jar.
     */
    private record Launch(List<String> jvmArgs, String description, Path archiveBeingRecorded, Path archive) {

        static Launch prepare(Path fatJar, Path workDir) {
            Path extracted = extract(fatJar, workDir);
            if (extracted == null) {
                return new Launch(List.of("-jar", fatJar.toString()), "fat jar", null, null);
            }
            String runJar = extracted.resolve(fatJar.getFileName()).toString();
            if (!Boolean.parseBoolean(System.getProperty("bm.s3mock.cds", "true"))) {
                return new Launch(List.of("-jar", runJar), "extracted jar", null, null);
            }
            String jvmKey = Runtime.version() + "-" + Integer.toHexString(System.getProperty("java.home").hashCode());
            Path archive = extracted.resolve("appcds-" + jvmKey + ".jsa");
            if (Files.isRegularFile(archive)) {
                return new Launch(List.of("-XX:SharedArchiveFile=" + archive, "-jar", runJar),
                        "extracted jar + AppCDS archive", null, archive);
            }
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                // a fresh clone each time: recording would only add seconds
                return new Launch(List.of("-jar", runJar), "extracted jar", null, null);
            }
            Path recording = extracted.resolve(archive.getFileName() + ".tmp-" + ProcessHandle.current().pid()
                    + "-" + System.nanoTime());
            return new Launch(List.of("-XX:ArchiveClassesAtExit=" + recording, "-jar", runJar),
                    "extracted jar, recording an AppCDS archive at exit", recording, archive);
        }

        Duration stopGrace() {
            return archiveBeingRecorded == null ? Duration.ofSeconds(10) : Duration.ofSeconds(40);
        }

        /** After the JVM exited: keep a complete recorded archive for the next runs. */
        void publishClassDataArchive(boolean stoppedCleanly) {
            if (archiveBeingRecorded == null) {
                return;
            }
            try {
                if (stoppedCleanly && Files.isRegularFile(archiveBeingRecorded)
                        && Files.size(archiveBeingRecorded) > 0) {
                    Files.move(archiveBeingRecorded, archive, StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.deleteIfExists(archiveBeingRecorded);
                }
            } catch (IOException e) {
                System.err.println("S3MockServer: could not keep the AppCDS archive: " + e);
            }
        }

        /** The extracted layout's directory, made once per jar; null if extraction failed. */
        private static Path extract(Path fatJar, Path workDir) {
            try {
                // beside the jar only in the build's own folder (target/s3mock/), never in ~/.m2 or elsewhere
                Path jarDir = fatJar.toAbsolutePath().getParent();
                Path cacheRoot = jarDir.getFileName().toString().equals("s3mock") && Files.isWritable(jarDir)
                        ? jarDir.resolve("cache")
                        : Path.of(System.getProperty("java.io.tmpdir"), "bm-s3mock-cache");
                Path target = cacheRoot.resolve("extracted-" + Files.size(fatJar) + "-"
                        + Files.getLastModifiedTime(fatJar).toMillis());
                if (Files.isRegularFile(target.resolve(fatJar.getFileName()))) {
                    return target;
                }
                Files.createDirectories(cacheRoot);
                Path temporary = cacheRoot.resolve(target.getFileName() + ".tmp-" + ProcessHandle.current().pid()
                        + "-" + System.nanoTime());
                Path log = workDir.resolve("extract.log");
                Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1", "-Djarmode=tools", "-jar", fatJar.toString(),
                        "extract", "--destination", temporary.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                process.getOutputStream().close();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                if (process.isAlive() || process.exitValue() != 0
                        || !Files.isRegularFile(temporary.resolve(fatJar.getFileName()))) {
                    System.err.println("S3MockServer: extracting " + fatJar + " failed, running the fat jar:\n"
                            + tail(log, 20));
                    deleteTree(temporary);
                    return null;
                }
                try {
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    // another test JVM extracted it first
                    deleteTree(temporary);
                }
                return Files.isRegularFile(target.resolve(fatJar.getFileName())) ? target : null;
            } catch (IOException e) {
                System.err.println("S3MockServer: extracting " + fatJar + " failed, running the fat jar: " + e);
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /**
     * Resolves {@link S3MockServer} parameters to the server shared by the whole test run:
     * {@code @ExtendWith(S3MockServer.Extension.class)}.
     */
    public static final class Extension implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            return parameterContext.getParameter().getType() == S3MockServer.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            return shared(extensionContext);
        }
    }
}
