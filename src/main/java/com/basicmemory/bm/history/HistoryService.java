package com.basicmemory.bm.history;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.basicmemory.bm.cli.BmException;
import com.basicmemory.bm.report.SyncReport;
import com.basicmemory.bm.report.SyncStatus;

/** Past runs, read from the history database. */
public final class HistoryService {
    private final HistoryRepository repository;
    private final Clock clock;

    public HistoryService(HistoryRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
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
        return repository.list(new HistoryQuery(from, to, project, status, limit));
    }
}
