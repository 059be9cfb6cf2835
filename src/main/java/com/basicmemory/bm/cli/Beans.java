package com.basicmemory.bm.cli;

import java.time.Clock;

import javax.sql.DataSource;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.flywaydb.core.Flyway;

import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.conflicts.ConflictFinder;
import com.basicmemory.bm.conflicts.ConflictListService;
import com.basicmemory.bm.conflicts.ConflictResolutionRepository;
import com.basicmemory.bm.conflicts.ConflictResolveService;
import com.basicmemory.bm.history.HistoryDatabase;
import com.basicmemory.bm.history.HistoryRepository;
import com.basicmemory.bm.report.ReportStore;
import com.basicmemory.bm.sync.SyncService;

/**
 * Wires the plain services (testable without Quarkus) into CDI. The datasource and Flyway are looked up lazily, so
 * commands that do not touch the history never open the database.
 */
@Singleton
public class Beans {

    @Produces
    @Singleton
    BmHome home() {
        return BmHome.fromEnvironment();
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemDefaultZone();
    }

    @Produces
    @Singleton
    HistoryDatabase historyDatabase(BmHome home, Instance<DataSource> dataSource, Instance<Flyway> flyway) {
        return new HistoryDatabase(home, dataSource::get, flyway::get);
    }

    @Produces
    @Singleton
    HistoryRepository historyRepository(HistoryDatabase db) {
        return new HistoryRepository(db);
    }

    @Produces
    @Singleton
    com.basicmemory.bm.history.HistoryService historyService(HistoryRepository repository, Clock clock) {
        return new com.basicmemory.bm.history.HistoryService(repository, clock);
    }

    @Produces
    @Singleton
    ReportStore reportStore(BmHome home, HistoryRepository repository) {
        return new ReportStore(home, repository);
    }

    @Produces
    @Singleton
    com.basicmemory.bm.cloud.CloudSetupService cloudSetupService(BmHome home) {
        return new com.basicmemory.bm.cloud.CloudSetupService(home);
    }

    @Produces
    @Singleton
    SyncService syncService(BmHome home, ReportStore store, Clock clock) {
        return new SyncService(home, store, clock);
    }

    @Produces
    @Singleton
    ConflictFinder conflictFinder(BmHome home) {
        return new ConflictFinder(home);
    }

    /** Needs no database: {@code bm conflicts list} never opens it. */
    @Produces
    @Singleton
    ConflictListService conflictListService(ConflictFinder finder, Clock clock) {
        return new ConflictListService(finder, clock.getZone());
    }

    @Produces
    @Singleton
    ConflictResolutionRepository conflictResolutionRepository(HistoryDatabase db, BmHome home) {
        return new ConflictResolutionRepository(db, home);
    }

    @Produces
    @Singleton
    ConflictResolveService conflictResolveService(BmHome home, ConflictFinder finder,
            ConflictResolutionRepository repository, Clock clock) {
        return new ConflictResolveService(home, finder, repository, clock);
    }
}
