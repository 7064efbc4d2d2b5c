package io.kurir.cli;

import static io.kurir.cli.CourseLabIT.kurir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Postfix's domain classes on the running stack, managed with {@code ./kurir domain}: a virtual
 * mailbox domain whose accounts are {@code user@domain}, reached over SMTP and read over IMAP with
 * Angus Mail under their full address; unknown users of that domain refused at RCPT.
 */
class DomainIT {

    @BeforeAll
    static void stack() throws Exception {
        TestStack.get();
    }

    @Test
    void aVirtualMailboxDomainHasAccountsOfItsOwn() throws Exception {
        var added = kurir("domain", "add", "Madrasah.test", "--class", "virtual-mailbox");
        assertEquals(0, added.exitCode(), added.output());
        assertTrue(added.output().contains("added: madrasah.test virtual-mailbox"), added.output());
        var user = kurir("user", "add", "guru@madrasah.test", "--password", "rahasia");
        assertEquals(0, user.exitCode(), user.output());
        assertTrue(kurir("domain", "list").output().contains("madrasah.test virtual-mailbox"));

        // the running gateway knows the domain within 5 s (until then this loopback client may relay to it)
        assertEquals("550 5.1.1 <murid@madrasah.test>: Recipient address rejected: User unknown in virtual mailbox table",
                AliasIT.rcptUntil("murid@madrasah.test", "550"));
        assertEquals("250 2.1.5 Ok", AliasIT.rcpt("guru+lab@madrasah.test"));

        String qid = send("guru+lab@madrasah.test", "Jadwal ujian");
        String message = readOverImap("guru@madrasah.test", "rahasia", qid);
        assertTrue(message.contains("Delivered-To: guru+lab@madrasah.test"), message);
        assertTrue(message.contains("Subject: Jadwal ujian"), message);

        assertEquals(2, kurir("domain", "add", "x.test", "--class", "bogus").exitCode());
        assertEquals(2, kurir("domain", "add", "x.test", "--class", "local").exitCode(), "mydestination is a setting");
        assertEquals(2, kurir("domain", "add", "not_a_domain", "--class", "relay").exitCode());
        assertEquals(1, kurir("domain", "del", "nowhere.test").exitCode());
    }

    @Test
    void canonicalMapsRewriteTheEnvelopeAndTheHeadersOfLocalMail() throws Exception {
        var r = kurir("user", "add", "wietse.venema", "--password", "rahasia");
        assertTrue(r.exitCode() == 0 || r.output().contains("already exists"), r.output());
        java.nio.file.Path file = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("target"), "canonical-")
                .resolve("canonical");
        java.nio.file.Files.writeString(file, """
                # /etc/postfix/canonical (ADDRESS_REWRITING_README)
                wietse          Wietse.Venema
                """);
        var imported = kurir("canonical", "import", file.toString());
        assertEquals(0, imported.exitCode(), imported.output());
        assertTrue(imported.output().contains("imported 1 entry into canonical_maps"), imported.output());
        assertTrue(kurir("canonical", "list").output().contains("# canonical_maps\nwietse Wietse.Venema"),
                kurir("canonical", "list").output());
        var bad = kurir("canonical", "add", "--sender", "x@y.test", "a@b.test", "c@d.test");
        assertEquals(2, bad.exitCode(), "one result per pattern: " + bad.output());

        // the gateway takes an address with a canonical mapping as valid, once it has seen the table (within 5 s)
        assertEquals("250 2.1.5 Ok", AliasIT.rcptUntil("wietse@localhost", "250"));
        // the mail of a local client (loopback): the envelope recipient and the header addresses are rewritten
        String qid = send("wietse@localhost", "Canonical");
        String message = readOverImap("wietse.venema", "rahasia", qid);
        assertTrue(message.contains("To: Wietse.Venema@mx.kurir.test"), message);
        assertTrue(message.contains("X-Original-To: wietse@localhost"), "the address as the sender wrote it:\n" + message);
        assertEquals(0, kurir("canonical", "del", "wietse").exitCode());
    }

    static String send(String to, String subject) throws Exception {
        return ChecksIT.send("kepala@localhost", to, subject, "Ujian hari Senin.", java.util.Map.of());
    }

    /** Logs in over IMAP (Angus Mail) and returns the INBOX message whose text contains {@code qid}, waiting up to 60 s. */
    static String readOverImap(String login, String password, String qid) throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.host", "127.0.0.1");
        props.put("mail.imap.port", Integer.toString(TestStack.imapPort()));
        Store store = Session.getInstance(props).getStore("imap");
        store.connect(login, password);
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (Instant.now().isBefore(deadline)) {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                try {
                    for (Message m : inbox.getMessages()) {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        m.writeTo(out);
                        String text = out.toString(StandardCharsets.UTF_8);
                        if (text.contains(qid)) {
                            return text;
                        }
                    }
                } finally {
                    inbox.close(false);
                }
            }
            throw new AssertionError(qid + " did not reach " + login + "'s INBOX in 60 s");
        } finally {
            store.close();
        }
    }
}
