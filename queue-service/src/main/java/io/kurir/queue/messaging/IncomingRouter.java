package io.kurir.queue.messaging;

import io.kurir.mail.payload.CorruptRecord;
import io.kurir.mail.payload.IncomingRecord;
import io.kurir.store.StoreRetry;
import io.kurir.store.queue.CorruptQueue;
import io.kurir.store.queue.QueueStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * qmgr takes new mail: every record on {@code mail.incoming} becomes a queued message in
 * PostgreSQL, due at once, and the scheduler is woken. The record is acknowledged after the insert
 * committed; a redelivered record finds its queue id and adds nothing. So do the records of
 * {@code mail.hold} (queued on hold) and {@code mail.corrupt} (kept for the administrator).
 */
@ApplicationScoped
public class IncomingRouter {

    private static final Logger LOG = Logger.getLogger("qmgr");

    private final QueueStore queue;
    private final Scheduler scheduler;
    private final MeterRegistry metrics;

    private final CorruptQueue corrupt;

    public IncomingRouter(QueueStore queue, CorruptQueue corrupt, Scheduler scheduler, MeterRegistry metrics) {
        this.queue = queue;
        this.corrupt = corrupt;
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

    /**
     * A message a HOLD rule of header or body checks stopped ({@code mail.hold}): queued on hold, as
     * {@code postqueue -p} shows with {@code !}, until {@code ./kurir queue release} (postsuper -H).
     */
    @Incoming("hold")
    @Blocking
    public void hold(IncomingRecord in) {
        if (in == null) {
            LOG.error("warning: unreadable record skipped (its reason is logged just before)");
            return;
        }
        boolean added = StoreRetry.untilStored(in.queueId() + ": enqueue on hold", () -> queue.enqueue(in, true));
        if (added) {
            LOG.infof("%s: from=<%s>, size=%d, nrcpt=%d (queue hold)", in.queueId(), in.sender(), in.size(),
                    in.recipients().size());
            metrics.counter("kurir_qmgr_held_total").increment();
        }
    }

    /** A message cleanup could not process ({@code mail.corrupt}): kept for {@code ./kurir queue corrupt}. */
    @Incoming("corrupt")
    @Blocking
    public void corrupt(CorruptRecord record) {
        if (record == null) {
            LOG.error("warning: unreadable record skipped (its reason is logged just before)");
            return;
        }
        if (StoreRetry.untilStored(record.queueId() + ": keep corrupt", () -> corrupt.add(record))) {
            LOG.warnf("%s: corrupt: %s", record.queueId(), record.reason());
            metrics.counter("kurir_qmgr_corrupt_total").increment();
        }
    }
}
