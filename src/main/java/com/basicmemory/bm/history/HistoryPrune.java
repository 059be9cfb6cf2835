package com.basicmemory.bm.history;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.ExitCode;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.lock.DeviceLock;
import com.basicmemory.bm.report.ReportStore;

/**
 * {@code bm sync history --prune AGE}: retention. Under the device lock, removes everything bm recorded about runs
 * that started before the cutoff: their database rows first (the index never points at a missing file), then their
 * report files and logs. Files are chosen by the UTC time their name starts with (the run's start, to the second, as
 * bm names them), so a file is removed whether or not its content can be read, and a file bm did not name is never
 * touched.
 */
public final class HistoryPrune {
    private final BmHome home;
    private final HistoryRepository repository;
    private final Clock clock;

    public HistoryPrune(BmHome home, HistoryRepository repository, Clock clock) {
        this.home = home;
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * What a prune removed.
     *
     * @param cutoff runs that started before this time were removed (ISO-8601, local offset)
     */
    public record Result(String cutoff, int runs, int reportFiles, int logs, int versionRestores) {
    }

    /** @param olderThan an age ({@code 90d}) or a date, as {@code --since} takes it */
    public Result prune(String olderThan, String command) {
        // Whole seconds: file names carry the start time to the second, rows to the millisecond; with a cutoff on a
        // second boundary both say the same about every run.
        Instant cutoff = TimeSpec.parse("--prune", olderThan, clock).truncatedTo(ChronoUnit.SECONDS);
        if (cutoff.isAfter(clock.instant())) {
            throw BmException.badInput("--prune " + olderThan + " is in the future: give an age like 90d or a past"
                    + " date");
        }
        home.ensureExists();
        try (DeviceLock lock = DeviceLock.acquireOrRefuse(home.lockFile(), command)) {
            HistoryRepository.Pruned rows = repository.deleteBefore(cutoff);
            int files = deleteNamedBefore(home.historyDir(), ".json", cutoff);
            int logs = deleteNamedBefore(home.logsDir(), ".log", cutoff);
            return new Result(OffsetDateTime.ofInstant(cutoff, clock.getZone()).toString(), rows.runs(), files, logs,
                    rows.versionRestores());
        }
    }

    private static int deleteNamedBefore(Path dir, String extension, Instant cutoff) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + extension)) {
            for (Path p : ds) {
                Optional<Instant> t = ReportStore.nameTime(p.getFileName().toString());
                if (t.isPresent() && t.get().isBefore(cutoff) && Files.deleteIfExists(p)) {
                    n++;
                }
            }
        } catch (IOException e) {
            throw new BmException(ExitCode.FAILED, "cannot prune " + dir + ": " + BmHome.describe(e), null, e);
        }
        return n;
    }
}
