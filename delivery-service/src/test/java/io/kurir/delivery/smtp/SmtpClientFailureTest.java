package io.kurir.delivery.smtp;

import static io.kurir.delivery.smtp.Fixtures.ONE_MX;
import static io.kurir.delivery.smtp.Fixtures.TWO_MX;
import static io.kurir.delivery.smtp.Fixtures.client;
import static io.kurir.delivery.smtp.Fixtures.describe;
import static io.kurir.delivery.smtp.Fixtures.rcpts;
import static io.kurir.delivery.smtp.Fixtures.send;
import static io.kurir.delivery.smtp.Fixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kurir.mail.payload.DeliveryReport;
import io.kurir.mail.payload.DeliveryReport.Outcome;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the client does when servers, networks and DNS misbehave: next MX, deferrals, timeouts. */
class SmtpClientFailureTest {

    private static final Duration SHORT = Duration.ofMillis(300);

    private static void assertAll(DeliveryAttempt a, String status, String dsn, String diagnostic) {
        for (Outcome o : a.outcomes()) {
            assertEquals(status, o.status(), describe(o));
            assertEquals(dsn, o.dsnStatus(), describe(o));
            assertEquals(diagnostic, o.diagnostic());
        }
    }

    /** A peer on 127.0.0.1 and one on ::1, same port: the two MX of {@link Fixtures#TWO_MX}. */
    private static TestSmtpPeer[] twoPeers() throws Exception {
        assumeTrue(Fixtures.ipv6Loopback(), "skipped: this machine cannot listen on ::1");
        for (int attempt = 0; ; attempt++) {
            TestSmtpPeer first = new TestSmtpPeer();
            try {
                return new TestSmtpPeer[] {first, new TestSmtpPeer(InetAddress.getByName("::1"), first.port())};
            } catch (java.net.BindException e) {
                first.close();
                if (attempt > 10) {
                    throw e;
                }
            }
        }
    }

    @Test
    void greeting421MakesTheClientTryTheNextMx() throws Exception {
        TestSmtpPeer[] peers = twoPeers();
        peers[0].script.greeting = "421 4.3.2 Service not available";
        try (TestSmtpPeer first = peers[0]; TestSmtpPeer second = peers[1];
                SmtpClient client = client(settings(first.port()).build(), TWO_MX)) {
            DeliveryAttempt a = send(client, "b.test", rcpts("x@b.test"));
            assertEquals(DeliveryReport.SENT, a.outcomes().get(0).status(), describe(a.outcomes().get(0)));
            assertEquals("mx2.b.test[::1]:" + first.port(), a.outcomes().get(0).relay());
            assertFalse(a.destinationFailed());
            assertEquals(1, first.sessions().size());
            assertEquals(1, second.sessions().get(0).messages.size());
        }
    }

    @Test
    void refusedConnectionMakesTheClientTryTheNextMx() throws Exception {
        TestSmtpPeer[] peers = twoPeers();
        peers[0].close(); // nothing listens on 127.0.0.1 any more
        try (TestSmtpPeer second = peers[1]; SmtpClient client = client(settings(second.port()).build(), TWO_MX)) {
            DeliveryAttempt a = send(client, "b.test", rcpts("x@b.test"));
            assertEquals(DeliveryReport.SENT, a.outcomes().get(0).status(), describe(a.outcomes().get(0)));
            assertEquals("mx2.b.test[::1]:" + peers[1].port(), a.outcomes().get(0).relay());
        }
    }

    @Test
    void allMxDownDefersAndBlamesTheDestination() throws Exception {
        int port = Fixtures.closedPort();
        try (SmtpClient client = client(settings(port).build(), ONE_MX)) {
            DeliveryAttempt a = send(client, "b.test", rcpts("x@b.test", "y@b.test"));
            assertAll(a, DeliveryReport.DEFERRED, "4.4.1", "connect to mx.b.test[127.0.0.1]:" + port + ": Connection refused");
            assertEquals("none", a.outcomes().get(0).relay());
            assertTrue(a.destinationFailed());
        }
        assumeTrue(Fixtures.ipv6Loopback(), "skipped the two-MX part: this machine cannot listen on ::1");
        try (SmtpClient client = client(settings(port).build(), TWO_MX)) {
            DeliveryAttempt a = send(client, "b.test", rcpts("x@b.test"));
            assertAll(a, DeliveryReport.DEFERRED, "4.4.1", "connect to mx2.b.test[::1]:" + port + ": Connection refused");
            assertTrue(a.destinationFailed());
        }
    }

    @Test
    void greeting5xxEverywhereDefers() throws Exception {
        try (TestSmtpPeer peer = new TestSmtpPeer();
                SmtpClient client = client(settings(peer.port()).build(), ONE_MX)) {
            peer.script.greeting = "554 5.7.1 go away";
            DeliveryAttempt a = send(client, "b.test", rcpts("x@b.test"));
            assertAll(a, DeliveryReport.DEFERRED, "4.7.1", "host mx.b.test[127.0.0.1] refused to talk to me: 554 5.7.1 go away");
            assertTrue(a.destinationFailed());
            assertEquals("554 5.7.1 go away", a.outcomes().get(0).smtpReply());
            assertEquals(List.of("QUIT"), peer.awaitCommand(0, "QUIT").commands, "QUIT after a 554 greeting");
        }
    }

    @Test
    void silentServerTimesOutWaitingForTheGreeting() throws Exception {
        try (TestSmtpPeer peer = new TestSmtpPeer();
                SmtpClient client = client(settings(peer.port()).heloTimeout(SHORT).build(), ONE_MX)) {
            peer.script.greeting = TestSmtpPeer.HANG;
            DeliveryAttempt a = send(client, "b.test", rcpts("x@b.test"));
            assertAll(a, DeliveryReport.DEFERRED, "4.4.2",
                    "conversation with mx.b.test[127.0.0.1] timed out while receiving the initial server greeting");
            assertTrue(a.destinationFailed());
        }
    }

    @Test
    void silenceAfterMailFromTimesOutWaitingForRcpt() throws Exception {
        try (TestSmtpPeer peer = new TestSmtpPeer();
                SmtpClient client = client(settings(peer.port()).rcptTimeout(SHORT).build(), ONE_MX)) {
            peer.script.rcpt = address -> TestSmtpPeer.HANG;
            DeliveryAttempt a = send(client, "b.test", rcpts("x@b.test"));
            assertAll(a, DeliveryReport.DEFERRED, "4.4.2",
                    "conversation with mx.b.test[127.0.0.1] timed out while sending RCPT TO");
            assertFalse(a.destinationFailed(), "the server did answer MAIL FROM");
        }
    }

    @Test
    void connectionLostBeforeTheReplyToMailBlamesTheDestination() throws Exception {
        try (TestSmtpPeer peer = new TestSmtpPeer();
                SmtpClient client = client(settings(peer.port()).build(), ONE_MX)) {
            peer.script.mail = TestSmtpPeer.CLOSE;
            DeliveryAttempt a = send(client, "b.test", rcpts("x@b.test"));
            assertAll(a, DeliveryReport.DEFERRED, "4.4.2", "lost connection with mx.b.test[127.0.0.1] while sending MAIL FROM");
            assertTrue(a.destinationFailed());
        }
    }

    @Test
    void aServerThatStopsReadingTheMessageTimesOut() throws Exception {
        try (TestSmtpPeer peer = new TestSmtpPeer();
                SmtpClient client = client(settings(peer.port()).dataXferTimeout(SHORT).build(), ONE_MX)) {
            peer.script.without("SIZE").stallAfterData = true; // 24 MB: more than the socket buffers hold
            byte[] big = ("x".repeat(998) + "\n").repeat(24_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            DeliveryAttempt a = client.deliver("b.test", "a@a.test", rcpts("x@b.test"), big, false, null, null);
            assertAll(a, DeliveryReport.DEFERRED, "4.4.2",
                    "conversation with mx.b.test[127.0.0.1] timed out while sending message body");
            assertFalse(a.destinationFailed());
        }
    }

    @Test
    void garbageGreetingIsAProtocolError() throws Exception {
        try (TestSmtpPeer peer = new TestSmtpPeer();
                SmtpClient client = client(settings(peer.port()).build(), ONE_MX)) {
            peer.script.greeting = "hello there\u0007";
            DeliveryAttempt a = send(client, "b.test", rcpts("x@b.test"));
            assertAll(a, DeliveryReport.DEFERRED, "4.5.0", "conversation with mx.b.test[127.0.0.1] failed while receiving "
                    + "the initial server greeting: malformed reply line: hello there?");
            assertTrue(a.destinationFailed());
        }
    }

    @Test
    void garbageAndOverlongRepliesToRcptDefer() throws Exception {
        try (TestSmtpPeer peer = new TestSmtpPeer();
                SmtpClient client = client(settings(peer.port()).build(), ONE_MX)) {
            peer.script.rcpt = address -> address.startsWith("x") ? "250 ok" : "2.1.5 oops";
            DeliveryAttempt a = send(client, "b.test", rcpts("x@b.test", "y@b.test"));
            assertAll(a, DeliveryReport.DEFERRED, "4.5.0", "conversation with mx.b.test[127.0.0.1] failed while sending "
                    + "RCPT TO: malformed reply line: 2.1.5 oops");
            assertFalse(a.destinationFailed());

            peer.script.rcpt = address -> "250 " + "x".repeat(3000);
            a = send(client, "b.test", rcpts("x@b.test"));
            assertAll(a, DeliveryReport.DEFERRED, "4.5.0", "conversation with mx.b.test[127.0.0.1] failed while sending "
                    + "RCPT TO: reply line longer than 2048 octets");
        }
    }

    @Test
    void reply421DuringTheTransactionDefersAllAndDropsTheConnection() throws Exception {
        try (TestSmtpPeer peer = new TestSmtpPeer();
                SmtpClient client = client(settings(peer.port()).build(), ONE_MX)) {
            peer.script.rcpt = address -> address.startsWith("x") ? "250 ok" : "421 4.3.2 Shutting down";
            DeliveryAttempt a = send(client, "b.test", rcpts("x@b.test", "y@b.test"));
            assertAll(a, DeliveryReport.DEFERRED, "4.3.2",
                    "host mx.b.test[127.0.0.1] said: 421 4.3.2 Shutting down (in reply to RCPT TO command)");
            assertEquals(0, client.cachedConnections());
        }
    }

    @Test
    void rejectedEhloFallsBackToHelo() throws Exception {
        try (TestSmtpPeer peer = new TestSmtpPeer();
                SmtpClient client = client(settings(peer.port()).build(), ONE_MX)) {
            peer.script.without("PIPELINING").ehlo = "502 5.5.2 Error: command not recognized";
            assertEquals(DeliveryReport.SENT, send(client, "b.test", rcpts("x@b.test")).outcomes().get(0).status());
            assertEquals(List.of("EHLO client.test", "HELO client.test", "MAIL FROM:<a@a.test>"),
                    List.copyOf(peer.sessions().get(0).commands).subList(0, 3), "no ESMTP parameters after HELO");
        }
    }

    @Test
    void dnsAnswersDecideBeforeAnyConnection() {
        String zone = ONE_MX + "null.test. MX 0 .\nfail.test. SERVFAIL\n";
        try (SmtpClient client = client(settings(25).build(), zone)) {
            DeliveryAttempt nx = send(client, "nope.test", rcpts("x@nope.test"));
            assertAll(nx, DeliveryReport.BOUNCED, "5.4.4",
                    "Host or domain name not found. Name service error for name=nope.test type=MX: Host not found");
            assertFalse(nx.destinationFailed());
            DeliveryAttempt nullMx = send(client, "null.test", rcpts("x@null.test"));
            assertAll(nullMx, DeliveryReport.BOUNCED, "5.1.10", "Domain null.test does not accept mail (nullMX)");
            DeliveryAttempt fail = send(client, "fail.test", rcpts("x@fail.test"));
            assertAll(fail, DeliveryReport.DEFERRED, "4.4.3", "Host or domain name not found. Name service error for "
                    + "name=fail.test type=MX: Host not found, try again");
            assertTrue(fail.destinationFailed());
        }
    }

    @Test
    void badNextHopAndBadAddressesNeverReachTheWire() throws Exception {
        try (TestSmtpPeer peer = new TestSmtpPeer();
                SmtpClient client = client(settings(peer.port()).build(), ONE_MX)) {
            assertAll(send(client, "[b.test", rcpts("x@b.test")), DeliveryReport.DEFERRED, "4.3.5",
                    "mail system configuration error: bad next hop: missing ] in next hop [b.test");
            DeliveryAttempt a = send(client, "b.test", rcpts("x@b.test", "evil@b.test>\r\nRSET"));
            assertEquals(DeliveryReport.SENT, a.outcomes().get(0).status());
            assertEquals("5.1.3", a.outcomes().get(1).dsnStatus());
            assertTrue(peer.sessions().get(0).commands.stream().noneMatch(c -> c.contains("evil")));
        }
    }
}
