package io.kurir.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Tables read from PostgreSQL and cached with their change counter (a row raised by a trigger with
 * every change, as {@code access_version} and {@code alias_version} are): the counter is asked at
 * most every {@code recheck}, and the tables are read again only when it moved, so an edit with
 * {@code ./kurir} takes effect within {@code recheck} without a restart. One caller at a time
 * rereads; the others go on with what they have, so a slow database never makes every caller wait
 * on a lock (only the very first load is waited for) — except with a {@code recheck} of zero, which
 * promises the latest tables to every caller, so they wait for the one asking.
 *
 * <p>Blocking: it may read PostgreSQL.
 *
 * @param <T> the loaded tables, which know the counter they were read with
 */
public final class VersionedCache<T> {

    private record Loaded<T>(T value, Instant checked) {
    }

    private final LongSupplier version;
    private final Supplier<T> load;
    private final ToLongFunction<T> versionOf;
    private final Duration recheck;
    private final Clock clock;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Loaded<T> loaded;

    /**
     * @param version reads the change counter (one single-row select)
     * @param load reads the tables and the counter in one consistent view
     * @param versionOf the counter a loaded value was read with
     */
    public VersionedCache(LongSupplier version, Supplier<T> load, ToLongFunction<T> versionOf, Duration recheck,
            Clock clock) {
        this.version = version;
        this.load = load;
        this.versionOf = versionOf;
        this.recheck = recheck;
        this.clock = clock;
    }

    /** The tables, at most {@code recheck} old. */
    public T current() {
        Loaded<T> now = loaded;
        Instant t = clock.instant();
        if (now != null && !t.isAfter(now.checked().plus(recheck))) {
            return now.value();
        }
        if (now == null || recheck.isZero()) {
            refreshing.lock(); // nothing to go on with yet, or always fresh: wait for the reader
        } else if (!refreshing.tryLock()) {
            return now.value(); // someone else is rereading: use what we have
        }
        try {
            Loaded<T> again = loaded;
            if (again != null && again != now) {
                return again.value();
            }
            T value = now != null && version.getAsLong() == versionOf.applyAsLong(now.value()) ? now.value() : load.get();
            loaded = new Loaded<>(value, t);
            return value;
        } finally {
            refreshing.unlock();
        }
    }
}
