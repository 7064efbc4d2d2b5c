package io.kurir.store.alias;

import io.kurir.mail.alias.AliasMaps;
import io.kurir.store.VersionedCache;
import java.time.Clock;
import java.time.Duration;

/**
 * The alias tables as the services use them: cached ({@link VersionedCache}), so that
 * {@code ./kurir alias} and {@code ./kurir virtual} take effect within {@code recheck} without a
 * restart.
 *
 * <p>Blocking: it may read PostgreSQL.
 */
public final class AliasTables {

    private final VersionedCache<AliasStore.Snapshot> cache;

    public AliasTables(AliasStore store, Duration recheck, Clock clock) {
        this.cache = new VersionedCache<>(store::version, store::snapshot, AliasStore.Snapshot::version, recheck, clock);
    }

    /** The tables, at most {@code recheck} old. */
    public AliasMaps current() {
        return cache.current().maps();
    }

    /** The alias tables and the domain classes, read together, at most {@code recheck} old. */
    public AliasStore.Snapshot snapshot() {
        return cache.current();
    }
}
