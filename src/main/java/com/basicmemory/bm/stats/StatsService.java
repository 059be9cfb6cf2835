package com.basicmemory.bm.stats;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.cli.ExitCode;
import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.history.TimeSpec;
import com.basicmemory.bm.sync.Projects;
import com.basicmemory.bm.util.AtomicFiles;
import com.basicmemory.bm.util.Timing;

/** {@code bm stats}: the numbers, and their Prometheus textfile. */
public final class StatsService {
    public static final String DEFAULT_SINCE = "30d";

    private final StatsRepository repository;
    private final Clock clock;

    public StatsService(StatsRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** The longest window {@code bm stats} takes, in days (100 years). */
    static final long MAX_WINDOW_DAYS = 36_525;

    public Stats compute(String since, String project) {
        // one instant, to the millisecond like the rows, for both ends of the window
        Clock at = Clock.fixed(clock.instant().truncatedTo(ChronoUnit.MILLIS), clock.getZone());
        Instant now = at.instant();
        Instant from = TimeSpec.parse("--since", since == null ? DEFAULT_SINCE : since, at);
        if (from.isAfter(now)) {
            throw BmException.badInput("--since " + since + " is in the future");
        }
        if (from.isBefore(now.minus(java.time.Duration.ofDays(MAX_WINDOW_DAYS)))) {
            // per_day has one entry per day of the window: a window of millennia would not fit in memory
            throw BmException.badInput("--since " + since + " reaches back more than 100 years: use a shorter window");
        }
        String p = project == null ? null : Projects.validateName(project);
        Timing.time("open", repository::open);
        return Timing.time("stats", () -> repository.compute(from, now, clock.getZone(), p));
    }

    /**
     * Writes the metrics in the node_exporter textfile-collector format, atomically (temp file, then rename), readable
     * by the collector's user.
     */
    public Path writePrometheus(Stats stats, String file) {
        Path target = Paths.get(BmHome.expandTilde(file)).toAbsolutePath();
        try {
            AtomicFiles.writeShared(target, PrometheusFormat.render(stats));
        } catch (IOException e) {
            throw new BmException(ExitCode.FAILED, "cannot write " + target + ": " + BmHome.describe(e),
                    "check that its folder is writable", e);
        }
        return target;
    }
}
