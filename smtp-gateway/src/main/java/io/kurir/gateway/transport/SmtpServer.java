package io.kurir.gateway.transport;

import io.kurir.gateway.config.GatewayConfig;
import io.kurir.gateway.messaging.MaildropPublisher;
import io.kurir.gateway.policy.RecipientPolicy;
import io.kurir.gateway.session.SessionSettings;
import io.kurir.gateway.session.SmtpSession;
import io.kurir.gateway.store.QueueWriter;
import io.kurir.smtp.codec.SmtpInputDecoder;
import io.kurir.store.AccountStore;
import io.kurir.store.BlobStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** The MX listener (Postfix's smtpd on port 25; 2525 by default so that no root is needed). */
@ApplicationScoped
public class SmtpServer {

    /** RFC 5321 4.5.3.1.4 says 512 for a command line; Postfix is more lenient, so are we. */
    static final int MAX_COMMAND_LINE = 1000;
    private static final Logger LOG = Logger.getLogger("smtpd");

    private final Vertx vertx;
    private final GatewayConfig config;
    private final RecipientPolicy policy;
    private final QueueWriter queue;
    private final GatewayMetrics metrics;
    private final SessionSettings settings;
    private NetServer server;

    public SmtpServer(Vertx vertx, GatewayConfig config, AccountStore accounts, BlobStore blobs,
            MaildropPublisher publisher, GatewayMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        var domains = config.domains();
        this.policy = new RecipientPolicy(domains, accounts, config.recipientDelimiter());
        this.queue = new QueueWriter(blobs, publisher, config.queueTimeout());
        this.metrics = metrics;
        this.settings = new SessionSettings(domains.myhostname(), config.messageSizeLimit(), config.smtpdRecipientLimit(),
                config.smtpdHardErrorLimit(), config.smtpdForbidBareNewline());
    }

    void start(@Observes StartupEvent event) {
        var options = new NetServerOptions().setHost(config.smtpBindAddress()).setPort(config.smtpPort());
        server = vertx.createNetServer(options).connectHandler(socket -> new SmtpConnection(vertx, socket,
                new SmtpSession(settings),
                new SmtpInputDecoder(MAX_COMMAND_LINE, settings.messageSizeLimit() > 0 ? settings.messageSizeLimit() : SmtpInputDecoder.MAX_MESSAGE_SIZE_LIMIT,
                        settings.bareNewline()),
                policy, queue, metrics, config.timeout(), settings.myhostname()).start());
        server.listen().toCompletionStage().toCompletableFuture().join();
        LOG.infof("smtpd listening on %s:%d as %s", config.smtpBindAddress(), server.actualPort(), settings.myhostname());
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
