package io.kurir.imap.session;

/** Reach into the replica's shared header facts and SORT orders from tests in other packages. */
public final class SortFactsForTests {

    private SortFactsForTests() {
    }

    /** Empties the memory, as if the JVM had dropped every entry: the next reader goes to PostgreSQL. */
    public static void clear() {
        SortFacts.clear();
        SortOrders.clear();
    }
}
