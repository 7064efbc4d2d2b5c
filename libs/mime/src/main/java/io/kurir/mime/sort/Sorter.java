package io.kurir.mime.sort;

import io.kurir.mime.UnicodeCasemap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * IMAP SORT (RFC 5256 §3): orders messages by a list of criteria, each optionally reversed, with the message
 * sequence number as the final, always ascending, tie-breaker. Strings compare with {@code i;unicode-casemap}
 * (RFC 5051); each message's keys are computed once.
 */
public final class Sorter {

    /** A message with its keys in criterion order: folded strings, instants or sizes. */
    private record Row(SortInput input, Object[] keys) {
    }

    private Sorter() {
    }

    /**
     * The messages in SORT order. The caller renders {@link SortInput#sequence()} or {@link SortInput#uid()} of
     * each, in this order, for {@code * SORT}.
     *
     * @throws IllegalArgumentException when {@code criteria} is empty (RFC 5256 §3 requires at least one)
     */
    public static List<SortInput> sort(Collection<SortInput> messages, List<SortCriterion> criteria) {
        Comparator<Object[]> byKeys = comparator(criteria);
        List<Row> rows = new ArrayList<>(messages.size());
        for (SortInput input : messages) {
            rows.add(new Row(input, keys(input, criteria)));
        }
        rows.sort(Comparator.comparing(Row::keys, byKeys).thenComparingLong(row -> row.input().sequence()));
        return rows.stream().map(Row::input).toList();
    }

    /** A message's keys, one per criterion, in criterion order. */
    static Object[] keys(SortInput input, List<SortCriterion> criteria) {
        Object[] keys = new Object[criteria.size()];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = key(input, criteria.get(k).key());
        }
        return keys;
    }

    /**
     * Orders key arrays made by {@link #keys} by the criteria, each reversed where asked; equal arrays compare
     * equal (the caller adds the tie-breaker).
     *
     * @throws IllegalArgumentException when {@code criteria} is empty (RFC 5256 §3 requires at least one)
     */
    static Comparator<Object[]> comparator(List<SortCriterion> criteria) {
        if (criteria.isEmpty()) {
            throw new IllegalArgumentException("SORT needs at least one criterion");
        }
        Comparator<Object[]> order = criterion(0, criteria.get(0));
        for (int k = 1; k < criteria.size(); k++) {
            order = order.thenComparing(criterion(k, criteria.get(k)));
        }
        return order;
    }

    private static Object key(SortInput input, SortKey key) {
        return switch (key) {
            case ARRIVAL -> input.internalDate();
            case DATE -> MessageFacts.sentDateOf(input);
            case SIZE -> input.size();
            case SUBJECT -> BaseSubject.of(input.subject().orElse("")).key();
            case FROM -> UnicodeCasemap.fold(AddressKeys.mailbox(input.from()));
            case TO -> UnicodeCasemap.fold(AddressKeys.mailbox(input.to()));
            case CC -> UnicodeCasemap.fold(AddressKeys.mailbox(input.cc()));
            case DISPLAYFROM -> UnicodeCasemap.fold(AddressKeys.display(input.from()));
            case DISPLAYTO -> UnicodeCasemap.fold(AddressKeys.display(input.to()));
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<Object[]> criterion(int index, SortCriterion criterion) {
        Comparator<Object[]> ascending = (a, b) -> {
            Object x = a[index];
            Object y = b[index];
            return x instanceof String s ? UnicodeCasemap.compareFolded(s, (String) y) : ((Comparable) x).compareTo(y);
        };
        return criterion.reverse() ? ascending.reversed() : ascending;
    }
}
