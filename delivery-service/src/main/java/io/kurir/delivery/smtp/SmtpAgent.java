package io.kurir.delivery.smtp;

import io.kurir.delivery.config.DeliveryConfig;
import io.kurir.delivery.local.LocalAgent;
import io.kurir.mail.PostfixDuration;
import io.kurir.mail.payload.ActiveRecord;
import io.kurir.mail.payload.DeliveryReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * smtp(8) as a bean: the {@link SmtpClient} configured from {@link DeliveryConfig}, and Postfix's log
 * line for every recipient ({@code QID: to=<x@b.test>, relay=mx.b.test[127.0.0.1]:25, delay=0.21,
 * dsn=2.0.0, status=sent (250 2.0.0 Ok)}).
 */
@ApplicationScoped
public class SmtpAgent {

    private static final Logger LOG = Logger.getLogger("smtp");

    private final SmtpClient client;
    private final MeterRegistry metrics;

    public SmtpAgent(DeliveryConfig config, MeterRegistry metrics) {
        this.metrics = metrics;
        MxResolver resolver = config.smtpDnsTableFile().map(SmtpAgent::table).orElseGet(DnsJavaMxResolver::new);
        SmtpSettings settings = SmtpSettings.builder(config.domains().myhostname())
                .tcpPort(config.smtpTcpPort())
                .tlsSecurityLevel(TlsLevel.parse(config.smtpTlsSecurityLevel()))
                .tlsPolicyMaps(pairs(config.smtpTlsPolicyMaps().orElse(""), TlsLevel::parse))
                .saslPasswordMaps(pairs(config.smtpSaslPasswordMaps().orElse(""), Function.identity()))
                .connectTimeout(PostfixDuration.parse(config.smtpConnectTimeout()))
                .heloTimeout(PostfixDuration.parse(config.smtpHeloTimeout()))
                .mailTimeout(PostfixDuration.parse(config.smtpMailTimeout()))
                .rcptTimeout(PostfixDuration.parse(config.smtpRcptTimeout()))
                .dataInitTimeout(PostfixDuration.parse(config.smtpDataInitTimeout()))
                .dataXferTimeout(PostfixDuration.parse(config.smtpDataXferTimeout()))
                .dataDoneTimeout(PostfixDuration.parse(config.smtpDataDoneTimeout()))
                .mxAddressLimit(config.smtpMxAddressLimit())
                .mxSessionLimit(config.smtpMxSessionLimit())
                .connectionCacheTimeLimit(PostfixDuration.parse(config.smtpConnectionCacheTimeLimit()))
                .build();
        this.client = new SmtpClient(settings, resolver);
        config.smtpDnsTableFile().ifPresent(f -> LOG.infof("MX and address lookups answered from %s, not DNS", f));
    }

    public DeliveryAttempt deliver(ActiveRecord request, byte[] message) {
        DeliveryAttempt attempt = client.deliver(request.nexthop(), request.sender(), request.recipients(), message,
                request.smtputf8(), request.dsnRet(), request.dsnEnvid());
        String delay = LocalAgent.delay(request.arrivalTime());
        for (DeliveryReport.Outcome o : attempt.outcomes()) {
            LOG.infof("%s: to=<%s>, relay=%s, delay=%s, dsn=%s, status=%s (%s)", request.queueId(), o.address(), o.relay(),
                    delay, o.dsnStatus(), o.status(), o.diagnostic());
            metrics.counter("kurir_delivery_total", "transport", "smtp", "status", o.status()).increment();
        }
        return attempt;
    }

    void close(@Observes ShutdownEvent event) {
        client.close();
    }

    private static MxResolver table(String file) {
        try {
            return TableMxResolver.load(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("smtp-dns-table-file " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code key value, key value} into a map; a malformed entry stops the service with its text. */
    static <V> Map<String, V> pairs(String text, Function<String, V> value) {
        Map<String, V> out = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            String[] kv = e.split("\\s+", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected 'next-hop value', got '" + e + "'");
            }
            out.put(kv[0].toLowerCase(java.util.Locale.ROOT), value.apply(kv[1].trim()));
        }
        return out;
    }
}
