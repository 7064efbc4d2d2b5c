package io.kurir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * Accounts (the course's {@code useradd}/{@code passwd}). Names are local parts, stored in lower
 * case as Postfix's local(8) folds them. Creating an account creates its INBOX and the special-use
 * folders every IMAP client expects (RFC 6154).
 */
public final class AccountStore {

    /** Folders every account gets: name and special-use attribute. */
    public static final List<String[]> DEFAULT_FOLDERS = List.of(
            new String[] {"INBOX", null},
            new String[] {"Drafts", "\\Drafts"},
            new String[] {"Sent", "\\Sent"},
            new String[] {"Trash", "\\Trash"},
            new String[] {"Junk", "\\Junk"},
            new String[] {"Archive", "\\Archive"});

    /** Outcome of {@link #create}. */
    public enum CreateResult { CREATED, ALREADY_EXISTS }

    private final DataSource dataSource;

    private final AuthCache authCache = new AuthCache(java.time.Clock.systemUTC());

    public AccountStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private static final String LOCAL_NAME = "[a-z0-9!#$%&'*/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*/=?^_`{|}~-]+)*";
    private static final String DOMAIN = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+";

    /**
     * Account names: a valid unquoted local part without the recipient delimiter (a local account, mail for
     * every mydestination domain), or such a local part {@code @} a domain (an account of a virtual mailbox domain).
     */
    public static boolean isValidName(String name) {
        if (name == null) {
            return false;
        }
        int at = name.indexOf('@');
        String local = at < 0 ? name : name.substring(0, at);
        return local.matches(LOCAL_NAME) && local.length() <= 64
                && (at < 0 || name.substring(at + 1).matches(DOMAIN) && name.length() <= 254);
    }

    /**
     * The account a login name stands for, as smtpd (SASL), IMAP and POP3 log in: {@code user} or
     * {@code user@localdomain} is the local account {@code user}; {@code user@otherdomain} the virtual
     * mailbox account of that name (which exists only when the domain is a virtual mailbox domain and the
     * account was added). Empty when the login is not an address.
     */
    public static Optional<String> accountName(String login, io.kurir.mail.MailDomains domains) {
        Optional<io.kurir.mail.MailAddress> parsed = io.kurir.mail.MailAddress.parse(login);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        io.kurir.mail.MailAddress a = parsed.get();
        if (a.domain().isEmpty() || domains.isLocalDomain(a.domain().get())) {
            return Optional.of(a.localPart());
        }
        return Optional.of(a.localPart() + "@" + a.domainLowerCase().orElseThrow());
    }

    public static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    public CreateResult create(String name, char[] password) {
        String n = normalize(name);
        if (!isValidName(n)) {
            throw new IllegalArgumentException("invalid account name '" + name
                    + "': use letters, digits and . _ - (no +, at most 64 characters), optionally @ a virtual mailbox domain");
        }
        String hash = PasswordHasher.hash(password);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into accounts (name, password_hash) values (?, ?) on conflict (name) do nothing returning id")) {
                    ps.setString(1, n);
                    ps.setString(2, hash);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return CreateResult.ALREADY_EXISTS;
                        }
                        id = rs.getLong(1);
                    }
                }
                long uidvalidity = Instant.now().getEpochSecond();
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into mailboxes (account_id, name, uidvalidity, special_use) values (?, ?, ?, ?)")) {
                    for (String[] folder : DEFAULT_FOLDERS) {
                        ps.setLong(1, id);
                        ps.setString(2, folder[0]);
                        ps.setLong(3, uidvalidity);
                        ps.setString(4, folder[1]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
                return CreateResult.CREATED;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot create account: " + e.getMessage(), e);
        }
    }

    public Optional<Account> find(String name) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select id, name, created_at from accounts where name = ?")) {
            ps.setString(1, normalize(name));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(account(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("account lookup failed: " + e.getMessage(), e);
        }
    }

    public boolean exists(String name) {
        return find(name).isPresent();
    }

    public List<Account> list() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select id, name, created_at from accounts order by name")) {
            List<Account> all = new ArrayList<>();
            while (rs.next()) {
                all.add(account(rs));
            }
            return all;
        } catch (SQLException e) {
            throw new StoreException("account list failed: " + e.getMessage(), e);
        }
    }

    /** Returns false when there is no such account. */
    public boolean setPassword(String name, char[] password) {
        return update("update accounts set password_hash = ? where name = ?", PasswordHasher.hash(password), normalize(name));
    }

    /**
     * What an account stores and may store: the octets and messages in all its mailboxes, and its own
     * quota (empty: the service's default applies; 0: no limit).
     */
    public record Usage(long bytes, long messages, OptionalLong quotaBytes) {
    }

    /** The account's usage, summed in PostgreSQL; empty when there is no such account. */
    public Optional<Usage> usage(String name) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select a.quota_bytes, coalesce(sum(m.size), 0), count(m.id) from accounts a "
                        + "left join mailboxes b on b.account_id = a.id left join messages m on m.mailbox_id = b.id "
                        + "where a.name = ? group by a.id, a.quota_bytes")) {
            ps.setString(1, normalize(name));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long quota = rs.getLong(1);
                OptionalLong own = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(quota);
                return Optional.of(new Usage(rs.getLong(2), rs.getLong(3), own));
            }
        } catch (SQLException e) {
            throw new StoreException("account usage failed: " + e.getMessage(), e);
        }
    }

    /** The account's own quota (empty: the default applies; 0: none), without summing its mail; empty for no account too. */
    public OptionalLong ownQuota(String name) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select quota_bytes from accounts where name = ?")) {
            ps.setString(1, normalize(name));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return OptionalLong.empty();
                }
                long quota = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(quota);
            }
        } catch (SQLException e) {
            throw new StoreException("account lookup failed: " + e.getMessage(), e);
        }
    }

    /** Sets the account's own quota in octets (0: no limit), or back to the default; false when there is no such account. */
    public boolean setQuota(String name, OptionalLong bytes) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("update accounts set quota_bytes = ? where name = ?")) {
            if (bytes.isPresent()) {
                ps.setLong(1, bytes.getAsLong());
            } else {
                ps.setNull(1, java.sql.Types.BIGINT);
            }
            ps.setString(2, normalize(name));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("account update failed: " + e.getMessage(), e);
        }
    }

    /** Deletes the account with all its mailboxes and messages; false when there is none. */
    public boolean delete(String name) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("delete from accounts where name = ? returning id")) {
                ps.setString(1, normalize(name));
                boolean deleted;
                try (ResultSet rs = ps.executeQuery()) {
                    deleted = rs.next();
                }
                // blobs of the deleted messages are no longer referenced
                try (Statement s = c.createStatement()) {
                    s.execute("delete from blobs b where b.id like 'dlv/%' "
                            + "and not exists (select 1 from messages m where m.blob_id = b.id)");
                }
                c.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("account delete failed: " + e.getMessage(), e);
        }
    }

    /** True when the account exists and the password matches. */
    public boolean authenticate(String name, char[] password) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select password_hash from accounts where name = ?")) {
            ps.setString(1, normalize(name));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                String account = normalize(name);
                String stored = rs.getString(1);
                if (authCache.verified(account, stored, password)) {
                    return true;
                }
                boolean ok = PasswordHasher.verify(password, stored);
                if (ok) {
                    authCache.remember(account, stored, password);
                }
                return ok;
            }
        } catch (SQLException e) {
            throw new StoreException("authentication lookup failed: " + e.getMessage(), e);
        }
    }

    private boolean update(String sql, String a, String b) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, a);
            ps.setString(2, b);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("account update failed: " + e.getMessage(), e);
        }
    }

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant());
    }
}
