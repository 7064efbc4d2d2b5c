package io.kurir.gateway.transport;

import io.kurir.gateway.config.GatewayConfig;
import io.kurir.gateway.dns.DnsResolver;
import io.kurir.gateway.dns.DnsblSite;
import io.kurir.gateway.dns.PostscreenDnsbl;
import io.kurir.gateway.messaging.MaildropPublisher;
import io.kurir.gateway.policy.AccessTables;
import io.kurir.gateway.policy.AuthService;
import io.kurir.gateway.policy.AuthThrottle;
import io.kurir.gateway.policy.ContentFilter;
import io.kurir.gateway.policy.RcptChecks;
import io.kurir.gateway.policy.RecipientPolicy;
import io.kurir.gateway.policy.Restrictions;
import io.kurir.gateway.session.Listener;
import io.kurir.gateway.session.SessionSettings;
import io.kurir.gateway.session.SmtpSession;
import io.kurir.gateway.store.QueueWriter;
import io.kurir.mail.NetworkList;
import io.kurir.smtp.codec.BareNewline;
import io.kurir.smtp.codec.SmtpInputDecoder;
import io.kurir.smtp.codec.SmtpReply;
import io.kurir.store.AccessStore;
import io.kurir.store.AccountStore;
import io.kurir.store.BlobStore;
import io.kurir.store.alias.AliasStore;
import io.kurir.store.alias.AliasTables;
import io.kurir.store.checks.ChecksStore;
import io.kurir.store.checks.ContentCheckSource;
import io.kurir.store.queue.QueueAdmin;
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
import java.util.EnumMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The three listeners, as Postfix's master.cf has smtp, submission and smtps: MX (2525 locally, 25
 * in a cluster), submission with STARTTLS (2587 / 587) and implicit TLS (2465 / 465).
 */
@ApplicationScoped
public class SmtpServer {

    /** RFC 8314 section 4.1 and RFC 8996: TLS 1.2 or newer only. */
    private static final Logger LOG = Logger.getLogger("smtpd");

    private final Vertx vertx;
    private final GatewayConfig config;
    /** How often the access tables' change counter is read: an edit takes effect within this. */
    private static final Duration ACCESS_RECHECK = Duration.ofSeconds(5);

    private final RcptChecks checks;
    private final ContentFilter content;
    private final AuthService auth;
    private final QueueWriter queue;
    private final QueueAdmin queueAdmin;
    private final GatewayMetrics metrics;
    private final SessionSettings settings;
    private final Duration timeout;
    private final Duration greetWait;
    private final NetworkList bareNewlineExclusions;
    private final NetworkList trustedNetworks;
    private final ClientLimits clientLimits;
    private final Map<Listener, NetServer> servers = new EnumMap<>(Listener.class);

    public SmtpServer(Vertx vertx, GatewayConfig config, AccountStore accounts, AccessStore access, AliasStore aliases,
            ChecksStore contentChecks, BlobStore blobs, MaildropPublisher publisher, GatewayMetrics metrics, DnsResolver dns, QueueAdmin queueAdmin) {
        this.vertx = vertx;
        this.config = config;
        var domains = config.domains();
        // a malformed list, blocklist or action fails the start with the setting's name
        var restrictions = new Restrictions(config.restrictionLists(),
                new AccessTables(access, ACCESS_RECHECK, Clock.systemUTC()), dns, config.recipientDelimiter());
        var dnsbl = new PostscreenDnsbl(DnsblSite.parseList(config.postscreenDnsblSites().orElse("")),
                config.postscreenDnsblThreshold(), PostscreenDnsbl.action(config.postscreenDnsblAction()), dns,
                io.kurir.mail.PostfixDuration.parse(config.postscreenDnsblTtl()), Clock.systemUTC());
        this.content = new ContentFilter(new ContentCheckSource(contentChecks, config.headerChecks(), config.bodyChecks(),
                config.bodyChecksSizeLimit(), ACCESS_RECHECK, Clock.systemUTC()));
        this.checks = new RcptChecks(dnsbl, restrictions,
                new RecipientPolicy(domains, accounts, new AliasTables(aliases, ACCESS_RECHECK, Clock.systemUTC()),
                        config.recipientDelimiter()), config.trustedNetworks());
        this.auth = new AuthService(accounts, domains,
                new AuthThrottle(config.smtpdAuthFailureLimit(), config.authFailureWindow(), Clock.systemUTC()));
        this.queue = new QueueWriter(blobs, publisher, config.queueTimeout());
        this.queueAdmin = queueAdmin;
        this.metrics = metrics;
        this.timeout = config.timeout(); // a bad value fails the start, not each connection
        this.bareNewlineExclusions = config.networks(config.smtpdForbidBareNewlineExclusions());
        this.trustedNetworks = config.trustedNetworks();
        this.greetWait = config.greetWait();
        this.clientLimits = new ClientLimits(config.smtpdClientConnectionCountLimit(), config.smtpdClientConnectionRateLimit(),
                io.kurir.mail.PostfixDuration.parse(config.anvilRateTimeUnit()),
                config.networks(config.smtpdClientEventLimitExceptions()), Clock.systemUTC());
        this.settings = new SessionSettings(domains.myhostname(), config.messageSizeLimit(), config.smtpdRecipientLimit(),
                config.smtpdHardErrorLimit(), config.smtpdForbidBareNewline(), Listener.MX, true, config.smtpdTlsAuthOnly(),
                config.smtpdHeloRequired(), !config.disableVrfyCommand(), config.headerSizeLimit(),
                config.discardedEhloKeywords(), config.smtpdForbidUnauthPipelining(),
                java.util.Set.copyOf(domains.mydestination()));
    }

    void start(@Observes StartupEvent event) throws IOException {
        TlsMaterial tls = TlsMaterial.load(config.smtpdTlsCertFile(), config.smtpdTlsKeyFile(), settings.myhostname(),
                "smtpd-tls-cert-file", "smtpd-tls-key-file");
        if (tls.selfSigned()) {
            LOG.warnf("no smtpd-tls-cert-file configured: using a self-signed certificate for %s (clients will not trust it)",
                    settings.myhostname());
        }
        var keyCert = new PemKeyCertOptions().setCertValue(Buffer.buffer(tls.certificatePem()))
                .setKeyValue(Buffer.buffer(tls.privateKeyPem()));
        listen(Listener.MX, config.smtpPort(), keyCert);
        listen(Listener.SUBMISSION, config.submissionPort(), keyCert);
        listen(Listener.SMTPS, config.smtpsPort(), keyCert);
    }

    private void listen(Listener listener, int port, PemKeyCertOptions keyCert) {
        if (port < 0) {
            LOG.infof("%s listener off", listener.name().toLowerCase());
            return;
        }
        var options = new NetServerOptions().setHost(config.smtpBindAddress()).setPort(port)
                .setKeyCertOptions(keyCert).setEnabledSecureTransportProtocols(TlsMaterial.PROTOCOLS)
                .setSsl(listener == Listener.SMTPS); // the others start TLS on STARTTLS (upgradeToSsl)
        SessionSettings listenerSettings = settings.on(listener);
        long maxMessage = settings.messageSizeLimit() > 0 ? settings.messageSizeLimit() : SmtpInputDecoder.MAX_MESSAGE_SIZE_LIMIT;
        NetServer server = vertx.createNetServer(options).connectHandler(socket -> {
            String client = socket.remoteAddress().hostAddress();
            if (!clientLimits.tryOpen(client)) {
                LOG.warnf("warning: too many connections from %s", client);
                socket.write(Buffer.buffer(SmtpReply.of(421, "4.7.0",
                        settings.myhostname() + " Error: too many connections from " + client).encode()));
                socket.end().onComplete(v -> socket.close());
                return;
            }
            // Postfix's smtpd_forbid_bare_newline_exclusions: trusted clients get bare LF normalized
            BareNewline bareNewline = bareNewlineExclusions.contains(client) ? BareNewline.NORMALIZE : settings.bareNewline();
            SessionSettings forClient = listenerSettings.withBareNewline(bareNewline);
            new SmtpConnection(vertx, socket, new SmtpSession(forClient),
                    new SmtpInputDecoder(SmtpInputDecoder.DEFAULT_MAX_COMMAND_LINE, maxMessage, bareNewline),
                    checks, content, auth, queue, queueAdmin, metrics, timeout, settings.myhostname(), () -> clientLimits.closed(client))
                    .start(greetWait(listener, client));
        });
        server.listen().toCompletionStage().toCompletableFuture().join();
        servers.put(listener, server);
        LOG.infof("%s listening on %s:%d as %s", listener.name().toLowerCase(), config.smtpBindAddress(), server.actualPort(),
                settings.myhostname());
    }

    /**
     * postscreen-greet-wait on the MX listener; clients in mynetworks are greeted at once (Postfix's
     * postscreen_access_list = permit_mynetworks), and so are submission clients.
     */
    private Duration greetWait(Listener listener, String client) {
        return listener != Listener.MX || trustedNetworks.contains(client) ? Duration.ZERO : greetWait;
    }

    void stop(@Observes ShutdownEvent event) {
        servers.values().forEach(s -> s.close().toCompletionStage().toCompletableFuture().join());
    }

    /** The MX port actually bound (differs from the configured one when that is 0). */
    public int port() {
        return port(Listener.MX);
    }

    public int port(Listener listener) {
        return servers.get(listener).actualPort();
    }
}
