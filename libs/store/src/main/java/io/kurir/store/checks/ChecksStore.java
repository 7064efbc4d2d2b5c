package io.kurir.store.checks;

import io.kurir.checks.CheckTable;
import io.kurir.store.StoreException;
import io.kurir.store.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Postfix's header_checks and body_checks as imported into PostgreSQL (migration V14,
 * {@code ./kurir checks import header|body FILE}). A table is stored as the text it was imported
 * from, so that {@code ./kurir checks show} gives the file back; it is parsed before it is stored,
 * so what is stored always parses. Every change raises {@code content_checks_version}.
 */
public final class ChecksStore {

    /** Which table. */
    public enum Kind {
        HEADER, BODY;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code header} or {@code body}, as the command line writes it. */
        public static Kind of(String word) {
            return switch (word.toLowerCase(Locale.ROOT)) {
                case "header", "header_checks", "header-checks" -> HEADER;
                case "body", "body_checks", "body-checks" -> BODY;
                default -> throw new IllegalArgumentException("'" + word + "': the tables are header and body");
            };
        }
    }

    /** A stored table as imported. */
    public record Stored(Kind kind, String sourceName, String rules) {
    }

    /** Both tables and the change counter they were read with. */
    public record Snapshot(long version, CheckTable header, CheckTable body) {
    }

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger("cleanup");

    private final DataSource dataSource;

    public ChecksStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Replaces a table with {@code rules}, all or nothing.
     *
     * @throws io.kurir.checks.CheckTableException when the text does not parse ({@code source:LINE: problem});
     *     the stored table is then unchanged
     */
    public void replace(Kind kind, String sourceName, String rules) {
        CheckTable.parse(rules, sourceName);
        Transactions.run(dataSource, "import the " + kind.key() + " checks", c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into content_checks (kind, source_name, rules) "
                    + "values (?, ?, ?) on conflict (kind) do update set source_name = excluded.source_name, "
                    + "rules = excluded.rules, updated_at = now()")) {
                ps.setString(1, kind.key());
                ps.setString(2, sourceName);
                ps.setString(3, rules);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Removes a table; false when there was none. */
    public boolean clear(Kind kind) {
        return Transactions.run(dataSource, "clear the " + kind.key() + " checks", c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from content_checks where kind = ?")) {
                ps.setString(1, kind.key());
                return ps.executeUpdate() == 1;
            }
        });
    }

    public Optional<Stored> get(Kind kind) {
        return Transactions.run(dataSource, "read the " + kind.key() + " checks", c -> stored(c, kind));
    }

    /** The change counter: differs from a {@link Snapshot}'s when a table changed since it was taken. */
    public long version() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            try (ResultSet rs = s.executeQuery("select version from content_checks_version")) {
                if (!rs.next()) {
                    throw new StoreException("content_checks_version has no row: the schema is damaged");
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("read the content checks version failed: " + e.getMessage(), e);
        }
    }

    /** Both tables, parsed, with their counter, in one consistent view. */
    public Snapshot snapshot() {
        return Transactions.run(dataSource, "read the content checks", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("set transaction isolation level repeatable read, read only");
                long version;
                try (ResultSet rs = s.executeQuery("select version from content_checks_version")) {
                    rs.next();
                    version = rs.getLong(1);
                }
                return new Snapshot(version, table(stored(c, Kind.HEADER), "header_checks"),
                        table(stored(c, Kind.BODY), "body_checks"));
            }
        });
    }

    /**
     * The stored table, parsed. One that no longer parses (edited by hand in psql; {@code ./kurir checks}
     * refuses such text) is logged and left out, so that mail keeps moving: a service must not stop on it.
     */
    private static CheckTable table(Optional<Stored> stored, String emptyName) {
        if (stored.isEmpty()) {
            return CheckTable.empty(emptyName);
        }
        try {
            return CheckTable.parse(stored.get().rules(), stored.get().sourceName());
        } catch (io.kurir.checks.CheckTableException e) {
            LOG.errorf("warning: %s is not applied: %s (import it again with ./kurir checks import)", emptyName,
                    e.getMessage());
            return CheckTable.empty(emptyName);
        }
    }

    private static Optional<Stored> stored(Connection c, Kind kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select source_name, rules from content_checks where kind = ?")) {
            ps.setString(1, kind.key());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(kind, rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }
}
