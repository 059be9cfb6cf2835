package com.basicmemory.bm.history;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.report.SyncStatus;
import com.basicmemory.bm.util.Json;
import com.basicmemory.bm.util.Timing;

/** Past runs, read from the history database. */
public final class HistoryService {
    private static final Pattern ID_PREFIX = Pattern.compile("[0-9A-Za-z_-]{1,64}");

    private final BmHome home;
    private final HistoryRepository repository;
    private final Clock clock;

    public HistoryService(BmHome home, HistoryRepository repository, Clock clock) {
        this.home = home;
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * The run whose id is {@code id}, or starts with it (like a short git hash). From the database; when the
     * database does not have it (or cannot be read), from the report files, the durable record.
     */
    public SyncReport show(String id) {
        if (id == null || !ID_PREFIX.matcher(id).matches()) {
            throw BmException.badInput("invalid run id '" + id + "': use the ID column of `bm sync history`");
        }
        List<SyncReport> found;
        try {
            found = repository.findByIdPrefix(id, 6);
        } catch (BmException | IllegalStateException e) {
            found = List.of();
        }
        if (found.isEmpty()) {
            found = fromFiles(id, 6);
        }
        if (found.isEmpty()) {
            throw BmException.badInput("no sync run with id '" + id + "'", "see `bm sync history` for the ids");
        }
        SyncReport exact = found.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
        if (exact != null) {
            return exact;
        }
        if (found.size() > 1) {
            List<String> ids = found.stream().limit(5).map(SyncReport::id).toList();
            throw BmException.badInput("run id '" + id + "' is ambiguous: it starts " + String.join(", ", ids)
                    + (found.size() > 5 ? ", ..." : ""), "give more of the id");
        }
        return found.get(0);
    }

    private List<SyncReport> fromFiles(String idPrefix, int max) {
        List<SyncReport> out = new ArrayList<>();
        if (!Files.isDirectory(home.historyDir())) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(home.historyDir(), "*-" + idPrefix + "*.json")) {
            for (Path p : ds) {
                if (out.size() == max) {
                    break;
                }
                try {
                    SyncReport r = Json.mapper().readValue(p.toFile(), SyncReport.class);
                    if (r != null && r.id() != null && r.id().startsWith(idPrefix)) {
                        out.add(r);
                    }
                } catch (IOException e) {
                    // an unreadable file is not a run to show; `--rebuild` names it
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    public List<SyncReport> list(String since, String until, String project, String status, int limit) {
        Instant from = since == null ? null : TimeSpec.parse("--since", since, clock);
        Instant to = until == null ? null : TimeSpec.parse("--until", until, clock);
        if (limit < 1) {
            throw BmException.badInput("invalid --limit " + limit + ": use a number of runs, 1 or more");
        }
        if (status != null) {
            try {
                SyncStatus.of(status);
            } catch (IllegalArgumentException e) {
                StringBuilder known = new StringBuilder();
                for (SyncStatus s : SyncStatus.values()) {
                    known.append(known.length() == 0 ? "" : ", ").append(s.id());
                }
                throw BmException.badInput("unknown --status '" + status + "': use one of " + known);
            }
        }
        Timing.time("open", repository::open);
        List<String> rows = Timing.time("history", () -> repository.listJson(new HistoryQuery(from, to, project, status,
                limit)));
        return Timing.time("map", () -> HistoryRepository.parse(rows));
    }
}
