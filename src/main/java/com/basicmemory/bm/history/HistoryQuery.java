package com.basicmemory.bm.history;

import java.time.Instant;

/**
 * Which runs to list, newest first.
 *
 * @param since runs that started at or after this instant (null: no bound)
 * @param until runs that started before this instant (null: no bound)
 * @param project only runs that synced this project (null: all)
 * @param status only runs with this status (null: all)
 * @param limit at most this many runs
 */
public record HistoryQuery(Instant since, Instant until, String project, String status, int limit) {
}
