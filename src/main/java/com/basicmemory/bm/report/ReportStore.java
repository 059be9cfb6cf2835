package com.basicmemory.bm.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.history.HistoryRepository;
import com.basicmemory.bm.util.AtomicFiles;
import com.basicmemory.bm.util.Json;

/**
 * Stores a report: first the durable JSON file ({@code sync-history/<timestamp>-<id>.json}, written atomically,
 * owner-only), then its rows in the database. When the database cannot take it (locked, full, damaged), the file is
 * kept and listed in {@code sync-history/.pending-index}; the next command that opens the database indexes it
 * ({@link #indexPending()}, run on the first connection of every process).
 */
public final class ReportStore {
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    /** {@code <UTC time>-<id>.json} of reports, {@code <UTC time>-<id>.log} of logs. */
    private static final Pattern STAMPED_NAME = Pattern.compile("(\\d{8}T\\d{6}Z)-.+");

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
        return home.historyDir().resolve(stamp(OffsetDateTime.parse(report.timestamp()).toInstant()) + "-"
                + report.id() + ".json");
    }

    /** The UTC time at the start of bm's file names, to the second: {@code 20261125T092123Z}. */
    public static String stamp(Instant t) {
        return FILE_TIME.format(t.atOffset(ZoneOffset.UTC));
    }

    /**
     * The UTC time (whole seconds) a file name of bm's starts with: {@code 20261125T092123Z-873ef80d0524.json} (a
     * report: its start time) or {@code .log} (its run's log). Empty for names bm did not write.
     */
    public static Optional<Instant> nameTime(String fileName) {
        Matcher m = STAMPED_NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(m.group(1), FILE_TIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
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

    /**
     * Indexes reports whose earlier insert failed, then forgets the list. Cheap when there are none: one
     * missing-file check. A database failure leaves the list for the next time (inserts are idempotent).
     */
    public void indexPending() {
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
                        if (HistoryRepository.problem(r) == null) {
                            repository.insert(r, f.getFileName().toString());
                        }
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

    /**
     * {@link #indexPending()} for the first connection of a process: whatever the command, a report left unindexed
     * by an earlier run is indexed before the command reads or writes. A database that still cannot take it leaves
     * the list for later; the command itself then meets the same error with its own message.
     */
    public void indexPendingQuietly() {
        try {
            indexPending();
        } catch (BmException | IllegalStateException e) {
            // the list stays; the next run tries again
        }
    }
}
