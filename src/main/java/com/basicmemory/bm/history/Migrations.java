package com.basicmemory.bm.history;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The Flyway migrations of the history database, listed here instead of found by a classpath scan: scanning does not
 * work in a native image and costs start-up time. {@code MigrationsTest} checks that this list and the files in
 * {@code db/migration} are the same. Add a new migration in both places and raise
 * {@link HistoryDatabase#SCHEMA_VERSION}.
 */
public final class Migrations {
    static final String LOCATION = "db/migration";
    public static final List<String> FILES = List.of(
            "V1__sync_history.sql",
            "V2__stats_and_version_restores.sql",
            "V3__conflict_resolutions.sql");

    private Migrations() {
    }

    /** A Flyway for {@code dataSource} that reads exactly these migrations. */
    public static Flyway flyway(DataSource dataSource) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .resourceProvider(new Provider())
                .locations("classpath:" + LOCATION)
                .load();
    }

    /**
     * Migrates. V2 and V3 came from two changes at once, so a database may have V3 without V2: Flyway refuses to apply
     * a migration older than the newest applied one, and is asked again, out of order, only then.
     */
    public static void migrate(Flyway flyway) {
        try {
            flyway.migrate();
        } catch (FlywayValidateException e) {
            if (!String.valueOf(e.getMessage()).contains("not applied to database")) {
                throw e;
            }
            Flyway.configure(flyway.getConfiguration().getClassLoader()).configuration(flyway.getConfiguration())
                    .outOfOrder(true).load().migrate();
        }
    }

    static final class Provider implements ResourceProvider {
        @Override
        public LoadableResource getResource(String name) {
            String file = name.startsWith(LOCATION + "/") ? name.substring(LOCATION.length() + 1) : name;
            return FILES.contains(file) ? new Migration(file) : null;
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            List<LoadableResource> out = new ArrayList<>();
            for (String f : FILES) {
                if (!f.startsWith(prefix)) {
                    continue;
                }
                for (String suffix : suffixes) {
                    if (f.endsWith(suffix)) {
                        out.add(new Migration(f));
                        break;
                    }
                }
            }
            return out;
        }
    }

    static final class Migration extends LoadableResource {
        private final String file;

        Migration(String file) {
            this.file = file;
        }

        @Override
        public Reader read() {
            InputStream in = Migrations.class.getClassLoader().getResourceAsStream(LOCATION + "/" + file);
            if (in == null) {
                throw new IllegalStateException("migration " + file + " is missing from the build");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return LOCATION + "/" + file;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return getAbsolutePath();
        }

        @Override
        public String getFilename() {
            return file;
        }

        @Override
        public String getRelativePath() {
            return file;
        }
    }
}
