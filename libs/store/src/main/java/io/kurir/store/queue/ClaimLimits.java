package io.kurir.store.queue;

import java.util.function.ToIntFunction;

/**
 * How much one scheduling pass may hand out (Postfix qmgr's limits).
 *
 * @param maxRequests delivery requests one pass creates at most (the pass is repeated while it is full)
 * @param messageActiveLimit {@code qmgr-message-active-limit}: messages with requests in flight at most
 * @param recipientLimit {@code default-destination-recipient-limit}: recipients per request at most
 * @param initialConcurrency {@code initial-destination-concurrency}: a new destination's window
 * @param concurrencyLimit {@code <transport>-destination-concurrency-limit}, by transport name
 */
public record ClaimLimits(int maxRequests, int messageActiveLimit, int recipientLimit, int initialConcurrency,
        ToIntFunction<String> concurrencyLimit) {
}
