package io.kurir.store.queue;

import java.time.Duration;
import java.time.Instant;

/**
 * When a deferred message is tried again and when it expires (Postfix's qmgr: the wait is the
 * message's age, kept between {@code minimal-backoff-time} and {@code maximal-backoff-time}, so it
 * roughly doubles with every attempt; after {@code maximal-queue-lifetime} — or
 * {@code bounce-queue-lifetime} for a bounce, whose sender is null — it is returned).
 */
public record Backoff(Duration minimal, Duration maximal, Duration queueLifetime, Duration bounceLifetime) {

    public Instant nextAttempt(Instant arrival, Instant now) {
        Duration age = Duration.between(arrival, now);
        Duration wait = age.compareTo(minimal) < 0 ? minimal : age.compareTo(maximal) > 0 ? maximal : age;
        return now.plus(wait);
    }

    public Duration lifetime(String sender) {
        return sender.isEmpty() ? bounceLifetime : queueLifetime;
    }
}
