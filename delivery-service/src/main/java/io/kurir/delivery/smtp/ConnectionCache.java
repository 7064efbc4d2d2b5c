package io.kurir.delivery.smtp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Idle connections kept for the next delivery to the same next hop (Postfix's scache(8) with
 * {@code smtp_connection_cache_on_demand}): at most {@link #PER_DESTINATION} per next hop, each for
 * {@code smtp-connection-cache-time-limit}. A connection is owned by one thread while taken out.
 * Expired connections are closed by {@link #reap()} (called on every use and by the client's timer).
 * Thread-safe.
 */
final class ConnectionCache implements AutoCloseable {

    static final int PER_DESTINATION = 4;

    private record Idle(SmtpConnection conn, long since) {
    }

    private final long limitNanos;
    private final LongSupplier clock;
    private final Map<String, Deque<Idle>> idle = new HashMap<>();
    private boolean closed;

    ConnectionCache(Duration timeLimit, LongSupplier nanoClock) {
        this.limitNanos = timeLimit.toNanos();
        this.clock = nanoClock;
    }

    /** The most recently parked live connection for {@code key}, removed from the cache. */
    Optional<SmtpConnection> take(String key) {
        reap();
        synchronized (this) {
            Deque<Idle> q = idle.get(key);
            while (q != null && !q.isEmpty()) {
                SmtpConnection c = q.pollLast().conn();
                if (!c.isClosed()) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    /** Parks {@code conn}; closes it (with QUIT) when caching is off or the next hop has enough parked. */
    void put(String key, SmtpConnection conn) {
        SmtpConnection evicted = conn;
        synchronized (this) {
            if (!closed && limitNanos > 0) {
                Deque<Idle> q = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
                q.addLast(new Idle(conn, clock.getAsLong()));
                evicted = q.size() > PER_DESTINATION ? q.pollFirst().conn() : null;
            }
        }
        if (evicted != null) {
            evicted.quitNoWait();
        }
        reap();
    }

    /** Closes the connections idle for longer than the time limit, and those the server closed. */
    void reap() {
        List<SmtpConnection> expired = new ArrayList<>();
        long now = clock.getAsLong();
        synchronized (this) {
            for (Iterator<Deque<Idle>> qs = idle.values().iterator(); qs.hasNext();) {
                Deque<Idle> q = qs.next();
                q.removeIf(i -> {
                    boolean old = now - i.since() >= limitNanos || i.conn().isClosed();
                    if (old) {
                        expired.add(i.conn());
                    }
                    return old;
                });
                if (q.isEmpty()) {
                    qs.remove();
                }
            }
        }
        expired.forEach(SmtpConnection::quitNoWait);
    }

    /** How many connections are parked (for tests). */
    synchronized int size() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    @Override
    public void close() {
        List<SmtpConnection> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(q -> q.forEach(i -> all.add(i.conn())));
            idle.clear();
        }
        all.forEach(SmtpConnection::quitNoWait);
    }
}
