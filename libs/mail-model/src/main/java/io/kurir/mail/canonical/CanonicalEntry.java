package io.kurir.mail.canonical;

import java.util.Objects;

/**
 * One entry of a canonical(5) table: the lookup key and the one address it is rewritten to.
 *
 * @param pattern the lookup key, lower case: {@code user@domain}, a bare local part {@code user}
 *     (any local domain and {@code myorigin}) or {@code @domain}
 * @param result an address ({@code Wietse.Venema@porcupine.org}), a local name
 *     ({@code Wietse.Venema}, qualified with {@code myorigin} when it is used) or {@code @domain}
 *     (the same local part in that domain); case kept
 * @param line the line in the file where the entry starts, for messages
 */
public record CanonicalEntry(String pattern, String result, int line) {

    public CanonicalEntry {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(result, "result");
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("empty canonical pattern");
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("canonical pattern " + pattern + " has no result");
        }
    }
}
