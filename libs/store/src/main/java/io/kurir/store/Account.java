package io.kurir.store;

import java.time.Instant;

/** A mail account: a local user who receives mail for every {@code mydestination} domain. */
public record Account(long id, String name, Instant createdAt) {
}
