package io.kurir.gateway.transport;

import io.kurir.mail.NetworkList;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Postfix's per-client limits (anvil): smtpd_client_connection_count_limit, at most {@code countLimit}
 * simultaneous connections from one address, and smtpd_client_connection_rate_limit, at most
 * {@code rateLimit} connection attempts per {@code rateUnit} (anvil_rate_time_unit). Clients in
 * smtpd_client_event_limit_exceptions ({@code $mynetworks} by default) are exempt; 0 turns a limit
 * off. Per gateway replica. Thread-safe.
 */
final class ClientLimits {

    private final int countLimit;
    private final int rateLimit;
    private final Duration rateUnit;
    private final NetworkList exceptions;
    private final Clock clock;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Deque<Instant>> attempts = new ConcurrentHashMap<>();

    ClientLimits(int countLimit, int rateLimit, Duration rateUnit, NetworkList exceptions, Clock clock) {
        this.countLimit = countLimit;
        this.rateLimit = rateLimit;
        this.rateUnit = rateUnit;
        this.exceptions = exceptions;
        this.clock = clock;
    }

    /** Counts a new connection; false (and nothing counted as open) when the client is over a limit. */
    boolean tryOpen(String client) {
        if (exceptions.contains(client)) {
            return true;
        }
        if (rateLimit > 0 && !withinRate(client)) {
            return false;
        }
        if (countLimit <= 0) {
            return true;
        }
        boolean[] admitted = {false};
        open.compute(client, (k, n) -> {
            int current = n == null ? 0 : n;
            if (current >= countLimit) {
                return n;
            }
            admitted[0] = true;
            return current + 1;
        });
        return admitted[0];
    }

    /** Every attempt counts, refused ones too, as anvil counts them. */
    private boolean withinRate(String client) {
        Instant now = clock.instant();
        boolean[] within = {false};
        attempts.compute(client, (k, times) -> {
            Deque<Instant> t = times == null ? new ArrayDeque<>() : times;
            while (!t.isEmpty() && !t.peekFirst().isAfter(now.minus(rateUnit))) {
                t.removeFirst();
            }
            within[0] = t.size() < rateLimit;
            t.addLast(now);
            while (t.size() > rateLimit) { // keep at most rateLimit stamps: memory stays bounded
                t.removeFirst();
            }
            return t;
        });
        if (attempts.size() > 10_000) {
            attempts.entrySet().removeIf(e -> e.getValue().isEmpty()
                    || !e.getValue().peekLast().isAfter(now.minus(rateUnit)));
        }
        return within[0];
    }

    void closed(String client) {
        if (countLimit <= 0 || exceptions.contains(client)) {
            return;
        }
        open.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    }
}
