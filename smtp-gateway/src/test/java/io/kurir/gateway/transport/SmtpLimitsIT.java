package io.kurir.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
import io.kurir.store.AccountStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Limits that need small settings to test: postscreen-greet-wait (a client that talks before the
 * greeting is disconnected, "improper command pipelining after CONNECT"), smtpd-timeout in the
 * middle of DATA, and smtpd-recipient-limit on the wire.
 */
@QuarkusTest
@TestProfile(SmtpLimitsIT.SmallLimits.class)
@QuarkusTestResource(KurirTestResource.class)
class SmtpLimitsIT {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kurir.postscreen-greet-wait", "3s",
                    "kurir.smtpd-timeout", "4s",
                    "kurir.smtpd-recipient-limit", "3");
        }
    }

    @Inject
    SmtpServer server;
    @Inject
    AccountStore accounts;

    @BeforeEach
    void users() {
        accounts.create("fauzan", "rahasia".toCharArray());
    }

    @Test
    void aClientThatTalksBeforeTheGreetingIsDisconnected() throws Exception {
        try (SmtpWire bot = SmtpWire.from("127.0.0.9", server.port())) {
            bot.send("EHLO bot.test\r\n");
            assertEquals("554 5.5.0 Error: SMTP protocol synchronization", bot.reply(), "the first thing it hears");
            assertTrue(bot.closedByServer());
        }
    }

    @Test
    void aClientThatWaitsIsGreetedAndServed() throws Exception {
        try (SmtpWire polite = SmtpWire.from("127.0.0.9", server.port())) {
            assertEquals("220 mx.kurir.test ESMTP Kurir", polite.reply());
            assertTrue(polite.command("EHLO polite.test").startsWith("250-mx.kurir.test"));
        }
    }

    @Test
    void mynetworksClientsAreGreetedAtOnce() throws Exception {
        try (SmtpWire trusted = new SmtpWire(server.port())) {
            trusted.send("NOOP\r\n"); // right after connecting: the greeting was already on its way
            assertEquals("220 mx.kurir.test ESMTP Kurir", trusted.reply());
            assertEquals("250 2.0.0 Ok", trusted.reply());
        }
    }

    @Test
    void aClientThatFallsSilentInTheMiddleOfDataTimesOut() throws Exception {
        try (SmtpWire c = new SmtpWire(server.port())) {
            c.reply();
            c.command("EHLO slow.test");
            c.command("MAIL FROM:<afau@localhost>");
            c.command("RCPT TO:<fauzan@localhost>");
            assertEquals("354 End data with <CR><LF>.<CR><LF>", c.command("DATA"));
            c.send("Subject: half a message\r\n\r\nand then nothing");
            // the socket's read timeout (20 s) is longer than smtpd-timeout (4 s): the server speaks first
            assertEquals("421 4.4.2 mx.kurir.test Error: timeout exceeded", c.reply());
            assertTrue(c.closedByServer());
        }
        try (SmtpWire other = new SmtpWire(server.port())) {
            assertTrue(other.reply().startsWith("220 "), "the gateway keeps serving");
        }
    }

    @Test
    void recipientsBeyondTheLimitGet452AndTheMessageGoesToTheFirstOnes() throws Exception {
        try (SmtpWire c = new SmtpWire(server.port())) {
            c.reply();
            c.command("EHLO many.test");
            c.command("MAIL FROM:<afau@localhost>");
            for (int i = 0; i < 3; i++) {
                assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<fauzan+" + i + "@localhost>"));
            }
            assertEquals("452 4.5.3 Error: too many recipients", c.command("RCPT TO:<fauzan+3@localhost>"));
            c.command("DATA");
            c.send("Subject: three of four\r\n\r\nx\r\n");
            var queued = SmtpGatewayIT.QUEUED.matcher(c.command("."));
            assertTrue(queued.matches());
            assertEquals(3, MaildropRecords.find(queued.group(1)).orElseThrow().recipients().size(),
                    "the client sends again to the fourth later, as RFC 5321 4.5.3.1.10 expects");
        }
    }
}
