package io.kurir.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks TCP ports for the embedded servers.
 *
 * <p>Ports come from 20000–32000, below the Linux ephemeral range (32768–60999), so an outgoing connection of
 * some other process cannot grab the port between the check and the server's bind. Ports handed out in this
 * JVM are remembered until released, so Kafka and PostgreSQL starting in parallel never get the same one.
 */
final class Ports {

    static final int MIN = 20000;
    static final int MAX = 32000;

    private static final Set<Integer> RESERVED = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /** A port that is bindable on 127.0.0.1 right now and not handed out before in this JVM. */
    static int reserve() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 1000; i++) {
            int port = random.nextInt(MIN, MAX);
            if (!RESERVED.add(port)) {
                continue;
            }
            if (isFree(port)) {
                return port;
            }
            RESERVED.remove(port);
        }
        throw new IllegalStateException("no free TCP port found in " + MIN + "-" + MAX);
    }

    static void release(int port) {
        RESERVED.remove(port);
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as servers bind: a port whose old connections linger in TIME_WAIT is free
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
