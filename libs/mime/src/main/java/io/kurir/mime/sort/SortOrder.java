package io.kurir.mime.sort;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The messages of one mailbox in one SORT order, by UID, with each message's keys, so that the next SORT with the
 * same criteria does not compute them again: {@link #update} keeps the order of the messages it already has, drops
 * those that are gone, and computes keys only for the new ones, which it merges in. A UID names the same message for
 * as long as the mailbox keeps its UIDVALIDITY, so the keys kept for it never go stale.
 *
 * <p>The order is {@link Sorter}'s with the UID as the final tie-breaker instead of the sequence number. Within one
 * view of a mailbox both ascend together, so for the same messages both give the same answer. Instances are
 * immutable and can be shared by sessions.
 */
public final class SortOrder {

    private final List<SortCriterion> criteria;
    private final Comparator<Object[]> byKeys;
    private final long[] uids;
    private final Object[][] keys;

    private SortOrder(List<SortCriterion> criteria, Comparator<Object[]> byKeys, long[] uids, Object[][] keys) {
        this.criteria = criteria;
        this.byKeys = byKeys;
        this.uids = uids;
        this.keys = keys;
    }

    /**
     * An order of no messages yet.
     *
     * @throws IllegalArgumentException when {@code criteria} is empty (RFC 5256 §3 requires at least one)
     */
    public static SortOrder empty(List<SortCriterion> criteria) {
        List<SortCriterion> copy = List.copyOf(criteria);
        return new SortOrder(copy, Sorter.comparator(copy), new long[0], new Object[0][]);
    }

    public List<SortCriterion> criteria() {
        return criteria;
    }

    /** How many messages this order holds. */
    public int size() {
        return uids.length;
    }

    /** The UID of the message at this place of the order. */
    public long uid(int index) {
        return uids[index];
    }

    /**
     * These messages in this order's criteria.
     *
     * @param wanted the messages' UIDs in ascending order (a mailbox view lists them so)
     * @param inputs gives the facts of the messages this order does not have yet, asked for once with their UIDs in
     *        ascending order; it must give one input per UID asked, with that UID
     * @return an order of exactly the wanted messages
     * @throws IllegalArgumentException when {@code wanted} is not strictly ascending, or {@code inputs} gives
     *         something else than what was asked
     */
    public SortOrder update(long[] wanted, Function<long[], List<SortInput>> inputs) {
        for (int i = 1; i < wanted.length; i++) {
            if (wanted[i] <= wanted[i - 1]) {
                throw new IllegalArgumentException("UIDs not in ascending order at " + i);
            }
        }
        // what this order has and is still wanted, in this order
        boolean[] known = new boolean[wanted.length];
        long[] keptUids = new long[Math.min(uids.length, wanted.length)];
        Object[][] keptKeys = new Object[keptUids.length][];
        int kept = 0;
        for (int i = 0; i < uids.length && kept < keptUids.length; i++) {
            int at = Arrays.binarySearch(wanted, uids[i]);
            if (at >= 0) {
                known[at] = true;
                keptUids[kept] = uids[i];
                keptKeys[kept++] = keys[i];
            }
        }
        if (kept == wanted.length) {
            return kept == uids.length ? this
                    : new SortOrder(criteria, byKeys, Arrays.copyOf(keptUids, kept), Arrays.copyOf(keptKeys, kept));
        }
        // the new ones: their keys, sorted among themselves
        long[] missing = new long[wanted.length - kept];
        for (int i = 0, m = 0; i < wanted.length; i++) {
            if (!known[i]) {
                missing[m++] = wanted[i];
            }
        }
        List<SortInput> given = inputs.apply(missing.clone());
        if (given.size() != missing.length) {
            throw new IllegalArgumentException("asked for " + missing.length + " messages, given " + given.size());
        }
        List<Entry> added = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            SortInput input = Objects.requireNonNull(given.get(i), "input");
            if (input.uid() != missing[i]) {
                throw new IllegalArgumentException("asked for UID " + missing[i] + ", given UID " + input.uid());
            }
            added.add(new Entry(input.uid(), Sorter.keys(input, criteria)));
        }
        Comparator<Entry> order = Comparator.comparing(Entry::keys, byKeys).thenComparingLong(Entry::uid);
        added.sort(order);
        // merge the two sorted runs
        long[] outUids = new long[wanted.length];
        Object[][] outKeys = new Object[wanted.length][];
        int a = 0;
        int b = 0;
        for (int o = 0; o < outUids.length; o++) {
            boolean fromKept = b >= added.size()
                    || a < kept && order.compare(new Entry(keptUids[a], keptKeys[a]), added.get(b)) <= 0;
            if (fromKept) {
                outUids[o] = keptUids[a];
                outKeys[o] = keptKeys[a++];
            } else {
                outUids[o] = added.get(b).uid();
                outKeys[o] = added.get(b++).keys();
            }
        }
        return new SortOrder(criteria, byKeys, outUids, outKeys);
    }

    private record Entry(long uid, Object[] keys) {
    }
}
