package io.kurir.gateway.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One DNS blocklist of Postfix's postscreen_dnsbl_sites or reject_rbl_client:
 * {@code domain[=filter][*weight]}, e.g. {@code zen.spamhaus.org*3} or
 * {@code bl.example=127.0.0.[2..11]}. The filter limits which answers count; each octet is a number,
 * {@code [n..m]} or {@code [n;m;...]}.
 */
public record DnsblSite(String domain, Optional<String> filter, int weight) {

    public static DnsblSite parse(String entry) {
        String rest = entry.trim();
        int weight = 1;
        int star = rest.lastIndexOf('*');
        if (star >= 0) {
            try {
                weight = Integer.parseInt(rest.substring(star + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad DNSBL weight in '" + entry + "'");
            }
            rest = rest.substring(0, star);
        }
        Optional<String> filter = Optional.empty();
        int eq = rest.indexOf('=');
        if (eq >= 0) {
            filter = Optional.of(rest.substring(eq + 1));
            rest = rest.substring(0, eq);
            String[] octets = filter.get().split("\\.(?![^\\[]*\\])");
            if (octets.length != 4 || !java.util.Arrays.stream(octets).allMatch(DnsblSite::validOctetPattern)) {
                throw new IllegalArgumentException("bad DNSBL reply filter in '" + entry + "'");
            }
        }
        if (!rest.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)+")) {
            throw new IllegalArgumentException("bad DNSBL domain in '" + entry + "'");
        }
        return new DnsblSite(rest.toLowerCase(Locale.ROOT), filter, weight);
    }

    /** A comma or space separated list of sites. */
    public static List<DnsblSite> parseList(String text) {
        return java.util.Arrays.stream(text.trim().split("[,\\s]+")).filter(s -> !s.isEmpty()).map(DnsblSite::parse).toList();
    }

    /** The name to look up for a client: reversed IPv4 octets or IPv6 nibbles, then the domain. */
    public String query(String clientAddress) throws UnknownHostException {
        byte[] a = InetAddress.getByName(clientAddress).getAddress(); // a literal: no lookup
        StringBuilder sb = new StringBuilder();
        if (a.length == 4) {
            for (int i = 3; i >= 0; i--) {
                sb.append(a[i] & 0xff).append('.');
            }
        } else {
            for (int i = a.length - 1; i >= 0; i--) {
                sb.append(Character.forDigit(a[i] & 0xf, 16)).append('.').append(Character.forDigit((a[i] >> 4) & 0xf, 16)).append('.');
            }
        }
        return sb.append(domain).toString();
    }

    /** Whether one of the answers (A records) counts under the filter. */
    public boolean counts(List<String> answers) {
        if (filter.isEmpty()) {
            return !answers.isEmpty();
        }
        return answers.stream().anyMatch(this::matchesFilter);
    }

    private boolean matchesFilter(String answer) {
        String[] got = answer.split("\\.");
        String[] want = filter.orElseThrow().split("\\.(?![^\\[]*\\])");
        if (got.length != 4 || want.length != 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (!octetMatches(Integer.parseInt(got[i]), want[i])) {
                return false;
            }
        }
        return true;
    }

    /** {@code n}, or {@code [a;b;c..d]} with numbers and ranges of 0..255. */
    private static boolean validOctetPattern(String pattern) {
        if (!pattern.startsWith("[")) {
            return pattern.matches("\\d{1,3}") && Integer.parseInt(pattern) <= 255;
        }
        if (!pattern.endsWith("]") || pattern.length() < 3) {
            return false;
        }
        for (String part : pattern.substring(1, pattern.length() - 1).split(";", -1)) {
            String[] ends = part.split("\\.\\.", -1);
            if (ends.length > 2 || !java.util.Arrays.stream(ends).allMatch(e -> e.matches("\\d{1,3}") && Integer.parseInt(e) <= 255)) {
                return false;
            }
        }
        return true;
    }

    private static boolean octetMatches(int value, String pattern) {
        if (!pattern.startsWith("[")) {
            return value == Integer.parseInt(pattern);
        }
        for (String part : pattern.substring(1, pattern.length() - 1).split(";")) {
            int range = part.indexOf("..");
            if (range >= 0 ? value >= Integer.parseInt(part.substring(0, range)) && value <= Integer.parseInt(part.substring(range + 2))
                    : value == Integer.parseInt(part)) {
                return true;
            }
        }
        return false;
    }
}
