package io.kurir.store;

import java.util.Locale;

/**
 * Access table keys as Postfix's access(5) and the smtpd lookups know them. Every key is folded to
 * lower case (Postfix folds the search string before an indexed lookup) and addresses are written
 * in the one form a lookup produces, so that a string comparison finds them:
 *
 * <ul>
 *   <li><b>client</b>: an IPv4 address or a prefix of one on octet boundaries ({@code 10.1.2.3},
 *       {@code 10.1.2}, {@code 10.1}, {@code 10}); an IPv6 address (stored in RFC 5952 form:
 *       {@code 2001:DB8:0::1} becomes {@code 2001:db8::1}) or a prefix of two to seven groups
 *       ({@code 2001:db8}); a CIDR block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) — a Kurir
 *       extension standing in for Postfix's separate {@code cidr:} table, host bits must be zero;
 *       or a host or domain name ({@code mail.example.com}, {@code .example.com}).
 *   <li><b>helo</b>: a host or domain name, an address literal ({@code [192.0.2.1]},
 *       {@code [ipv6:2001:db8::1]}) or a bare IPv4 address (what some clients send).
 *   <li><b>sender</b>, <b>recipient</b>: {@code user@domain}, {@code domain}, {@code .domain},
 *       {@code user@}; for sender also {@code <>}, Postfix's {@code smtpd_null_access_lookup_key}
 *       for the null sender.
 * </ul>
 *
 * <p>Host and domain names: labels of letters, digits, {@code -} and {@code _} (seen in the wild),
 * at most 63 characters each and 253 in all, the last not all digits (RFC 3696 §2); a trailing dot
 * is dropped; internationalized names in their {@code xn--} form. A leading dot
 * ({@code .example.com}) is Postfix's "subdomains only" form.
 */
final class AccessKeys {

    private static final int MAX_LOCAL_PART = 64;  // RFC 5321 §4.5.3.1.1
    private static final int MAX_DOMAIN = 253;
    private static final int MAX_LABEL = 63;

    private AccessKeys() {
    }

    static String normalize(AccessKind kind, String raw) {
        String key = raw == null ? "" : raw.strip();
        try {
            if (key.isEmpty()) {
                throw new IllegalArgumentException("the key is empty");
            }
            if (key.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw new IllegalArgumentException("a key cannot contain white space or control characters");
            }
            String lower = key.toLowerCase(Locale.ROOT);
            return switch (kind) {
                case CLIENT -> client(lower);
                case HELO -> helo(lower);
                case SENDER -> address(lower, true);
                case RECIPIENT -> address(lower, false);
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + kind.tableName() + " key '" + key + "': " + e.getMessage(), e);
        }
    }

    private static String client(String key) {
        if (key.startsWith("[")) {
            throw new IllegalArgumentException("write client addresses without [ ] (10.1.2.3, 2001:db8::1)");
        }
        if (key.contains("/")) {
            return cidr(key);
        }
        if (key.contains(":")) {
            return ipv6AddressOrPrefix(key);
        }
        if (IpText.looksLikeIpv4(key)) {
            return ipv4Prefix(key);
        }
        return domain(key, true);
    }

    private static String helo(String key) {
        if (key.startsWith("[") || key.endsWith("]")) {
            return addressLiteral(key);
        }
        if (key.contains(":") || key.contains("/")) {
            throw new IllegalArgumentException("a HELO name is a host name or an address literal ([192.0.2.1], [ipv6:2001:db8::1])");
        }
        if (IpText.looksLikeIpv4(key)) {
            int[] o = IpText.ipv4Octets(key, 4, 4);
            return o[0] + "." + o[1] + "." + o[2] + "." + o[3];
        }
        return domain(key, true);
    }

    private static String address(String key, boolean sender) {
        if (key.equals("<>")) {
            if (!sender) {
                throw new IllegalArgumentException("<> is the null sender; it is a sender key, not a recipient key");
            }
            return key;
        }
        if (key.startsWith("<") || key.endsWith(">")) {
            throw new IllegalArgumentException("write the address without < >");
        }
        int at = key.lastIndexOf('@');
        if (at < 0) {
            return domain(key, true);
        }
        String local = key.substring(0, at);
        String domain = key.substring(at + 1);
        if (local.isEmpty()) {
            throw new IllegalArgumentException(domain.isEmpty() ? "'@' alone is no address"
                    : "write the domain alone (" + domain + ") to match every address in it");
        }
        if (local.length() > MAX_LOCAL_PART) {
            throw new IllegalArgumentException("the local part is longer than " + MAX_LOCAL_PART + " characters");
        }
        if (local.contains("@") || local.contains("<") || local.contains(">")) {
            throw new IllegalArgumentException("the local part '" + local + "' contains @, < or >");
        }
        if (domain.isEmpty()) {
            return local + "@";
        }
        String d = domain.startsWith("[") ? addressLiteral(domain) : domain(domain, false);
        return local + "@" + d;
    }

    /** {@code [a.b.c.d]} or {@code [ipv6:...]} (RFC 5321 §4.1.3). */
    private static String addressLiteral(String key) {
        if (!key.startsWith("[") || !key.endsWith("]") || key.length() < 3) {
            throw new IllegalArgumentException("an address literal is [192.0.2.1] or [ipv6:2001:db8::1]");
        }
        String inner = key.substring(1, key.length() - 1);
        if (inner.startsWith("ipv6:")) {
            return "[ipv6:" + IpText.formatIpv6(IpText.ipv6Groups(inner.substring(5))) + "]";
        }
        if (inner.contains(":")) {
            throw new IllegalArgumentException("an IPv6 address literal starts with 'IPv6:' ([ipv6:" + inner + "])");
        }
        int[] o = IpText.ipv4Octets(inner, 4, 4);
        return "[" + o[0] + "." + o[1] + "." + o[2] + "." + o[3] + "]";
    }

    /** Postfix's {@code net.work.addr.ess} to {@code net} forms. */
    private static String ipv4Prefix(String key) {
        int[] o = IpText.ipv4Octets(key, 1, 4);
        StringBuilder sb = new StringBuilder();
        for (int octet : o) {
            sb.append(sb.length() == 0 ? "" : ".").append(octet);
        }
        return sb.toString();
    }

    /**
     * A full address (eight groups, or {@code ::}) in RFC 5952 form, or Postfix's
     * {@code net:work:addr} prefix of two to seven groups without {@code ::}.
     */
    private static String ipv6AddressOrPrefix(String key) {
        String[] parts = key.split(":", -1);
        if (key.contains("::") || parts.length == 8 || key.contains(".")) {
            return IpText.formatIpv6(IpText.ipv6Groups(key));
        }
        if (parts.length > 8) {
            throw new IllegalArgumentException("an IPv6 address has at most 8 groups");
        }
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p.isEmpty()) {
                throw new IllegalArgumentException("an IPv6 prefix is groups separated by single colons (2001:db8), "
                        + "without a ':' at either end");
            }
            sb.append(sb.length() == 0 ? "" : ":").append(Integer.toHexString(IpText.hexGroup(p)));
        }
        return sb.toString();
    }

    /** {@code 10.0.0.0/8}, {@code 2001:db8::/32}: Kurir's stand-in for a cidr: table. */
    private static String cidr(String key) {
        int slash = key.indexOf('/');
        String address = key.substring(0, slash);
        String length = key.substring(slash + 1);
        boolean v6 = address.contains(":");
        int max = v6 ? 128 : 32;
        if (!length.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(length) > max) {
            throw new IllegalArgumentException("the prefix length after '/' must be a number from 0 to " + max);
        }
        int bits = Integer.parseInt(length);
        int[] units = v6 ? IpText.ipv6Groups(address) : IpText.ipv4Octets(address, 4, 4);
        int unitBits = v6 ? 16 : 8;
        String canonical = v6 ? IpText.formatIpv6(units) : ipv4Prefix(address);
        if (!IpText.hostBitsZero(units, unitBits, bits)) {
            int[] net = IpText.network(units, unitBits, bits);
            String suggestion = v6 ? IpText.formatIpv6(net)
                    : net[0] + "." + net[1] + "." + net[2] + "." + net[3];
            throw new IllegalArgumentException(canonical + " has bits set after the first " + bits
                    + "; did you mean " + suggestion + "/" + bits + "?");
        }
        return canonical + "/" + bits;
    }

    /** A host or domain name; with {@code leadingDotAllowed}, Postfix's {@code .domain.tld} too. */
    private static String domain(String key, boolean leadingDotAllowed) {
        String name = key.endsWith(".") ? key.substring(0, key.length() - 1) : key;
        String prefix = "";
        if (name.startsWith(".") && leadingDotAllowed) {
            prefix = ".";
            name = name.substring(1);
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("no domain name");
        }
        if (!name.chars().allMatch(c -> c < 128)) {
            throw new IllegalArgumentException("write internationalized domain names in their xn-- (A-label) form");
        }
        if (name.length() > MAX_DOMAIN) {
            throw new IllegalArgumentException("a domain name has at most " + MAX_DOMAIN + " characters");
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                throw new IllegalArgumentException("empty label in '" + name + "' (two dots in a row?)");
            }
            if (label.length() > MAX_LABEL) {
                throw new IllegalArgumentException("label '" + label + "' is longer than " + MAX_LABEL + " characters");
            }
            if (!label.matches("[a-z0-9_-]+")) {
                throw new IllegalArgumentException("label '" + label + "' may contain only letters, digits, '-' and '_'");
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                throw new IllegalArgumentException("label '" + label + "' starts or ends with '-'");
            }
        }
        if (labels[labels.length - 1].matches("[0-9]+")) {
            throw new IllegalArgumentException("'" + name + "' is neither a host name (its last label is all digits) "
                    + "nor an address");
        }
        return prefix + name;
    }
}
