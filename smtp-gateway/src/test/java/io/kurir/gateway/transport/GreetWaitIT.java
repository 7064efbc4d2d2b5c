package io.kurir.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * postscreen-greet-wait: a client outside mynetworks that talks before the greeting is a spam
 * engine that does not wait for the server; it is refused and disconnected, as Postfix does
 * ("improper command pipelining after CONNECT").
 */
@QuarkusTest
@TestProfile(GreetWaitIT.WithGreetWait.class)
@QuarkusTestResource(KurirTestResource.class)
class GreetWaitIT {

    public static class WithGreetWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kurir.postscreen-greet-wait", "3s");
        }
    }

    @Inject
    SmtpServer server;

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
}
