package io.kurir.store;

import java.util.ArrayList;
import java.util.List;

/**
 * IPv4 and IPv6 addresses as text, parsed without any name lookup ({@code InetAddress.getByName} may
 * ask DNS). Used for access table keys. Failures are {@link IllegalArgumentException}s whose
 * message says what is wrong, without the key itself (the caller adds it).
 */
final class IpText {

    private IpText() {
    }

    /** Whether the text is digits and dots, with a digit: the caller treats it as IPv4 (or fails). */
    static boolean looksLikeIpv4(String text) {
        return text.chars().anyMatch(c -> c >= '0' && c <= '9')
                && text.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    /**
     * One to four decimal octets separated by dots ({@code 10}, {@code 10.1}, {@code 10.1.2},
     * {@code 10.1.2.3}); returns them. No leading zeros (Postfix compares the text, and {@code 010}
     * is octal to some tools), no empty octets.
     */
    static int[] ipv4Octets(String text, int minParts, int maxParts) {
        String[] parts = text.split("\\.", -1);
        if (parts.length < minParts || parts.length > maxParts) {
            throw new IllegalArgumentException(minParts == maxParts
                    ? "an IPv4 address has " + maxParts + " octets, this has " + parts.length
                    : "an IPv4 address or prefix has 1 to 4 octets, this has " + parts.length);
        }
        int[] octets = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                throw new IllegalArgumentException("empty octet (two dots in a row, or a dot at an end)");
            }
            if (p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("octet '" + p + "' is not a number from 0 to 255");
            }
            if (p.length() > 1 && p.charAt(0) == '0') {
                throw new IllegalArgumentException("octet '" + p + "' has a leading zero");
            }
            octets[i] = Integer.parseInt(p);
            if (octets[i] > 255) {
                throw new IllegalArgumentException("octet " + p + " is greater than 255");
            }
        }
        return octets;
    }

    /** A complete IPv6 address (RFC 4291 §2.2, with {@code ::} and an optional dotted IPv4 tail) as 8 groups. */
    static int[] ipv6Groups(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            throw new IllegalArgumentException("'::' may appear only once in an IPv6 address");
        }
        List<Integer> head = new ArrayList<>();
        List<Integer> tail = new ArrayList<>();
        if (doubleColon >= 0) {
            groups(text.substring(0, doubleColon), head, false);
            groups(text.substring(doubleColon + 2), tail, true);
        } else {
            groups(text, head, true);
        }
        int count = head.size() + tail.size();
        if (doubleColon < 0 && count != 8) {
            throw new IllegalArgumentException("an IPv6 address has 8 groups (or '::'), this has " + count);
        }
        if (doubleColon >= 0 && count > 7) {
            throw new IllegalArgumentException("too many groups for an IPv6 address with '::'");
        }
        int[] all = new int[8];
        for (int i = 0; i < head.size(); i++) {
            all[i] = head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            all[8 - tail.size() + i] = tail.get(i);
        }
        return all;
    }

    /** Groups separated by single colons; the last may be a dotted IPv4 address (two groups). */
    private static void groups(String text, List<Integer> out, boolean ipv4TailAllowed) {
        if (text.isEmpty()) {
            return;
        }
        String[] parts = text.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && ipv4TailAllowed && p.contains(".")) {
                int[] v4 = ipv4Octets(p, 4, 4);
                out.add(v4[0] << 8 | v4[1]);
                out.add(v4[2] << 8 | v4[3]);
            } else {
                out.add(hexGroup(p));
            }
        }
    }

    /** One to four hexadecimal digits. */
    static int hexGroup(String p) {
        if (p.isEmpty()) {
            throw new IllegalArgumentException("empty group (a single ':' at an end, or ':::')");
        }
        if (p.length() > 4 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
            throw new IllegalArgumentException("group '" + p + "' is not 1 to 4 hexadecimal digits");
        }
        return Integer.parseInt(p, 16);
    }

    /**
     * RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups (the
     * first of equals) as {@code ::}; IPv4-mapped addresses as {@code ::ffff:a.b.c.d} (§5).
     */
    static String formatIpv6(int[] g) {
        if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) {
            return "::ffff:" + (g[6] >> 8) + "." + (g[6] & 0xff) + "." + (g[7] >> 8) + "." + (g[7] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** Whether every bit after the prefix is zero; units are octets (IPv4, 8 bits) or groups (IPv6, 16 bits). */
    static boolean hostBitsZero(int[] units, int unitBits, int prefixLength) {
        for (int i = 0; i < units.length; i++) {
            int first = i * unitBits;
            int keep = Math.max(0, Math.min(unitBits, prefixLength - first));
            int hostMask = keep == unitBits ? 0 : (1 << (unitBits - keep)) - 1;
            if ((units[i] & hostMask) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The units with every bit after the prefix cleared. */
    static int[] network(int[] units, int unitBits, int prefixLength) {
        int[] net = units.clone();
        for (int i = 0; i < net.length; i++) {
            int keep = Math.max(0, Math.min(unitBits, prefixLength - i * unitBits));
            int hostMask = keep == unitBits ? 0 : (1 << (unitBits - keep)) - 1;
            net[i] &= ~hostMask;
        }
        return net;
    }
}
