package com.basicmemory.bm.sync;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.util.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The optional health endpoint of a watcher ({@code --http 127.0.0.1:PORT}): {@code GET /health} (JSON) and
 * {@code GET /metrics} (Prometheus text format). The JDK's own HTTP server, started only on request: ordinary
 * commands never open a port. Loopback unless another address is given explicitly.
 */
final class HealthServer implements AutoCloseable {
    private final HttpServer server;
    private final long startedMillis = System.currentTimeMillis();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong failuresInARow = new AtomicLong();
    private final AtomicReference<SyncReport> last = new AtomicReference<>();
    private final AtomicReference<SyncReport> lastSuccess = new AtomicReference<>();

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /** Parses {@code HOST:PORT} (or {@code PORT}, on 127.0.0.1) and starts serving. */
    static HealthServer start(String address) {
        String host = "127.0.0.1";
        String port = address == null ? "" : address.strip();
        int colon = port.lastIndexOf(':');
        if (colon >= 0) {
            host = port.substring(0, colon);
            port = port.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw BmException.badInput("invalid --http '" + address + "': use 127.0.0.1:PORT");
        }
        if (p < 0 || p > 65535 || host.isBlank()) {
            throw BmException.badInput("invalid --http '" + address + "': use 127.0.0.1:PORT");
        }
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), p), 8);
            HealthServer h = new HealthServer(s);
            s.createContext("/health", h::health);
            s.createContext("/metrics", h::metrics);
            s.setExecutor(null);
            s.start();
            return h;
        } catch (IOException e) {
            throw BmException.badInput("cannot serve --http " + address + ": " + e.getMessage());
        }
    }

    String url() {
        String host = server.getAddress().getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.getAddress().getPort();
    }

    void recorded(SyncReport r, boolean failed) {
        runs.incrementAndGet();
        last.set(r);
        if (failed) {
            failures.incrementAndGet();
            failuresInARow.incrementAndGet();
        } else {
            failuresInARow.set(0);
            if (r != null && r.success()) {
                lastSuccess.set(r);
            }
        }
    }

    private void health(HttpExchange x) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        SyncReport l = last.get();
        boolean healthy = failuresInARow.get() == 0;
        body.put("status", healthy ? "ok" : "failing");
        body.put("watching_since", Instant.ofEpochMilli(startedMillis).toString());
        body.put("runs", runs.get());
        body.put("failures", failures.get());
        body.put("failures_in_a_row", failuresInARow.get());
        body.put("last_run", l == null ? null : Map.of("id", l.id(), "timestamp", l.timestamp(), "status",
                l.status().id(), "exit_code", l.exitCode()));
        SyncReport s = lastSuccess.get();
        body.put("last_success", s == null ? null : s.timestamp());
        send(x, healthy ? 200 : 503, "application/json", Json.pretty(body) + "\n");
    }

    private void metrics(HttpExchange x) throws IOException {
        StringBuilder m = new StringBuilder();
        gauge(m, "bm_watch_up", "1 while the watcher runs", 1);
        counter(m, "bm_watch_runs_total", "sync runs of this watcher", runs.get());
        counter(m, "bm_watch_failures_total", "failed sync runs of this watcher", failures.get());
        gauge(m, "bm_watch_failures_in_a_row", "failed runs since the last good one", failuresInARow.get());
        SyncReport s = lastSuccess.get();
        gauge(m, "bm_last_success_timestamp_seconds", "start time of the last successful sync",
                s == null ? 0 : java.time.OffsetDateTime.parse(s.timestamp()).toEpochSecond());
        SyncReport l = last.get();
        gauge(m, "bm_last_sync_duration_seconds", "duration of the last sync", l == null ? 0 : l.durationSeconds());
        gauge(m, "bm_last_sync_exit_code", "bm exit code of the last sync", l == null ? 0 : l.exitCode());
        send(x, 200, "text/plain; version=0.0.4; charset=utf-8", m.toString());
    }

    private static void gauge(StringBuilder m, String name, String help, double v) {
        line(m, name, help, "gauge", v);
    }

    private static void counter(StringBuilder m, String name, String help, double v) {
        line(m, name, help, "counter", v);
    }

    private static void line(StringBuilder m, String name, String help, String type, double v) {
        m.append("# HELP ").append(name).append(' ').append(help).append('\n');
        m.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        m.append(name).append(' ').append(v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v))
                .append('\n');
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        if (!"GET".equals(x.getRequestMethod()) && !"HEAD".equals(x.getRequestMethod())) {
            x.sendResponseHeaders(405, -1);
            x.close();
            return;
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
