package io.kurir.delivery.messaging;

import io.kurir.delivery.local.LocalAgent;
import io.kurir.delivery.smtp.DeliveryAttempt;
import io.kurir.delivery.smtp.SmtpAgent;
import io.kurir.mail.payload.ActiveRecord;
import io.kurir.mail.payload.DeliveryReport;
import io.kurir.mail.payload.DeliveryReport.Outcome;
import io.kurir.mail.payload.Recipient;
import io.kurir.store.MailStore;
import io.kurir.store.StoreRetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The delivery agents' front door: each request on {@code mail.active} goes to its transport
 * (local(8), smtp(8), error(8)), and the outcome of every recipient goes back to queue-service as a
 * {@link DeliveryReport}. The request is acknowledged after the report was acknowledged by Kafka,
 * so a crash in between delivers the request again — local delivery is idempotent per (queue id,
 * recipient), and queue-service ignores a second report for the same request.
 */
@ApplicationScoped
public class ActiveConsumer {

    private static final Logger LOG = Logger.getLogger("delivery");

    private final MailStore store;
    private final LocalAgent local;
    private final SmtpAgent smtp;
    private final ReportPublisher reports;
    private final MeterRegistry metrics;

    public ActiveConsumer(MailStore store, LocalAgent local, SmtpAgent smtp, ReportPublisher reports,
            MeterRegistry metrics) {
        this.store = store;
        this.local = local;
        this.smtp = smtp;
        this.reports = reports;
        this.metrics = metrics;
    }

    @Incoming("active")
    @Blocking(ordered = false)
    public void deliver(ActiveRecord request) {
        if (request == null) {
            // fail-on-deserialization-failure=false: the connector logged the unreadable record
            LOG.error("warning: unreadable record skipped (its reason is logged just before)");
            return;
        }
        String qid = request.queueId();
        var queueFile = StoreRetry.untilStored(qid + ": read queue file", () -> store.blobs().get(request.blobId()));
        List<Outcome> outcomes;
        boolean destinationFailed = false;
        if (queueFile.isEmpty()) {
            // the administrator deleted the message meanwhile (its report is then ignored), or storage lost it
            LOG.warnf("%s: warning: queue file %s is missing", qid, request.blobId());
            outcomes = all(request, r -> Outcome.deferred(r.address(), "4.3.0", "none", "queue file is missing"));
        } else if (Recipient.LOCAL.equals(request.transport()) || "virtual".equals(request.transport())) {
            // virtual(8) is local(8) without aliases and forwards (cleanup expanded those): the mailbox is the
            // account user@domain of a virtual mailbox domain
            outcomes = local.deliver(request, queueFile.get());
        } else if ("smtp".equals(request.transport())) {
            DeliveryAttempt attempt = smtp.deliver(request, queueFile.get());
            outcomes = attempt.outcomes();
            destinationFailed = attempt.destinationFailed();
        } else if ("error".equals(request.transport())) {
            // Postfix's error(8): the next hop is the reason, e.g. transport-maps "old.test error:5.1.1 moved"
            outcomes = all(request, r -> {
                String reason = request.nexthop().isBlank() ? "mail for this destination is refused" : request.nexthop();
                String status = reason.matches("[45]\\.\\d{1,3}\\.\\d{1,3} .*") ? reason.substring(0, reason.indexOf(' ')) : "5.0.0";
                LOG.infof("%s: to=<%s>, relay=none, dsn=%s, status=bounced (%s)", qid, r.address(), status, reason);
                return status.startsWith("4") ? Outcome.deferred(r.address(), status, "none", reason)
                        : Outcome.bounced(r.address(), status, "none", reason);
            });
        } else {
            // Postfix's words for a transport it has no delivery agent for
            outcomes = all(request, r -> {
                LOG.warnf("%s: to=<%s>, relay=none, dsn=4.3.0, status=deferred (mail transport unavailable)", qid,
                        r.address());
                return Outcome.deferred(r.address(), "4.3.0", "none", "mail transport unavailable");
            });
            metrics.counter("kurir_delivery_total", "transport", request.transport(), "status", "deferred").increment();
        }
        if (request.requestId() == null) {
            return; // a record from before queue-service kept state: nobody waits for its report
        }
        reports.publish(new DeliveryReport(DeliveryReport.VERSION, request.requestId(), qid, request.transport(),
                request.nexthop(), outcomes, destinationFailed, Instant.now()));
    }

    private static List<Outcome> all(ActiveRecord request, java.util.function.Function<Recipient, Outcome> outcome) {
        return request.recipients().stream().map(outcome).toList();
    }
}
