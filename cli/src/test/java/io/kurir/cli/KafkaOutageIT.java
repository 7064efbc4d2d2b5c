package io.kurir.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.EmbeddedStack;
import io.kurir.mail.HeaderBlock;
import io.kurir.store.MailStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Kafka stops in the middle of an SMTP session: the gateway answers 451 4.3.0 (the client keeps the
 * message and retries), nothing half-stored stays visible, and once Kafka is back the retried message
 * is delivered exactly once while the services reconnect by themselves.
 */
class KafkaOutageIT {

    @Test
    void kafkaDownMeans451AndTheRetriedMessageArrivesOnce() throws Exception {
        LocalStack stack = TestStack.get();
        TestStack.accounts().create("tahan", "pw".toCharArray());
        EmbeddedStack infra = stack.infrastructure();
        infra.stopKafka();
        try (Session s = new Session(TestStack.smtpPort())) {
            s.command("EHLO outage.test");
            assertEquals("250 2.1.0 Ok", s.command("MAIL FROM:<afau@localhost>"));
            assertEquals("250 2.1.5 Ok", s.command("RCPT TO:<tahan@localhost>"), "recipient checks need only PostgreSQL");
            assertEquals("354 End data with <CR><LF>.<CR><LF>", s.command("DATA"));
            s.send("Subject: outage-4f2c\r\n\r\nsent while Kafka was down\r\n");
            assertEquals("451 4.3.0 Error: queue file write error", s.command("."));
        } finally {
            infra.restartKafka();
        }
        assertEquals(0, TestStack.blobsContaining("outage-4f2c"), "the refused message left no queue file behind");
        // the client retries, as SMTP clients do after a 4xx
        try (Session s = new Session(TestStack.smtpPort())) {
            s.command("EHLO outage.test");
            s.command("MAIL FROM:<afau@localhost>");
            s.command("RCPT TO:<tahan@localhost>");
            s.command("DATA");
            s.send("Subject: outage-4f2c\r\n\r\nsent while Kafka was down\r\n");
            assertTrue(s.command(".").startsWith("250 2.0.0 Ok: queued as "), "queued once Kafka is back");
        }
        MailStore mail = TestStack.mail();
        assertTrue(Poll.until(Duration.ofMinutes(2), () -> !mail.messages("tahan", "INBOX").isEmpty()),
                "delivered after the outage");
        // nothing else may follow: give a duplicate the time a redelivery would take, then count
        Poll.until(Duration.ofSeconds(15), () -> mail.messages("tahan", "INBOX").size() > 1);
        var inbox = mail.messages("tahan", "INBOX");
        assertEquals(1, inbox.size(), "exactly one copy");
        byte[] content = mail.blobs().get(inbox.get(0).blobId()).orElseThrow();
        assertEquals("outage-4f2c", HeaderBlock.parse(content).first("Subject").orElseThrow().value());
    }

    /** A raw SMTP client: one line out, one (multi-line) reply in. */
    private static final class Session implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Session(int port) throws Exception {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(90_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
            reply();
        }

        String command(String line) throws Exception {
            send(line + "\r\n");
            return reply();
        }

        void send(String text) throws Exception {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String reply() throws Exception {
            String line;
            do {
                line = in.readLine();
            } while (line != null && line.length() > 3 && line.charAt(3) == '-');
            return line;
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }
}
