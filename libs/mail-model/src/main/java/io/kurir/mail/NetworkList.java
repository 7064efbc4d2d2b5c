package io.kurir.mail;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of networks in Postfix's mynetworks syntax: {@code 127.0.0.0/8 [::1]/128 192.168.1.7},
 * separated by spaces or commas; IPv6 addresses may be written in brackets, a bare address is a
 * single host. Only literal addresses are accepted (no host names, so no DNS at start).
 */
public final class NetworkList {

    private record Network(byte[] address, int prefix) {
        boolean contains(byte[] other) {
            if (other.length != address.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != other[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (other[full] & mask);
        }
    }

    private final List<Network> networks;
    private final String text;

    private NetworkList(List<Network> networks, String text) {
        this.networks = networks;
        this.text = text;
    }

    /** Parses the list; a malformed entry is an error naming it, so a typo never silently opens a relay. */
    public static NetworkList parse(String text) {
        List<Network> list = new ArrayList<>();
        for (String entry : text.trim().split("[,\\s]+")) {
            if (!entry.isEmpty()) {
                list.add(network(entry));
            }
        }
        return new NetworkList(List.copyOf(list), text.trim());
    }

    private static Network network(String entry) {
        String host = entry;
        int prefix = -1;
        int slash = entry.lastIndexOf('/');
        if (slash >= 0) {
            host = entry.substring(0, slash);
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw bad(entry, "the prefix length is not a number");
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!isLiteral(host)) {
            throw bad(entry, "not an IPv4 or IPv6 address");
        }
        byte[] address;
        try {
            address = InetAddress.getByName(host).getAddress(); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw bad(entry, "not an IPv4 or IPv6 address");
        }
        int bits = address.length * 8;
        if (prefix < 0) {
            prefix = bits;
        }
        if (prefix > bits) {
            throw bad(entry, "prefix longer than " + bits + " bits");
        }
        return new Network(address, prefix);
    }

    /** Whether {@code host} is an IPv4 or IPv6 address literal (no brackets), never a name to look up. */
    public static boolean isAddress(String host) {
        if (!isLiteral(host)) {
            return false;
        }
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** An IPv4 dotted quad with octets up to 255, or something with a colon that only IPv6 characters make up. */
    private static boolean isLiteral(String host) {
        if (host.contains(":")) {
            return host.matches("[0-9A-Fa-f:.]+");
        }
        if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        for (String octet : host.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException bad(String entry, String why) {
        return new IllegalArgumentException("bad mynetworks entry '" + entry + "': " + why);
    }

    /** Whether the client's IP address (a literal) is in one of the networks. */
    public boolean contains(String ipAddress) {
        if (!isLiteral(ipAddress)) {
            return false;
        }
        try {
            byte[] a = InetAddress.getByName(ipAddress).getAddress();
            return networks.stream().anyMatch(n -> n.contains(a));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
