package io.kurir.imap.session;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * At most one computation per key at a time: a caller that finds one running waits for it and gets its result
 * instead of starting the same work again. Twenty sessions asking at once for the facts of one large mailbox make
 * one read of it, not twenty.
 */
final class SingleFlight<K, V> {

    /**
     * What a caller got.
     *
     * @param own whether the caller's own work ran: then {@code value} is its result; otherwise it is the result of
     *     the work it waited for, which may not cover everything the caller needs, and empty when that work failed
     */
    record Outcome<V>(boolean own, Optional<V> value) {
    }

    private final ConcurrentHashMap<K, CompletableFuture<V>> running = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * Runs {@code work} unless work for {@code key} is running already; then waits for that instead. A failure of
     * the caller's own work is thrown to it (and to no one else: the callers that waited get an empty outcome).
     */
    Outcome<V> run(K key, Supplier<V> work) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> theirs = running.putIfAbsent(key, mine);
        if (theirs != null) {
            waiting.incrementAndGet();
            try {
                return new Outcome<>(false, Optional.of(theirs.join()));
            } catch (CompletionException | CancellationException e) {
                return new Outcome<>(false, Optional.empty());
            } finally {
                waiting.decrementAndGet();
            }
        }
        try {
            V value = work.get();
            mine.complete(value);
            return new Outcome<>(true, Optional.of(value));
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }

    /** How many callers wait for someone else's work right now (for tests). */
    int waiting() {
        return waiting.get();
    }
}
