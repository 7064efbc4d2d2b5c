package io.kurir.gateway.policy;

import io.kurir.mail.MailAddress;
import io.kurir.store.AccessAction;
import io.kurir.store.AccessKind;
import io.kurir.store.AccessSnapshot;
import io.kurir.store.AccessStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The access(5) tables as smtpd searches them: the keys of a client, HELO name or address tried in
 * Postfix's order, first hit wins. The tables are cached; the change counter in PostgreSQL is asked
 * at most every {@code recheck}, so an edit with {@code ./kurir access} takes effect within it
 * without a restart.
 *
 * <p>Blocking: it may read PostgreSQL.
 */
public final class AccessTables {

    private final AccessStore store;
    private final Duration recheck;
    private final Clock clock;
    private AccessSnapshot snapshot;
    private Instant checked = Instant.MIN;

    public AccessTables(AccessStore store, Duration recheck, Clock clock) {
        this.store = store;
        this.recheck = recheck;
        this.clock = clock;
    }

    /** Client host name (if known), then address, address prefixes and CIDR blocks. */
    public Optional<AccessAction> client(String address, Optional<String> hostname) {
        List<String> keys = new ArrayList<>();
        hostname.ifPresent(h -> keys.addAll(domainKeys(h.toLowerCase(Locale.ROOT))));
        String a = AccessKind.CLIENT.normalizeKey(address); // IPv6 in RFC 5952 text, as keys are stored
        keys.add(a);
        char sep = a.indexOf(':') >= 0 ? ':' : '.';
        for (int cut = a.lastIndexOf(sep); cut > 0; cut = a.lastIndexOf(sep, cut - 1)) {
            if (sep == ':' && a.charAt(cut - 1) == ':') {
                keys.add(a.substring(0, cut)); // "2001:db8:" of "2001:db8::1"
                cut--;
            }
            keys.add(a.substring(0, cut));
        }
        Optional<AccessAction> exact = first(AccessKind.CLIENT, keys.stream().distinct().toList());
        return exact.isPresent() ? exact : cidr(address);
    }

    /** The HELO name and its parent domains, or an address literal as a whole. */
    public Optional<AccessAction> helo(String helo) {
        String h = helo.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            return first(AccessKind.HELO, List.of(h));
        }
        return first(AccessKind.HELO, domainKeys(h));
    }

    /** {@code user+ext@domain}, {@code user@domain}, the domain and its parents, {@code user+ext@}, {@code user@}. */
    public Optional<AccessAction> address(AccessKind kind, Optional<MailAddress> address, String delimiter) {
        if (address.isEmpty()) {
            return first(kind, List.of("<>"));
        }
        MailAddress m = address.get();
        String local = m.localPart().toLowerCase(Locale.ROOT);
        String base = withoutExtension(local, delimiter);
        List<String> keys = new ArrayList<>();
        Optional<String> domain = m.domainLowerCase();
        domain.ifPresent(d -> {
            keys.add(local + "@" + d);
            keys.add(base + "@" + d);
            keys.addAll(domainKeys(d));
        });
        keys.add(local + "@");
        keys.add(base + "@");
        return first(kind, keys.stream().distinct().toList());
    }

    /** {@code user+ext} without its extension: up to the first recipient delimiter character. */
    private static String withoutExtension(String local, String delimiter) {
        String base = local;
        for (char d : delimiter.toCharArray()) {
            int at = base.indexOf(d);
            if (at > 0) {
                base = base.substring(0, at);
            }
        }
        return base;
    }

    /** {@code a.b.example.com}, then {@code b.example.com} / {@code .b.example.com}, ... down to the top-level domain. */
    private static List<String> domainKeys(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        List<String> keys = new ArrayList<>();
        keys.add(n);
        for (int dot = n.indexOf('.'); dot >= 0; dot = n.indexOf('.', dot + 1)) {
            keys.add(n.substring(dot)); // ".example.com": only subdomains
            keys.add(n.substring(dot + 1)); // "example.com": parent_domain_matches_subdomains
        }
        return keys;
    }

    private Optional<AccessAction> first(AccessKind kind, List<String> keys) {
        AccessSnapshot tables = current();
        for (String key : keys) {
            Optional<AccessAction> hit = tables.lookup(kind, key);
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    /** Kurir's CIDR client keys, the longest matching prefix first. */
    private Optional<AccessAction> cidr(String address) {
        AccessAction best = null;
        int bestPrefix = -1;
        for (Map.Entry<String, AccessAction> e : current().table(AccessKind.CLIENT).entrySet()) {
            int slash = e.getKey().indexOf('/');
            if (slash < 0) {
                continue;
            }
            int prefix = Integer.parseInt(e.getKey().substring(slash + 1));
            if (prefix > bestPrefix && NetworkList.parse(e.getKey()).contains(address)) {
                best = e.getValue();
                bestPrefix = prefix;
            }
        }
        return Optional.ofNullable(best);
    }

    private synchronized AccessSnapshot current() {
        Instant now = clock.instant();
        if (snapshot == null || now.isAfter(checked.plus(recheck))) {
            if (snapshot == null || store.version() != snapshot.version()) {
                snapshot = store.snapshot();
            }
            checked = now;
        }
        return snapshot;
    }

}
