package io.kurir.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
import io.kurir.store.AccountStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Batteries against the real gateway: open-relay tricks (each with Postfix's reply), SMTP smuggling
 * payloads, bare LF from an untrusted client, VRFY, and the per-client connection limit. The test
 * profile trusts only 127.0.0.1 and ::1 (mynetworks), so a client on 127.0.0.9 is an outsider.
 */
@QuarkusTest
@QuarkusTestResource(KurirTestResource.class)
class SmtpPolicyIT {

    @Inject
    SmtpServer server;
    @Inject
    AccountStore accounts;
    @Inject
    javax.sql.DataSource dataSource;

    @BeforeEach
    void users() {
        accounts.create("fauzan", "rahasia".toCharArray());
    }

    private SmtpWire open(String from) throws Exception {
        SmtpWire c = SmtpWire.from(from, server.port());
        c.reply();
        c.command("EHLO client.test");
        return c;
    }

    /** Open-relay tricks (RFC 2505, Postfix's relay tests): none may get a 250 for a remote destination. */
    @ParameterizedTest(name = "[{index}] RCPT TO:{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "<someone@example.com>|554 5.7.1 <someone@example.com>: Relay access denied",
        "someone@example.com|554 5.7.1 <someone@example.com>: Relay access denied",
        "<someone@EXAMPLE.COM>|554 5.7.1 <someone@EXAMPLE.COM>: Relay access denied",
        "<someone@example.com.>|554 5.7.1 <someone@example.com.>: Relay access denied",
        "<fauzan@localhost.>|554 5.7.1 <fauzan@localhost.>: Relay access denied",
        "<someone@[127.0.0.1]>|554 5.7.1 <someone@[127.0.0.1]>: Relay access denied",
        "<someone@[IPv6:::1]>|554 5.7.1 <someone@[IPv6:::1]>: Relay access denied",
        "<someone@1.2.3.4>|554 5.7.1 <someone@1.2.3.4>: Relay access denied",
        "<someone@sub.localhost>|554 5.7.1 <someone@sub.localhost>: Relay access denied",
        "<someone@localhost.example.com>|554 5.7.1 <someone@localhost.example.com>: Relay access denied",
        "<postmaster@example.com>|554 5.7.1 <postmaster@example.com>: Relay access denied",
        "<\"someone\"@example.com>|554 5.7.1 <\"someone\"@example.com>: Relay access denied",
        "<fauzan%example.com@localhost>|550 5.1.1 <fauzan%example.com@localhost>: Recipient address rejected: User unknown in local recipient table",
        "<example.com!fauzan@localhost>|550 5.1.1 <example.com!fauzan@localhost>: Recipient address rejected: User unknown in local recipient table",
        "<\"fauzan@example.com\"@localhost>|550 5.1.1 <\"fauzan@example.com\"@localhost>: Recipient address rejected: User unknown in local recipient table",
        "<someone%example.com>|550 5.1.1 <someone%example.com@mx.kurir.test>: Recipient address rejected: User unknown in local recipient table",
        "<example.com!someone>|550 5.1.1 <example.com!someone@mx.kurir.test>: Recipient address rejected: User unknown in local recipient table",
        "<@localhost:someone@example.com>|501 5.1.3 Bad recipient address syntax",
        "<@a.test,@b.test:someone@example.com>|501 5.1.3 Bad recipient address syntax",
        "<someone@example.com@localhost>|501 5.1.3 Bad recipient address syntax",
        "<someone@localhost@example.com>|501 5.1.3 Bad recipient address syntax",
        "<someone@example.com%localhost>|501 5.1.3 Bad recipient address syntax",
        "<someone@example.com> NOTIFY=NEVER|554 5.7.1 <someone@example.com>: Relay access denied",
        "<someone@example.com> XRELAY=YES|555 5.5.4 Unsupported option: XRELAY=YES",
        "<>|501 5.1.3 Bad recipient address syntax",
    })
    void openRelayTricksAreRefused(String path, String expected) throws Exception {
        String client = "127.0.0.9"; // not in mynetworks, not logged in
        try (SmtpWire c = open(client)) {
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<spammer@example.net>"));
            assertEquals(expected, c.command("RCPT TO:" + path), "from " + client);
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<Fauzan@LOCALHOST>"), "a local recipient in mixed case is fine");
        }
    }

    /** permit_mynetworks: a trusted client may relay to a plain domain name, and to nothing that hides a route. */
    @ParameterizedTest(name = "[{index}] trusted RCPT TO:{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "<someone@example.com>|250 2.1.5 Ok",
        "<someone@EXAMPLE.COM>|250 2.1.5 Ok",
        "<some.one+tag@mail.example-site.org>|250 2.1.5 Ok",
        "<someone@example.com.>|554 5.7.1 <someone@example.com.>: Relay access denied",
        "<someone@[127.0.0.1]>|554 5.7.1 <someone@[127.0.0.1]>: Relay access denied",
        "<someone@[IPv6:::1]>|554 5.7.1 <someone@[IPv6:::1]>: Relay access denied",
        "<someone@1.2.3.4>|554 5.7.1 <someone@1.2.3.4>: Relay access denied",
        "<someone@example>|554 5.7.1 <someone@example>: Relay access denied",
        "<a%b.test@example.com>|554 5.7.1 <a%b.test@example.com>: Relay access denied",
        "<b.test!a@example.com>|554 5.7.1 <b.test!a@example.com>: Relay access denied",
        "<\"a@b.test\"@example.com>|554 5.7.1 <\"a@b.test\"@example.com>: Relay access denied",
        "<@localhost:someone@example.com>|501 5.1.3 Bad recipient address syntax",
    })
    void trustedClientsRelayOnlyToPlainDomains(String path, String expected) throws Exception {
        try (SmtpWire c = open("127.0.0.1")) {
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<afau@localhost>"));
            assertEquals(expected, c.command("RCPT TO:" + path));
        }
    }

    @Test
    void quotedAndExtendedLocalPartsReachTheAccount() throws Exception {
        try (SmtpWire c = open("127.0.0.1")) {
            c.command("MAIL FROM:<afau@localhost>");
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<\"fauzan\"@localhost>"), "RFC 5321: \"fauzan\" is fauzan");
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<fauzan+praktikum@localhost>"));
            assertEquals("550 5.1.1 <fauzan-praktikum@localhost>: Recipient address rejected: User unknown in local recipient table",
                    c.command("RCPT TO:<fauzan-praktikum@localhost>"), "only + is a delimiter by default");
        }
    }

    @Test
    void theHardErrorLimitSendsTheErrorThen421AndHangsUp() throws Exception {
        try (SmtpWire c = open("127.0.0.1")) {
            for (int i = 1; i < 20; i++) {
                assertEquals("502 5.5.2 Error: command not recognized", c.command("XYZZY " + i));
            }
            assertEquals("502 5.5.2 Error: command not recognized", c.command("XYZZY 20"), "the 20th error is still answered");
            assertEquals("421 4.7.0 mx.kurir.test Error: too many errors", c.reply());
            assertTrue(c.closedByServer());
        }
    }

    /** Fake end-of-data sequences: none ends the message or starts a second one (trusted client: bare LF normalized). */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "LF.LF", "LF.CRLF", "CRLF.LF", "CR.CR", "CR.CRLF", "CRLF.CR", "LF.CR", "CRLF NUL.CRLF", "CRLF SP.CRLF",
        "CRLF.NUL CRLF", "CRLF.CR CRLF", "CRLF..CRLF",
    })
    void smugglingPayloadsStayInsideOneMessage(String name) throws Exception {
        String fake = name.replace("CRLF", "\r\n").replace("LF", "\n").replace("CR", "\r").replace("NUL", "\u0000")
                .replace("SP", " ").replace(" ", name.contains("SP") ? " " : "");
        try (SmtpWire c = open("127.0.0.1")) {
            c.command("MAIL FROM:<afau@localhost>");
            c.command("RCPT TO:<fauzan@localhost>");
            c.command("DATA");
            c.send("Subject: carrier\r\n\r\nbefore" + fake + "MAIL FROM:<evil@localhost>\r\nRCPT TO:<fauzan@localhost>\r\n"
                    + "DATA\r\nSubject: smuggled\r\n\r\nsmuggled\r\n.\r\n");
            String reply = c.reply();
            Matcher m = SmtpGatewayIT.QUEUED.matcher(reply);
            assertTrue(m.matches(), name + ": one message queued, got " + reply);
            assertEquals("250 2.0.0 Ok", c.command("NOOP"), name + ": the next reply answers NOOP, no second message");
        }
    }

    @Test
    void bareLfFromAnUntrustedClientIsRefusedAndNothingQueued() throws Exception {
        try (SmtpWire c = open("127.0.0.9")) {
            c.command("MAIL FROM:<afau@localhost>");
            c.command("RCPT TO:<fauzan@localhost>");
            c.command("DATA");
            c.send("Subject: bare-lf-7e21\n\nline with bare LF\n.\r\nMAIL FROM:<evil@localhost>\r\n.\r\n");
            assertEquals("550 5.5.2 Error: bare <LF> received", c.reply(), "one reply: LF.CRLF did not end the message");
            assertEquals("250 2.0.0 Ok", c.command("RSET"));
        }
        try (var conn = dataSource.getConnection();
                var ps = conn.prepareStatement("select count(*) from blobs where position(? in data) > 0")) {
            ps.setBytes(1, "bare-lf-7e21".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getInt(1), "nothing of the refused message was stored");
            }
        }
    }

    @Test
    void vrfyAnswersForLocalUsersAndRefusesOthers() throws Exception {
        try (SmtpWire c = open("127.0.0.1")) {
            assertEquals("252 2.0.0 fauzan", c.command("VRFY fauzan"));
            assertEquals("252 2.0.0 <fauzan@localhost>", c.command("VRFY <fauzan@localhost>"));
            assertEquals("550 5.1.1 <ghost@localhost>: Recipient address rejected: User unknown in local recipient table",
                    c.command("VRFY ghost@localhost"));
            assertEquals("554 5.7.1 <x@example.com>: Relay access denied", c.command("VRFY x@example.com"));
            assertEquals("501 5.5.4 Syntax: VRFY address", c.command("VRFY"));
        }
    }

    @Test
    void tooManyConnectionsFromOneUntrustedClientAreRefused() throws Exception {
        List<SmtpWire> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SmtpWire c = SmtpWire.from("127.0.0.7", server.port());
                assertTrue(c.reply().startsWith("220 "), "connection " + (i + 1) + " of the limit of 3");
                held.add(c);
            }
            try (SmtpWire fourth = SmtpWire.from("127.0.0.7", server.port())) {
                assertEquals("421 4.7.0 mx.kurir.test Error: too many connections from 127.0.0.7", fourth.reply());
                assertTrue(fourth.closedByServer());
            }
            try (SmtpWire trusted = new SmtpWire(server.port())) {
                assertTrue(trusted.reply().startsWith("220 "), "mynetworks clients are not limited");
            }
        } finally {
            for (SmtpWire c : held) {
                c.close();
            }
        }
    }
}
