package io.kurir.gateway.policy;

import io.kurir.mail.NetworkList;
import java.util.Locale;

/**
 * The HELO/EHLO name checks of Postfix's reject_invalid_helo_hostname and
 * reject_non_fqdn_helo_hostname: syntax only, no DNS.
 */
final class HeloName {

    private HeloName() {
    }

    /** A host name of letters, digits, hyphens (and underscores, as Postfix tolerates), or an address literal. */
    static boolean valid(String helo) {
        if (isAddressLiteral(helo)) {
            return NetworkList.isAddress(literalAddress(helo));
        }
        String name = helo.endsWith(".") ? helo.substring(0, helo.length() - 1) : helo;
        if (name.isEmpty() || name.length() > 255) {
            return false;
        }
        boolean allNumeric = true;
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (char c : label.toCharArray()) {
                if (!(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_')) {
                    return false;
                }
            }
            allNumeric &= label.chars().allMatch(Character::isDigit);
        }
        // all-numeric names are only valid as an IPv4 address (Postfix: "numeric hostname")
        return !allNumeric || NetworkList.isAddress(name);
    }

    /** A fully-qualified domain name (contains a dot) or an address literal. */
    static boolean fullyQualified(String helo) {
        if (isAddressLiteral(helo)) {
            return true;
        }
        String name = helo.endsWith(".") ? helo.substring(0, helo.length() - 1) : helo;
        return name.indexOf('.') > 0;
    }

    private static boolean isAddressLiteral(String helo) {
        return helo.length() > 2 && helo.startsWith("[") && helo.endsWith("]");
    }

    private static String literalAddress(String helo) {
        String inner = helo.substring(1, helo.length() - 1);
        return inner.toLowerCase(Locale.ROOT).startsWith("ipv6:") ? inner.substring(5) : inner;
    }
}
