package io.kurir.delivery.smtp;

import static io.kurir.delivery.smtp.Fixtures.ONE_MX;
import static io.kurir.delivery.smtp.Fixtures.client;
import static io.kurir.delivery.smtp.Fixtures.describe;
import static io.kurir.delivery.smtp.Fixtures.rcpts;
import static io.kurir.delivery.smtp.Fixtures.send;
import static io.kurir.delivery.smtp.Fixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.mail.payload.DeliveryReport;
import io.kurir.mail.payload.DeliveryReport.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** STARTTLS (RFC 3207) per security level and policy map; AUTH (RFC 4954) to a smarthost. */
class SmtpClientTlsAuthTest {

    private TestSmtpPeer peer;

    @BeforeEach
    void start() throws Exception {
        peer = new TestSmtpPeer();
    }

    @AfterEach
    void stop() throws Exception {
        peer.close();
    }

    private DeliveryAttempt deliver(SmtpSettings settings, String nexthop) {
        try (SmtpClient client = client(settings, ONE_MX)) {
            return send(client, nexthop, rcpts("x@b.test"));
        }
    }

    private static void assertSent(DeliveryAttempt a) {
        Outcome o = a.outcomes().get(0);
        assertEquals(DeliveryReport.SENT, o.status(), describe(o));
    }

    @Test
    void opportunisticTlsWhenOfferedThenEhloAgain() throws Exception {
        peer.script.tls = TestSmtpPeer.selfSignedTls();
        assertSent(deliver(settings(peer.port()).build(), "b.test"));
        TestSmtpPeer.Session s = peer.sessions().get(0);
        assertTrue(Set.of("TLSv1.2", "TLSv1.3").contains(s.tlsProtocol), "TLS 1.2 or newer: " + s.tlsProtocol);
        assertEquals(List.of("EHLO client.test", "STARTTLS", "EHLO client.test"),
                List.copyOf(s.commands).subList(0, 3), "a snapshot: the peer may still be recording QUIT");
        assertEquals(1, s.messages.size());
    }

    @Test
    void levelNoneNeverStartsTls() throws Exception {
        peer.script.tls = TestSmtpPeer.selfSignedTls();
        assertSent(deliver(settings(peer.port()).tlsSecurityLevel(TlsLevel.NONE).build(), "b.test"));
        assertNull(peer.sessions().get(0).tlsProtocol);
        assertTrue(peer.sessions().get(0).commands.stream().noneMatch(c -> c.equals("STARTTLS")));
    }

    @Test
    void encryptRefusesAServerWithoutStartTls() {
        DeliveryAttempt a = deliver(settings(peer.port()).tlsSecurityLevel(TlsLevel.ENCRYPT).build(), "b.test");
        Outcome o = a.outcomes().get(0);
        assertEquals(DeliveryReport.DEFERRED, o.status());
        assertEquals("4.7.5", o.dsnStatus());
        assertEquals("TLS is required, but was not offered by host mx.b.test[127.0.0.1]", o.diagnostic());
        assertTrue(a.destinationFailed());
        assertTrue(peer.sessions().get(0).commands.stream().noneMatch(c -> c.startsWith("MAIL")), "no mail in plaintext");
    }

    @Test
    void policyMapOverridesTheDefaultLevel() throws Exception {
        SmtpSettings encryptForB = settings(peer.port()).tlsSecurityLevel(TlsLevel.NONE)
                .tlsPolicyMaps(Map.of("b.test", TlsLevel.ENCRYPT)).build();
        assertEquals("4.7.5", deliver(encryptForB, "b.test").outcomes().get(0).dsnStatus());

        peer.script.tls = TestSmtpPeer.selfSignedTls();
        SmtpSettings noneForB = settings(peer.port()).tlsPolicyMaps(Map.of("b.test", TlsLevel.NONE)).build();
        assertSent(deliver(noneForB, "b.test"));
        assertNull(peer.sessions().get(1).tlsProtocol, "policy none: no STARTTLS although offered");
    }

    @Test
    void authPlainToASmarthostAfterStartTls() throws Exception {
        peer.script.tls = TestSmtpPeer.selfSignedTls();
        peer.script.auth = "relay-user:s3cret";
        String hop = "[relay.test]:" + peer.port();
        SmtpSettings s = settings(peer.port()).saslPasswordMaps(Map.of(hop, "relay-user:s3cret")).build();
        DeliveryAttempt a = deliver(s, hop);
        assertSent(a);
        assertEquals("relay.test[127.0.0.1]:" + peer.port(), a.outcomes().get(0).relay());
        String auth = peer.sessions().get(0).commands.stream().filter(c -> c.startsWith("AUTH ")).findFirst().orElseThrow();
        assertEquals("\0relay-user\0s3cret", new String(Base64.getDecoder().decode(auth.substring("AUTH PLAIN ".length())),
                StandardCharsets.UTF_8));
        assertTrue(peer.sessions().get(0).tlsProtocol != null, "authenticated over TLS");
    }

    @Test
    void authLoginWhenPlainIsNotOffered() {
        peer.script.auth = "relay-user:s3cret";
        peer.script.authMechanisms = "LOGIN";
        SmtpSettings s = settings(peer.port()).saslPasswordMaps(Map.of("relay.test", "relay-user:s3cret")).build();
        assertSent(deliver(s, "[relay.test]"));
        assertTrue(peer.sessions().get(0).commands.contains("AUTH LOGIN"));
    }

    @Test
    void failedAuthenticationDefers() {
        peer.script.auth = "relay-user:s3cret";
        String hop = "[relay.test]:" + peer.port();
        DeliveryAttempt a = deliver(settings(peer.port()).saslPasswordMaps(Map.of(hop, "relay-user:wrong")).build(), hop);
        Outcome o = a.outcomes().get(0);
        assertEquals(DeliveryReport.DEFERRED, o.status());
        assertEquals("4.7.8", o.dsnStatus());
        assertEquals("SASL authentication failed; server relay.test[127.0.0.1] said: 535 5.7.8 Error: authentication failed",
                o.diagnostic());
        assertTrue(a.destinationFailed());
    }

    @Test
    void noPasswordNoAuth() {
        peer.script.auth = "relay-user:s3cret";
        assertSent(deliver(settings(peer.port()).build(), "b.test"));
        assertTrue(peer.sessions().get(0).commands.stream().noneMatch(c -> c.startsWith("AUTH")));
    }
}
