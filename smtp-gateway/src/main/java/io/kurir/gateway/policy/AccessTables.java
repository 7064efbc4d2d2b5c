package io.kurir.gateway.policy;

import io.kurir.mail.MailAddress;
import io.kurir.mail.NetworkList;
import io.kurir.store.AccessAction;
import io.kurir.store.AccessKind;
import io.kurir.store.AccessSnapshot;
import io.kurir.store.AccessStore;
import io.kurir.store.VersionedCache;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The access(5) tables as smtpd searches them: the keys of a client, HELO name or address tried in
 * Postfix's order, first hit wins. The tables are cached ({@link VersionedCache}): an edit with
 * {@code ./kurir access} takes effect within {@code recheck} without a restart.
 *
 * <p>Blocking: it may read PostgreSQL.
 */
public final class AccessTables {

    /** A snapshot with its CIDR client keys parsed once, longest prefix first. */
    private record Loaded(AccessSnapshot snapshot, List<Block> blocks) {
    }

    private record Block(NetworkList network, int prefix, AccessAction action) {
    }

    private final VersionedCache<Loaded> cache;

    public AccessTables(AccessStore store, Duration recheck, Clock clock) {
        this.cache = new VersionedCache<>(store::version, () -> {
            AccessSnapshot snapshot = store.snapshot();
            return new Loaded(snapshot, blocks(snapshot));
        }, loaded -> loaded.snapshot().version(), recheck, clock);
    }

    /** Client host name (if known), then address, address prefixes and CIDR blocks. */
    public Optional<AccessAction> client(String address, Optional<String> hostname) {
        Loaded tables = current();
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
        Optional<AccessAction> exact = first(tables, AccessKind.CLIENT, keys.stream().distinct().toList());
        if (exact.isPresent()) {
            return exact;
        }
        return tables.blocks().stream().filter(b -> b.network().contains(address)).map(Block::action).findFirst();
    }

    /** The HELO name and its parent domains, or an address literal as a whole. */
    public Optional<AccessAction> helo(String helo) {
        String h = helo.toLowerCase(Locale.ROOT);
        return first(current(), AccessKind.HELO, h.startsWith("[") ? List.of(h) : domainKeys(h));
    }

    /** {@code user+ext@domain}, {@code user@domain}, the domain and its parents, {@code user+ext@}, {@code user@}. */
    public Optional<AccessAction> address(AccessKind kind, Optional<MailAddress> address, String delimiter) {
        if (address.isEmpty()) {
            return first(current(), kind, List.of("<>"));
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
        return first(current(), kind, keys.stream().distinct().toList());
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

    private static Optional<AccessAction> first(Loaded tables, AccessKind kind, List<String> keys) {
        for (String key : keys) {
            Optional<AccessAction> hit = tables.snapshot().lookup(kind, key);
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    private Loaded current() {
        return cache.current();
    }

    private static List<Block> blocks(AccessSnapshot snapshot) {
        List<Block> blocks = new ArrayList<>();
        for (Map.Entry<String, AccessAction> e : snapshot.table(AccessKind.CLIENT).entrySet()) {
            int slash = e.getKey().indexOf('/');
            if (slash > 0) {
                blocks.add(new Block(NetworkList.parse(e.getKey()), Integer.parseInt(e.getKey().substring(slash + 1)), e.getValue()));
            }
        }
        blocks.sort(Comparator.comparingInt(Block::prefix).reversed());
        return List.copyOf(blocks);
    }
}
