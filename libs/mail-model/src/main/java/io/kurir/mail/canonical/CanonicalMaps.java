package io.kurir.mail.canonical;

import io.kurir.mail.AddressSyntax;
import io.kurir.mail.MailAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The canonical address tables of one Kurir installation, as Postfix names them (postconf(5)):
 * {@code canonical_maps} for senders and recipients, {@code sender_canonical_maps} for senders
 * only and {@code recipient_canonical_maps} for recipients only. See {@link CanonicalRewriter} for
 * how they are applied.
 *
 * <p>Keys are lookup keys in the form {@link CanonicalFile} writes them ({@code user@domain},
 * {@code user} or {@code @domain}); they are folded to lower case here, and a key that appears
 * twice when case is ignored is refused. A value is one address, local name or {@code @domain}; a
 * value that is none of these is refused with {@link IllegalArgumentException}, so that the
 * rewriter never meets one.
 *
 * @param common {@code canonical_maps}: key to result
 * @param sender {@code sender_canonical_maps}: key to result
 * @param recipient {@code recipient_canonical_maps}: key to result
 */
public record CanonicalMaps(Map<String, String> common, Map<String, String> sender, Map<String, String> recipient) {

    /** No canonical mapping: every address stays as it is. */
    public static final CanonicalMaps EMPTY = new CanonicalMaps(Map.of(), Map.of(), Map.of());

    /** Copies the tables, folding keys to lower case; refuses duplicate keys and invalid results. */
    public CanonicalMaps {
        common = copy(common, "canonical_maps");
        sender = copy(sender, "sender_canonical_maps");
        recipient = copy(recipient, "recipient_canonical_maps");
    }

    /**
     * The tables from parsed canonical(5) files; pass {@code List.of()} for a table that is not used.
     *
     * @throws IllegalArgumentException when a pattern appears twice in one table
     */
    public static CanonicalMaps of(List<CanonicalEntry> common, List<CanonicalEntry> sender,
            List<CanonicalEntry> recipient) {
        return new CanonicalMaps(toMap(common, "canonical_maps"), toMap(sender, "sender_canonical_maps"),
                toMap(recipient, "recipient_canonical_maps"));
    }

    /** True when no table has an entry. */
    public boolean isEmpty() {
        return common.isEmpty() && sender.isEmpty() && recipient.isEmpty();
    }

    private static Map<String, String> toMap(List<CanonicalEntry> entries, String table) {
        Map<String, String> map = new HashMap<>();
        for (CanonicalEntry entry : entries) {
            if (map.putIfAbsent(entry.pattern(), entry.result()) != null) {
                throw new IllegalArgumentException(table + ": pattern " + entry.pattern() + " is defined twice");
            }
        }
        return map;
    }

    private static Map<String, String> copy(Map<String, String> map, String table) {
        Objects.requireNonNull(map, table);
        Map<String, String> copy = new HashMap<>();
        map.forEach((key, result) -> {
            Objects.requireNonNull(key, table + " key");
            Objects.requireNonNull(result, table + " result");
            if (key.isBlank()) {
                throw new IllegalArgumentException(table + ": empty pattern");
            }
            if (!isResult(result)) {
                throw new IllegalArgumentException(table + ": result \"" + result + "\" of pattern " + key
                        + " is not an address, a local name or @domain");
            }
            if (copy.putIfAbsent(key.toLowerCase(Locale.ROOT), result) != null) {
                throw new IllegalArgumentException(
                        table + ": pattern " + key + " is defined twice (patterns ignore case)");
            }
        });
        return Map.copyOf(copy);
    }

    private static boolean isResult(String result) {
        if (result.startsWith("@")) {
            return AddressSyntax.isDomain(result.substring(1));
        }
        return MailAddress.parse(result).isPresent();
    }
}
