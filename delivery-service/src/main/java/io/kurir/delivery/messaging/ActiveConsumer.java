package io.kurir.delivery.messaging;

import io.kurir.delivery.local.DeliveryHeaders;
import io.kurir.mail.payload.ActiveRecord;
import io.kurir.mail.payload.Recipient;
import io.kurir.store.MailStore;
import io.kurir.store.StoreRetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * local(8): delivers the local recipients of each request on {@code mail.active} into their INBOX.
 * The record is acknowledged after the method returns, i.e. after every recipient is committed in
 * PostgreSQL; a redelivery after a crash is absorbed by {@link MailStore#deliver}'s idempotency key.
 */
@ApplicationScoped
public class ActiveConsumer {

    private static final Logger LOG = Logger.getLogger("local");

    private final MailStore store;
    private final MeterRegistry metrics;

    public ActiveConsumer(MailStore store, MeterRegistry metrics) {
        this.store = store;
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
        if (!Recipient.LOCAL.equals(request.transport())) {
            // Remote delivery (smtp transport) comes with the queue-manager issue; the gateway
            // refuses relaying until then, so this is only reached by a hand-made record.
            request.recipients().forEach(r -> {
                LOG.errorf("%s: to=<%s>, relay=none, status=undeliverable (transport %s is not available in this "
                        + "release; the message is not delivered)", qid, r.address(), request.transport());
                count("undeliverable");
            });
            return;
        }
        var queueFile = StoreRetry.untilStored(qid + ": read queue file", () -> store.blobs().get(request.blobId()));
        if (queueFile.isEmpty()) {
            LOG.errorf("%s: warning: queue file %s is missing: delivery request skipped", qid, request.blobId());
            count("missing");
            return;
        }
        byte[] message = queueFile.get();
        for (Recipient r : request.recipients()) {
            byte[] content = DeliveryHeaders.prepend(request.sender(), r.originalAddress(), r.address(), message);
            var result = StoreRetry.untilStored(qid + ": deliver to " + r.address(),
                    () -> store.deliver(qid, r.address(), r.mailbox(), "INBOX", content, Instant.now()));
            String delay = delay(request.arrivalTime());
            String origTo = r.originalAddress().equals(r.address()) ? "" : ", orig_to=<" + r.originalAddress() + ">";
            if (result instanceof MailStore.DeliveryResult.Delivered d) {
                LOG.infof("%s: to=<%s>%s, relay=local, delay=%s, status=sent (delivered to mailbox, uid %d)", qid,
                        r.address(), origTo, delay, d.uid());
                count("sent");
            } else if (result instanceof MailStore.DeliveryResult.Duplicate) {
                LOG.infof("%s: to=<%s>%s, relay=local, delay=%s, status=sent (already delivered, duplicate ignored)",
                        qid, r.address(), origTo, delay);
                count("duplicate");
            } else {
                // unknown user: bounces (DSN to the sender) come with the queue-manager issue
                LOG.errorf("%s: to=<%s>%s, relay=local, delay=%s, status=bounced (unknown user: \"%s\")", qid,
                        r.address(), origTo, delay, r.mailbox());
                count("bounced");
            }
        }
    }

    private void count(String status) {
        metrics.counter("kurir_delivery_total", "transport", "local", "status", status).increment();
    }

    private static String delay(Instant arrival) {
        long ms = Duration.between(arrival, Instant.now()).toMillis();
        return String.format(java.util.Locale.ROOT, "%.2f", Math.max(0, ms) / 1000.0);
    }
}
