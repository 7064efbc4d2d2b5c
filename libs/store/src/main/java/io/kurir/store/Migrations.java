package io.kurir.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Versioned schema migrations: {@code db/migration/index.txt} lists the scripts
 * ({@code V<n>__description.sql}) in order; each is applied once, in one transaction with its row in
 * {@code schema_version}. Every service and the CLI call {@link #migrate} at start; a transaction
 * advisory lock makes concurrent starts safe. See docs/adr/0003-own-migration-runner.md for why this
 * is not Flyway.
 */
public final class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class);
    private static final long LOCK_KEY = 0x4b55524952L; // "KURIR"

    private Migrations() {
    }

    /** Applies every pending migration; returns how many were applied. */
    public static int migrate(DataSource dataSource) {
        List<String> scripts = scripts();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("select pg_advisory_xact_lock(" + LOCK_KEY + ")");
                s.execute("create table if not exists schema_version (version int primary key, "
                        + "script text not null, applied_at timestamptz not null default now())");
                Set<Integer> applied = new HashSet<>();
                try (var rs = s.executeQuery("select version from schema_version")) {
                    while (rs.next()) {
                        applied.add(rs.getInt(1));
                    }
                }
                int count = 0;
                for (String script : scripts) {
                    int version = versionOf(script);
                    if (applied.contains(version)) {
                        continue;
                    }
                    s.execute(read("db/migration/" + script));
                    try (var ps = c.prepareStatement("insert into schema_version (version, script) values (?, ?)")) {
                        ps.setInt(1, version);
                        ps.setString(2, script);
                        ps.executeUpdate();
                    }
                    LOG.infof("schema migration %s applied", script);
                    count++;
                }
                c.commit();
                return count;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("schema migration failed: " + e.getMessage(), e);
        }
    }

    static List<String> scripts() {
        List<String> scripts = new ArrayList<>();
        for (String line : read("db/migration/index.txt").split("\n")) {
            if (!line.isBlank()) {
                scripts.add(line.trim());
            }
        }
        return scripts;
    }

    static int versionOf(String script) {
        if (!script.matches("V\\d+__\\w+\\.sql")) {
            throw new StoreException("bad migration script name " + script);
        }
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new StoreException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read " + resource, e);
        }
    }
}
