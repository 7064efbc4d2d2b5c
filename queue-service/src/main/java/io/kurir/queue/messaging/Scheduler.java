package io.kurir.queue.messaging;

import io.kurir.mail.payload.ActiveRecord;
import io.kurir.queue.config.QueueConfig;
import io.kurir.store.StoreException;
import io.kurir.store.queue.QueueStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * qmgr's main loop, one thread per replica: hands out due mail as delivery requests on
 * {@code mail.active} within each destination's window, then finishes messages whose recipients
 * are all final (notices, removal). It runs when new mail or a report arrives, and at least once a
 * second; every {@code queue-run-delay} it also returns expired mail, recovers lost requests and
 * sends due delay notices. Several replicas may run: the queue's row and advisory locks keep
 * them from handing out the same work (ADR 0009).
 */
@ApplicationScoped
public class Scheduler {

    private static final Logger LOG = Logger.getLogger("qmgr");
    private static final long IDLE_WAIT_MS = 1000;
    private static final long FINISH_EVERY_MS = 100;

    private final QueueStore queue;
    private final ActivePublisher publisher;
    private final Finisher finisher;
    private final QueueConfig config;
    private final MeterRegistry metrics;
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicBoolean finishing = new AtomicBoolean(true);
    private volatile boolean running;
    private Thread thread;
    private Instant nextMaintenance = Instant.EPOCH;
    private Instant nextFinish = Instant.EPOCH;

    public Scheduler(QueueStore queue, ActivePublisher publisher, Finisher finisher, QueueConfig config,
            MeterRegistry metrics) {
        this.queue = queue;
        this.publisher = publisher;
        this.finisher = finisher;
        this.config = config;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::loop, "qmgr");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A message has a final outcome for every recipient: its notices and removal come at the next
     * pass. (Without this, done mail is looked for only every {@code queue-run-delay}, which also
     * takes what a replica left behind.)
     */
    public void messageDone() {
        finishing.set(true);
        wake();
    }

    /** Asks for a pass now (new mail, a freed window place, a finished message). */
    public void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    private void loop() {
        while (running) {
            try {
                wakeUp.tryAcquire(finishing.get() ? FINISH_EVERY_MS : IDLE_WAIT_MS, TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                if (!running) {
                    return;
                }
                pass(Instant.now());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (StoreException e) {
                LOG.warnf("warning: queue pass failed, trying again: %s", e.getMessage());
            } catch (RuntimeException e) {
                LOG.errorf(e, "warning: queue pass failed, trying again: %s", e.getMessage());
            }
        }
    }

    /** One pass; package-visible for tests. */
    void pass(Instant now) {
        if (!now.isBefore(nextMaintenance)) {
            maintenance(now);
            nextMaintenance = now.plus(config.queueRunDelayDuration());
            finishing.set(true);
        }
        var limits = config.claimLimits();
        List<ActiveRecord> claimed;
        boolean published;
        do {
            claimed = queue.claimDue(now, limits);
            Map<ActiveRecord, Throwable> failed = claimed.isEmpty() ? Map.of() : publisher.publishAll(claimed);
            for (ActiveRecord request : claimed) {
                Throwable why = failed.get(request);
                if (why == null) {
                    metrics.counter("kurir_qmgr_requests_total", "transport", request.transport()).increment();
                } else {
                    LOG.warnf("%s: publish to mail.active failed, the request waits for the next pass: %s",
                            request.queueId(), why.getMessage());
                    queue.unclaim(request.requestId());
                }
            }
            published = failed.isEmpty();
        } while (published && claimed.size() >= limits.maxRequests() && running);
        if (finishing.get() && !now.isBefore(nextFinish)) {
            // done messages are finished together, at most every FINISH_EVERY_MS: one claim for many
            finishing.set(false);
            nextFinish = now.plusMillis(FINISH_EVERY_MS);
            switch (finisher.finishDone(now)) {
                case MORE -> {
                    finishing.set(true);
                    nextFinish = now;
                    wake();
                }
                case FAILED -> {
                    finishing.set(true);
                    nextFinish = now.plusMillis(IDLE_WAIT_MS); // the notices are tried again in a second
                }
                case NOTHING -> { }
            }
        }
    }

    private void maintenance(Instant now) {
        int expired = queue.expire(now, config.backoff());
        if (expired > 0) {
            LOG.infof("%d message(s) expired: returned to sender", expired);
        }
        int lost = queue.recoverLostRequests(now.minus(config.requestTimeout()));
        if (lost > 0) {
            LOG.warnf("warning: %d recipient(s) of delivery requests without a report after %s are tried again", lost,
                    config.deliveryRequestTimeout());
        }
        if (!config.delayWarning().isZero()) {
            finisher.warnDelayed(now, config.delayWarning());
        }
    }
}
