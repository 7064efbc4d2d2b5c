package io.kurir.mail.alias;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The alias tables one Kurir installation uses: Postfix's {@code alias_maps} (aliases(5), looked up
 * by local(8) for local domains) and {@code virtual_alias_maps} (virtual(5), applied by cleanup(8)
 * to every recipient), plus {@code virtual_alias_domains}.
 *
 * @param local local aliases: lower-case local name to its targets
 * @param virtual virtual aliases: lower-case {@code user@domain}, {@code user} or {@code @domain} to
 *     its results
 * @param virtualDomains the virtual alias domains, lower case
 * @param forwards per-account forwarding (the {@code ~/.forward} of a Postfix box): lower-case
 *     account name to where its mail goes
 */
public record AliasMaps(Map<String, List<String>> local, Map<String, List<String>> virtual,
        Set<String> virtualDomains, Map<String, Forward> forwards) {

    /** No aliases at all: every address stands for itself. */
    public static final AliasMaps EMPTY = new AliasMaps(Map.of(), Map.of(), Set.of());

    /**
     * Where an account's mail is forwarded.
     *
     * @param targets addresses or local names
     * @param keepCopy also deliver to the account's own mailbox (a .forward that lists the account itself, {@code \NAME})
     */
    public record Forward(List<String> targets, boolean keepCopy) {
        public Forward {
            targets = List.copyOf(targets);
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("a forward needs at least one target");
            }
        }
    }

    /** The tables without any forwarding. */
    public AliasMaps(Map<String, List<String>> local, Map<String, List<String>> virtual, Set<String> virtualDomains) {
        this(local, virtual, virtualDomains, Map.of());
    }

    /** Copies the tables, folding keys and domains to lower case; a key that appears twice is refused. */
    public AliasMaps {
        local = lowerCaseKeys(local, "local alias");
        virtual = lowerCaseKeys(virtual, "virtual alias");
        Set<String> domains = new HashSet<>();
        for (String domain : virtualDomains) {
            domains.add(domain.toLowerCase(Locale.ROOT));
        }
        virtualDomains = Set.copyOf(domains);
        Map<String, Forward> fwd = new HashMap<>();
        forwards.forEach((account, forward) -> fwd.put(account.toLowerCase(Locale.ROOT), forward));
        forwards = Map.copyOf(fwd);
    }

    /**
     * The tables from a parsed aliases(5) file and a parsed virtual(5) file; pass
     * {@code List.of()} or {@link VirtualFile.Parsed#EMPTY} for a table that is not used.
     */
    public static AliasMaps of(List<AliasEntry> local, VirtualFile.Parsed virtual) {
        return new AliasMaps(toMap(local, "local alias"), toMap(virtual.aliases(), "virtual alias"),
                Set.copyOf(virtual.domains()));
    }

    private static Map<String, List<String>> toMap(List<AliasEntry> entries, String what) {
        Map<String, List<String>> map = new HashMap<>();
        for (AliasEntry entry : entries) {
            if (map.putIfAbsent(entry.key(), entry.targets()) != null) {
                throw new IllegalArgumentException(what + " " + entry.key() + " is defined twice");
            }
        }
        return map;
    }

    private static Map<String, List<String>> lowerCaseKeys(Map<String, List<String>> map, String what) {
        Map<String, List<String>> copy = new HashMap<>();
        map.forEach((key, targets) -> {
            Objects.requireNonNull(key, what);
            if (targets.isEmpty()) {
                throw new IllegalArgumentException(what + " " + key + " has no targets");
            }
            if (copy.putIfAbsent(key.toLowerCase(Locale.ROOT), List.copyOf(targets)) != null) {
                throw new IllegalArgumentException(what + " " + key + " is defined twice (keys ignore case)");
            }
        });
        return Map.copyOf(copy);
    }
}
