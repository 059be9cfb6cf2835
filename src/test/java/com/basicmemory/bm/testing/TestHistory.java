package com.basicmemory.bm.testing;

import java.nio.file.Path;

import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteDataSource;

import com.basicmemory.bm.config.BmHome;
import com.basicmemory.bm.history.HistoryDatabase;
import com.basicmemory.bm.history.HistoryRepository;
import com.basicmemory.bm.history.Migrations;
import com.basicmemory.bm.report.ReportStore;

/**
 * The history stack without Quarkus, wired like {@code cli/Beans}: a real SQLite file in a temp BM_HOME with bm's
 * connection settings, the real Flyway migrations, the pending-index pickup on the first connection.
 */
public record TestHistory(BmHome home, SQLiteDataSource dataSource, HistoryDatabase db, HistoryRepository repository,
        ReportStore store) {

    public static TestHistory at(Path root) {
        BmHome home = new BmHome(root);
        SQLiteDataSource ds = dataSource(home.database());
        HistoryDatabase db = new HistoryDatabase(home, () -> ds, () -> Migrations.flyway(ds));
        HistoryRepository repo = new HistoryRepository(db);
        ReportStore store = new ReportStore(home, repo);
        db.onFirstOpen(store::indexPendingQuietly);
        return new TestHistory(home, ds, db, repo, store);
    }

    public static SQLiteDataSource dataSource(Path file) {
        return HistoryDatabase.dataSource(file);
    }

    public static Flyway flyway(javax.sql.DataSource ds) {
        return Migrations.flyway(ds);
    }
}
