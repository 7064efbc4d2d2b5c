package io.kurir.delivery.smtp;

import java.net.InetAddress;

/**
 * One address to try: a mail server's name, one of its addresses, and the port.
 *
 * @param hostname the MX host name, or the address itself for an {@code [1.2.3.4]} next hop
 */
public record Target(String hostname, InetAddress address, int port) {

    /** As Postfix names a server in its logs: {@code mx.b.test[127.0.0.1]}. */
    public String label() {
        return hostname + "[" + addressText(address) + "]";
    }

    /** The address as people write it: {@code 127.0.0.1}, {@code ::1} (RFC 5952 section 4: longest zero run as ::). */
    static String addressText(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return address.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8;) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** The relay in a delivery outcome: {@code mx.b.test[127.0.0.1]:25}. */
    public String relay() {
        return label() + ":" + port;
    }
}
