package io.kurir.cli;

import static io.kurir.cli.CourseLabIT.awaitMbox;
import static io.kurir.cli.CourseLabIT.kurir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Postfix's header_checks and body_checks on the running stack, imported from files in Postfix's
 * syntax with {@code ./kurir checks import}, mail sent by Angus Mail: a HOLD rule puts a message
 * on hold, where the administrator sees and releases it; a REJECT rule refuses a message at DATA;
 * a record cleanup cannot read goes to the corrupt queue while mail keeps flowing.
 */
class ChecksIT {

    static Path dir;

    @BeforeAll
    static void stackAndUsers() throws Exception {
        TestStack.get();
        var r = kurir("user", "add", "sari", "--password", "rahasia");
        assertTrue(r.exitCode() == 0 || r.output().contains("already exists"), r.output());
        dir = Files.createTempDirectory(Path.of("target"), "checks-");
    }

    @Test
    void postfixTablesImportUnchangedHoldThenReleaseAndRejectAtData() throws Exception {
        Path headerChecks = dir.resolve("header_checks");
        Files.writeString(headerChecks, """
                # /etc/postfix/header_checks, as it is on a Postfix box
                if /^Subject:/
                /undian|lottery/            HOLD lottery for review
                /^Subject: .*\\[SPAM\\]/
                    DISCARD
                endif
                /^X-Mailer: Mass Mailer/    REJECT 5.7.1 bulk mailers are not welcome
                """);
        Path bodyChecks = dir.resolve("body_checks");
        Files.writeString(bodyChecks, "/^Transfer the fee to/ REJECT fraud\n");
        try {
            var h = kurir("checks", "import", "header", headerChecks.toString());
            assertEquals(0, h.exitCode(), h.output());
            assertTrue(h.output().contains("header_checks: imported " + headerChecks), h.output());
            assertEquals(0, kurir("checks", "import", "body", bodyChecks.toString()).exitCode());
            var shown = kurir("checks", "show", "header");
            assertTrue(shown.output().contains("/undian|lottery/            HOLD lottery for review"), shown.output());

            // HOLD: rewrite-service sees the imported table within its recheck (5 s); until then a message may go through
            String held = null;
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (held == null && Instant.now().isBefore(deadline)) {
                String qid = send("Undian berhadiah", "Selamat!", Map.of());
                String state = awaitQueuedOrDelivered(qid);
                if (state.equals("held")) {
                    held = qid;
                }
            }
            assertTrue(held != null, "no message was held within 60 s");
            String listing = kurir("queue", "list").output();
            assertTrue(listing.contains(held + "!"), "postqueue -p marks it held with !:\n" + listing);
            assertTrue(!kurir("mail", "cat", "sari").output().contains(held), "a held message is not delivered");

            var released = kurir("queue", "release", held);
            assertEquals(0, released.exitCode(), released.output());
            assertTrue(released.output().contains("Released from hold: 1 message"), released.output());
            String qid = held;
            assertTrue(awaitMbox("sari", t -> t.contains(qid)).contains("Subject: Undian berhadiah"));

            // REJECT, in the gateway before its 250 (a header rule and a body rule)
            assertEquals("550 5.7.1 bulk mailers are not welcome",
                    refusedUntil("Hello", "plain text", Map.of("X-Mailer", "Mass Mailer 3")));
            assertEquals("550 5.7.1 fraud", refusedUntil("Invoice", "Transfer the fee to account 123\r\n", Map.of()));
        } finally {
            // the stack is shared with the other tests: their mail must not meet these rules
            kurir("checks", "clear", "header");
            kurir("checks", "clear", "body");
        }
    }

    @Test
    void aMalformedTableSaysFileAndLineAndChangesNothing() throws Exception {
        Path good = dir.resolve("good_body_checks");
        Files.writeString(good, "/^click here/ WARN link\n");
        assertEquals(0, kurir("checks", "import", "body", good.toString()).exitCode());
        Path bad = dir.resolve("bad_body_checks");
        Files.writeString(bad, """
                /^ok/       WARN fine
                if /^x/
                /unclosed   REJECT
                endif
                """);
        var r = kurir("checks", "import", "body", bad.toString());
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains(bad + ":3: "), r.output());
        assertTrue(r.output().contains("nothing imported"), r.output());
        assertTrue(kurir("checks", "show", "body").output().contains("/^click here/ WARN link"), "the old table stays");
        assertEquals(2, kurir("checks", "import", "mime", good.toString()).exitCode());
        assertEquals(0, kurir("checks", "clear", "body").exitCode());
        assertEquals(1, kurir("checks", "show", "body").exitCode());
    }

    @Test
    void aCorruptRecordGoesToTheCorruptQueueAndMailKeepsFlowing() throws Exception {
        String key = "CORRUPT" + System.nanoTime();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.get().infrastructure().kafka().bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("mail.maildrop", key, "{\"version\":1,\"queueId\":\"" + key
                    + "\",\"recipients\":\"not a list\"}")).get(30, TimeUnit.SECONDS);
        }
        String qid = send("after the corrupt one", "still flowing", Map.of());
        assertTrue(awaitMbox("sari", t -> t.contains(qid)).contains("Subject: after the corrupt one"));

        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String list = kurir("queue", "corrupt").output();
        while (!list.contains(key) && Instant.now().isBefore(deadline)) {
            list = kurir("queue", "corrupt", "list").output();
        }
        assertTrue(list.contains(key) && list.contains("unreadable maildrop record"), list);
        var show = kurir("queue", "corrupt", "show", key);
        assertTrue(show.output().contains("\"recipients\":\"not a list\""), "the record is kept as it was:\n" + show.output());
        // released, it goes through cleanup again: still unreadable, it comes back to the corrupt queue
        var released = kurir("queue", "corrupt", "release", key);
        assertTrue(released.output().contains("Released from corrupt: 1 message"), released.output());
        deadline = Instant.now().plus(Duration.ofSeconds(60));
        String again = kurir("queue", "corrupt").output();
        while (!again.contains(key) && Instant.now().isBefore(deadline)) {
            again = kurir("queue", "corrupt").output();
        }
        assertTrue(again.contains(key), "back in the corrupt queue after its second pass:\n" + again);
        var deleted = kurir("queue", "corrupt", "delete", key);
        assertTrue(deleted.output().contains("Deleted: 1 message"), deleted.output());
        assertTrue(!kurir("queue", "corrupt").output().contains(key));
    }

    // ---------------------------------------------------------------- helpers

    /** Sends with Angus Mail to sari@localhost; returns the queue id from the reply to the end of data. */
    static String send(String subject, String body, Map<String, String> headers) throws MessagingException {
        return send("budi@localhost", "sari@localhost", subject, body, headers);
    }

    /** Sends with Angus Mail over the MX port; returns the queue id from the reply to the end of data. */
    static String send(String from, String to, String subject, String body, Map<String, String> headers)
            throws MessagingException {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(TestStack.smtpPort()));
        props.put("mail.smtp.localhost", "angus.test");
        Session session = Session.getInstance(props);
        MimeMessage msg = new MimeMessage(session);
        msg.setFrom(new InternetAddress(from));
        msg.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        msg.setSubject(subject, "UTF-8");
        msg.setText(body, "UTF-8");
        for (var e : headers.entrySet()) {
            msg.setHeader(e.getKey(), e.getValue());
        }
        try (SMTPTransport t = (SMTPTransport) session.getTransport("smtp")) {
            t.connect();
            t.sendMessage(msg, msg.getAllRecipients());
            String reply = t.getLastServerResponse().strip();
            assertTrue(reply.startsWith("250 2.0.0 Ok: queued as "), reply);
            return reply.substring("250 2.0.0 Ok: queued as ".length());
        }
    }

    /** The reply that refused the message, sending it again until one is refused or 60 s passed. */
    static String refusedUntil(String subject, String body, Map<String, String> headers) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            try {
                send(subject, body, headers);
            } catch (MessagingException e) {
                String text = e.getMessage().strip();
                return text.lines().findFirst().orElse(text);
            }
        }
        throw new AssertionError("not refused within 60 s");
    }

    /** "held" once the queue lists the message on hold, "delivered" once it is in sari's INBOX. */
    static String awaitQueuedOrDelivered(String qid) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (kurir("queue", "list").output().contains(qid + "!")) {
                return "held";
            }
            if (kurir("mail", "cat", "sari").output().contains(qid)) {
                return "delivered";
            }
        }
        throw new AssertionError(qid + " was neither held nor delivered within 60 s");
    }
}
