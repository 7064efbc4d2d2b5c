package io.kurir.gateway.dns;

import java.util.List;

/**
 * The DNS lookups the gateway's restrictions need. Production uses {@link DnsJavaResolver}; tests
 * put a resolver answering from a table in its place, so no test ever asks real DNS.
 */
public interface DnsResolver {

    /** The IPv4 addresses (A records) of {@code name}, empty when it does not exist. */
    List<String> addresses(String name) throws DnsException;

    /** The TXT records of {@code name}, empty when it has none. */
    List<String> texts(String name) throws DnsException;

    /** A lookup that failed for a reason other than "no such name" (timeout, SERVFAIL). */
    final class DnsException extends Exception {
        public DnsException(String message) {
            super(message);
        }
    }
}
