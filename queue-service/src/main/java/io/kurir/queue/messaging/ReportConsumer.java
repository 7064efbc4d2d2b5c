package io.kurir.queue.messaging;

import io.kurir.mail.payload.DeliveryReport;
import io.kurir.queue.config.QueueConfig;
import io.kurir.store.StoreRetry;
import io.kurir.store.queue.QueueStore;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Delivery reports from {@code mail.results} and {@code mail.deferred}: each is recorded in the
 * queue (outcomes, the destination's feedback, the retry time) before it is acknowledged, and
 * frees a place in the destination's window, so the scheduler is woken.
 */
@ApplicationScoped
public class ReportConsumer {

    private static final Logger LOG = Logger.getLogger("qmgr");

    private final QueueStore queue;
    private final Scheduler scheduler;
    private final QueueConfig config;

    public ReportConsumer(QueueStore queue, Scheduler scheduler, QueueConfig config) {
        this.queue = queue;
        this.scheduler = scheduler;
        this.config = config;
    }

    @Incoming("reports")
    @Blocking
    public void apply(DeliveryReport report) {
        if (report == null) {
            LOG.error("warning: unreadable report skipped (its reason is logged just before)");
            return;
        }
        var effect = StoreRetry.untilStored(report.queueId() + ": record report", () -> queue.applyReport(report,
                Instant.now(), config.backoff(), config.concurrencyLimit(report.transport()), config.failedCohortLimit(),
                config.backoff().minimal()));
        if (effect == QueueStore.ReportEffect.IGNORED) {
            LOG.debugf("%s: report for request %s ignored (already recorded, or the message was deleted)",
                    report.queueId(), report.requestId());
        } else if (effect == QueueStore.ReportEffect.MESSAGE_DONE) {
            scheduler.messageDone(); // a place in the window is free, and the message's notices are due
        } else {
            scheduler.wake(); // a place in the window is free
        }
        if (report.destinationFailed()) {
            LOG.infof("%s: destination %s:%s failed: %s", report.queueId(), report.transport(), report.nexthop(),
                    report.outcomes().get(0).diagnostic());
        }
    }
}
