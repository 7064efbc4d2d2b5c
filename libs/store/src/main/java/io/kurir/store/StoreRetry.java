package io.kurir.store;

import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Retries work that failed with a {@link StoreException} (PostgreSQL down, failover, network) with
 * exponential backoff, for consumers that must not skip a record: they hold their place in the
 * topic until the store is back, so nothing is lost and order is kept. Other exceptions pass through.
 */
public final class StoreRetry {

    private static final Logger LOG = Logger.getLogger(StoreRetry.class);

    private StoreRetry() {
    }

    public static <T> T untilStored(String what, Supplier<T> work) {
        Duration wait = Duration.ofMillis(100);
        Duration max = Duration.ofSeconds(30);
        while (true) {
            try {
                return work.get();
            } catch (StoreException e) {
                LOG.warnf("%s: %s; retrying in %d ms", what, e.getMessage(), wait.toMillis());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                wait = wait.multipliedBy(2).compareTo(max) > 0 ? max : wait.multipliedBy(2);
            }
        }
    }
}
