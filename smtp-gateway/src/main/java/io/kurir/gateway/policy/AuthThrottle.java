package io.kurir.gateway.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed AUTH attempts per client address (brute-force throttling, like Postfix's anvil rate
 * limits): a client with {@code limit} failures within {@code window} is refused with 454 4.7.0
 * without its password being checked until the oldest failure leaves the window. Kept in memory per
 * gateway replica; bounded to {@link #MAX_CLIENTS} addresses (the oldest are forgotten first).
 * Thread-safe.
 */
public final class AuthThrottle {

    static final int MAX_CLIENTS = 10_000;

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true);

    public AuthThrottle(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    public synchronized boolean blocked(String client) {
        Deque<Instant> times = failures.get(client);
        if (times == null) {
            return false;
        }
        expire(times);
        return limit > 0 && times.size() >= limit;
    }

    public synchronized void failed(String client) {
        Deque<Instant> times = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
        expire(times);
        times.addLast(clock.instant());
        while (times.size() > Math.max(limit, 1)) {
            times.removeFirst();
        }
        if (failures.size() > MAX_CLIENTS) {
            Iterator<String> oldest = failures.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private void expire(Deque<Instant> times) {
        Instant cutoff = clock.instant().minus(window);
        while (!times.isEmpty() && times.peekFirst().isBefore(cutoff)) {
            times.removeFirst();
        }
    }
}
