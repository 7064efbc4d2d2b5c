package io.kurir.imap.transport;

import io.kurir.imap.config.ImapConfig;
import io.kurir.imap.session.ImapSession;
import io.kurir.mail.NetworkList;
import io.kurir.store.AccountStore;
import io.kurir.store.MailboxStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/** The IMAP listener (143 in a cluster): one {@link ImapConnection} per client. */
@ApplicationScoped
public class ImapServer {

    private static final Logger LOG = Logger.getLogger("imap");

    private final Vertx vertx;
    private final ImapConfig config;
    private final MailboxStore store;
    private final AccountStore accounts;
    private final NetworkList trusted;
    private NetServer server;
    private final java.util.concurrent.ConcurrentHashMap<String, Integer> connections = new java.util.concurrent.ConcurrentHashMap<>();

    public ImapServer(Vertx vertx, ImapConfig config, MailboxStore store, AccountStore accounts) {
        this.vertx = vertx;
        this.config = config;
        this.store = store;
        this.accounts = accounts;
        this.trusted = NetworkList.parse(config.mynetworks());
    }

    void start(@Observes StartupEvent event) {
        var domains = config.domains();
        Duration idle = Duration.ofSeconds(config.imapIdleTimeoutSeconds());
        server = vertx.createNetServer(new NetServerOptions().setHost(config.imapBindAddress()).setPort(config.imapPort()))
                .connectHandler(socket -> {
                    String client = socket.remoteAddress().hostAddress();
                    boolean local = trusted.contains(client);
                    int now = connections.merge(client, 1, Integer::sum);
                    if (!local && now > config.imapClientConnectionCountLimit()) {
                        connections.merge(client, -1, Integer::sum);
                        LOG.warnf("imap-login: Too many connections from %s", client);
                        socket.write("* BYE Too many connections from your IP address.\r\n").onComplete(v -> socket.close());
                        return;
                    }
                    ImapSession session = new ImapSession(store, accounts, domains, local, client, Clock.systemUTC());
                    new ImapConnection(vertx, socket, session, idle, Duration.ofMillis(config.imapAuthFailureDelayMillis()),
                            () -> connections.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1)).start();
                });
        server.listen().toCompletionStage().toCompletableFuture().join();
        LOG.infof("imap listening on %s:%d", config.imapBindAddress(), server.actualPort());
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** The port actually bound (differs from the configured one when that is 0). */
    public int port() {
        return server.actualPort();
    }
}
