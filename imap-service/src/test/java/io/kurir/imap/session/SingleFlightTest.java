package io.kurir.imap.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    /** Polls until {@code flight} has {@code n} waiters, within a deadline. */
    private static void awaitWaiters(SingleFlight<?, ?> flight, int n) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (flight.waiting() != n) {
            assertTrue(Instant.now().isBefore(deadline), "expected " + n + " waiting callers, have " + flight.waiting());
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void callersThatComeWhileTheWorkRunsWaitForItsResultInsteadOfDoingItAgain() throws Exception {
        SingleFlight<Long, String> flight = new SingleFlight<>();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            Future<SingleFlight.Outcome<String>> leader = pool.submit(() -> flight.run(7L, () -> {
                runs.incrementAndGet();
                started.countDown();
                await(release);
                return "facts";
            }));
            assertTrue(started.await(20, TimeUnit.SECONDS), "the first caller's work started");
            List<Future<SingleFlight.Outcome<String>>> others = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                others.add(pool.submit(() -> flight.run(7L, () -> {
                    runs.incrementAndGet();
                    return "again";
                })));
            }
            awaitWaiters(flight, 5);
            assertEquals("other", flight.run(8L, () -> "other").value().orElseThrow(), "another key does not wait");
            release.countDown();
            assertEquals(new SingleFlight.Outcome<>(true, Optional.of("facts")), leader.get(20, TimeUnit.SECONDS));
            for (var other : others) {
                assertEquals(new SingleFlight.Outcome<>(false, Optional.of("facts")), other.get(20, TimeUnit.SECONDS),
                        "a waiting caller gets the running work's result");
            }
            assertEquals(1, runs.get(), "six callers, one run");
            assertEquals(new SingleFlight.Outcome<>(true, Optional.of("later")), flight.run(7L, () -> "later"),
                    "once done, the next caller runs its own work");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailureGoesToItsOwnCallerAndTheWaitersGetNothing() throws Exception {
        SingleFlight<Long, String> flight = new SingleFlight<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<SingleFlight.Outcome<String>> failing = pool.submit(() -> flight.run(1L, () -> {
                started.countDown();
                await(release);
                throw new IllegalStateException("database down");
            }));
            assertTrue(started.await(20, TimeUnit.SECONDS));
            Future<SingleFlight.Outcome<String>> waiter = pool.submit(() -> flight.run(1L, () -> "mine"));
            awaitWaiters(flight, 1);
            release.countDown();
            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> failing.get(20, TimeUnit.SECONDS));
            assertEquals("database down", e.getCause().getMessage());
            SingleFlight.Outcome<String> waited = waiter.get(20, TimeUnit.SECONDS);
            assertFalse(waited.own());
            assertEquals(Optional.empty(), waited.value(), "the waiter learns that there is no result, and tries itself");
            assertEquals(Optional.of("mine"), flight.run(1L, () -> "mine").value());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
