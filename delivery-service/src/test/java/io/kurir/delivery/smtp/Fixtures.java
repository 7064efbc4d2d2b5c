package io.kurir.delivery.smtp;

import io.kurir.mail.payload.DeliveryReport.Outcome;
import io.kurir.mail.payload.Recipient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Shared bits of the client tests. */
final class Fixtures {

    /** One MX for b.test on 127.0.0.1. */
    static final String ONE_MX = """
            b.test.     MX 10 mx.b.test.
            mx.b.test.  A  127.0.0.1
            relay.test. A  127.0.0.1
            """;

    /** Two MX for b.test: mx1 on 127.0.0.1, the backup mx2 on ::1 (same port, another address). */
    static final String TWO_MX = """
            b.test.     MX 10 mx1.b.test.
            b.test.     MX 20 mx2.b.test.
            mx1.b.test. A  127.0.0.1
            mx2.b.test. AAAA ::1
            """;

    static final byte[] MESSAGE = "Subject: test\n\nhello\n".getBytes(StandardCharsets.UTF_8);

    private Fixtures() {
    }

    /** Settings for a peer on {@code port}; generous timeouts, so that a broken test fails rather than hangs. */
    static SmtpSettings.Builder settings(int port) {
        return SmtpSettings.builder("client.test").tcpPort(port).connectTimeout(Duration.ofSeconds(5))
                .allConversationTimeouts(Duration.ofSeconds(20)).connectionCacheTimeLimit(Duration.ofSeconds(60));
    }

    static Recipient rcpt(String address) {
        return new Recipient(address, address, "smtp", "b.test", address);
    }

    static List<Recipient> rcpts(String... addresses) {
        return java.util.Arrays.stream(addresses).map(Fixtures::rcpt).toList();
    }

    static SmtpClient client(SmtpSettings settings, String zone) {
        return new SmtpClient(settings, TableMxResolver.parse(zone));
    }

    static DeliveryAttempt send(SmtpClient client, String nexthop, List<Recipient> recipients) {
        return client.deliver(nexthop, "a@a.test", recipients, MESSAGE, false, null, null);
    }

    /** A port on 127.0.0.1 with nothing listening (bound, then closed). */
    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** Whether this machine can listen on ::1 (the two-MX tests need a second loopback address). */
    static boolean ipv6Loopback() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static String describe(Outcome o) {
        return o.status() + " " + o.dsnStatus() + " relay=" + o.relay() + " (" + o.diagnostic() + ")";
    }
}
