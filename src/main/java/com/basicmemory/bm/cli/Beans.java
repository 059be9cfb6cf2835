package com.basicmemory.bm.cli;

import java.time.Clock;
import java.util.function.Supplier;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.sqlite.SQLiteDataSource;

import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.conflicts.ConflictFinder;
import com.basicmemory.bm.conflicts.ConflictListService;
import com.basicmemory.bm.conflicts.ConflictResolutionRepository;
import com.basicmemory.bm.conflicts.ConflictResolveService;
import com.basicmemory.bm.history.HistoryDatabase;
import com.basicmemory.bm.history.HistoryPrune;
import com.basicmemory.bm.history.HistoryRebuild;
import com.basicmemory.bm.history.HistoryRepository;
import com.basicmemory.bm.history.HistoryService;
import com.basicmemory.bm.history.Migrations;
import com.basicmemory.bm.report.ReportStore;
import com.basicmemory.bm.stats.StatsRepository;
import com.basicmemory.bm.stats.StatsService;
import com.basicmemory.bm.sync.SyncService;

/**
 * Wires the plain services (testable without Quarkus) into CDI. Nothing here touches the database until a command
 * asks for it: commands that do not need the history never open it.
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
     * SQLite without a connection pool: a CLI uses one connection at a time, and the Quarkus datasource (Agroal,
     * a transaction manager) and its Flyway would start with every command, also with those that never touch the
     * history (about 0.3 s). The driver is sqlite-jdbc as brought by quarkus-jdbc-sqlite; migrations are Flyway's.
     * The first connection of a process indexes the reports an earlier run could not index
     * ({@code sync-history/.pending-index}), whatever the command.
     */
    @Produces
    @Singleton
    HistoryDatabase historyDatabase(BmHome home, Instance<ReportStore> store) {
        // created on first use: building the command line must not load the driver (bm --version, bm --help)
        Supplier<SQLiteDataSource> ds = new Supplier<>() {
            private SQLiteDataSource made;

            @Override
            public synchronized SQLiteDataSource get() {
                if (made == null) {
                    made = HistoryDatabase.dataSource(home.database());
                }
                return made;
            }
        };
        HistoryDatabase db = new HistoryDatabase(home, ds::get, () -> Migrations.flyway(ds.get()));
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
    com.basicmemory.bm.projects.ProjectService projectService(BmHome home, HistoryDatabase db) {
        return new com.basicmemory.bm.projects.ProjectService(home, new com.basicmemory.bm.history.ProjectLastSync(db));
    }

    @Produces
    @Singleton
    com.basicmemory.bm.cloud.CloudCheckService cloudCheckService(BmHome home) {
        return new com.basicmemory.bm.cloud.CloudCheckService(home);
    }

    @Produces
    @Singleton
    com.basicmemory.bm.cloud.RecoveryService recoveryService(BmHome home, HistoryDatabase db, Clock clock) {
        return new com.basicmemory.bm.cloud.RecoveryService(home,
                new com.basicmemory.bm.cloud.VersionRestoreRepository(db, home), clock);
    }

    @Produces
    @Singleton
    com.basicmemory.bm.git.GitSnapshotService gitSnapshotService(BmHome home, Clock clock) {
        return new com.basicmemory.bm.git.GitSnapshotService(home, clock);
    }

    @Produces
    @Singleton
    SyncService syncService(BmHome home, ReportStore store, Clock clock) {
        return new SyncService(home, store, clock);
    }

    @Produces
    @Singleton
    com.basicmemory.bm.sync.SyncEntry syncEntry(BmHome home, SyncService service) {
        return new com.basicmemory.bm.sync.SyncEntry(service, new com.basicmemory.bm.sync.WatchLoop(home, service));
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
