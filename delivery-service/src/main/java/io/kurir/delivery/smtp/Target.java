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
        return hostname + "[" + address.getHostAddress() + "]";
    }

    /** The relay in a delivery outcome: {@code mx.b.test[127.0.0.1]:25}. */
    public String relay() {
        return label() + ":" + port;
    }
}
