package io.kurir.delivery.smtp;

import static io.kurir.delivery.smtp.Fixtures.ONE_MX;
import static io.kurir.delivery.smtp.Fixtures.client;
import static io.kurir.delivery.smtp.Fixtures.describe;
import static io.kurir.delivery.smtp.Fixtures.rcpt;
import static io.kurir.delivery.smtp.Fixtures.rcpts;
import static io.kurir.delivery.smtp.Fixtures.send;
import static io.kurir.delivery.smtp.Fixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.mail.payload.DeliveryReport;
import io.kurir.mail.payload.DeliveryReport.Outcome;
import io.kurir.mail.payload.RecipientDsn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transactions against the scripted peer: pipelining, per-recipient replies, SIZE, SMTPUTF8, DSN, reuse. */
class SmtpClientTest {

    private TestSmtpPeer peer;
    private SmtpClient client;

    @BeforeEach
    void start() throws Exception {
        peer = new TestSmtpPeer();
        client = client(settings(peer.port()).build(), ONE_MX);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        peer.close();
    }

    private static void assertSent(Outcome o) {
        assertEquals(DeliveryReport.SENT, o.status(), describe(o));
    }

    @Test
    void pipelinedDeliverySendsOneGroupAndDotStuffsTheMessage() {
        byte[] message = "Subject: dots\n\n.hello\nbye\r\n..\n.\nend".getBytes(StandardCharsets.UTF_8);
        DeliveryAttempt a = client.deliver("b.test", "a@a.test", rcpts("x@b.test", "y@b.test"), message, false, null,
                null);

        assertFalse(a.destinationFailed());
        for (Outcome o : a.outcomes()) {
            assertSent(o);
            assertEquals("2.0.0", o.dsnStatus());
            assertEquals("mx.b.test[127.0.0.1]:" + peer.port(), o.relay());
            assertEquals("250 2.0.0 Ok: queued as Q1", o.diagnostic());
            assertEquals("mx.b.test", o.remoteMta());
        }
        TestSmtpPeer.Session s = peer.sessions().get(0);
        assertEquals("EHLO client.test", s.commands.get(0));
        String body = "Subject: dots\r\n\r\n..hello\r\nbye\r\n...\r\n..\r\nend\r\n";
        assertEquals(List.of(List.of("MAIL FROM:<a@a.test> SIZE=" + body.length(), "RCPT TO:<x@b.test>",
                "RCPT TO:<y@b.test>", "DATA")), s.pipelinedGroups, "MAIL, RCPTs and DATA in one group");
        assertEquals(body, s.message(0), "dot-stuffed, CRLF only");
        assertEquals(List.of(), s.violations);
    }

    @Test
    void withoutPipeliningOneCommandAtATime() {
        peer.script.without("PIPELINING");
        DeliveryAttempt a = send(client, "b.test", rcpts("x@b.test", "y@b.test"));
        a.outcomes().forEach(SmtpClientTest::assertSent);
        TestSmtpPeer.Session s = peer.sessions().get(0);
        assertEquals(List.of("EHLO client.test", "MAIL FROM:<a@a.test> SIZE=24", "RCPT TO:<x@b.test>",
                "RCPT TO:<y@b.test>", "DATA", "."), s.commands);
        assertEquals(List.of(), s.pipelinedGroups);
        assertEquals(List.of(), s.violations, "never sent ahead of a reply");
    }

    @Test
    void eachRecipientGetsItsOwnReply() {
        peer.script.rcpt = address -> switch (address) {
            case "bad@b.test" -> "550 5.1.1 <bad@b.test>: Recipient address rejected: User unknown";
            case "full@b.test" -> "450-4.2.2 <full@b.test>: Mailbox full\r\n450 4.2.2 try later";
            default -> "250 2.1.5 Ok";
        };
        DeliveryAttempt a = send(client, "b.test", rcpts("ok@b.test", "bad@b.test", "full@b.test"));

        assertFalse(a.destinationFailed());
        assertSent(a.outcomes().get(0));
        Outcome bad = a.outcomes().get(1);
        assertEquals(DeliveryReport.BOUNCED, bad.status());
        assertEquals("5.1.1", bad.dsnStatus());
        assertEquals("host mx.b.test[127.0.0.1] said: 550 5.1.1 <bad@b.test>: Recipient address rejected: User unknown"
                + " (in reply to RCPT TO command)", bad.diagnostic());
        assertEquals("550 5.1.1 <bad@b.test>: Recipient address rejected: User unknown", bad.smtpReply());
        assertEquals("mx.b.test", bad.remoteMta());
        Outcome full = a.outcomes().get(2);
        assertEquals(DeliveryReport.DEFERRED, full.status());
        assertEquals("4.2.2", full.dsnStatus());
        assertEquals("host mx.b.test[127.0.0.1] said: 450-4.2.2 <full@b.test>: Mailbox full 450 4.2.2 try later"
                + " (in reply to RCPT TO command)", full.diagnostic());
        assertEquals(1, peer.sessions().get(0).messages.size(), "the message went once, to the accepted recipient");
    }

    @Test
    void rejectedMailFromDefersEveryone() {
        peer.script.mail = "452 4.3.1 Insufficient system storage";
        DeliveryAttempt a = send(client, "b.test", rcpts("x@b.test", "y@b.test"));
        for (Outcome o : a.outcomes()) {
            assertEquals(DeliveryReport.DEFERRED, o.status(), describe(o));
            assertEquals("4.3.1", o.dsnStatus());
            assertEquals("host mx.b.test[127.0.0.1] said: 452 4.3.1 Insufficient system storage (in reply to MAIL FROM "
                    + "command)", o.diagnostic());
        }
        assertFalse(a.destinationFailed(), "the server answered MAIL");
        assertEquals(List.of(), peer.sessions().get(0).messages);
    }

    @Test
    void rejectedDataBouncesTheAcceptedRecipients() {
        peer.script.data = "554 5.7.1 Message refused";
        peer.script.rcpt = address -> address.startsWith("x") ? "250 2.1.5 Ok" : "550 5.1.1 unknown";
        DeliveryAttempt a = send(client, "b.test", rcpts("x@b.test", "y@b.test"));
        assertEquals("host mx.b.test[127.0.0.1] said: 554 5.7.1 Message refused (in reply to DATA command)",
                a.outcomes().get(0).diagnostic());
        assertEquals(DeliveryReport.BOUNCED, a.outcomes().get(0).status());
        assertEquals("5.1.1", a.outcomes().get(1).dsnStatus(), "the RCPT reply stays with its recipient");
    }

    @Test
    void rejectedEndOfDataIsReported() {
        peer.script.dot = "451 4.3.0 Error: queue file write error";
        Outcome o = send(client, "b.test", rcpts("x@b.test")).outcomes().get(0);
        assertEquals(DeliveryReport.DEFERRED, o.status());
        assertEquals("host mx.b.test[127.0.0.1] said: 451 4.3.0 Error: queue file write error (in reply to end of "
                + "DATA command)", o.diagnostic());
    }

    @Test
    void noRecipientAcceptedSendsNoMessage() {
        peer.script.rcpt = address -> "550 5.1.1 unknown";
        DeliveryAttempt a = send(client, "b.test", rcpts("x@b.test", "y@b.test"));
        a.outcomes().forEach(o -> assertEquals(DeliveryReport.BOUNCED, o.status()));
        assertEquals(List.of(), peer.sessions().get(0).messages);
    }

    @Test
    void messageLargerThanTheServersSizeIsBouncedLocally() {
        peer.script.without("SIZE").keywords.add("SIZE 10");
        Outcome o = send(client, "b.test", rcpts("x@b.test")).outcomes().get(0);
        assertEquals(DeliveryReport.BOUNCED, o.status());
        assertEquals("5.3.4", o.dsnStatus());
        assertEquals("message size 24 exceeds size limit 10 of server mx.b.test[127.0.0.1]", o.diagnostic());
        assertTrue(peer.sessions().get(0).commands.stream().noneMatch(c -> c.startsWith("MAIL")));
    }

    @Test
    void smtputf8NeedsAServerThatOffersIt() {
        byte[] utf8 = "Subject: grüße\n\nü\n".getBytes(StandardCharsets.UTF_8);
        peer.script.without("SMTPUTF8");
        Outcome o = client.deliver("b.test", "jörg@a.test", rcpts("x@b.test"), utf8, true, null, null).outcomes().get(0);
        assertEquals(DeliveryReport.BOUNCED, o.status());
        assertEquals("5.6.7", o.dsnStatus());
        assertEquals("SMTPUTF8 is required, but was not offered by host mx.b.test[127.0.0.1]", o.diagnostic());

        peer.script.keywords.add("SMTPUTF8");
        try (SmtpClient fresh = client(settings(peer.port()).build(), ONE_MX)) {
            assertSent(fresh.deliver("b.test", "jörg@a.test", rcpts("x@b.test"), utf8, true, null, null).outcomes().get(0));
        }
        assertTrue(peer.sessions().get(1).commands.contains("MAIL FROM:<jörg@a.test> SIZE=24 BODY=8BITMIME SMTPUTF8"),
                peer.describe());
    }

    @Test
    void eightBitGoesWithout8bitmimeToo() {
        peer.script.without("8BITMIME");
        byte[] latin1 = {'a', (byte) 0xe9, '\n'};
        assertSent(client.deliver("b.test", "", rcpts("x@b.test"), latin1, false, null, null).outcomes().get(0));
        assertEquals("MAIL FROM:<> SIZE=4", peer.sessions().get(0).pipelinedGroups.get(0).get(0), "null sender, no BODY");
    }

    @Test
    void dsnParametersWhenTheServerOffersDsn() {
        var withDsn = rcpt("x@b.test").withDsn(new RecipientDsn(List.of("SUCCESS", "FAILURE"), "rfc822;x+1@b.test"));
        client.deliver("b.test", "a@a.test", List.of(withDsn, rcpt("y@b.test")), Fixtures.MESSAGE, false, "HDRS", "Q+1=");
        List<String> group = peer.sessions().get(0).pipelinedGroups.get(0);
        assertEquals("MAIL FROM:<a@a.test> SIZE=24 RET=HDRS ENVID=Q+2B1+3D", group.get(0));
        assertEquals("RCPT TO:<x@b.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;x+2B1@b.test", group.get(1));
        assertEquals("RCPT TO:<y@b.test>", group.get(2));

        peer.script.without("DSN");
        try (SmtpClient fresh = client(settings(peer.port()).build(), ONE_MX)) {
            fresh.deliver("b.test", "a@a.test", List.of(withDsn), Fixtures.MESSAGE, false, "HDRS", "Q1");
        }
        assertEquals(List.of("MAIL FROM:<a@a.test> SIZE=24", "RCPT TO:<x@b.test>", "DATA"),
                peer.sessions().get(1).pipelinedGroups.get(0), "no DSN parameters without DSN");
    }

    @Test
    void aSecondDeliveryReusesTheConnectionAfterRset() {
        assertSent(send(client, "b.test", rcpts("x@b.test")).outcomes().get(0));
        assertEquals(1, client.cachedConnections());
        assertSent(send(client, "b.test", rcpts("y@b.test")).outcomes().get(0));

        assertEquals(1, peer.sessions().size(), "one TCP connection for both: " + peer.describe());
        List<String> c = peer.sessions().get(0).commands;
        assertEquals("RSET", c.get(c.indexOf(".") + 1), "RSET before the second transaction: " + c);
        assertEquals(2, peer.sessions().get(0).messages.size());
    }

    @Test
    void aCachedConnectionTheServerClosedIsReplaced() throws Exception {
        assertSent(send(client, "b.test", rcpts("x@b.test")).outcomes().get(0));
        peer.dropConnections(); // the server closes the idle connection
        assertSent(send(client, "b.test", rcpts("y@b.test")).outcomes().get(0));
        assertEquals(2, peer.sessions().size(), "a new connection: " + peer.describe());
        assertEquals(1, peer.sessions().get(1).messages.size());
    }

    @Test
    void idleConnectionsAreClosedWithQuitAfterTheCacheTimeLimit() throws Exception {
        try (SmtpClient shortCache = client(settings(peer.port())
                .connectionCacheTimeLimit(java.time.Duration.ofMillis(200)).build(), ONE_MX)) {
            assertSent(send(shortCache, "b.test", rcpts("x@b.test")).outcomes().get(0));
            peer.awaitCommand(0, "QUIT"); // sent by the reaper, not by another delivery
            assertEquals(0, shortCache.cachedConnections());
        }
    }

    @Test
    void reuseCountLimitRetiresAConnection() throws Exception {
        try (SmtpClient once = client(settings(peer.port()).connectionReuseCountLimit(1).build(), ONE_MX)) {
            assertSent(send(once, "b.test", rcpts("x@b.test")).outcomes().get(0));
            assertSent(send(once, "b.test", rcpts("y@b.test")).outcomes().get(0));
        }
        assertEquals(2, peer.sessions().size());
        assertEquals("QUIT", peer.sessions().get(0).commands.get(peer.sessions().get(0).commands.size() - 1));
    }

    @Test
    void manyThreadsDeliverAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<DeliveryAttempt>> results = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String to = "u" + i + "@b.test";
                results.add(pool.submit(() -> send(client, "b.test", rcpts(to))));
            }
            for (Future<DeliveryAttempt> f : results) {
                assertSent(f.get().outcomes().get(0));
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(peer.sessions().size() <= 24);
        assertEquals(24, peer.sessions().stream().mapToInt(s -> s.messages.size()).sum());
    }
}
