package io.kurir.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
import io.kurir.gateway.session.Listener;
import io.kurir.store.AccountStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** STARTTLS, implicit TLS and AUTH on the real listeners, with Angus Mail, raw TLS sockets and openssl. */
@QuarkusTest
@QuarkusTestResource(KurirTestResource.class)
class SmtpTlsAuthIT {

    @Inject
    SmtpServer server;
    @Inject
    AccountStore accounts;

    @BeforeEach
    void users() {
        accounts.create("budi", "rahasia".toCharArray());
        accounts.create("anto", "pw".toCharArray());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private Properties angus(Listener listener) {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(server.port(listener)));
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.ssl.trust", "*");
        p.put("mail.smtp.ssl.checkserveridentity", "false");
        p.put("mail.smtp.timeout", "20000");
        return p;
    }

    private static MimeMessage message(Session session, String subject) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("budi@localhost"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("anto@localhost"));
        m.setSubject(subject);
        m.setText("halo\n");
        return m;
    }

    @Test
    void angusMailSubmitsWithStartTlsAndAuthOn587() throws Exception {
        Properties p = angus(Listener.SUBMISSION);
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        Session session = Session.getInstance(p);
        try (Transport t = session.getTransport("smtp")) {
            t.connect("budi", "rahasia");
            MimeMessage m = message(session, "via 587");
            t.sendMessage(m, m.getAllRecipients());
            String reply = ((org.eclipse.angus.mail.smtp.SMTPTransport) t).getLastServerResponse();
            var queued = SmtpGatewayIT.QUEUED.matcher(reply.trim());
            assertTrue(queued.matches(), reply);
            assertEquals("ESMTPSA", MaildropRecords.find(queued.group(1)).orElseThrow().client().protocol());
        }
    }

    @Test
    void angusMailDsnOptionsReachTheMaildropRecord() throws Exception {
        Properties p = angus(Listener.SMTPS);
        p.put("mail.smtp.ssl.enable", "true");
        p.put("mail.smtp.dsn.notify", "SUCCESS,FAILURE");
        p.put("mail.smtp.dsn.ret", "HDRS");
        Session session = Session.getInstance(p);
        try (Transport t = session.getTransport("smtp")) {
            t.connect("budi", "rahasia");
            MimeMessage m = message(session, "with DSN");
            t.sendMessage(m, m.getAllRecipients());
            var queued = SmtpGatewayIT.QUEUED.matcher(((org.eclipse.angus.mail.smtp.SMTPTransport) t).getLastServerResponse().trim());
            assertTrue(queued.matches());
            var record = MaildropRecords.find(queued.group(1)).orElseThrow();
            assertEquals("HDRS", record.dsnRet());
            assertEquals(List.of("SUCCESS", "FAILURE"), record.dsnOf("anto@localhost").notifyOn());
        }
    }

    @Test
    void angusMailSubmitsOverImplicitTlsOn465() throws Exception {
        Properties p = angus(Listener.SMTPS);
        p.put("mail.smtp.ssl.enable", "true");
        Session session = Session.getInstance(p);
        try (Transport t = session.getTransport("smtp")) {
            t.connect("budi@localhost", "rahasia");
            MimeMessage m = message(session, "via 465");
            t.sendMessage(m, m.getAllRecipients());
            assertTrue(((org.eclipse.angus.mail.smtp.SMTPTransport) t).getLastServerResponse().startsWith("250 2.0.0 Ok: queued as "));
        }
        Properties wrong = angus(Listener.SMTPS);
        wrong.put("mail.smtp.ssl.enable", "true");
        try (Transport t = Session.getInstance(wrong).getTransport("smtp")) {
            assertThrows(AuthenticationFailedException.class, () -> t.connect("budi", "salah"));
        }
    }

    @Test
    void submissionRefusesMailAndAuthBeforeTls() throws Exception {
        try (SmtpWire c = new SmtpWire(server.port(Listener.SUBMISSION))) {
            c.reply();
            String ehlo = c.command("EHLO client.test");
            assertTrue(ehlo.contains("250-STARTTLS") && !ehlo.contains("AUTH"), ehlo);
            assertEquals("503 5.5.1 Error: authentication not enabled", c.command("AUTH PLAIN " + b64("\0budi\0rahasia")));
            assertEquals("530 5.7.0 Must issue a STARTTLS command first", c.command("MAIL FROM:<budi@localhost>"));
            assertEquals("220 2.0.0 Ready to start TLS", c.command("STARTTLS"));
            c.startTls();
            c.command("EHLO client.test");
            assertEquals("530 5.7.0 Authentication required", c.command("MAIL FROM:<budi@localhost>"));
            assertEquals("235 2.7.0 Authentication successful", c.command("AUTH PLAIN " + b64("\0budi\0rahasia")));
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<budi@localhost>"));
        }
    }

    @Test
    void commandsPipelinedBehindStartTlsAreDiscarded() throws Exception {
        try (SmtpWire c = new SmtpWire(server.port(Listener.MX))) {
            c.reply();
            c.command("EHLO client.test");
            // CVE-2011-0411: plain-text commands injected behind STARTTLS must not run after the handshake
            c.send("STARTTLS\r\nRSET\r\nMAIL FROM:<injected@localhost>\r\n");
            assertEquals("220 2.0.0 Ready to start TLS", c.reply());
            c.startTls();
            assertEquals("250 2.0.0 Ok", c.command("NOOP"), "the first reply over TLS answers our NOOP, not the injected RSET");
            assertEquals("503 5.5.1 Error: send HELO/EHLO first", c.command("AUTH PLAIN " + b64("\0budi\0rahasia")),
                    "the plain-text EHLO does not count over TLS");
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<budi@localhost>"),
                    "no 'nested MAIL': the injected MAIL never ran");
        }
    }

    @Test
    void bruteForceIsThrottledPerClientAddress() throws Exception {
        // a client address of its own (any 127/8 address is loopback on Linux), so other tests are not throttled
        Socket s = new Socket(InetAddress.getByName("127.0.0.1"), server.port(Listener.SMTPS), InetAddress.getByName("127.0.0.9"), 0);
        SSLSocket tls = (SSLSocket) TrustAll.context().getSocketFactory().createSocket(s, "127.0.0.1", s.getPort(), true);
        try (SmtpWire c = new SmtpWire(tls)) {
            c.reply();
            c.command("EHLO attacker.test");
            for (int i = 0; i < 5; i++) {
                assertEquals("535 5.7.8 Error: authentication failed: authentication failure",
                        c.command("AUTH PLAIN " + b64("\0budi\0guess" + i)), "attempt " + i);
            }
            assertEquals("454 4.7.0 Error: too many authentication failures, try again later",
                    c.command("AUTH PLAIN " + b64("\0budi\0rahasia")), "even the right password is not checked now");
        }
        try (SmtpWire c = new SmtpWire(tlsSocket(Listener.SMTPS))) {
            c.reply();
            c.command("EHLO honest.test");
            assertEquals("235 2.7.0 Authentication successful", c.command("AUTH PLAIN " + b64("\0budi\0rahasia")),
                    "another client address is not affected");
        }
    }

    @Test
    void tlsGarbageAndOldProtocolsAreRefusedAndTheGatewayKeepsServing() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port(Listener.SMTPS))) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("EHLO this is not a TLS record\r\n\u0016\u0003\u0001garbage".getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            int b;
            try {
                b = s.getInputStream().read();
                while (b != -1) {
                    b = s.getInputStream().read();
                }
            } catch (IOException reset) {
                // closed with a reset: fine too
            }
        }
        try (Socket s = new Socket("127.0.0.1", server.port(Listener.SMTPS))) {
            assertThrows(SSLException.class, () -> TrustAll.upgrade(s, "TLSv1.1"), "TLS 1.1 must be refused");
        }
        try (SmtpWire c = new SmtpWire(server.port(Listener.MX))) {
            assertTrue(c.reply().startsWith("220 "), "the gateway still serves");
        }
    }

    @Test
    void opensslNegotiatesModernTlsWithStartTls() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("openssl", "s_client", "-starttls", "smtp", "-connect", "127.0.0.1:" + server.port(Listener.MX),
                    "-brief", "-ign_eof").redirectErrorStream(true).start();
        } catch (IOException e) {
            System.out.println("SKIPPED opensslNegotiatesModernTlsWithStartTls: openssl is not installed (Java TLS clients cover it)");
            Assumptions.abort("openssl missing");
            return;
        }
        // QUIT alone over TLS: the handshake is what this test is about (EHLO is covered by the Java clients)
        p.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(out.matches("(?s).*Protocol version: TLSv1\\.[23].*"), out);
        assertTrue(out.contains("221 2.0.0 Bye"), "the session ran to QUIT over TLS:\n" + out);
    }

    private Socket tlsSocket(Listener listener) throws Exception {
        return TrustAll.context().getSocketFactory().createSocket("127.0.0.1", server.port(listener));
    }
}
