package io.kurir.queue.messaging;

import io.kurir.mail.payload.IncomingRecord;
import io.kurir.store.StoreRetry;
import io.kurir.store.queue.QueueStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * qmgr takes new mail: every record on {@code mail.incoming} becomes a queued message in
 * PostgreSQL, due at once, and the scheduler is woken. The record is acknowledged after the insert
 * committed; a redelivered record finds its queue id and adds nothing.
 */
@ApplicationScoped
public class IncomingRouter {

    private static final Logger LOG = Logger.getLogger("qmgr");

    private final QueueStore queue;
    private final Scheduler scheduler;
    private final MeterRegistry metrics;

    public IncomingRouter(QueueStore queue, Scheduler scheduler, MeterRegistry metrics) {
        this.queue = queue;
        this.scheduler = scheduler;
        this.metrics = metrics;
    }

    @Incoming("incoming")
    @Blocking
    public void route(IncomingRecord in) {
        if (in == null) {
            // fail-on-deserialization-failure=false: the connector logged the unreadable record
            LOG.error("warning: unreadable record skipped (its reason is logged just before)");
            return;
        }
        boolean added = StoreRetry.untilStored(in.queueId() + ": enqueue", () -> queue.enqueue(in));
        if (added) {
            LOG.infof("%s: from=<%s>, size=%d, nrcpt=%d (queue active)", in.queueId(), in.sender(), in.size(),
                    in.recipients().size());
            metrics.counter("kurir_qmgr_messages_total").increment();
            scheduler.wake();
        }
    }
}
