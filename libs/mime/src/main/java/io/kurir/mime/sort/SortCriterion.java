package io.kurir.mime.sort;

import java.util.Objects;

/**
 * One SORT criterion: a key, ascending, or descending when preceded by REVERSE. REVERSE affects only its own key,
 * never the final sequence-number tie-break (RFC 5256 §3).
 */
public record SortCriterion(SortKey key, boolean reverse) {

    public SortCriterion {
        Objects.requireNonNull(key, "key");
    }

    /** {@code key}, ascending. */
    public static SortCriterion ascending(SortKey key) {
        return new SortCriterion(key, false);
    }

    /** {@code REVERSE key}. */
    public static SortCriterion reversed(SortKey key) {
        return new SortCriterion(key, true);
    }
}
