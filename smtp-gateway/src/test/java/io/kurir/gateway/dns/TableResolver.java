package io.kurir.gateway.dns;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DNS of the gateway's tests: answers from tables the tests fill, never from the network. It
 * replaces {@link DnsJavaResolver} (a default bean) in every test of this module.
 */
@ApplicationScoped
public class TableResolver implements DnsResolver {

    public static final Map<String, List<String>> A = new ConcurrentHashMap<>();
    public static final Map<String, List<String>> TXT = new ConcurrentHashMap<>();
    /** Names whose lookup fails (as a timeout or SERVFAIL would). */
    public static final Set<String> FAILING = ConcurrentHashMap.newKeySet();

    @Override
    public List<String> addresses(String name) throws DnsException {
        if (FAILING.contains(name)) {
            throw new DnsException(name + ": server failure");
        }
        return A.getOrDefault(name, List.of());
    }

    @Override
    public List<String> texts(String name) throws DnsException {
        if (FAILING.contains(name)) {
            throw new DnsException(name + ": server failure");
        }
        return TXT.getOrDefault(name, List.of());
    }
}
