package io.kurir.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.StackPorts;
import io.kurir.store.AccountStore;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SubjectTerm;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The course's picture for real: two Kurir stacks on one machine, one serving a.test and one
 * b.test, a test resolver answering their MX records with 127.0.0.1. Budi submits on A's port 587
 * (STARTTLS + AUTH) with Angus Mail; A's delivery-service finds B's MX and delivers over SMTP; Anto
 * reads it over IMAP on B, and his reply travels back to Budi on A. Each stack's smtp-tcp-port is
 * the other's SMTP port (MX delivery goes to port 25 in real life).
 */
class TwoStacksIT {

    static LocalStack a;
    static LocalStack b;
    static Ports pa;
    static Ports pb;

    record Ports(int smtp, int submission, int imap) {
    }

    @BeforeAll
    static void start() throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        Path base = Files.createTempDirectory(Path.of("target"), "two-stacks-").toAbsolutePath();
        Path zone = base.resolve("zone.txt");
        Files.writeString(zone, String.join("\n",
                "# the lab's DNS: both mail domains on this machine",
                "a.test. MX 10 mx.a.test.",
                "mx.a.test. A 127.0.0.1",
                "b.test. MX 10 mx.b.test.",
                "mx.b.test. A 127.0.0.1",
                ""));
        pa = new Ports(TestStack.freePort(), TestStack.freePort(), TestStack.freePort());
        pb = new Ports(TestStack.freePort(), TestStack.freePort(), TestStack.freePort());
        a = LocalStack.start(options(home, base.resolve("a"), pa, "a.test", pb.smtp(), zone), System.out);
        b = LocalStack.start(options(home, base.resolve("b"), pb, "b.test", pa.smtp(), zone), System.out);
        new AccountStore(a.infrastructure().postgres().dataSource()).create("budi", "rahasia".toCharArray());
        new AccountStore(b.infrastructure().postgres().dataSource()).create("anto", "rahasia".toCharArray());
    }

    static LocalStack.Options options(Path home, Path data, Ports p, String domain, int peerSmtpPort, Path zone)
            throws Exception {
        Map<String, String> settings = Map.of(
                "KURIR_MYHOSTNAME", "mx." + domain,
                "KURIR_MYDOMAIN", domain,
                "KURIR_MYORIGIN", domain,
                "KURIR_MYDESTINATION", domain + ", mx." + domain + ", localhost",
                "KURIR_SMTP_DNS_TABLE_FILE", zone.toString(),
                "KURIR_SMTP_TCP_PORT", Integer.toString(peerSmtpPort),
                // the two stacks reach each other from 127.0.0.1: neither may treat the other as trusted
                "KURIR_MYNETWORKS", "[::1]/128");
        return new LocalStack.Options(home, data, p.smtp(), p.submission(), TestStack.freePort(), p.imap(), -1, -1, -1,
                TestStack.freeRange(5), StackPorts.any(), settings);
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    static Session session(Ports p) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(p.submission()));
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.trust", "*"); // the stacks' certificates are self-signed
        props.put("mail.smtp.ssl.checkserveridentity", "false");
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.localhost", "laptop.test");
        props.put("mail.smtp.timeout", "60000");
        props.put("mail.imap.starttls.enable", "true");
        props.put("mail.imap.ssl.trust", "*");
        props.put("mail.imap.ssl.checkserveridentity", "false");
        props.put("mail.imap.timeout", "60000");
        return Session.getInstance(props);
    }

    static void submit(Ports p, String user, String from, String to, String subject, String text, String inReplyTo)
            throws Exception {
        Session s = session(p);
        MimeMessage m = new MimeMessage(s);
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject(subject, "UTF-8");
        m.setText(text, "UTF-8");
        if (inReplyTo != null) {
            m.setHeader("In-Reply-To", inReplyTo);
        }
        Transport.send(m, user, "rahasia");
    }

    /** Waits for a message with this subject in the user's INBOX over IMAP and returns its bytes. */
    static String read(Ports p, String user, String subject) throws Exception {
        Store store = session(p).getStore("imap");
        store.connect("127.0.0.1", p.imap(), user, "rahasia");
        try {
            AtomicReference<String> found = new AtomicReference<>();
            Poll.until(Duration.ofSeconds(90), () -> {
                try {
                    Folder inbox = store.getFolder("INBOX");
                    inbox.open(Folder.READ_WRITE);
                    try {
                        Message[] hits = inbox.search(new SubjectTerm(subject));
                        if (hits.length == 0) {
                            return false;
                        }
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        hits[0].writeTo(out);
                        hits[0].setFlag(Flags.Flag.SEEN, true);
                        found.set(out.toString(StandardCharsets.UTF_8));
                        return true;
                    } finally {
                        inbox.close(false);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(found.get() != null, subject + " did not reach " + user + " within 90 s");
            return found.get();
        } finally {
            store.close();
        }
    }

    @Test
    void budiWritesToAntoOnTheOtherServerAndAntoReplies() throws Exception {
        submit(pa, "budi", "budi@a.test", "anto@b.test", "Praktikum: surat antar server", "Halo Anto, dari server A.", null);
        String atB = read(pb, "anto", "Praktikum: surat antar server");
        assertTrue(atB.contains("Halo Anto, dari server A."), atB);
        assertTrue(atB.contains("Delivered-To: anto@b.test"), "delivered by B's local(8): " + atB);
        assertTrue(atB.contains("by mx.b.test (Kurir) with ESMTPS"), "B received it from A over TLS: " + atB);
        assertTrue(atB.contains("by mx.a.test (Kurir) with ESMTPSA"), "A took it from Budi with AUTH over TLS: " + atB);
        String messageId = atB.lines().filter(l -> l.regionMatches(true, 0, "Message-Id:", 0, 11)).findFirst()
                .orElseThrow().substring(11).trim();

        submit(pb, "anto", "anto@b.test", "budi@a.test", "Re: Praktikum: surat antar server", "Sudah sampai, Budi.",
                messageId);
        String atA = read(pa, "budi", "Re: Praktikum: surat antar server");
        assertTrue(atA.contains("Sudah sampai, Budi."), atA);
        assertTrue(atA.contains("In-Reply-To: " + messageId), atA);
        assertTrue(atA.contains("by mx.a.test (Kurir) with ESMTPS"), atA);
    }

    @Test
    void mailForAnUnknownUserOnTheOtherServerComesBackAsABounce() throws Exception {
        submit(pa, "budi", "budi@a.test", "nobody@b.test", "Salah alamat", "Untuk siapa?", null);
        String bounce = read(pa, "budi", "Undelivered Mail Returned to Sender");
        assertTrue(bounce.contains("Final-Recipient: rfc822; nobody@b.test"), bounce);
        assertTrue(bounce.contains("Status: 5.1.1"), bounce);
        assertTrue(bounce.contains("Remote-MTA: dns; mx.b.test"), bounce);
        assertTrue(bounce.contains("Subject: Salah alamat"), "the original comes back with it: " + bounce);
        assertTrue(bounce.contains("From: MAILER-DAEMON@mx.a.test"), bounce);
        var queueA = new io.kurir.store.queue.QueueStore(a.infrastructure().postgres().dataSource());
        assertTrue(Poll.until(Duration.ofSeconds(30), () -> queueA.list().stream()
                .noneMatch(m -> m.sender().equals("budi@a.test"))), "nothing of Budi's is left in A's queue");
    }
}
