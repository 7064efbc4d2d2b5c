package io.kurir.gateway.transport;

import java.net.InetAddress;

/**
 * The client name in logs and the Received header, Postfix style: {@code localhost} for a loopback
 * client, {@code unknown} otherwise. Reverse DNS (with a verifying forward lookup) arrives with the
 * gateway's DNS-based checks; no lookup happens here.
 */
final class ClientNames {

    private ClientNames() {
    }

    static String of(String ipAddress) {
        try {
            return InetAddress.getByName(ipAddress).isLoopbackAddress() ? "localhost" : "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
