package io.kurir.gateway.transport;

import io.kurir.gateway.policy.NetworkList;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Postfix's smtpd_client_connection_count_limit: at most {@code limit} simultaneous connections
 * from one client address, except for the clients in smtpd_client_event_limit_exceptions
 * ({@code $mynetworks} by default). 0 turns the limit off. Per gateway replica. Thread-safe.
 */
final class ClientLimits {

    private final int limit;
    private final NetworkList exceptions;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    ClientLimits(int limit, NetworkList exceptions) {
        this.limit = limit;
        this.exceptions = exceptions;
    }

    /** Counts a new connection; false (and nothing counted) when the client is over its limit. */
    boolean tryOpen(String client) {
        if (limit <= 0 || exceptions.contains(client)) {
            return true;
        }
        boolean[] admitted = {false};
        open.compute(client, (k, n) -> {
            int current = n == null ? 0 : n;
            if (current >= limit) {
                return n;
            }
            admitted[0] = true;
            return current + 1;
        });
        return admitted[0];
    }

    void closed(String client) {
        if (limit <= 0 || exceptions.contains(client)) {
            return;
        }
        open.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    }
}
