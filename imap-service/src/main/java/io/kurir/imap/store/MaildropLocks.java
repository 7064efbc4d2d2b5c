package io.kurir.imap.store;

import io.kurir.store.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The POP3 maildrop lock (RFC 1939 section 8): one POP3 session per account at a time, across every
 * imap-service replica. A PostgreSQL session-level advisory lock held on a connection of the POP3
 * session's own, outside the pool: when the session ends the lock is released, and when the holder
 * dies (process killed, machine gone) PostgreSQL ends its connection and the lock goes with it. See
 * docs/adr/0007-pop3-maildrop-lock.md. IMAP sessions never take it (as in Dovecot).
 *
 * <p>Failure semantics: {@link #tryLock} answers empty when another session holds the lock and
 * throws {@link StoreException} when PostgreSQL cannot be reached.
 */
@ApplicationScoped
public class MaildropLocks {

    private static final Logger LOG = Logger.getLogger("pop3");
    /** The first key of pg_try_advisory_lock(int, int): "POP3", so no other advisory lock collides. */
    static final int POP3_KEY_SPACE = 0x504f5033;

    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;

    public MaildropLocks(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** A held lock; {@link #close} releases it. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the account's maildrop lock, or answers empty at once when another session holds it. */
    public Optional<Lease> tryLock(long accountId) {
        Connection c = connect();
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
            ps.setInt(1, POP3_KEY_SPACE);
            ps.setInt(2, (int) accountId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return Optional.of(() -> release(c));
                }
            }
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StoreException("maildrop lock failed: " + e.getMessage(), e);
        }
        closeQuietly(c);
        return Optional.empty();
    }

    private Connection connect() {
        Properties props = new Properties();
        user.ifPresent(u -> props.setProperty("user", u));
        password.ifPresent(p -> props.setProperty("password", p));
        // a holder that vanished without closing is noticed by PostgreSQL's keepalive, which ends the lock
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", "kurir-pop3-maildrop-lock");
        try {
            // the driver itself, not DriverManager: Quarkus's class loaders keep DriverManager from finding it
            Connection c = new org.postgresql.Driver().connect(url, props);
            if (c == null) {
                throw new StoreException("maildrop lock: not a PostgreSQL URL");
            }
            return c;
        } catch (SQLException e) {
            throw new StoreException("maildrop lock: cannot connect: " + e.getMessage(), e);
        }
    }

    private static void release(Connection c) {
        // closing the connection releases every advisory lock it holds; no unlock call can be forgotten
        closeQuietly(c);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debugf("maildrop lock connection close: %s", e.getMessage());
        }
    }
}
