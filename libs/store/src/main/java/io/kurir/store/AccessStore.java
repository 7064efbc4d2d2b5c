package io.kurir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Postfix access(5) tables in PostgreSQL (table {@code access_entries}, migration V3), one per
 * {@link AccessKind}. The administrator changes them with {@code ./kurir access}; the SMTP gateway
 * reads them for its {@code check_*_access} restrictions.
 *
 * <p><b>Caching.</b> Every change raises a counter in the same transaction (a trigger, so changes
 * made by hand in psql count too). A reader keeps an {@link AccessSnapshot} and asks for
 * {@link #version()} — one single-row select — every few seconds or at each new connection; when
 * the number differs from {@link AccessSnapshot#version()} it takes a new {@link #snapshot()}. The
 * counter only ever grows within a database; compare for equality. A change may raise it by more
 * than one, and a statement that changes nothing may raise it too: at worst an unneeded reload.
 *
 * <p><b>Failures.</b> Keys and actions are checked before anything is written
 * ({@link IllegalArgumentException}); database failures are {@link StoreException}s, after which
 * the tables are as they were before the call.
 */
public final class AccessStore {

    /** Outcome of {@link #put}. */
    public enum PutResult { ADDED, REPLACED }

    private static final Comparator<AccessEntry> ORDER =
            Comparator.comparing(AccessEntry::kind).thenComparing(AccessEntry::key);

    private final DataSource dataSource;

    public AccessStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds the entry, or replaces the action of the entry with the same kind and key. */
    public PutResult put(AccessEntry entry) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "insert into access_entries (kind, key, action) values (?, ?, ?) "
                                + "on conflict (kind, key) do update set action = excluded.action, updated_at = now() "
                                + "returning (xmax = 0)")) { // xmax is 0 for a new row version made by an insert
            ps.setString(1, entry.kind().tableName());
            ps.setString(2, entry.key());
            ps.setString(3, entry.action().source());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1) ? PutResult.ADDED : PutResult.REPLACED;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot store access entry " + entry + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the entry with this key (normalized as {@link AccessKind#normalizeKey} does); false
     * when there is none.
     *
     * @throws IllegalArgumentException when the key is not valid for the kind
     */
    public boolean delete(AccessKind kind, String key) {
        String k = kind.normalizeKey(key);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("delete from access_entries where kind = ? and key = ?")) {
            ps.setString(1, kind.tableName());
            ps.setString(2, k);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("cannot delete access entry " + kind.tableName() + " " + k + ": " + e.getMessage(), e);
        }
    }

    /** The entry with this key, if any. */
    public Optional<AccessEntry> find(AccessKind kind, String key) {
        String k = kind.normalizeKey(key);
        return read("select kind, key, action from access_entries where kind = ? and key = ?", kind.tableName(), k)
                .stream().findFirst();
    }

    /** Every entry of every table, ordered by kind (client, helo, sender, recipient), then key. */
    public List<AccessEntry> list() {
        return read("select kind, key, action from access_entries");
    }

    /** The entries of one table, ordered by key. */
    public List<AccessEntry> list(AccessKind kind) {
        return read("select kind, key, action from access_entries where kind = ?", kind.tableName());
    }

    /**
     * Makes the table of {@code kind} hold exactly {@code entries}, in one transaction: readers see
     * the old table or the new one, never a mixture, and after a failure the old one stays.
     *
     * @throws IllegalArgumentException when an entry is of another kind (nothing is changed)
     * @throws StoreException when writing fails, e.g. two entries with the same key (nothing is changed)
     */
    public void replaceAll(AccessKind kind, List<AccessEntry> entries) {
        for (AccessEntry e : entries) {
            if (e.kind() != kind) {
                throw new IllegalArgumentException("entry " + e + " is not a " + kind.tableName() + " entry");
            }
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("delete from access_entries where kind = ?")) {
                    ps.setString(1, kind.tableName());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("insert into access_entries (kind, key, action) values (?, ?, ?)")) {
                    for (AccessEntry e : entries) {
                        ps.setString(1, kind.tableName());
                        ps.setString(2, e.key());
                        ps.setString(3, e.action().source());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            throw new StoreException("cannot replace the " + kind.tableName() + " access table (it is unchanged): "
                    + cause.getMessage(), e);
        }
    }

    /** The change counter: differs from a {@link AccessSnapshot}'s when the tables changed since it was taken. */
    public long version() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select version from access_version")) {
            if (!rs.next()) {
                throw new StoreException("access_version has no row: the schema is damaged");
            }
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot read the access table version: " + e.getMessage(), e);
        }
    }

    /** Every table and the counter that goes with them, read in one consistent view. */
    public AccessSnapshot snapshot() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // for this transaction only: a pooled connection keeps its settings
                s.execute("set transaction isolation level repeatable read, read only");
                long version;
                try (ResultSet rs = s.executeQuery("select version from access_version")) {
                    rs.next();
                    version = rs.getLong(1);
                }
                List<AccessEntry> entries;
                try (ResultSet rs = s.executeQuery("select kind, key, action from access_entries")) {
                    entries = entries(rs);
                }
                c.commit();
                return new AccessSnapshot(version, entries);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the access tables: " + e.getMessage(), e);
        }
    }

    private List<AccessEntry> read(String sql, String... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return entries(rs);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the access tables: " + e.getMessage(), e);
        }
    }

    /** Sorted here, not in SQL: key order must not depend on the database's collation. */
    private static List<AccessEntry> entries(ResultSet rs) throws SQLException {
        List<AccessEntry> all = new ArrayList<>();
        while (rs.next()) {
            String kind = rs.getString(1);
            String key = rs.getString(2);
            String action = rs.getString(3);
            try {
                all.add(AccessEntry.of(AccessKind.fromName(kind), key, action));
            } catch (IllegalArgumentException e) {
                throw new StoreException("access_entries row (" + kind + ", " + key + ") is invalid: " + e.getMessage(), e);
            }
        }
        all.sort(ORDER);
        return List.copyOf(all);
    }
}
