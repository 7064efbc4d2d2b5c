package io.kurir.imap.session;

import io.kurir.mime.sort.SortCriterion;
import io.kurir.mime.sort.SortInput;
import io.kurir.mime.sort.SortOrder;
import java.lang.ref.SoftReference;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The last SORT order of each mailbox and set of criteria, shared by all sessions of this replica: the next SORT
 * (of any session) brings it up to date with {@link SortOrder#update}, which computes keys only for the messages
 * that came since, instead of sorting the whole mailbox again. Keyed by UIDVALIDITY as well, as a UID names the
 * same message only within it. One update per mailbox and criteria runs at a time ({@link SingleFlight}): twenty
 * sessions sorting a large mailbox at once for the first time sort it once, and then each brings that order up
 * to date with its own view. Entries are soft, like {@link SortFacts}: the JVM drops them before it would run out
 * of memory, and the next SORT starts from nothing.
 */
final class SortOrders {

    private record Key(long mailboxId, long uidValidity, List<SortCriterion> criteria) {
    }

    private static final ConcurrentHashMap<Key, SoftReference<SortOrder>> CACHE = new ConcurrentHashMap<>();
    private static final SingleFlight<Key, SortOrder> UPDATES = new SingleFlight<>();
    /** Mailboxes times criteria kept at most; past this many the map starts over. */
    private static final int MAX_KEYS = 1_000;

    private SortOrders() {
    }

    /**
     * These messages in these criteria's order, from the kept order brought up to date, which is kept in turn.
     *
     * @param uids the messages' UIDs, ascending
     * @param inputs the facts of the messages the kept order does not have, by UID ({@link SortOrder#update})
     */
    static SortOrder update(long mailboxId, long uidValidity, List<SortCriterion> criteria, long[] uids,
            Function<long[], List<SortInput>> inputs) {
        Key key = new Key(mailboxId, uidValidity, List.copyOf(criteria));
        SingleFlight.Outcome<SortOrder> outcome = UPDATES.run(key, () -> updateKept(key, uids, inputs));
        // after waiting for another session's update, this view's changes from it are few
        return outcome.own() ? outcome.value().orElseThrow() : updateKept(key, uids, inputs);
    }

    private static SortOrder updateKept(Key key, long[] uids, Function<long[], List<SortInput>> inputs) {
        SortOrder kept = Optional.ofNullable(CACHE.get(key)).map(SoftReference::get)
                .orElseGet(() -> SortOrder.empty(key.criteria()));
        SortOrder updated = kept.update(uids, inputs);
        if (CACHE.size() >= MAX_KEYS) {
            CACHE.clear();
        }
        CACHE.put(key, new SoftReference<>(updated));
        return updated;
    }

    /** Forgets everything (for tests). */
    static void clear() {
        CACHE.clear();
    }
}
