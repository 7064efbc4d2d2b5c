package io.kurir.mail.alias;

import java.util.List;
import java.util.Objects;

/**
 * One entry of an aliases(5) or virtual(5) table: the lookup key and what it expands to.
 *
 * <p>For aliases(5) the key is a local name ({@code postmaster}); for virtual(5) it is
 * {@code user@domain}, a bare local part {@code user} (any local domain) or {@code @domain} (the
 * catch-all). Keys are lower case, as Postfix folds the case of lookup keys. Targets are kept as
 * written: an address ({@code cici@b.test}) or a local name ({@code budi}) that is qualified with
 * {@code myorigin} when it is expanded; in virtual(5) also {@code @domain}, which keeps the local
 * part of the address being expanded.
 *
 * @param key the lookup key, lower case
 * @param targets what the key expands to, in file order, never empty
 * @param line the line in the file where the entry starts, for messages
 */
public record AliasEntry(String key, List<String> targets, int line) {

    public AliasEntry {
        Objects.requireNonNull(key, "key");
        targets = List.copyOf(targets);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty alias key");
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("alias " + key + " has no targets");
        }
    }
}
