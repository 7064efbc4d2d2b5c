package io.kurir.imap.session;

import io.kurir.mime.sort.HeaderFacts;
import java.lang.ref.SoftReference;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The header facts SORT and THREAD need (Date, Subject, From, To, Cc, Message-ID, References,
 * In-Reply-To), by blob id, shared by all sessions of this replica: the first place {@link FactsLoader}
 * looks, before the {@code message_facts} table. A blob never changes, so an entry is never stale;
 * entries are soft, so the JVM drops them before it would run out of memory, and then they are read
 * again. Dovecot keeps the same facts in its cache file.
 */
final class SortFacts {

    private static final ConcurrentHashMap<String, SoftReference<HeaderFacts>> CACHE = new ConcurrentHashMap<>();
    /** Keys of dropped entries stay; past this many the map starts over. */
    private static final int MAX_KEYS = 2_000_000;

    private SortFacts() {
    }

    static Optional<HeaderFacts> get(String blobId) {
        SoftReference<HeaderFacts> ref = CACHE.get(blobId);
        return ref == null ? Optional.empty() : Optional.ofNullable(ref.get());
    }

    static void put(String blobId, HeaderFacts facts) {
        if (CACHE.size() >= MAX_KEYS) {
            CACHE.clear();
        }
        CACHE.put(blobId, new SoftReference<>(facts));
    }

    /** Forgets everything, as if the JVM had dropped every entry (for tests). */
    static void clear() {
        CACHE.clear();
    }
}
