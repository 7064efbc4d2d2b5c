package io.kurir.imap.transport;

import io.kurir.imap.config.ImapConfig;
import io.kurir.mail.NetworkList;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Connections per client address outside mynetworks, IMAP and POP3 together
 * ({@code imap-client-connection-count-limit}, Dovecot's mail_max_userip_connections-like cap).
 */
@ApplicationScoped
public class ConnectionLimiter {

    private final NetworkList trusted;
    private final int limit;
    private final ConcurrentHashMap<String, Integer> connections = new ConcurrentHashMap<>();

    public ConnectionLimiter(ImapConfig config) {
        this.trusted = NetworkList.parse(config.mynetworks());
        this.limit = config.imapClientConnectionCountLimit();
    }

    /** Whether the address is in mynetworks (no cap, and treated as secure for plain-text passwords). */
    boolean trusted(String address) {
        return trusted.contains(address);
    }

    /** Counts a new connection; answers how to uncount it (once), or empty when the address is over the cap. */
    Optional<Runnable> admit(String address) {
        int now = connections.merge(address, 1, Integer::sum);
        Runnable release = releaser(address);
        if (!trusted(address) && now > limit) {
            release.run();
            return Optional.empty();
        }
        return Optional.of(release);
    }

    private Runnable releaser(String address) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                connections.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
            }
        };
    }
}
