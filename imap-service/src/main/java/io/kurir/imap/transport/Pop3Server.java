package io.kurir.imap.transport;

import io.kurir.imap.config.ImapConfig;
import io.kurir.imap.session.ClientLink;
import io.kurir.imap.session.Pop3Session;
import io.kurir.imap.store.MaildropLocks;
import io.kurir.store.AccountStore;
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
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The POP3 listeners, as Dovecot's pop3: 110 with STLS and 995 with implicit TLS in a cluster
 * (pop3-port, pop3s-port; -1 turns either off). Same bind address, certificate, mynetworks rule,
 * per-address cap and auth failure delay as IMAP.
 */
@ApplicationScoped
public class Pop3Server {

    private static final Logger LOG = Logger.getLogger("pop3");

    private final Vertx vertx;
    private final ImapConfig config;
    private final MailboxStore store;
    private final AccountStore accounts;
    private final MaildropLocks locks;
    private final ConnectionLimiter limiter;
    private final ServerTls tls;
    private Optional<NetServer> plain = Optional.empty();
    private Optional<NetServer> implicitTls = Optional.empty();

    public Pop3Server(Vertx vertx, ImapConfig config, MailboxStore store, AccountStore accounts, MaildropLocks locks,
            ConnectionLimiter limiter, ServerTls tls) {
        this.vertx = vertx;
        this.config = config;
        this.store = store;
        this.accounts = accounts;
        this.locks = locks;
        this.limiter = limiter;
        this.tls = tls;
    }

    void start(@Observes StartupEvent event) {
        if (config.pop3Port() >= 0) {
            plain = Optional.of(listen(config.pop3Port(), false, tls.keyCert()));
        } else {
            LOG.info("pop3 listener off");
        }
        if (config.pop3sPort() >= 0) {
            implicitTls = Optional.of(listen(config.pop3sPort(), true, tls.keyCert()));
        } else {
            LOG.info("pop3s listener off");
        }
    }

    private NetServer listen(int port, boolean implicit, PemKeyCertOptions keyCert) {
        Duration idle = Duration.ofSeconds(config.pop3IdleTimeoutSeconds());
        Duration authFailureDelay = Duration.ofMillis(config.imapAuthFailureDelayMillis());
        var options = new NetServerOptions().setHost(config.imapBindAddress()).setPort(port).setKeyCertOptions(keyCert)
                .setEnabledSecureTransportProtocols(TlsMaterial.PROTOCOLS).setSsl(implicit);
        NetServer server = vertx.createNetServer(options).connectHandler(socket -> {
            String client = socket.remoteAddress().hostAddress();
            Optional<Runnable> admitted = limiter.admit(client);
            if (admitted.isEmpty()) {
                LOG.warnf("pop3-login: Too many connections from %s", client);
                socket.write("-ERR [SYS/TEMP] Too many connections from your IP address.\r\n").onComplete(v -> socket.close());
                return;
            }
            var link = new ClientLink(client, limiter.trusted(client), implicit, !implicit, !config.disablePlaintextAuth());
            Pop3Session session = new Pop3Session(store, accounts, config.domains(), locks, link);
            new Pop3Connection(vertx, socket, session, idle, authFailureDelay, admitted.get()).start();
        });
        server.listen().toCompletionStage().toCompletableFuture().join();
        LOG.infof("%s listening on %s:%d", implicit ? "pop3s" : "pop3", config.imapBindAddress(), server.actualPort());
        return server;
    }

    void stop(@Observes ShutdownEvent event) {
        implicitTls.ifPresent(s -> s.close().toCompletionStage().toCompletableFuture().join());
        plain.ifPresent(s -> s.close().toCompletionStage().toCompletableFuture().join());
    }

    /** The POP3 port actually bound (differs from the configured one when that is 0). */
    public int port() {
        return plain.orElseThrow(() -> new IllegalStateException("pop3-port is off")).actualPort();
    }

    /** The POP3S port actually bound, when that listener is on. */
    public int tlsPort() {
        return implicitTls.orElseThrow(() -> new IllegalStateException("pop3s-port is off")).actualPort();
    }
}
