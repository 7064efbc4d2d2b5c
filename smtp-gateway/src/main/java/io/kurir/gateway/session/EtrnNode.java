package io.kurir.gateway.session;

import io.kurir.mail.NetworkList;
import java.util.Locale;

/**
 * The node an ETRN names (RFC 1985 section 5), with the syntax Postfix's etrn_cmd accepts: a host
 * name as valid_hostname() takes it (letters, digits, hyphens and underscores in labels of at most
 * 63, no empty label, not all digits, at most 255 characters), or, as Postfix's extension to
 * RFC 1985, an RFC 5321 address literal such as {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}.
 */
final class EtrnNode {

    private static final int MAX_NAME = 255;
    private static final int MAX_LABEL = 63;

    private EtrnNode() {
    }

    static boolean valid(String node) {
        return hostName(node) || addressLiteral(node);
    }

    private static boolean hostName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return false;
        }
        boolean allNumeric = true;
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (char c : label.toCharArray()) {
                boolean letterOrDigit = c < 128 && Character.isLetterOrDigit(c);
                if (!letterOrDigit && c != '-' && c != '_') {
                    return false;
                }
                allNumeric &= c >= '0' && c <= '9';
            }
        }
        return !allNumeric; // Postfix: "numeric hostname"; an address needs its brackets
    }

    /** RFC 5321 section 4.1.3: {@code [IPv4]} or {@code [IPv6:address]}, as Postfix's valid_mailhost_literal. */
    private static boolean addressLiteral(String node) {
        if (node.length() < 3 || node.charAt(0) != '[' || node.charAt(node.length() - 1) != ']') {
            return false;
        }
        String inner = node.substring(1, node.length() - 1);
        if (inner.toLowerCase(Locale.ROOT).startsWith("ipv6:")) {
            String v6 = inner.substring(5);
            return v6.contains(":") && NetworkList.isAddress(v6);
        }
        return !inner.contains(":") && NetworkList.isAddress(inner);
    }
}
