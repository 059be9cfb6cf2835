package com.basicmemory.bm.cli;

import java.time.Clock;

import javax.sql.DataSource;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.flywaydb.core.Flyway;

import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.history.HistoryDatabase;
import com.basicmemory.bm.history.HistoryPrune;
import com.basicmemory.bm.history.HistoryRebuild;
import com.basicmemory.bm.history.HistoryRepository;
import com.basicmemory.bm.history.HistoryService;
import com.basicmemory.bm.report.ReportStore;
import com.basicmemory.bm.stats.StatsRepository;
import com.basicmemory.bm.stats.StatsService;
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

    /**
     * The history database. Its first connection in a process indexes the reports an earlier run could not index
     * ({@code sync-history/.pending-index}), whatever the command. Migrations for another file (a rebuild) copy the
     * configuration of Quarkus's Flyway (which knows where the migrations are, also in a native image).
     */
    @Produces
    @Singleton
    HistoryDatabase historyDatabase(BmHome home, Instance<DataSource> dataSource, Instance<Flyway> flyway,
            Instance<ReportStore> store) {
        HistoryDatabase db = new HistoryDatabase(home, dataSource::get, ds -> {
            Flyway configured = flyway.get();
            return Flyway.configure(configured.getConfiguration().getClassLoader())
                    .configuration(configured.getConfiguration()).dataSource(ds).load();
        });
        db.onFirstOpen(() -> store.get().indexPendingQuietly());
        return db;
    }

    @Produces
    @Singleton
    HistoryRepository historyRepository(HistoryDatabase db) {
        return new HistoryRepository(db);
    }

    @Produces
    @Singleton
    HistoryService historyService(BmHome home, HistoryRepository repository, Clock clock) {
        return new HistoryService(home, repository, clock);
    }

    @Produces
    @Singleton
    HistoryRebuild historyRebuild(BmHome home, HistoryDatabase db, Clock clock) {
        return new HistoryRebuild(home, db, clock);
    }

    @Produces
    @Singleton
    HistoryPrune historyPrune(BmHome home, HistoryRepository repository, Clock clock) {
        return new HistoryPrune(home, repository, clock);
    }

    @Produces
    @Singleton
    StatsService statsService(HistoryDatabase db, Clock clock) {
        return new StatsService(new StatsRepository(db), clock);
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
}
