package io.kurir.store;

import java.util.Objects;

/**
 * One line of an access(5) table: in table {@code kind}, {@code key} gets {@code action}. The key
 * is normalized by {@link AccessKind#normalizeKey} on construction, so an entry always holds a key
 * of the form lookups use.
 */
public record AccessEntry(AccessKind kind, String key, AccessAction action) {

    /** @throws IllegalArgumentException when the key is not valid for the kind */
    public AccessEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(action, "action");
        key = kind.normalizeKey(key);
    }

    /** Parses key and action as written on the command line or in a file. */
    public static AccessEntry of(AccessKind kind, String key, String action) {
        return new AccessEntry(kind, key, AccessAction.parse(action));
    }

    /** {@code kind key action}, as {@code kurir access list} prints it. */
    @Override
    public String toString() {
        return kind.tableName() + " " + key + " " + action.source();
    }
}
