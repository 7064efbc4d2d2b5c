package io.kurir.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which of Postfix's access(5) restrictions a table serves, and with it what its keys look like.
 * Kurir keeps one table per kind; the command line names them in lower case ({@code client},
 * {@code helo}, {@code sender}, {@code recipient}).
 *
 * <p>Keys are stored in the form Postfix's smtpd looks them up (see {@link #normalizeKey}), so a
 * lookup is an exact match of a lower-cased string. How Postfix searches an indexed table, which
 * a gateway should follow, first hit wins, a {@code DUNNO} hit ends the search in that table:
 *
 * <ul>
 *   <li>client: the verified client host name, then its parent domains ({@code mail.example.com},
 *       {@code example.com}, {@code com}); then the address and its prefixes — IPv4 by dropping
 *       the last {@code .octet} ({@code 10.1.2.3}, {@code 10.1.2}, {@code 10.1}, {@code 10}), IPv6
 *       by dropping the last {@code :group} of its RFC 5952 text (so not every prefix is tried:
 *       {@code 2001:db8::1}, {@code 2001:db8:}, {@code 2001:db8}, {@code 2001}). Kurir's CIDR keys
 *       ({@code 10.0.0.0/8}) match every address in the block; try them after the exact forms,
 *       longest prefix first.
 *   <li>helo: the HELO/EHLO argument as given (lower case), then its parent domains; an address
 *       literal ({@code [192.0.2.1]}) as a whole.
 *   <li>sender, recipient: {@code user+ext@domain}, {@code user@domain}, {@code domain} and its
 *       parent domains, {@code user+ext@}, {@code user@}; the null sender as {@code <>}.
 * </ul>
 *
 * <p>Parent domains: with Postfix's default ({@code smtpd_access_maps} listed in
 * {@code parent_domain_matches_subdomains}) a key {@code example.com} also matches subdomains; with
 * it unlisted, only {@code .example.com} keys do. Both forms are accepted here.
 */
public enum AccessKind {
    /** {@code check_client_access}: keys are client addresses, address prefixes, CIDR blocks or host names. */
    CLIENT("check_client_access"),
    /** {@code check_helo_access}: keys are HELO/EHLO host names or address literals. */
    HELO("check_helo_access"),
    /** {@code check_sender_access}: keys are MAIL FROM addresses, domains, {@code user@} or {@code <>}. */
    SENDER("check_sender_access"),
    /** {@code check_recipient_access}: keys are RCPT TO addresses, domains or {@code user@}. */
    RECIPIENT("check_recipient_access");

    private final String restriction;

    AccessKind(String restriction) {
        this.restriction = restriction;
    }

    /** The name on the command line and in the database: {@code client}, {@code helo}, ... */
    public String tableName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Postfix restriction that consults this table, e.g. {@code check_client_access}. */
    public String restriction() {
        return restriction;
    }

    /**
     * The kind with this name, in any case ({@code client}, {@code CLIENT}).
     *
     * @throws IllegalArgumentException naming the kinds there are
     */
    public static AccessKind fromName(String name) {
        for (AccessKind k : values()) {
            if (k.tableName().equalsIgnoreCase(name.strip())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown access table '" + name + "': use one of "
                + Arrays.stream(values()).map(AccessKind::tableName).collect(Collectors.joining(", ")));
    }

    /**
     * The key in the form lookups use: lower case, a trailing dot dropped, IPv6 addresses in RFC
     * 5952 text. Accepted:
     *
     * <ul>
     *   <li>client: {@code 10.1.2.3}, {@code 10.1.2}, {@code 10.1}, {@code 10} (no leading zeros);
     *       {@code 2001:db8::1}, or a prefix of two to seven groups {@code 2001:db8}; a CIDR block
     *       {@code 10.0.0.0/8}, {@code 2001:db8::/32} with zero host bits (a Kurir extension in place
     *       of Postfix's separate {@code cidr:} table); a host or domain name, {@code .domain}.
     *   <li>helo: a host or domain name, {@code .domain}; {@code [192.0.2.1]},
     *       {@code [ipv6:2001:db8::1]}; a bare IPv4 address.
     *   <li>sender, recipient: {@code user@domain} (domain may be an address literal),
     *       {@code domain}, {@code .domain}, {@code user@}; sender also {@code <>}.
     * </ul>
     *
     * Names are letters, digits, {@code -} and {@code _} in labels of at most 63 characters, 253 in
     * all, the last label not all digits; internationalized names in {@code xn--} form.
     *
     * @throws IllegalArgumentException {@code invalid client key 'x': reason}
     */
    public String normalizeKey(String key) {
        return AccessKeys.normalize(this, key);
    }
}
