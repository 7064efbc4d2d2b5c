package io.kurir.store;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The access tables as {@link AccessStore#snapshot()} read them, with the change counter of that
 * moment, for a reader that caches them (see {@link AccessStore}). Immutable; lookups are exact
 * key matches — trying the shorter forms (parent domains, address prefixes, {@code user@}) in
 * Postfix's order is the caller's job.
 */
public final class AccessSnapshot {

    private final long version;
    private final List<AccessEntry> entries;
    private final Map<AccessKind, Map<String, AccessAction>> tables = new EnumMap<>(AccessKind.class);

    AccessSnapshot(long version, List<AccessEntry> entries) {
        this.version = version;
        this.entries = List.copyOf(entries);
        for (AccessKind kind : AccessKind.values()) {
            tables.put(kind, new HashMap<>());
        }
        for (AccessEntry e : this.entries) {
            tables.get(e.kind()).put(e.key(), e.action());
        }
        tables.replaceAll((kind, table) -> Map.copyOf(table));
    }

    /** The change counter these tables go with; compare with {@link AccessStore#version()}. */
    public long version() {
        return version;
    }

    /** Every entry, ordered by kind, then key. */
    public List<AccessEntry> entries() {
        return entries;
    }

    /** One table: normalized key to action. */
    public Map<String, AccessAction> table(AccessKind kind) {
        return tables.get(kind);
    }

    /**
     * The action for exactly this key; the lookup key must be in normalized form (lower case,
     * addresses as {@link AccessKind#normalizeKey} writes them).
     */
    public Optional<AccessAction> lookup(AccessKind kind, String key) {
        return Optional.ofNullable(tables.get(kind).get(key));
    }
}
