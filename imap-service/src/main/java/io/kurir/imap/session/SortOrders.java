package io.kurir.imap.session;

import io.kurir.mime.sort.SortCriterion;
import io.kurir.mime.sort.SortOrder;
import java.lang.ref.SoftReference;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last SORT order of each mailbox and set of criteria, shared by all sessions of this replica: the next SORT
 * (of any session) brings it up to date with {@link SortOrder#update}, which computes keys only for the messages
 * that came since, instead of sorting the whole mailbox again. Keyed by UIDVALIDITY as well, as a UID names the
 * same message only within it. Entries are soft, like {@link SortFacts}: the JVM drops them before it would run
 * out of memory, and the next SORT starts from nothing.
 */
final class SortOrders {

    private record Key(long mailboxId, long uidValidity, List<SortCriterion> criteria) {
    }

    private static final ConcurrentHashMap<Key, SoftReference<SortOrder>> CACHE = new ConcurrentHashMap<>();
    /** Mailboxes times criteria kept at most; past this many the map starts over. */
    private static final int MAX_KEYS = 1_000;

    private SortOrders() {
    }

    /** The kept order for these criteria, or an empty one. */
    static SortOrder get(long mailboxId, long uidValidity, List<SortCriterion> criteria) {
        return Optional.ofNullable(CACHE.get(new Key(mailboxId, uidValidity, criteria)))
                .map(SoftReference::get)
                .orElseGet(() -> SortOrder.empty(criteria));
    }

    /** Keeps this order for the next SORT with its criteria (the last one kept wins). */
    static void put(long mailboxId, long uidValidity, SortOrder order) {
        if (CACHE.size() >= MAX_KEYS) {
            CACHE.clear();
        }
        CACHE.put(new Key(mailboxId, uidValidity, order.criteria()), new SoftReference<>(order));
    }

    /** Forgets everything (for tests). */
    static void clear() {
        CACHE.clear();
    }
}
