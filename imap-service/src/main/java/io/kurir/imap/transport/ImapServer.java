package io.kurir.imap.transport;

import io.kurir.imap.config.ImapConfig;
import io.kurir.imap.session.ClientLink;
import io.kurir.imap.session.ImapSession;
import io.kurir.mail.NetworkList;
import io.kurir.store.AccountStore;
import io.kurir.store.MailboxNotifications;
import io.kurir.store.MailboxStore;
import io.kurir.tls.TlsMaterial;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The IMAP listeners: 143 with STARTTLS and 993 with implicit TLS (RFC 8314) in a cluster; one
 * {@link ImapConnection} per client. The per-address connection count covers both.
 */
@ApplicationScoped
public class ImapServer {

    private static final Logger LOG = Logger.getLogger("imap");

    private final Vertx vertx;
    private final ImapConfig config;
    private final MailboxStore store;
    private final AccountStore accounts;
    private final NetworkList trusted;
    private final MailboxNotifications notifications;
    private NetServer plain;
    private Optional<NetServer> implicitTls = Optional.empty();
    private final ConcurrentHashMap<String, Integer> connections = new ConcurrentHashMap<>();

    public ImapServer(Vertx vertx, ImapConfig config, MailboxStore store, AccountStore accounts,
            MailboxNotifications notifications) {
        this.notifications = notifications;
        this.vertx = vertx;
        this.config = config;
        this.store = store;
        this.accounts = accounts;
        this.trusted = NetworkList.parse(config.mynetworks());
    }

    void start(@Observes StartupEvent event) throws IOException {
        String hostname = config.domains().myhostname();
        TlsMaterial tls = TlsMaterial.load(config.imapTlsCertFile(), config.imapTlsKeyFile(), hostname, "imap-tls-cert-file",
                "imap-tls-key-file");
        if (tls.selfSigned()) {
            LOG.warnf("no imap-tls-cert-file configured: using a self-signed certificate for %s (clients will not trust it)",
                    hostname);
        }
        var keyCert = new PemKeyCertOptions().setCertValue(Buffer.buffer(tls.certificatePem()))
                .setKeyValue(Buffer.buffer(tls.privateKeyPem()));
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
            boolean local = trusted.contains(client);
            int now = connections.merge(client, 1, Integer::sum);
            if (!local && now > config.imapClientConnectionCountLimit()) {
                connections.merge(client, -1, Integer::sum);
                LOG.warnf("imap-login: Too many connections from %s", client);
                socket.write("* BYE Too many connections from your IP address.\r\n").onComplete(v -> socket.close());
                return;
            }
            var link = new ClientLink(client, local, implicit, !implicit, !config.disablePlaintextAuth());
            ImapSession session = new ImapSession(store, accounts, config.domains(), link, Clock.systemUTC());
            new ImapConnection(vertx, socket, session, idle, authFailureDelay, notifications,
                    Duration.ofSeconds(config.imapIdleCheckIntervalSeconds()), () -> connections.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1)).start();
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
