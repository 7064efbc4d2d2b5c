package io.kurir.mail.canonical;

import io.kurir.mail.MailAddress;
import io.kurir.mail.MailDomains;
import io.kurir.mail.alias.AliasText;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites one address through the canonical tables the way Postfix's cleanup(8) does
 * (canonical(5), ADDRESS_REWRITING_README "Canonical address mapping").
 *
 * <p><b>Order of the tables.</b> A sender goes through {@code sender_canonical_maps} and then
 * through {@code canonical_maps}; a recipient through {@code recipient_canonical_maps} and then
 * {@code canonical_maps}. This is the order of Postfix's cleanup_addr.c: the common table sees the
 * result of the specific one, and each table is applied (recursively) to completion before the
 * next.
 *
 * <p><b>Lookups in one table</b> (canonical(5) "TABLE SEARCH ORDER"). For {@code user+ext@domain},
 * with the extension cut at the first {@code recipient_delimiter} character, in this order:
 * <ol>
 * <li>{@code user+ext@domain};</li>
 * <li>{@code user@domain};</li>
 * <li>{@code user+ext}, then {@code user}, only when the domain is {@code myorigin} or a
 *     {@code mydestination} domain;</li>
 * <li>{@code @domain}.</li>
 * </ol>
 * Keys are compared without case, and a quoted local part is looked up without its quotes. An
 * unqualified address (a bare local name) is looked up as {@code name@$myorigin}; when nothing
 * matches it is returned as it was. As in Postfix's split_addr(), {@code postmaster} and
 * {@code mailer-daemon} are never split, nor, when {@code -} is a delimiter, {@code owner-*} and
 * {@code *-request}; a delimiter at the start or the end of the local part starts no extension.
 *
 * <p><b>Results.</b> A result {@code @otherdomain} keeps the local part of the address, with its
 * extension, and replaces the domain. A bare local name gets {@code @$myorigin}. When the match
 * was made without the extension (the {@code user@domain} or {@code user} lookups), the extension
 * is appended to the local part of the result (Postfix's default
 * {@code propagate_unmatched_extensions = canonical, virtual}): {@code joe+foo@a.test} through
 * {@code joe@a.test Joe.Doe@a.test} becomes {@code Joe.Doe+foo@a.test}. A match on
 * {@code user+ext} itself or on {@code @domain} propagates nothing. The local part is written as
 * the result has it (case kept); domains are compared without case.
 *
 * <p><b>Recursion.</b> The table is applied again to its own result, at most {@value #MAX_ROUNDS}
 * times (Postfix's cleanup_map11 limit). It stops with the last result when a round finds no
 * match, when the result equals its input ignoring case ({@code joe@a.test JOE@a.test}), or when
 * the result was seen before in this table (a loop such as {@code a -> b -> a}). Unlike Postfix,
 * which defers the message when the limit is reached, the address after the last round is used.
 *
 * <p>The null sender {@code ""} stays {@code ""}, and an address that does not parse (including one
 * in angle brackets) is returned unchanged. Methods never throw for bad input.
 */
public final class CanonicalRewriter {

    /** The most rounds of one table for one address (Postfix's cleanup_map11 MAX_RECURSION). */
    public static final int MAX_ROUNDS = 10;

    private final CanonicalMaps maps;
    private final MailDomains domains;
    private final String delimiters;

    /**
     * @param maps the canonical tables
     * @param domains the naming parameters: {@code myorigin} and {@code mydestination}
     * @param recipientDelimiter Postfix's {@code recipient_delimiter}: the characters that start an
     *     address extension, e.g. {@code +}; empty for none
     */
    public CanonicalRewriter(CanonicalMaps maps, MailDomains domains, String recipientDelimiter) {
        this.maps = Objects.requireNonNull(maps, "maps");
        this.domains = Objects.requireNonNull(domains, "domains");
        this.delimiters = Objects.requireNonNull(recipientDelimiter, "recipientDelimiter");
    }

    /**
     * A sender address through {@code sender_canonical_maps}, then {@code canonical_maps}.
     *
     * @param address {@code user@domain} or a bare local name, without angle brackets; {@code ""}
     *     for the null sender
     * @return the rewritten address, or {@code address} itself when no table changes it
     */
    public String sender(String address) {
        return apply(apply(address, maps.sender()), maps.common());
    }

    /**
     * A recipient address through {@code recipient_canonical_maps}, then {@code canonical_maps}.
     *
     * @param address {@code user@domain} or a bare local name, without angle brackets
     * @return the rewritten address, or {@code address} itself when no table changes it
     */
    public String recipient(String address) {
        return apply(apply(address, maps.recipient()), maps.common());
    }

    /** One table, applied recursively. */
    private String apply(String address, Map<String, String> table) {
        Objects.requireNonNull(address, "address");
        if (table.isEmpty() || address.isEmpty()) {
            return address;
        }
        String current = address;
        Set<String> seen = new HashSet<>();
        seen.add(current.toLowerCase(Locale.ROOT));
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Optional<String> next = once(current, table);
            if (next.isEmpty()) {
                return current;
            }
            boolean self = next.get().equalsIgnoreCase(current);
            current = next.get();
            if (self || !seen.add(current.toLowerCase(Locale.ROOT))) {
                return current;
            }
        }
        return current;
    }

    /** One lookup in one table: the rewritten address, or empty when nothing matches. */
    private Optional<String> once(String address, Map<String, String> table) {
        Optional<MailAddress> parsed = MailAddress.parse(address);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        MailAddress input = parsed.get();
        String domain = input.domainLowerCase().orElse(domains.myorigin().toLowerCase(Locale.ROOT));
        String local = AliasText.unquoted(input.localPart());
        String full = local.toLowerCase(Locale.ROOT);
        int cut = delimiterIndex(local);
        String extension = cut > 0 ? local.substring(cut) : "";
        String bare = cut > 0 ? local.substring(0, cut).toLowerCase(Locale.ROOT) : "";

        Optional<String> hit = Optional.ofNullable(table.get(full + "@" + domain));
        if (hit.isPresent()) {
            return Optional.of(result(input, hit.get(), ""));
        }
        if (cut > 0 && (hit = Optional.ofNullable(table.get(bare + "@" + domain))).isPresent()) {
            return Optional.of(result(input, hit.get(), extension));
        }
        boolean local0 = domains.isLocalDomain(domain) || domain.equalsIgnoreCase(domains.myorigin());
        if (local0 && !full.contains("@")) {
            if ((hit = Optional.ofNullable(table.get(full))).isPresent()) {
                return Optional.of(result(input, hit.get(), ""));
            }
            if (cut > 0 && (hit = Optional.ofNullable(table.get(bare))).isPresent()) {
                return Optional.of(result(input, hit.get(), extension));
            }
        }
        return Optional.ofNullable(table.get("@" + domain)).map(r -> result(input, r, ""));
    }

    /** Index of the delimiter that starts the extension of an unquoted local part, or -1. */
    private int delimiterIndex(String local) {
        if (delimiters.isEmpty()) {
            return -1;
        }
        String lower = local.toLowerCase(Locale.ROOT);
        if (lower.equals("postmaster") || lower.equals("mailer-daemon")) {
            return -1;
        }
        if (delimiters.indexOf('-') >= 0
                && (lower.startsWith("owner-") || (lower.length() > 8 && lower.endsWith("-request")))) {
            return -1;
        }
        for (int i = 0; i < local.length(); i++) {
            if (delimiters.indexOf(local.charAt(i)) >= 0) {
                return i > 0 && i < local.length() - 1 ? i : -1;
            }
        }
        return -1;
    }

    /** The address a table result stands for, with the extension appended to its local part. */
    private String result(MailAddress input, String result, String extension) {
        if (result.startsWith("@")) {
            return input.localPart() + result;
        }
        MailAddress parsed = MailAddress.parse(result)
                .orElseThrow(() -> new IllegalStateException("CanonicalMaps let an invalid result through: " + result));
        String localPart = extension.isEmpty()
                ? parsed.localPart()
                : localPart(AliasText.unquoted(parsed.localPart()) + extension);
        return new MailAddress(localPart, Optional.of(parsed.domain().orElse(domains.myorigin()))).toString();
    }

    /** A local part written plainly when RFC 5321 allows it, else as a quoted string. */
    private static String localPart(String plain) {
        Optional<MailAddress> asIs = MailAddress.parse(plain);
        if (asIs.isPresent() && asIs.get().domain().isEmpty() && !plain.startsWith("\"")) {
            return plain;
        }
        return "\"" + plain.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
