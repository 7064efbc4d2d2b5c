package io.kurir.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
import io.kurir.gateway.dns.TableResolver;
import io.kurir.store.AccessAction;
import io.kurir.store.AccessEntry;
import io.kurir.store.AccessKind;
import io.kurir.store.AccessStore;
import io.kurir.store.AccountStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The smtpd restriction lists, access tables in PostgreSQL and DNS blocklists (answered by
 * {@link TableResolver}, never real DNS), each with Postfix's reply. Clients bind to different
 * 127.0.0.x addresses, which are all outside mynetworks (127.0.0.1) in tests.
 */
@QuarkusTest
@TestProfile(SmtpRestrictionsIT.WithRestrictions.class)
@QuarkusTestResource(KurirTestResource.class)
class SmtpRestrictionsIT {

    public static class WithRestrictions implements QuarkusTestProfile {
        static final java.nio.file.Path HEADER_CHECKS = java.nio.file.Path.of("target", "test-header_checks");
        static final java.nio.file.Path BODY_CHECKS = java.nio.file.Path.of("target", "test-body_checks");
        static final String ORIGINAL_HEADER_CHECKS = "# Postfix syntax, unchanged\n"
                + "/^Subject:.*v[i1]agra/      REJECT 5.7.1 No pills here\n"
                + "/^X-Mailer: bulk/            HOLD\n";
        private static int edits;

        /** Writes a table with a modification time that differs from every earlier one. */
        static void writeChecks(java.nio.file.Path file, String text) throws java.io.IOException {
            java.nio.file.Files.writeString(file, text);
            java.nio.file.Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(
                    Instant.parse("2026-01-01T00:00:00Z").plusSeconds(++edits)));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                writeChecks(HEADER_CHECKS, ORIGINAL_HEADER_CHECKS);
                java.nio.file.Files.writeString(BODY_CHECKS, "/^Congratulations, you won/ REJECT\n");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.ofEntries(
                    Map.entry("kurir.header-checks", "regexp:" + HEADER_CHECKS.toAbsolutePath()),
                    Map.entry("kurir.body-checks", "regexp:" + BODY_CHECKS.toAbsolutePath()),
                    Map.entry("kurir.smtpd-client-restrictions", "permit_mynetworks, check_client_access, reject_rbl_client bl.test"),
                    Map.entry("kurir.smtpd-helo-restrictions",
                            "permit_mynetworks reject_invalid_helo_hostname reject_non_fqdn_helo_hostname check_helo_access"),
                    Map.entry("kurir.smtpd-sender-restrictions", "check_sender_access, reject_non_fqdn_sender"),
                    Map.entry("kurir.smtpd-recipient-restrictions", "check_recipient_access"),
                    Map.entry("kurir.postscreen-dnsbl-sites", "black.test*2, white.test*-5"),
                    Map.entry("kurir.postscreen-dnsbl-threshold", "2"),
                    Map.entry("kurir.postscreen-dnsbl-action", "enforce"));
        }
    }

    @Inject
    SmtpServer server;
    @Inject
    AccountStore accounts;
    @Inject
    AccessStore access;

    @BeforeEach
    void setUp() throws Exception {
        WithRestrictions.writeChecks(WithRestrictions.HEADER_CHECKS, WithRestrictions.ORIGINAL_HEADER_CHECKS);
        accounts.create("fauzan", "rahasia".toCharArray());
        for (AccessKind kind : AccessKind.values()) {
            access.replaceAll(kind, List.of());
        }
        put(AccessKind.CLIENT, "127.0.0.10", "REJECT");
        put(AccessKind.CLIENT, "127.0.0.16/28", "DEFER");
        put(AccessKind.CLIENT, "127.0.0.20", "OK");
        put(AccessKind.HELO, "spam.example", "REJECT");
        put(AccessKind.SENDER, "bad.test", "550 5.7.1 Go away");
        put(AccessKind.SENDER, "friend@bad.test", "OK");
        put(AccessKind.RECIPIENT, "fauzan+spam@localhost", "REJECT Not this one");
        TableResolver.A.put("11.0.0.127.bl.test", List.of("127.0.0.2"));
        TableResolver.TXT.put("11.0.0.127.bl.test", List.of("listed\tfor testing"));
        TableResolver.A.put("20.0.0.127.bl.test", List.of("127.0.0.2"));
        TableResolver.A.put("12.0.0.127.black.test", List.of("127.0.0.2"));
        TableResolver.A.put("13.0.0.127.black.test", List.of("127.0.0.2"));
        TableResolver.A.put("13.0.0.127.white.test", List.of("127.0.0.2"));
        TableResolver.FAILING.add("14.0.0.127.black.test");
        TableResolver.FAILING.add("15.0.0.127.bl.test");
        put(AccessKind.CLIENT, "127.0.0.50", "421 4.7.0 Go away now");
    }

    private void put(AccessKind kind, String key, String action) {
        access.put(new AccessEntry(kind, kind.normalizeKey(key), AccessAction.parse(action)));
    }

    /** EHLO as given, MAIL FROM sender, then the reply to RCPT TO recipient. */
    private String rcpt(String from, String helo, String sender, String recipient) throws Exception {
        try (SmtpWire c = from.equals("127.0.0.1") ? new SmtpWire(server.port()) : SmtpWire.from(from, server.port())) {
            c.reply();
            assertTrue(c.command("EHLO " + helo).startsWith("250"));
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<" + sender + ">"), "restrictions wait for RCPT");
            return c.command("RCPT TO:<" + recipient + ">");
        }
    }

    @Test
    void heloRestrictions() throws Exception {
        assertEquals("501 5.5.2 <bad!name.example>: Helo command rejected: Invalid name",
                rcpt("127.0.0.9", "bad!name.example", "a@b.test", "fauzan@localhost"));
        assertEquals("504 5.5.2 <laptop>: Helo command rejected: need fully-qualified hostname",
                rcpt("127.0.0.9", "laptop", "a@b.test", "fauzan@localhost"));
        assertEquals("554 5.7.1 <mail.spam.example>: Helo command rejected: Access denied",
                rcpt("127.0.0.9", "mail.spam.example", "a@b.test", "fauzan@localhost"), "parent domains match");
        assertEquals("250 2.1.5 Ok", rcpt("127.0.0.1", "laptop", "a@b.test", "fauzan@localhost"), "permit_mynetworks first");
        assertEquals("250 2.1.5 Ok", rcpt("127.0.0.9", "mail.client.test", "a@b.test", "fauzan@localhost"));
    }

    @Test
    void senderAndRecipientAccess() throws Exception {
        assertEquals("550 5.7.1 <spammer@mx.bad.test>: Sender address rejected: Go away",
                rcpt("127.0.0.9", "c.test", "spammer@mx.bad.test", "fauzan@localhost"));
        assertEquals("250 2.1.5 Ok", rcpt("127.0.0.9", "c.test", "friend@bad.test", "fauzan@localhost"),
                "the full address is looked up before the domain");
        assertEquals("504 5.5.2 <someone@laptop>: Sender address rejected: need fully-qualified address",
                rcpt("127.0.0.9", "c.test", "someone@laptop", "fauzan@localhost"));
        assertEquals("554 5.7.1 <fauzan+spam@localhost>: Recipient address rejected: Not this one",
                rcpt("127.0.0.9", "c.test", "a@b.test", "fauzan+spam@localhost"));
        assertEquals("250 2.1.5 Ok", rcpt("127.0.0.9", "c.test", "a@b.test", "fauzan+praktikum@localhost"));
    }

    @Test
    void clientAccessAndBlocklists() throws Exception {
        assertEquals("554 5.7.1 <localhost[127.0.0.10]>: Client host rejected: Access denied",
                rcpt("127.0.0.10", "c.test", "a@b.test", "fauzan@localhost"));
        assertEquals("450 4.7.1 <localhost[127.0.0.17]>: Client host rejected: Access denied",
                rcpt("127.0.0.17", "c.test", "a@b.test", "fauzan@localhost"), "a CIDR key");
        assertEquals("554 5.7.1 Service unavailable; Client host [127.0.0.11] blocked using bl.test; listed?for testing",
                rcpt("127.0.0.11", "c.test", "a@b.test", "fauzan@localhost"), "reject_rbl_client with the list's TXT");
        assertEquals("250 2.1.5 Ok", rcpt("127.0.0.20", "c.test", "a@b.test", "fauzan@localhost"),
                "client access OK ends the client list before reject_rbl_client");
        assertEquals("550 5.7.1 Service unavailable; client [127.0.0.12] blocked using black.test",
                rcpt("127.0.0.12", "c.test", "a@b.test", "fauzan@localhost"), "postscreen score 2 reaches the threshold");
        assertEquals("250 2.1.5 Ok", rcpt("127.0.0.13", "c.test", "a@b.test", "fauzan@localhost"), "allow-listed: score -3");
        assertEquals("250 2.1.5 Ok", rcpt("127.0.0.14", "c.test", "a@b.test", "fauzan@localhost"),
                "a postscreen list that fails lists nobody");
        assertEquals("451 4.3.0 <fauzan@localhost>: Temporary lookup failure",
                rcpt("127.0.0.15", "c.test", "a@b.test", "fauzan@localhost"), "reject_rbl_client: a DNS failure is temporary, never a 5xx");
    }

    @Test
    void a421FromTheClientTableHangsUp() throws Exception {
        try (SmtpWire c = SmtpWire.from("127.0.0.50", server.port())) {
            c.reply();
            c.command("EHLO c.test");
            c.command("MAIL FROM:<a@b.test>");
            assertEquals("421 4.7.0 <localhost[127.0.0.50]>: Client host rejected: Go away now", c.command("RCPT TO:<fauzan@localhost>"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void blocklistsGuardPort25OnlyNotAuthenticatedSubmission() throws Exception {
        accounts.create("budi", "rahasia".toCharArray());
        try (SmtpWire c = SmtpWire.from("127.0.0.12", server.port(io.kurir.gateway.session.Listener.SUBMISSION))) {
            c.reply();
            c.command("EHLO laptop.client.test");
            assertEquals("220 2.0.0 Ready to start TLS", c.command("STARTTLS"));
            c.startTls();
            c.command("EHLO laptop.client.test");
            String plain = java.util.Base64.getEncoder().encodeToString("\0budi\0rahasia".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("235 2.7.0 Authentication successful", c.command("AUTH PLAIN " + plain));
            c.command("MAIL FROM:<budi@client.test>");
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<fauzan@localhost>"),
                    "127.0.0.12 is listed in black.test, but a logged-in submission client is not postscreened");
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<anto@b.test>"),
                    "permit_sasl_authenticated: a logged-in client outside mynetworks may relay");
        }
        try (SmtpWire c = SmtpWire.from("127.0.0.13", server.port(io.kurir.gateway.session.Listener.MX))) {
            c.reply();
            c.command("EHLO laptop.client.test");
            c.command("MAIL FROM:<budi@client.test>");
            assertEquals("554 5.7.1 <anto@b.test>: Relay access denied", c.command("RCPT TO:<anto@b.test>"),
                    "a client outside mynetworks that did not log in may not");
        }
    }

    @Test
    void accessChangesTakeEffectWithoutARestart() throws Exception {
        assertEquals("250 2.1.5 Ok", rcpt("127.0.0.40", "c.test", "a@b.test", "fauzan@localhost"));
        put(AccessKind.CLIENT, "127.0.0.40", "REJECT Changed my mind");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String reply;
        do {
            reply = rcpt("127.0.0.40", "c.test", "a@b.test", "fauzan@localhost");
            if (!reply.startsWith("250")) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(200); // poll: the gateway rereads the tables' change counter every 5 s
        } while (Instant.now().isBefore(deadline));
        assertEquals("554 5.7.1 <localhost[127.0.0.40]>: Client host rejected: Changed my mind", reply);
    }

    /** DATA from a trusted client; the reply to the final dot. */
    private String send(String message) throws Exception {
        try (SmtpWire c = new SmtpWire(server.port())) {
            c.reply();
            c.command("EHLO client.test");
            c.command("MAIL FROM:<afau@client.test>"); // fully qualified: reject_non_fqdn_sender is on
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<fauzan@localhost>"));
            c.command("DATA");
            c.send(message);
            return c.command(".");
        }
    }

    @Test
    void headerAndBodyChecksRejectBeforeTheMessageIsAccepted() throws Exception {
        assertEquals("550 5.7.1 No pills here", send("Subject: cheap v1agra\r\n\r\nbuy\r\n"));
        assertEquals("550 5.7.1 Message content rejected", send("Subject: hi\r\n\r\nHello,\r\nCongratulations, you won!\r\n"));
        assertTrue(SmtpGatewayIT.QUEUED.matcher(send("Subject: hi\r\nX-Mailer: bulk 2.0\r\n\r\nHOLD is cleanup's job\r\n"))
                .matches(), "only REJECT acts before the 250");
        assertTrue(SmtpGatewayIT.QUEUED.matcher(send("Subject: Praktikum\r\n\r\nAyo semangat!\r\n")).matches());
    }

    @Test
    void anEditedChecksFileIsReadAgain() throws Exception {
        String message = "Subject: lottery results\r\n\r\nx\r\n";
        assertTrue(SmtpGatewayIT.QUEUED.matcher(send(message)).matches());
        WithRestrictions.writeChecks(WithRestrictions.HEADER_CHECKS, "/^Subject:.*lottery/ REJECT 5.7.0 No lotteries\n");
        assertEquals("550 5.7.0 No lotteries", send(message));
        WithRestrictions.writeChecks(WithRestrictions.HEADER_CHECKS, "/^Subject:(unclosed/ REJECT\n");
        assertEquals("550 5.7.0 No lotteries", send(message), "a broken edit is logged; the previous table stays");
    }
}
