package io.kurir.delivery.smtp;

import static io.kurir.delivery.smtp.Fixtures.describe;
import static io.kurir.delivery.smtp.Fixtures.rcpts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kurir.mail.payload.DeliveryReport;
import io.kurir.mail.payload.DeliveryReport.Outcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against Postfix's own test server, smtp-sink(1), from Debian's postfix package. */
class SmtpSinkTest {

    private static final Path SMTP_SINK = Path.of("/usr/sbin/smtp-sink");

    @Test
    void threeMessagesToSmtpSink() throws Exception {
        assumeTrue(Files.isExecutable(SMTP_SINK), "skipped: " + SMTP_SINK + " is not installed (Debian package postfix)");
        int port = Fixtures.closedPort();
        List<String> command = new ArrayList<>(List.of(SMTP_SINK.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody")); // smtp-sink refuses to run as root without it
        }
        command.addAll(List.of("127.0.0.1:" + port, "10"));
        Process sink = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            awaitListening(port, sink);
            String zone = "sink.test. A 127.0.0.1\n";
            try (SmtpClient client = new SmtpClient(Fixtures.settings(port).build(), TableMxResolver.parse(zone))) {
                for (int i = 0; i < 3; i++) {
                    byte[] message = ("Subject: " + i + "\n\n.line\n" + "x".repeat(5000) + "\n")
                            .getBytes(StandardCharsets.UTF_8);
                    DeliveryAttempt a = client.deliver("[sink.test]:" + port, "a@a.test", rcpts("x@b.test", "y@b.test"),
                            message, false, null, null);
                    for (Outcome o : a.outcomes()) {
                        assertEquals(DeliveryReport.SENT, o.status(), describe(o));
                        assertTrue(o.diagnostic().startsWith("250"), describe(o));
                        assertEquals("sink.test[127.0.0.1]:" + port, o.relay());
                    }
                }
            }
        } finally {
            sink.destroy();
            sink.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static void awaitListening(int port, Process sink) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (!sink.isAlive()) {
                    throw new IOException("smtp-sink exited with status " + sink.exitValue());
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("smtp-sink did not listen on port " + port + " within 10 s", e);
                }
                sink.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS); // returns early if it exits
            }
        }
    }
}
