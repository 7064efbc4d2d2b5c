package io.kurir.imap.transport;

import io.kurir.imap.config.ImapConfig;
import io.kurir.imap.session.ImapSession;
import io.kurir.store.AccountStore;
import io.kurir.store.MailboxStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
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
    private final Networks trusted;
    private NetServer server;
    private final java.util.concurrent.ConcurrentHashMap<String, Integer> connections = new java.util.concurrent.ConcurrentHashMap<>();

    public ImapServer(Vertx vertx, ImapConfig config, MailboxStore store, AccountStore accounts) {
        this.vertx = vertx;
        this.config = config;
        this.store = store;
        this.accounts = accounts;
        this.trusted = Networks.parse(config.mynetworks());
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

    /** mynetworks: IPv4/IPv6 CIDR blocks, no DNS. */
    record Networks(java.util.List<byte[][]> blocks) {
        static Networks parse(String text) {
            java.util.List<byte[][]> out = new java.util.ArrayList<>();
            for (String entry : text.trim().split("[,\\s]+")) {
                if (entry.isEmpty()) {
                    continue;
                }
                String host = entry;
                int bits = -1;
                int slash = entry.indexOf('/');
                if (slash >= 0) {
                    host = entry.substring(0, slash);
                    bits = Integer.parseInt(entry.substring(slash + 1));
                }
                host = host.replace("[", "").replace("]", "");
                if (!host.matches("[0-9a-fA-F:.]+")) {
                    throw new IllegalArgumentException("bad mynetworks entry '" + entry + "': not an address");
                }
                byte[] address;
                try {
                    address = InetAddress.getByName(host).getAddress();
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalArgumentException("bad mynetworks entry '" + entry + "'", e);
                }
                out.add(new byte[][] {address, new byte[] {(byte) (bits < 0 ? address.length * 8 : bits)}});
            }
            return new Networks(out);
        }

        boolean contains(String ip) {
            byte[] a;
            try {
                a = InetAddress.getByName(ip).getAddress();
            } catch (java.net.UnknownHostException e) {
                return false;
            }
            for (byte[][] block : blocks) {
                byte[] net = block[0];
                int bits = block[1][0] & 0xff;
                if (net.length != a.length) {
                    continue;
                }
                boolean match = true;
                for (int i = 0; i < bits && match; i++) {
                    int mask = 0x80 >> (i % 8);
                    match = (net[i / 8] & mask) == (a[i / 8] & mask);
                }
                if (match) {
                    return true;
                }
            }
            return false;
        }
    }
}
