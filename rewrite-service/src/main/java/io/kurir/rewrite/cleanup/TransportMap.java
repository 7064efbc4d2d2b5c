package io.kurir.rewrite.cleanup;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Postfix's transport(5) table and relayhost for remote domains: which transport and next hop a
 * recipient domain goes to. Keys are a domain ({@code b.test}), its subdomains ({@code .b.test}) or
 * everything ({@code *}); values are {@code transport:nexthop} where an empty transport means
 * {@code smtp} and an empty next hop means the recipient's domain — {@code smtp:[10.0.0.5]:2525},
 * {@code :[gateway.test]}, {@code error:5.1.1 this domain moved}. Without a match, a configured
 * {@code relayhost} is the next hop, and otherwise the domain itself (MX lookup).
 */
public final class TransportMap {

    /** A table entry's answer. */
    public record Route(String transport, String nexthop) {
    }

    private final Map<String, String> entries;
    private final Optional<String> relayhost;

    private TransportMap(Map<String, String> entries, Optional<String> relayhost) {
        this.entries = entries;
        this.relayhost = relayhost;
    }

    /**
     * @param inline comma-separated {@code key value} pairs (the table's lines); an entry without a
     *        value or with a key that is not a domain, {@code .domain} or {@code *} is refused with
     *        its text
     * @param relayhost Postfix's relayhost, e.g. {@code [smtp.isp.test]:587}; empty: none
     */
    public static TransportMap parse(String inline, String relayhost) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String raw : inline.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String[] kv = entry.split("\\s+", 2);
            if (kv.length != 2 || !kv[1].contains(":")) {
                throw new IllegalArgumentException("transport-maps: expected 'domain transport:nexthop', got '" + entry + "'");
            }
            String key = kv[0].toLowerCase(Locale.ROOT);
            if (!key.equals("*") && !key.matches("\\.?[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
                throw new IllegalArgumentException("transport-maps: '" + kv[0] + "' is not a domain, .domain or *");
            }
            entries.put(key, kv[1].trim());
        }
        String relay = relayhost == null ? "" : relayhost.trim();
        return new TransportMap(entries, relay.isEmpty() ? Optional.empty() : Optional.of(relay));
    }

    /** The route of a remote domain (lower case). */
    public Route route(String domain) {
        Optional<String> found = lookup(domain);
        if (found.isEmpty()) {
            return new Route("smtp", relayhost.orElse(domain));
        }
        String value = found.get();
        int colon = value.indexOf(':');
        String transport = value.substring(0, colon).trim();
        String nexthop = value.substring(colon + 1).trim();
        transport = transport.isEmpty() ? "smtp" : transport.toLowerCase(Locale.ROOT);
        if (nexthop.isEmpty() && !transport.equals("error")) {
            nexthop = transport.equals("smtp") ? relayhost.orElse(domain) : domain;
        }
        return new Route(transport, nexthop);
    }

    private Optional<String> lookup(String domain) {
        if (entries.containsKey(domain)) {
            return Optional.of(entries.get(domain));
        }
        // parent domains, nearest first: a.b.test looks up .b.test, then .test
        for (int dot = domain.indexOf('.'); dot >= 0; dot = domain.indexOf('.', dot + 1)) {
            String parent = domain.substring(dot);
            if (entries.containsKey(parent)) {
                return Optional.of(entries.get(parent));
            }
        }
        return Optional.ofNullable(entries.get("*"));
    }
}
