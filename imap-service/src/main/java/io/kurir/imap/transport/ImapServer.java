package io.kurir.imap.transport;

import io.kurir.imap.config.ImapConfig;
import io.kurir.imap.session.ClientLink;
import io.kurir.imap.session.ImapSession;
import io.kurir.store.AccountStore;
import io.kurir.store.MailboxNotifications;
import io.kurir.store.MailboxStore;
import io.kurir.tls.TlsMaterial;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The IMAP listeners: 143 with STARTTLS and 993 with implicit TLS (RFC 8314) in a cluster; one
 * {@link ImapConnection} per client. The per-address connection count covers both, and POP3.
 */
@ApplicationScoped
public class ImapServer {

    private static final Logger LOG = Logger.getLogger("imap");

    private final Vertx vertx;
    private final ImapConfig config;
    private final MailboxStore store;
    private final AccountStore accounts;
    private final MailboxNotifications notifications;
    private final ConnectionLimiter limiter;
    private final ServerTls tls;
    private NetServer plain;
    private Optional<NetServer> implicitTls = Optional.empty();

    public ImapServer(Vertx vertx, ImapConfig config, MailboxStore store, AccountStore accounts, ConnectionLimiter limiter,
            ServerTls tls, MailboxNotifications notifications) {
        this.notifications = notifications;
        this.vertx = vertx;
        this.config = config;
        this.store = store;
        this.accounts = accounts;
        this.limiter = limiter;
        this.tls = tls;
    }

    void start(@Observes StartupEvent event) {
        var keyCert = tls.keyCert();
        plain = listen(config.imapPort(), false, keyCert);
        if (config.imapsPort() >= 0) {
            implicitTls = Optional.of(listen(config.imapsPort(), true, keyCert));
        } else {
            LOG.info("imaps listener off");
        }
    }

    private NetServer listen(int port, boolean implicit, PemKeyCertOptions keyCert) {
        Duration idle = Duration.ofSeconds(config.imapIdleTimeoutSeconds());
        Duration authFailureDelay = Duration.ofMillis(config.imapAuthFailureDelayMillis());
        var options = new NetServerOptions().setHost(config.imapBindAddress()).setPort(port).setKeyCertOptions(keyCert)
                .setEnabledSecureTransportProtocols(TlsMaterial.PROTOCOLS).setSsl(implicit);
        NetServer server = vertx.createNetServer(options).connectHandler(socket -> {
            String client = socket.remoteAddress().hostAddress();
            Optional<Runnable> admitted = limiter.admit(client);
            if (admitted.isEmpty()) {
                LOG.warnf("imap-login: Too many connections from %s", client);
                socket.write("* BYE Too many connections from your IP address.\r\n").onComplete(v -> socket.close());
                return;
            }
            var link = new ClientLink(client, limiter.trusted(client), implicit, !implicit, !config.disablePlaintextAuth());
            ImapSession session = new ImapSession(store, accounts, config.domains(), link, config.mailboxSizeLimit(), Clock.systemUTC());
            new ImapConnection(vertx, socket, session, idle, authFailureDelay, notifications,
                    Duration.ofSeconds(config.imapIdleCheckIntervalSeconds()), admitted.get()).start();
        });
        server.listen().toCompletionStage().toCompletableFuture().join();
        LOG.infof("%s listening on %s:%d", implicit ? "imaps" : "imap", config.imapBindAddress(), server.actualPort());
        return server;
    }

    void stop(@Observes ShutdownEvent event) {
        implicitTls.ifPresent(s -> s.close().toCompletionStage().toCompletableFuture().join());
        if (plain != null) {
            plain.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** The IMAP port actually bound (differs from the configured one when that is 0). */
    public int port() {
        return plain.actualPort();
    }

    /** The implicit-TLS port actually bound, when that listener is on. */
    public int tlsPort() {
        return implicitTls.orElseThrow(() -> new IllegalStateException("imaps-port is off")).actualPort();
    }
}
