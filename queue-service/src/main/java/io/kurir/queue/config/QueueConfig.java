package io.kurir.queue.config;

import io.kurir.mail.PostfixDuration;
import io.kurir.mail.config.NamingConfig;
import io.kurir.store.queue.Backoff;
import io.kurir.store.queue.ClaimLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** Postfix qmgr's parameters, with Postfix's names and defaults, under {@code kurir.}. */
@ConfigMapping(prefix = "kurir")
public interface QueueConfig extends NamingConfig {

    /** The shortest time a deferred message waits before it is tried again. */
    @WithName("minimal-backoff-time")
    @WithDefault("300s")
    String minimalBackoffTime();

    /** The longest time a deferred message waits before it is tried again. */
    @WithName("maximal-backoff-time")
    @WithDefault("4000s")
    String maximalBackoffTime();

    /**
     * How often the queue manager looks for expired mail, lost delivery requests and due delay
     * notices (Postfix: the deferred queue scan). Due mail itself is taken when it is due.
     */
    @WithName("queue-run-delay")
    @WithDefault("300s")
    String queueRunDelay();

    /** Mail still undeliverable after this long is returned to the sender. */
    @WithName("maximal-queue-lifetime")
    @WithDefault("5d")
    String maximalQueueLifetime();

    /** The same for bounces (mail from the null sender). */
    @WithName("bounce-queue-lifetime")
    @WithDefault("5d")
    String bounceQueueLifetime();

    /** After this long in the queue the sender gets a "delayed mail" notice; 0 means never (Postfix's default). */
    @WithName("delay-warning-time")
    @WithDefault("0h")
    String delayWarningTime();

    /** Messages with delivery requests in flight at most. */
    @WithName("qmgr-message-active-limit")
    @WithDefault("20000")
    int qmgrMessageActiveLimit();

    /** Parallel delivery requests to one remote destination at most. */
    @WithName("default-destination-concurrency-limit")
    @WithDefault("20")
    int defaultDestinationConcurrencyLimit();

    /** Parallel delivery requests to one local recipient domain at most. */
    @WithName("local-destination-concurrency-limit")
    @WithDefault("2")
    int localDestinationConcurrencyLimit();

    /** A destination's window at first, opened by one with each success (slow start). */
    @WithName("initial-destination-concurrency")
    @WithDefault("5")
    int initialDestinationConcurrency();

    /** Recipients in one delivery request at most. */
    @WithName("default-destination-recipient-limit")
    @WithDefault("50")
    int defaultDestinationRecipientLimit();

    /** Failed connections in a row after which a destination is suspended for minimal-backoff-time. */
    @WithName("default-destination-concurrency-failed-cohort-limit")
    @WithDefault("1")
    int failedCohortLimit();

    /** Bounces larger than this carry only the original headers, not the whole message. */
    @WithName("bounce-size-limit")
    @WithDefault("50000")
    int bounceSizeLimit();

    /**
     * A delivery request without a report after this long counts as lost and is handed out again
     * (Kurir's own: Postfix's delivery agents share a machine with qmgr).
     */
    @WithName("delivery-request-timeout")
    @WithDefault("1h")
    String deliveryRequestTimeout();

    default Backoff backoff() {
        return new Backoff(PostfixDuration.parse(minimalBackoffTime()), PostfixDuration.parse(maximalBackoffTime()),
                PostfixDuration.parse(maximalQueueLifetime()), PostfixDuration.parse(bounceQueueLifetime()));
    }

    default ClaimLimits claimLimits() {
        int local = localDestinationConcurrencyLimit();
        int remote = defaultDestinationConcurrencyLimit();
        return new ClaimLimits(200, qmgrMessageActiveLimit(), defaultDestinationRecipientLimit(),
                initialDestinationConcurrency(), transport -> transport.equals("local") ? local : remote);
    }

    default int concurrencyLimit(String transport) {
        return transport.equals("local") ? localDestinationConcurrencyLimit() : defaultDestinationConcurrencyLimit();
    }

    default Duration queueRunDelayDuration() {
        return PostfixDuration.parse(queueRunDelay());
    }

    default Duration delayWarning() {
        return PostfixDuration.parse(delayWarningTime());
    }

    default Duration requestTimeout() {
        return PostfixDuration.parse(deliveryRequestTimeout());
    }
}
