package io.kurir.imap.transport;

import static io.kurir.imap.transport.ExternalClient.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
import io.kurir.store.AccountStore;
import io.kurir.store.MailboxStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.Test;

/**
 * Independent IMAP clients against the real listeners and a real PostgreSQL: curl and Angus Mail
 * here (always available); the Debian clients mbsync, offlineimap and mutt in {@link ImapDebianClientsIT}.
 */
@QuarkusTest
@QuarkusTestResource(KurirTestResource.class)
class ImapClientsIT {

    @Inject
    ImapServer server;
    @Inject
    AccountStore accounts;
    @Inject
    MailboxStore store;

    static String message(String subject, String body) {
        return "From: Afau <afau@localhost>\r\nTo: fauzan@localhost\r\nSubject: " + subject + "\r\n"
                + "Date: Thu, 11 Jan 2024 12:00:00 +0000\r\nMessage-Id: <" + subject.replace(' ', '.') + "@localhost>\r\n\r\n"
                + body + "\r\n";
    }

    private String user(String name) {
        accounts.create(name, "rahasia".toCharArray());
        return name;
    }

    private void deliver(String user, String mailbox, String content) {
        store.append(user, mailbox, content.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.now());
    }

    /** Subject → flags of each message in a mailbox on the server. */
    static Map<String, List<String>> onServer(MailboxStore store, String user, String mailbox) {
        long id = store.find(user, mailbox).orElseThrow(() -> new AssertionError("no mailbox " + mailbox + " on the server")).id();
        Map<String, List<String>> subjects = new TreeMap<>();
        for (MailboxStore.Message m : store.messages(id)) {
            String text = new String(store.content(m).orElseThrow(), StandardCharsets.UTF_8);
            String subject = text.lines().filter(l -> l.startsWith("Subject: ")).findFirst().orElse("Subject: ?").substring(9);
            subjects.put(subject, m.flags().stream().filter(f -> !f.equals("\\Recent")).sorted().toList());
        }
        return subjects;
    }

    /** Angus's debug output (the IMAP exchange), which a test can wait on. */
    static final class Transcript extends ByteArrayOutputStream {

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            notifyAll();
        }

        @Override
        public synchronized void write(int b) {
            super.write(b);
            notifyAll();
        }

        /** Waits until {@code text} has been written, at most {@code limit}; false if it never was. */
        synchronized boolean await(String text, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (!toString(StandardCharsets.UTF_8).contains(text)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }

    @Test
    void curlListsFetchesByUidSearchesAndExaminesOverStarttlsAndImaps() throws Exception {
        String u = user("imapcurl1");
        String first = message("Praktikum Jarkom", "Ayo semangat!");
        deliver(u, "INBOX", first);
        deliver(u, "INBOX", message("Kuis", "Besok kuis."));
        String login = u + ":rahasia";
        String base = "imap://127.0.0.1:" + server.port();

        String list = run(List.of("curl", "-sS", "-u", login, base + "/"));
        assertTrue(list.contains("* LIST (\\HasNoChildren) \"/\" \"INBOX\"") && list.contains("\\Sent) \"/\" \"Sent\"")
                && list.contains("\\Archive) \"/\" \"Archive\""), "curl lists the mailboxes with their special use:\n" + list);
        assertEquals(first, run(List.of("curl", "-sS", "-u", login, base + "/INBOX;UID=1")), "the message with UID 1, as sent");
        assertTrue(run(List.of("curl", "-sS", "-u", login, base + "/INBOX?SUBJECT%20kuis")).contains("* SEARCH 2"),
                "a search by subject finds the second message");

        String starttls = run(List.of("curl", "-sS", "-v", "--ssl-reqd", "-k", "-u", login, base + "/INBOX;UID=2"));
        assertTrue(starttls.contains("> A002 STARTTLS") && starttls.contains("Besok kuis."),
                "curl fetched the message after STARTTLS:\n" + starttls);
        assertEquals(first, run(List.of("curl", "-sS", "-k", "-u", login, "imaps://127.0.0.1:" + server.tlsPort() + "/INBOX;UID=1")),
                "the same message over implicit TLS");

        String examine = run(List.of("curl", "-sS", "-u", login, "-X", "EXAMINE INBOX", base + "/"));
        assertTrue(examine.contains("* 2 EXISTS") && examine.contains("* FLAGS ("), "EXAMINE's untagged answers:\n" + examine);
        assertEquals(Map.of("Kuis", List.of("\\Seen"), "Praktikum Jarkom", List.of("\\Seen")), onServer(store, u, "INBOX"),
                "fetching BODY[] marked both messages read");
    }

    @Test
    void pythonImaplibIdlesByHandAndIsWokenByADelivery() throws Exception {
        String u = user("imaplib2");
        String script = String.join("\n",
                "import imaplib, sys",
                "m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]), timeout=20)",
                "m.login('imaplib2', 'rahasia')",
                "typ, data = m.select('INBOX')",
                "assert data == [b'0'], data",
                "m.send(b'i1 IDLE\\r\\n')", // imaplib of Python 3.11 has no idle(): by hand, as RFC 2177 says
                "line = m.readline()",
                "assert line.startswith(b'+ '), line",
                "print('idling', flush=True)",
                "pushed = [m.readline()]",
                "assert pushed[0] == b'* 1 EXISTS\\r\\n', pushed",
                "m.send(b'DONE\\r\\n')",
                "while not pushed[-1].startswith(b'i1 '): pushed.append(m.readline())",
                "assert pushed[-1].startswith(b'i1 OK'), pushed",
                "typ, data = m.fetch('1', '(BODY.PEEK[HEADER.FIELDS (SUBJECT)])')",
                "assert b'Subject: Pengumuman' in data[0][1], data",
                "m.logout()",
                "print('imaplib idle ok', flush=True)");
        Process p = new ProcessBuilder("python3", "-c", script, Integer.toString(server.port())).redirectErrorStream(true).start();
        p.getOutputStream().close();
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null && !line.equals("idling"); line = out.readLine()) {
            seen.append(line).append('\n'); // the script's own 20 s socket timeout ends it if IDLE never starts
        }
        deliver(u, "INBOX", message("Pengumuman", "Kelas pindah."));
        out.lines().forEach(l -> seen.append(l).append('\n'));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "imaplib did not finish:\n" + seen);
        assertTrue(seen.toString().contains("imaplib idle ok"), "the delivery reached imaplib while idling:\n" + seen);
    }

    private static Session angus(boolean debug, Transcript log) {
        Properties p = new Properties();
        p.put("mail.imaps.ssl.trust", "*");
        p.put("mail.imap.ssl.trust", "*");
        // the self-signed certificate names mx.kurir.test, not 127.0.0.1 (Angus 2.0.3 checks the name by default)
        p.put("mail.imaps.ssl.checkserveridentity", "false");
        p.put("mail.imap.ssl.checkserveridentity", "false");
        p.put("mail.imap.starttls.enable", "true");
        p.put("mail.imap.starttls.required", "true");
        p.put("mail.imap.connectiontimeout", "20000");
        p.put("mail.imap.timeout", "20000");
        p.put("mail.imaps.connectiontimeout", "20000");
        p.put("mail.imaps.timeout", "20000");
        Session session = Session.getInstance(p);
        session.setDebug(debug);
        session.setDebugOut(new PrintStream(log, true, StandardCharsets.UTF_8));
        return session;
    }

    private IMAPStore connect(String protocol, String user, Transcript log) throws Exception {
        IMAPStore imap = (IMAPStore) angus(true, log).getStore(protocol);
        imap.connect("127.0.0.1", protocol.equals("imaps") ? server.tlsPort() : server.port(), user, "rahasia");
        return imap;
    }

    @Test
    void angusMailListsReadsFlagsMovesExpungesAndAppendsOverImapsAndStarttls() throws Exception {
        String u = user("angus1");
        deliver(u, "INBOX", message("Praktikum Jarkom", "Ayo semangat!"));
        deliver(u, "INBOX", message("Kuis", "Besok kuis."));
        store.create(u, "Kuliah", java.util.Optional.empty());
        store.create(u, "Kuliah/Jarkom", java.util.Optional.empty());

        Transcript log = new Transcript();
        try (IMAPStore imaps = connect("imaps", u, log)) {
            assertTrue(imaps.isSSL(), "imaps is TLS from the first byte");
            Map<String, Set<String>> folders = Arrays.stream(imaps.getDefaultFolder().list("*"))
                    .collect(Collectors.toMap(Folder::getFullName, f -> attributes((IMAPFolder) f)));
            assertEquals(Set.of("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive", "Kuliah", "Kuliah/Jarkom"), folders.keySet());
            assertTrue(folders.get("Sent").contains("\\Sent") && folders.get("Drafts").contains("\\Drafts")
                    && folders.get("Trash").contains("\\Trash") && folders.get("Junk").contains("\\Junk")
                    && folders.get("Archive").contains("\\Archive") && folders.get("Kuliah").contains("\\HasChildren"),
                    "special-use and children attributes: " + folders);

            IMAPFolder inbox = (IMAPFolder) imaps.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message first = inbox.getMessage(1);
            assertEquals("Praktikum Jarkom", first.getSubject());
            assertEquals("Ayo semangat!\r\n", first.getContent());
            first.setFlags(new Flags(Flags.Flag.FLAGGED), true);
            assertEquals(List.of("\\Flagged", "\\Seen"), onServer(store, u, "INBOX").get("Praktikum Jarkom"), "read and flagged");

            inbox.moveMessages(new Message[] {first}, imaps.getFolder("Archive"));
            assertTrue(log.toString(StandardCharsets.UTF_8).matches("(?s).* (UID )?MOVE 1 Archive\r?\n.*"),
                    "Angus used MOVE, not COPY and EXPUNGE");
            // Jakarta Mail keeps an expunged message numbered (marked expunged) until the next expunge() or close
            assertTrue(first.isExpunged(), "the server told Angus that the moved message left INBOX:\n" + log);
            inbox.close(false);
        }

        try (IMAPStore starttls = connect("imap", u, new Transcript())) {
            assertTrue(starttls.isSSL(), "a second session, on the plain port after STARTTLS");
            Folder archive = starttls.getFolder("Archive");
            archive.open(Folder.READ_ONLY);
            assertEquals(1, archive.getMessageCount(), "the second session finds the moved message in Archive");
            Message moved = archive.getMessage(1);
            assertEquals("Praktikum Jarkom", moved.getSubject());
            assertTrue(moved.isSet(Flags.Flag.SEEN) && moved.isSet(Flags.Flag.FLAGGED), "its flags moved with it");
            Folder inbox = starttls.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message other = inbox.getMessage(1);
            assertEquals("Kuis", other.getSubject(), "the other message stayed in INBOX");
            other.setFlag(Flags.Flag.DELETED, true);
            inbox.close(true); // CLOSE expunges, as a sync client's Expunge does

            var upload = new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new Properties()));
            upload.setSubject("Jawaban");
            upload.setText("Sudah saya kerjakan.");
            upload.setFlag(Flags.Flag.SEEN, true);
            starttls.getFolder("Kuliah/Jarkom").appendMessages(new Message[] {upload});
            archive.close(false);
        }
        assertEquals(Map.of(), onServer(store, u, "INBOX"), "the deleted message was expunged");
        assertEquals(Map.of("Jawaban", List.of("\\Seen")), onServer(store, u, "Kuliah/Jarkom"), "the appended message, read");
    }

    private static Set<String> attributes(IMAPFolder folder) {
        try {
            return Set.of(folder.getAttributes());
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void angusMailIdleIsWokenByADelivery() throws Exception {
        String u = user("angus2");
        Transcript log = new Transcript();
        try (IMAPStore imap = connect("imap", u, log)) {
            IMAPFolder inbox = (IMAPFolder) imap.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            CountDownLatch added = new CountDownLatch(1);
            inbox.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesAdded(MessageCountEvent event) {
                    added.countDown();
                }
            });
            Thread idler = new Thread(() -> {
                try {
                    inbox.idle(true);
                } catch (jakarta.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }, "angus-idle");
            idler.start();
            assertTrue(log.await("+ idling", Duration.ofSeconds(20)), "Angus never got to IDLE:\n" + log);
            deliver(u, "INBOX", message("Pengumuman", "Kelas pindah."));
            assertTrue(added.await(20, TimeUnit.SECONDS), "the delivery woke the idling client:\n" + log);
            idler.join(20_000);
            assertEquals("Pengumuman", inbox.getMessage(1).getSubject());
            inbox.close(false);
        }
    }
}
