package com.basicmemory.bm.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.history.HistoryRepository;
import com.basicmemory.bm.util.AtomicFiles;
import com.basicmemory.bm.util.Json;

/**
 * Stores a report: first the durable JSON file ({@code sync-history/<timestamp>-<id>.json}, written atomically,
 * owner-only), then its rows in the database. When the database cannot take it (locked, full, damaged), the file is
 * kept and listed in {@code sync-history/.pending-index} so that a later run indexes it.
 */
public final class ReportStore {
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final BmHome home;
    private final HistoryRepository repository;

    public ReportStore(BmHome home, HistoryRepository repository) {
        this.home = home;
        this.repository = repository;
    }

    /** What happened to a report. */
    public record Saved(Path file, boolean indexed, String indexError) {
    }

    public Saved save(SyncReport report) {
        Path file = fileFor(report);
        try {
            AtomicFiles.createPrivateDirectories(home.historyDir());
            AtomicFiles.write(file, Json.pretty(report) + "\n");
        } catch (IOException e) {
            throw new BmException(1, "cannot write the sync report " + file + ": " + BmHome.describe(e),
                    "free disk space or fix the permissions of BM_HOME", e);
        }
        try {
            indexPending();
            repository.insert(report, file.getFileName().toString());
            return new Saved(file, true, null);
        } catch (BmException | IllegalStateException e) {
            markPending(file);
            return new Saved(file, false, e.getMessage());
        }
    }

    public Path fileFor(SyncReport report) {
        OffsetDateTime t = OffsetDateTime.parse(report.timestamp()).withOffsetSameInstant(ZoneOffset.UTC);
        return home.historyDir().resolve(FILE_TIME.format(t) + "-" + report.id() + ".json");
    }

    private Path pendingList() {
        return home.historyDir().resolve(".pending-index");
    }

    private void markPending(Path file) {
        try {
            Files.writeString(pendingList(), file.getFileName() + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the report file itself is safe; `bm sync history --rebuild` re-indexes everything
        }
    }

    /** Indexes reports whose earlier insert failed. Cheap when there are none: one missing-file check. */
    private void indexPending() {
        Path list = pendingList();
        if (!Files.exists(list)) {
            return;
        }
        try {
            for (String name : Files.readAllLines(list)) {
                if (name.isBlank()) {
                    continue;
                }
                Path f = home.historyDir().resolve(name.strip());
                if (Files.exists(f)) {
                    try {
                        SyncReport r = Json.mapper().readValue(f.toFile(), SyncReport.class);
                        repository.insert(r, f.getFileName().toString());
                    } catch (IOException e) {
                        // a corrupt file stays on disk, unindexed; rebuild names it
                    }
                }
            }
            Files.deleteIfExists(list);
        } catch (IOException ignored) {
            // try again next time
        }
    }
}
