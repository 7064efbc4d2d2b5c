package io.kurir.store.alias;

import io.kurir.mail.DomainClasses;
import io.kurir.mail.DomainClasses.DomainClass;
import io.kurir.mail.alias.AliasEntry;
import io.kurir.mail.canonical.CanonicalEntry;
import io.kurir.mail.canonical.CanonicalMaps;
import io.kurir.mail.alias.AliasMaps;
import io.kurir.mail.alias.VirtualFile;
import io.kurir.store.StoreException;
import io.kurir.store.Transactions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Postfix's address-rewriting tables in PostgreSQL (migrations V11, V12, V15): the local aliases of
 * aliases(5), the virtual alias map of virtual(5), the virtual alias domains, per-account forwarding,
 * the virtual mailbox and relay domains, and the canonical maps of canonical(5). Keys are stored in lower case, as Postfix
 * looks them up. Every change raises {@code alias_version} in the same transaction, so readers that
 * cache the tables ({@link AliasTables}) see it at their next check.
 */
public final class AliasStore {

    /** What a put did. */
    public enum PutResult { ADDED, REPLACED }

    /** The tables and the change counter that goes with them, read in one consistent view. */
    public record Snapshot(long version, AliasMaps maps, DomainClasses domains, CanonicalMaps canonical) {
    }

    /** Which canonical table: canonical_maps, sender_canonical_maps or recipient_canonical_maps. */
    public enum CanonicalClass {
        COMMON, SENDER, RECIPIENT;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The Postfix parameter that names this table. */
        public String parameter() {
            return this == COMMON ? "canonical_maps" : column() + "_canonical_maps";
        }
    }

    /** What adding a domain did. */
    public enum DomainResult { ADDED, CHANGED, UNCHANGED }

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AliasStore.class);

    private final DataSource dataSource;

    public AliasStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    // ---------------------------------------------------------------- local aliases (aliases(5))

    public PutResult putLocal(String name, List<String> targets) {
        return put("local_aliases", "name", name, targets);
    }

    public boolean deleteLocal(String name) {
        return delete("local_aliases", "name", name);
    }

    /** Every local alias, by name. */
    public List<AliasEntry> listLocal() {
        return list("select name, targets from local_aliases");
    }

    /** Makes the local aliases exactly {@code entries}, all or nothing (newaliases rebuilding aliases.db). */
    public void replaceLocal(List<AliasEntry> entries) {
        Transactions.run(dataSource, "replace the local aliases", c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("delete from local_aliases");
            }
            insert(c, "insert into local_aliases (name, targets) values (?, ?)", entries);
            return null;
        });
    }

    // ---------------------------------------------------------------- virtual aliases (virtual(5))

    public PutResult putVirtual(String pattern, List<String> targets) {
        return put("virtual_aliases", "pattern", pattern, targets);
    }

    public boolean deleteVirtual(String pattern) {
        return delete("virtual_aliases", "pattern", pattern);
    }

    /** Every virtual alias, by pattern. */
    public List<AliasEntry> listVirtual() {
        return list("select pattern, targets from virtual_aliases");
    }

    /** Makes a domain a virtual alias domain (out of any other class); false when it was one already. */
    public boolean addVirtualDomain(String domain) {
        return putDomain(domain, DomainClass.VIRTUAL_ALIAS) != DomainResult.UNCHANGED;
    }

    public boolean deleteVirtualDomain(String domain) {
        return delete("virtual_alias_domains", "domain", domain);
    }

    /** The virtual alias domains, sorted. */
    public List<String> virtualDomains() {
        return Transactions.run(dataSource, "read the virtual alias domains", c -> domains(c));
    }

    /**
     * Makes the virtual alias map and the virtual alias domains exactly what a virtual(5) file says,
     * all or nothing (postmap rebuilding virtual.db).
     */
    public void replaceVirtual(VirtualFile.Parsed parsed) {
        Transactions.run(dataSource, "replace the virtual aliases", c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("delete from virtual_aliases");
                s.executeUpdate("delete from virtual_alias_domains");
            }
            insert(c, "insert into virtual_aliases (pattern, targets) values (?, ?)", parsed.aliases());
            try (PreparedStatement ps = c.prepareStatement("delete from mail_domains where domain = any(?)")) {
                // a domain has one class: declared a virtual alias domain, it is no longer a mailbox or relay domain
                ps.setArray(1, c.createArrayOf("text", parsed.domains().stream().map(d -> d.toLowerCase(Locale.ROOT)).toArray()));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into virtual_alias_domains (domain) values (?)")) {
                for (String d : parsed.domains()) {
                    ps.setString(1, d.toLowerCase(Locale.ROOT));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- canonical maps (canonical(5))

    public PutResult putCanonical(CanonicalClass table, String pattern, String result) {
        return Transactions.run(dataSource, "put " + table.parameter() + " " + pattern, c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into canonical_maps (map_class, pattern, result) "
                    + "values (?, ?, ?) on conflict (map_class, pattern) do update set result = excluded.result, "
                    + "updated_at = now() returning (xmax = 0)")) {
                ps.setString(1, table.column());
                ps.setString(2, pattern.toLowerCase(Locale.ROOT));
                ps.setString(3, result);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1) ? PutResult.ADDED : PutResult.REPLACED;
                }
            }
        });
    }

    public boolean deleteCanonical(CanonicalClass table, String pattern) {
        return Transactions.run(dataSource, "delete " + table.parameter() + " " + pattern, c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from canonical_maps where map_class = ? and pattern = ?")) {
                ps.setString(1, table.column());
                ps.setString(2, pattern.toLowerCase(Locale.ROOT));
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** One canonical table's entries, sorted by pattern. */
    public List<CanonicalEntry> listCanonical(CanonicalClass table) {
        return Transactions.run(dataSource, "read " + table.parameter(), c -> {
            List<CanonicalEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select pattern, result from canonical_maps where map_class = ?")) {
                ps.setString(1, table.column());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new CanonicalEntry(rs.getString(1), rs.getString(2), 0));
                    }
                }
            }
            out.sort(Comparator.comparing(CanonicalEntry::pattern));
            return out;
        });
    }

    /** Makes one canonical table exactly {@code entries}, all or nothing (postmap rebuilding canonical.db). */
    public void replaceCanonical(CanonicalClass table, List<CanonicalEntry> entries) {
        Transactions.run(dataSource, "replace " + table.parameter(), c -> {
            try (PreparedStatement del = c.prepareStatement("delete from canonical_maps where map_class = ?")) {
                del.setString(1, table.column());
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into canonical_maps (map_class, pattern, result) values (?, ?, ?)")) {
                for (CanonicalEntry e : entries) {
                    ps.setString(1, table.column());
                    ps.setString(2, e.pattern().toLowerCase(Locale.ROOT));
                    ps.setString(3, e.result());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- domain classes (./kurir domain)

    /**
     * Makes a domain a virtual mailbox, virtual alias or relay domain, moving it out of any other
     * class it was in (a domain has one class). {@code local} domains are mydestination, a setting.
     *
     * @throws IllegalArgumentException for {@link DomainClass#LOCAL} and {@link DomainClass#DEFAULT}
     */
    public DomainResult putDomain(String domain, DomainClass domainClass) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (domainClass == DomainClass.LOCAL || domainClass == DomainClass.DEFAULT) {
            throw new IllegalArgumentException("local domains are mydestination, a setting (kurir.mydestination); "
                    + "the classes kept here are virtual-mailbox, virtual-alias and relay");
        }
        return Transactions.run(dataSource, "add domain " + d, c -> {
            Optional<DomainClass> before = domainClass(c, d);
            if (before.equals(Optional.of(domainClass))) {
                return DomainResult.UNCHANGED;
            }
            try (PreparedStatement del1 = c.prepareStatement("delete from virtual_alias_domains where domain = ?");
                    PreparedStatement del2 = c.prepareStatement("delete from mail_domains where domain = ?")) {
                del1.setString(1, d);
                del1.executeUpdate();
                del2.setString(1, d);
                del2.executeUpdate();
            }
            String sql = domainClass == DomainClass.VIRTUAL_ALIAS ? "insert into virtual_alias_domains (domain) values (?)"
                    : "insert into mail_domains (domain, domain_class) values (?, ?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, d);
                if (domainClass != DomainClass.VIRTUAL_ALIAS) {
                    ps.setString(2, domainClass.word());
                }
                ps.executeUpdate();
            }
            return before.isPresent() ? DomainResult.CHANGED : DomainResult.ADDED;
        });
    }

    /** Removes a domain from whichever class it is in; false when it is in none. */
    public boolean deleteDomain(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        return Transactions.run(dataSource, "delete domain " + d, c -> {
            int n = 0;
            for (String sql : List.of("delete from virtual_alias_domains where domain = ?",
                    "delete from mail_domains where domain = ?")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, d);
                    n += ps.executeUpdate();
                }
            }
            return n > 0;
        });
    }

    /** Every domain kept here with its class, sorted by domain. */
    public Map<String, DomainClass> domainClasses() {
        return Transactions.run(dataSource, "read the domains", c -> {
            Map<String, DomainClass> out = new java.util.TreeMap<>();
            for (String d : domains(c)) {
                out.put(d, DomainClass.VIRTUAL_ALIAS);
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select domain, domain_class from mail_domains")) {
                while (rs.next()) {
                    out.put(rs.getString(1), DomainClass.of(rs.getString(2)));
                }
            }
            return out;
        });
    }

    private static Optional<DomainClass> domainClass(Connection c, String d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 'virtual-alias' from virtual_alias_domains where domain = ? "
                + "union all select domain_class from mail_domains where domain = ?")) {
            ps.setString(1, d);
            ps.setString(2, d);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(DomainClass.of(rs.getString(1))) : Optional.empty();
            }
        }
    }

    // ---------------------------------------------------------------- forwarding (~/.forward)

    /**
     * Sets where an account's mail is forwarded. Returns false, and changes nothing, when there is
     * no such account.
     */
    public boolean setForward(String account, AliasMaps.Forward forward) {
        return Transactions.run(dataSource, "set the forward of " + account, c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into account_forwards (account, targets, keep_copy) "
                    + "select name, ?, ? from accounts where name = ? on conflict (account) do update "
                    + "set targets = excluded.targets, keep_copy = excluded.keep_copy, updated_at = now()")) {
                ps.setArray(1, c.createArrayOf("text", forward.targets().toArray()));
                ps.setBoolean(2, forward.keepCopy());
                ps.setString(3, account.toLowerCase(Locale.ROOT));
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Stops forwarding an account's mail; false when it was not forwarded. */
    public boolean clearForward(String account) {
        return delete("account_forwards", "account", account);
    }

    /** Every forwarded account and where its mail goes, by account name. */
    public Map<String, AliasMaps.Forward> forwards() {
        return Transactions.run(dataSource, "read the forwards", AliasStore::forwards);
    }

    private static Map<String, AliasMaps.Forward> forwards(Connection c) throws SQLException {
        Map<String, AliasMaps.Forward> out = new java.util.TreeMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select account, targets, keep_copy from account_forwards")) {
            while (rs.next()) {
                out.put(rs.getString(1), new AliasMaps.Forward(
                        List.copyOf(Arrays.asList((String[]) rs.getArray(2).getArray())), rs.getBoolean(3)));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- readers

    /** The change counter: differs from a {@link Snapshot}'s when a table changed since it was taken. */
    public long version() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true); // one statement: no transaction around it
            try (ResultSet rs = s.executeQuery("select version from alias_version")) {
                if (!rs.next()) {
                    throw new StoreException("alias_version has no row: the schema is damaged");
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("read the alias table version failed: " + e.getMessage(), e);
        }
    }

    public Snapshot snapshot() {
        return Transactions.run(dataSource, "read the alias tables", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("set transaction isolation level repeatable read, read only");
                long version;
                try (ResultSet rs = s.executeQuery("select version from alias_version")) {
                    rs.next();
                    version = rs.getLong(1);
                }
                Map<String, List<String>> local = map(c, "select name, targets from local_aliases");
                Map<String, List<String>> virtual = map(c, "select pattern, targets from virtual_aliases");
                Set<String> domains = new LinkedHashSet<>(domains(c));
                Set<String> mailbox = new LinkedHashSet<>();
                Set<String> relay = new LinkedHashSet<>();
                try (ResultSet rs = s.executeQuery("select domain, domain_class from mail_domains")) {
                    while (rs.next()) {
                        (rs.getString(2).equals("relay") ? relay : mailbox).add(rs.getString(1));
                    }
                }
                Map<CanonicalClass, Map<String, String>> canonical = new java.util.EnumMap<>(CanonicalClass.class);
                for (CanonicalClass k : CanonicalClass.values()) {
                    canonical.put(k, new java.util.HashMap<>());
                }
                try (ResultSet rs = s.executeQuery("select map_class, pattern, result from canonical_maps")) {
                    while (rs.next()) {
                        String pattern = rs.getString(2);
                        String result = rs.getString(3);
                        try {
                            new CanonicalMaps(Map.of(pattern, result), Map.of(), Map.of()); // ./kurir canonical checks this; psql does not
                        } catch (IllegalArgumentException e) {
                            LOG.warnf("warning: canonical_maps row %s -> %s ignored: %s", pattern, result, e.getMessage());
                            continue;
                        }
                        canonical.get(CanonicalClass.valueOf(rs.getString(1).toUpperCase(Locale.ROOT))).put(pattern, result);
                    }
                }
                return new Snapshot(version, new AliasMaps(local, virtual, domains, forwards(c)),
                        new DomainClasses(mailbox, relay), new CanonicalMaps(canonical.get(CanonicalClass.COMMON),
                                canonical.get(CanonicalClass.SENDER), canonical.get(CanonicalClass.RECIPIENT)));
            }
        });
    }

    // ---------------------------------------------------------------- helpers

    private PutResult put(String table, String keyColumn, String key, List<String> targets) {
        return Transactions.run(dataSource, "put " + table + " " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into " + table + " (" + keyColumn + ", targets) "
                    + "values (?, ?) on conflict (" + keyColumn + ") do update set targets = excluded.targets, "
                    + "updated_at = now() returning (xmax = 0)")) { // xmax is 0 for a row made by an insert
                ps.setString(1, key.toLowerCase(Locale.ROOT));
                ps.setArray(2, c.createArrayOf("text", targets.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1) ? PutResult.ADDED : PutResult.REPLACED;
                }
            }
        });
    }

    private boolean delete(String table, String keyColumn, String key) {
        return Transactions.run(dataSource, "delete " + table + " " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where " + keyColumn + " = ?")) {
                ps.setString(1, key.toLowerCase(Locale.ROOT));
                return ps.executeUpdate() == 1;
            }
        });
    }

    private List<AliasEntry> list(String sql) {
        return Transactions.run(dataSource, "read the alias tables", c -> {
            List<AliasEntry> out = new ArrayList<>();
            map(c, sql).forEach((k, v) -> out.add(new AliasEntry(k, v, 0)));
            return out;
        });
    }

    /** Sorted here, not in SQL: key order must not depend on the database's collation. */
    private static Map<String, List<String>> map(Connection c, String sql) throws SQLException {
        List<Map.Entry<String, List<String>>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                Array targets = rs.getArray(2);
                rows.add(Map.entry(rs.getString(1), List.copyOf(Arrays.asList((String[]) targets.getArray()))));
            }
        }
        rows.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        Map<String, List<String>> out = new LinkedHashMap<>();
        rows.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static List<String> domains(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select domain from virtual_alias_domains")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static void insert(Connection c, String sql, List<AliasEntry> entries) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (AliasEntry e : entries) {
                ps.setString(1, e.key().toLowerCase(Locale.ROOT));
                ps.setArray(2, c.createArrayOf("text", e.targets().toArray()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
