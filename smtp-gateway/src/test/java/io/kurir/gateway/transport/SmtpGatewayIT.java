package io.kurir.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
import io.kurir.store.AccountStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway on a real socket, with real Kafka and PostgreSQL: the course's session word for
 * word, and the malformed and hostile inputs of the foundation issue.
 */
@QuarkusTest
@QuarkusTestResource(KurirTestResource.class)
class SmtpGatewayIT {

    static final Pattern QUEUED = Pattern.compile("250 2\\.0\\.0 Ok: queued as ([0-9A-F]+)");

    @Inject
    SmtpServer server;
    @Inject
    AccountStore accounts;
    @Inject
    DataSource dataSource;

    @BeforeEach
    void users() {
        accounts.create("fauzan", "rahasia".toCharArray());
    }

    @Test
    void theCourseSessionWordForWord() throws Exception {
        try (SmtpWire c = new SmtpWire(server.port())) {
            assertEquals("220 mx.kurir.test ESMTP Kurir", c.reply());
            assertEquals("250-mx.kurir.test\n250-PIPELINING\n250-SIZE 10240000\n250-VRFY\n250-ETRN\n250-STARTTLS\n250-ENHANCEDSTATUSCODES\n"
                    + "250-8BITMIME\n250-DSN\n250-SMTPUTF8\n250 CHUNKING",
                    c.command("ehlo localhost"));
            assertEquals("250 2.1.0 Ok", c.command("mail from:afau@localhost"));
            assertEquals("250 2.1.5 Ok", c.command("rcpt to:fauzan@localhost"));
            assertEquals("354 End data with <CR><LF>.<CR><LF>", c.command("Data"));
            c.send("Subject: Praktikum Jarkom makin hot aja!!!\r\n\r\n");
            c.send("Ayo semangat buat semuanya:D walaupun pusing, kita pasti bisa!!\r\n");
            String queued = c.command(".");
            Matcher m = QUEUED.matcher(queued);
            assertTrue(m.matches(), "expected 250 queued, got: " + queued);
            assertEquals("221 2.0.0 Bye", c.command("quit"));
            assertTrue(c.closedByServer(), "the server hangs up after QUIT");
            String blob = blob("raw/" + m.group(1));
            assertEquals("Subject: Praktikum Jarkom makin hot aja!!!\r\n\r\n"
                    + "Ayo semangat buat semuanya:D walaupun pusing, kita pasti bisa!!\r\n", blob,
                    "the queued bytes are exactly what the client sent");
            assertTrue(MaildropRecords.find(m.group(1)).isPresent(), "a maildrop record was published for " + m.group(1));
        }
    }

    @Test
    void unknownLocalUsersAndForeignDomainsAreRefusedAtRcpt() throws Exception {
        try (SmtpWire c = open()) {
            c.command("mail from:<afau@localhost>");
            assertEquals("550 5.1.1 <nobody@localhost>: Recipient address rejected: User unknown in local recipient table",
                    c.command("rcpt to:<nobody@localhost>"));
            assertEquals("250 2.1.5 Ok", c.command("rcpt to:<someone@example.com>"), "127.0.0.1 is in mynetworks: it may relay");
            assertEquals("554 5.7.1 <fauzan@localhost.>: Relay access denied", c.command("rcpt to:<fauzan@localhost.>"));
            assertEquals("250 2.1.5 Ok", c.command("rcpt to:<Fauzan+lab@LOCALHOST>"), "case and +extension reach fauzan");
            assertEquals("250 2.1.5 Ok", c.command("rcpt to:fauzan"), "unqualified, as Postfix takes it");
        }
    }

    @Test
    void malformedInputGetsClearErrorsAndTheSessionGoesOn() throws Exception {
        try (SmtpWire c = open()) {
            assertEquals("500 5.5.2 Error: line too long", c.command("MAIL FROM:<" + "a".repeat(1100) + "@localhost>"));
            assertEquals("501 5.1.7 Bad sender address syntax", c.command("MAIL FROM:<a b@localhost>"));
            assertEquals("503 5.5.1 Error: need MAIL command", c.command("RCPT TO:<fauzan@localhost>"));
            assertEquals("503 5.5.1 Error: need RCPT command", c.command("DATA"));
            assertEquals("502 5.5.2 Error: command not recognized", c.command("HELLO there"));
            assertEquals("501 5.5.4 Syntax: MAIL FROM:<address>", c.command("MAIL <afau@localhost>"));
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<afau@localhost>"));
            assertEquals("501 5.1.3 Bad recipient address syntax", c.command("RCPT TO:<fauzan@@localhost>"));
            assertEquals("250 2.0.0 Ok", c.command("NOOP"));
        }
    }

    @Test
    void garbageBytesGetClearRepliesAndTheGatewayKeepsServing() throws Exception {
        try (SmtpWire c = open()) {
            c.sendBytes(new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 0x1b, '[', '2', 'J', '\r', '\n'});
            assertEquals("502 5.5.2 Error: command not recognized", c.reply());
            byte[] noise = new byte[5000];
            new java.util.Random(42).nextBytes(noise);
            for (int i = 0; i < noise.length; i++) {
                noise[i] = noise[i] == '\n' ? (byte) 'x' : noise[i]; // one long line of binary noise
            }
            c.sendBytes(noise);
            c.send("\r\n");
            assertEquals("500 5.5.2 Error: line too long", c.reply());
            c.sendBytes("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u00fc\u0003\u0003\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("502 5.5.2 Error: command not recognized", c.reply(), "a TLS ClientHello on the plain port");
            assertEquals("250 2.0.0 Ok", c.command("NOOP"), "the session goes on");
        }
        try (SmtpWire other = new SmtpWire(server.port())) {
            assertTrue(other.reply().startsWith("220 "), "and so does the gateway");
        }
    }

    @Test
    void aClientThatDisconnectsMidDataPublishesNothing() throws Exception {
        try (SmtpWire c = open()) {
            c.command("mail from:<afau@localhost>");
            c.command("rcpt to:<fauzan@localhost>");
            c.command("data");
            c.send("Subject: half-sent-7f3a\r\n\r\nthis message never ends\r\n");
        }
        // a complete message after it: once it is queued, the half one would have been too
        String qid = sendSimple("Subject: after-7f3a\r\n\r\nfine\r\n");
        assertTrue(MaildropRecords.find(qid).isPresent());
        assertEquals(0, blobsContaining("half-sent-7f3a"), "nothing of the interrupted message was stored");
    }

    @Test
    void smugglingSequencesNeverEndTheMessage() throws Exception {
        for (String fake : new String[] {"\n.\n", "\n.\r\n", "\r.\r", "\r\n.\n"}) {
            String marker = "smuggled-" + Integer.toHexString(fake.hashCode());
            try (SmtpWire c = open()) {
                c.command("mail from:<afau@localhost>");
                c.command("rcpt to:<fauzan@localhost>");
                c.command("data");
                c.send("Subject: carrier\r\n\r\nbefore" + fake + "MAIL FROM:<evil@localhost>\r\nRCPT TO:<fauzan@localhost>\r\n"
                        + "DATA\r\nSubject: " + marker + "\r\n\r\nsmuggled\r\n.\r\n");
                String reply = c.reply();
                Matcher m = QUEUED.matcher(reply);
                assertTrue(m.matches(), "one message queued, got " + reply);
                // the next reply must belong to our NOOP: no second message was started
                assertEquals("250 2.0.0 Ok", c.command("NOOP"), "after " + escape(fake));
                String stored = blob("raw/" + m.group(1));
                assertTrue(stored.contains("Subject: " + marker), "the smuggled text stays inside the carrier for " + escape(fake));
                assertFalse(stored.startsWith("Subject: " + marker), "for " + escape(fake));
            }
        }
    }

    @Test
    void oversizedMessageIsRefusedAndTheSessionContinues() throws Exception {
        try (SmtpWire c = open()) {
            assertEquals("552 5.3.4 Message size exceeds fixed limit", c.command("MAIL FROM:<afau@localhost> SIZE=20000000"));
            c.command("MAIL FROM:<afau@localhost>");
            c.command("RCPT TO:<fauzan@localhost>");
            c.command("DATA");
            byte[] line = ("x".repeat(998) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 10_300; i++) { // 10.3 MB > 10240000
                c.sendBytes(line);
            }
            assertEquals("552 5.3.4 Error: message file too big", c.command("."));
            assertEquals("250 2.0.0 Ok", c.command("RSET"));
        }
    }

    @Test
    void aHeaderLongerThanHeaderSizeLimitIsRefusedNotCut() throws Exception {
        try (SmtpWire c = open()) {
            c.command("MAIL FROM:<afau@localhost>");
            c.command("RCPT TO:<fauzan@localhost>");
            c.command("DATA");
            StringBuilder to = new StringBuilder("To: a@localhost");
            while (to.length() <= 102_400) { // one logical header of many folded lines, each short
                to.append(",\r\n b@localhost");
            }
            c.send(to + "\r\nSubject: long\r\n\r\nbody\r\n");
            assertEquals("552 5.6.0 Error: message header size exceeds limit", c.command("."));
            c.command("MAIL FROM:<afau@localhost>");
            c.command("RCPT TO:<fauzan@localhost>");
            c.command("DATA");
            c.send("Subject: " + "y".repeat(900) + "\r\n\r\n" + ("z".repeat(990) + "\r\n").repeat(200));
            assertTrue(QUEUED.matcher(c.command(".")).matches(), "long body lines are not header");
        }
    }

    @Test
    void smtputf8AddressesAndHeadersAreAcceptedAndKeptByteForByte() throws Exception {
        String message = "From: Pengirim <pengirim@b\u00fccher.example>\r\nSubject: Sel\u00e4mat \u2709 \u65e5\u672c\r\n\r\n"
                + "Isi dengan UTF-8: \u00e9\u00e8\r\n";
        try (SmtpWire c = open()) {
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<pengirim@b\u00fccher.example> SMTPUTF8 BODY=8BITMIME"));
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<fauzan@localhost>"));
            c.command("DATA");
            c.send(message);
            Matcher m = QUEUED.matcher(c.command("."));
            assertTrue(m.matches());
            var record = MaildropRecords.find(m.group(1)).orElseThrow();
            assertTrue(record.smtputf8(), "SMTPUTF8 travels in the maildrop record");
            assertEquals("pengirim@b\u00fccher.example", record.sender());
            assertEquals(message, blob("raw/" + m.group(1)), "UTF-8 headers kept byte for byte");
        }
    }

    @Test
    void aClientThatPipelinesWithoutReadingGetsEveryReplyInOrder() throws Exception {
        int n = 20_000; // ~280 KB of replies: more than the socket buffers hold, so the server must wait for the client
        try (SmtpWire c = open()) {
            Thread writer = new Thread(() -> {
                try {
                    c.send("RSET\r\n".repeat(n) + "MAIL FROM:<afau@localhost>\r\n"); // RSET may be pipelined
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            for (int i = 0; i < n; i++) {
                assertEquals("250 2.0.0 Ok", c.reply(), "reply " + i);
            }
            assertEquals("250 2.1.0 Ok", c.reply(), "the command after the flood is answered in order");
            writer.join(30_000);
        }
        try (SmtpWire other = new SmtpWire(server.port())) {
            assertTrue(other.reply().startsWith("220 "), "the gateway keeps serving");
        }
    }

    @Test
    void clientsThatDoNotWaitWhereTheyMustAreDisconnected() throws Exception {
        try (SmtpWire c = new SmtpWire(server.port())) {
            c.reply();
            c.send("EHLO bot.test\r\nMAIL FROM:<afau@localhost>\r\n");
            assertEquals("554 5.5.0 Error: SMTP protocol synchronization", c.reply(), "EHLO ends a group (RFC 2920)");
            assertTrue(c.closedByServer(), "and the server hangs up");
        }
        try (SmtpWire c = new SmtpWire(server.port())) {
            c.reply();
            assertEquals("250 mx.kurir.test", c.command("HELO old.test"));
            c.send("MAIL FROM:<afau@localhost>\r\nRCPT TO:<fauzan@localhost>\r\n");
            assertEquals("554 5.5.0 Error: SMTP protocol synchronization", c.reply(), "no pipelining without EHLO");
        }
        try (SmtpWire c = open()) {
            c.send("MAIL FROM:<afau@localhost>\r\nRCPT TO:<fauzan@localhost>\r\nDATA\r\nSubject: no wait\r\n\r\nx\r\n.\r\n");
            assertEquals("250 2.1.0 Ok", c.reply());
            assertEquals("250 2.1.5 Ok", c.reply());
            assertEquals("554 5.5.0 Error: SMTP protocol synchronization", c.reply(), "content sent before the 354");
            assertTrue(c.closedByServer());
        }
        try (SmtpWire c = open()) {
            c.send("MAIL FROM:<afau@localhost>\r\nRCPT TO:<fauzan@localhost>\r\nDATA\r\n");
            assertEquals("250 2.1.0 Ok", c.reply(), "a correct RFC 2920 batch");
            assertEquals("250 2.1.5 Ok", c.reply());
            assertEquals("354 End data with <CR><LF>.<CR><LF>", c.reply());
            c.send("Subject: batch\r\n\r\nx\r\n.\r\nQUIT\r\n");
            assertTrue(QUEUED.matcher(c.reply()).matches(), "commands may follow the message content");
            assertEquals("221 2.0.0 Bye", c.reply());
        }
    }

    @Test
    void bdatChunksArriveAsOneMessageAndACommandAfterThemStillWorks() throws Exception {
        try (SmtpWire c = open()) {
            c.command("MAIL FROM:<afau@localhost>");
            c.command("RCPT TO:<fauzan@localhost>");
            String part1 = "Subject: bdat-91c3\r\n\r\n";
            String part2 = "line one\r\n.\r\nnot the end\r\n"; // a dot line is only data in BDAT
            c.send("BDAT " + part1.length() + "\r\n" + part1);
            assertEquals("250 2.0.0 Ok: " + part1.length() + " bytes", c.reply());
            c.send("BDAT " + part2.length() + " LAST\r\n" + part2 + "NOOP\r\n"); // pipelined after the last chunk
            Matcher m = QUEUED.matcher(c.reply());
            assertTrue(m.matches());
            assertEquals("250 2.0.0 Ok", c.reply(), "the NOOP after the chunk");
            assertEquals(part1 + part2, blob("raw/" + m.group(1)));
        }
    }

    @Test
    void healthAndMetricsShowWhatTheGatewayDid() throws Exception {
        sendSimple("Subject: counted\r\n\r\nx\r\n");
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.hasItems("Database connections health check",
                        "SmallRye Reactive Messaging - readiness check"));
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.matches("(?s).*kurir_smtp_messages_queued_total [1-9].*"), "queued counter present and > 0");
        assertTrue(metrics.contains("kurir_smtp_replies_total{code=\"250\"}"), "replies counted by code");
        assertTrue(metrics.contains("kurir_smtp_sessions_active"), "active sessions gauge");
    }

    private SmtpWire open() throws Exception {
        SmtpWire c = new SmtpWire(server.port());
        c.reply();
        c.command("EHLO client.test");
        return c;
    }

    private String sendSimple(String message) throws Exception {
        try (SmtpWire c = open()) {
            c.command("mail from:<afau@localhost>");
            c.command("rcpt to:<fauzan@localhost>");
            c.command("data");
            c.send(message);
            Matcher m = QUEUED.matcher(c.command("."));
            assertTrue(m.matches());
            return m.group(1);
        }
    }

    private String blob(String id) throws Exception {
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement("select data from blobs where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "blob " + id + " exists");
                return new String(rs.getBytes(1), StandardCharsets.UTF_8);
            }
        }
    }

    private int blobsContaining(String text) throws Exception {
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement("select count(*) from blobs where position(? in data) > 0")) {
            ps.setBytes(1, text.getBytes(StandardCharsets.UTF_8));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String escape(String s) {
        return s.replace("\r", "<CR>").replace("\n", "<LF>");
    }
}
