package io.kurir.imap.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
import io.kurir.imap.config.ImapConfig;
import io.kurir.imap.pop3.Pop3Line;
import io.kurir.imap.session.ClientLink;
import io.kurir.imap.session.Pop3Session;
import io.kurir.imap.store.MaildropLocks;
import io.kurir.store.AccountStore;
import io.kurir.store.MailboxStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * POP3 wire scripts (client line / expected server lines) against the real listeners and a real
 * PostgreSQL: every command, CAPA, deletions only at QUIT, the maildrop lock, STLS and port 995.
 */
@QuarkusTest
@QuarkusTestResource(KurirTestResource.class)
class Pop3SessionIT {

    @Inject
    Pop3Server pop3;
    @Inject
    ImapServer imap;
    @Inject
    AccountStore accounts;
    @Inject
    MailboxStore store;
    @Inject
    MaildropLocks locks;
    @Inject
    ImapConfig config;

    static final String FIRST = "From: Afau <afau@localhost>\r\nSubject: Praktikum Jarkom\r\n\r\nAyo semangat!\r\n.\r\n.titik di awal\r\n";
    static final String SECOND = "From: Dosen <dosen@localhost>\r\nSubject: Tugas\r\n\r\nbaris 1\r\nbaris 2\r\nbaris 3\r\n";
    static final String THIRD = "Subject: ketiga\r\n\r\nsatu baris\r\n";

    private String userWithMail(String name) {
        accounts.create(name, "rahasia".toCharArray());
        for (String m : List.of(FIRST, SECOND, THIRD)) {
            store.append(name, "INBOX", m.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.parse("2024-01-11T12:00:00Z"));
        }
        return name;
    }

    private MailboxStore.Mailbox inbox(String user) {
        return store.find(user, "INBOX").orElseThrow();
    }

    private void login(Pop3Wire c, String user) throws Exception {
        assertEquals("+OK Kurir ready.", c.line());
        assertEquals("+OK", c.command("USER " + user));
        assertEquals("+OK Logged in.", c.command("PASS rahasia"));
    }

    @Test
    void everyTransactionCommandAndDeletionsOnlyAtQuit() throws Exception {
        String u = userWithMail("pop1");
        long v = inbox(u).uidValidity();
        try (Pop3Wire c = Pop3Wire.connect(pop3.port())) {
            assertEquals("+OK Kurir ready.", c.line());
            assertEquals(List.of("+OK", "CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "STLS", "USER",
                    "SASL PLAIN", "IMPLEMENTATION Kurir"), c.multi("CAPA"), "loopback is in mynetworks: passwords allowed");
            assertEquals("-ERR Log in first.", c.command("STAT"));
            assertEquals("-ERR No username given.", c.command("PASS rahasia"));
            assertEquals("+OK", c.command("USER pop1"));
            assertEquals("-ERR [AUTH] Authentication failed.", c.command("PASS salah"));
            assertEquals("+OK", c.command("user POP1@mx.kurir.test"));
            assertEquals("+OK Logged in.", c.command("PASS rahasia"));
            assertEquals(List.of("+OK", "CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "IMPLEMENTATION Kurir"),
                    c.multi("CAPA"), "no USER, SASL or STLS after login");
            assertEquals("-ERR Already logged in.", c.command("USER pop1"));
            long total = FIRST.length() + SECOND.length() + THIRD.length();
            assertEquals("+OK 3 " + total, c.command("STAT"));
            assertEquals(List.of("+OK 3 messages:", "1 " + FIRST.length(), "2 " + SECOND.length(), "3 " + THIRD.length()),
                    c.multi("LIST"));
            assertEquals("+OK 2 " + SECOND.length(), c.command("LIST 2"));
            assertEquals("-ERR There's no message 4.", c.command("LIST 4"));
            assertEquals("-ERR There's no message 0.", c.command("RETR 0"));
            List<String> uidl = c.multi("UIDL");
            assertEquals(List.of("+OK", String.format("1 %08X%08X", v, 1), String.format("2 %08X%08X", v, 2),
                    String.format("3 %08X%08X", v, 3)), uidl, "Dovecot's %08Xv%08Xu");
            assertEquals("+OK " + uidl.get(3), c.command("UIDL 3"));
            assertEquals(List.of("+OK " + FIRST.length() + " octets", "From: Afau <afau@localhost>", "Subject: Praktikum Jarkom", "",
                    "Ayo semangat!", "..", "..titik di awal"), c.multi("RETR 1"), "lines starting with '.' are byte-stuffed");
            assertEquals(List.of("+OK", "From: Dosen <dosen@localhost>", "Subject: Tugas", "", "baris 1", "baris 2"),
                    c.multi("TOP 2 2"));
            assertEquals(List.of("+OK", "Subject: ketiga", ""), c.multi("TOP 3 0"));
            assertEquals("+OK Marked to be deleted.", c.command("DELE 1"));
            assertEquals("-ERR Message is deleted.", c.command("DELE 1"));
            assertEquals("-ERR Message is deleted.", c.command("RETR 1"));
            assertEquals("+OK 2 " + (total - FIRST.length()), c.command("STAT"), "STAT leaves out what is marked");
            assertEquals(List.of("+OK 2 messages:", "2 " + SECOND.length(), "3 " + THIRD.length()), c.multi("LIST"));
            assertEquals("+OK", c.command("RSET"));
            assertEquals("+OK 3 " + total, c.command("STAT"), "RSET unmarks");
            assertEquals("+OK Marked to be deleted.", c.command("DELE 2"));
            assertEquals("+OK", c.command("NOOP"));
            assertEquals(3, store.messages(inbox(u).id()).size(), "nothing is removed before QUIT");
            assertEquals("+OK Logging out, messages deleted.", c.command("QUIT"));
            assertNull(c.line(), "QUIT closes the connection");
        }
        List<MailboxStore.Message> left = store.messages(inbox(u).id());
        assertEquals(List.of(1L, 3L), left.stream().map(MailboxStore.Message::uid).toList(), "DELE 2 was committed at QUIT");
        assertEquals(List.of("\\Seen"), left.get(0).flags(), "RETR sets \\Seen at QUIT (Dovecot's pop3_no_flag_updates=no)");
        assertEquals(List.of(), left.get(1).flags(), "TOP does not");
        try (Pop3Wire c = Pop3Wire.connect(pop3.port())) {
            login(c, u);
            assertEquals(List.of("+OK", String.format("1 %08X%08X", v, 1), String.format("2 %08X%08X", v, 3)), c.multi("UIDL"),
                    "UIDLs are the same in the next session; numbers are renumbered");
            assertEquals("+OK Logging out.", c.command("QUIT"));
        }
    }

    @Test
    void theMaildropIsLockedPerSessionAndADroppedConnectionCommitsNothing() throws Exception {
        String u = userWithMail("pop2");
        try (Pop3Wire a = Pop3Wire.connect(pop3.port()); Pop3Wire b = Pop3Wire.connect(pop3.port());
                ImapWire i = new ImapWire(imap.port())) {
            login(a, u);
            assertEquals("+OK Marked to be deleted.", a.command("DELE 1"));
            assertEquals("+OK Kurir ready.", b.line());
            assertEquals("+OK", b.command("USER pop2"));
            assertEquals("-ERR [IN-USE] Mailbox is locked by another POP3 session.", b.command("PASS rahasia"));
            i.line();
            i.command("i1", "LOGIN pop2 rahasia");
            assertTrue(i.command("i2", "SELECT INBOX").contains("* 3 EXISTS"), "IMAP is not blocked by the POP3 lock");
            a.close(); // dropped without QUIT
            String reply = "";
            for (Instant deadline = Instant.now().plusSeconds(15); !reply.equals("+OK Logged in.") && Instant.now().isBefore(deadline); ) {
                assertEquals("+OK", b.command("USER pop2"));
                reply = b.command("PASS rahasia");
                if (!reply.equals("+OK Logged in.")) {
                    assertEquals("-ERR [IN-USE] Mailbox is locked by another POP3 session.", reply);
                    TimeUnit.MILLISECONDS.sleep(50);
                }
            }
            assertEquals("+OK Logged in.", reply, "the lock goes with the dropped session");
            assertEquals("+OK 3 " + (FIRST.length() + SECOND.length() + THIRD.length()), b.command("STAT"),
                    "the DELE of a session that never said QUIT is not committed");
            assertEquals("+OK Marked to be deleted.", b.command("DELE 3"));
            assertEquals("+OK Logging out, messages deleted.", b.command("QUIT"));
            List<String> noop = i.command("i3", "NOOP");
            assertEquals(List.of("* 3 EXPUNGE", "i3 OK NOOP completed."), noop, "an IMAP session sees the POP3 deletion");
        }
    }

    @Test
    void aLoginThatRunsAfterTheClientLeftTakesNoLock() throws Exception {
        String u = userWithMail("pop3race");
        var link = new ClientLink("127.0.0.1", true, false, true, false);
        Pop3Session late = new Pop3Session(store, accounts, config.domains(), locks, link);
        assertEquals(Pop3Session.After.CONTINUE, late.handle(new Pop3Line.Line("USER " + u)).after());
        late.close(); // the connection closed while PASS was still queued for a worker
        assertEquals(Pop3Session.After.CLOSE, late.handle(new Pop3Line.Line("PASS rahasia")).after());
        try (Pop3Wire c = Pop3Wire.connect(pop3.port())) {
            login(c, u); // not -ERR [IN-USE]
            assertEquals("+OK Logging out.", c.command("QUIT"));
        }
    }

    @Test
    void authPlainWithInitialResponseContinuationAndCancel() throws Exception {
        String u = userWithMail("pop3auth");
        String good = Base64.getEncoder().encodeToString("\0pop3auth\0rahasia".getBytes(StandardCharsets.UTF_8));
        String bad = Base64.getEncoder().encodeToString("\0pop3auth\0salah".getBytes(StandardCharsets.UTF_8));
        try (Pop3Wire c = Pop3Wire.connect(pop3.port())) {
            assertEquals("+OK Kurir ready.", c.line());
            assertEquals(List.of("+OK", "PLAIN"), c.multi("AUTH"), "AUTH alone lists the mechanisms");
            assertEquals("-ERR Unsupported authentication mechanism.", c.command("AUTH CRAM-MD5"));
            assertEquals("+ ", c.command("AUTH PLAIN"));
            assertEquals("-ERR Authentication aborted by client.", c.command("*"));
            assertEquals("-ERR [AUTH] Invalid base64 data.", c.command("AUTH PLAIN !!!"));
            assertEquals("+ ", c.command("AUTH PLAIN"));
            assertEquals("+OK Logged in.", c.command(good));
            assertEquals("+OK 3 " + (FIRST.length() + SECOND.length() + THIRD.length()), c.command("STAT"));
            assertEquals("+OK Logging out.", c.command("QUIT"));
        }
        try (Pop3Wire c = Pop3Wire.connect(pop3.port())) {
            c.line();
            assertEquals("+OK Logged in.", c.command("AUTH PLAIN " + good), "with an initial response (RFC 5034)");
            c.command("QUIT");
        }
        try (Pop3Wire c = Pop3Wire.connect(pop3.port())) {
            c.line();
            assertEquals("-ERR [AUTH] Authentication failed.", c.command("AUTH PLAIN " + bad));
            assertEquals("+OK", c.command("USER " + u));
            assertEquals("-ERR [AUTH] Authentication failed.", c.command("PASS salah"));
            assertEquals("-ERR [AUTH] Authentication failed.", c.command("AUTH PLAIN " + bad));
            assertNull(c.line(), "the third failure ends the connection");
        }
    }

    @Test
    void outsideMynetworksOnlyAfterStlsAndWhatWasPipelinedBehindItIsDropped() throws Exception {
        String u = userWithMail("pop3tls");
        try (Pop3Wire c = Pop3Wire.from("127.0.0.9", pop3.port())) {
            assertEquals("+OK Kurir ready.", c.line());
            List<String> capa = c.multi("CAPA");
            assertTrue(capa.contains("STLS") && !capa.contains("USER") && !capa.contains("SASL PLAIN"), capa.toString());
            String refused = "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.";
            assertEquals(refused, c.command("USER " + u));
            assertEquals(refused, c.command("AUTH PLAIN AHBvcDN0bHMAcmFoYXNpYQ=="));
            assertEquals(List.of("+OK"), c.multi("AUTH"), "no mechanism is offered in clear text");
            c.send("STLS\r\nUSER " + u + "\r\n"); // a man in the middle appends a command: it must never run
            assertEquals("+OK Begin TLS negotiation now.", c.line());
            c.startTls();
            assertTrue(Set.of("TLSv1.2", "TLSv1.3").contains(c.tlsProtocol()), c.tlsProtocol());
            capa = c.multi("CAPA");
            assertEquals("+OK", capa.get(0), "USER was dropped, not answered: " + capa);
            assertTrue(capa.contains("USER") && capa.contains("SASL PLAIN") && !capa.contains("STLS"), capa.toString());
            assertEquals("-ERR TLS is already active.", c.command("STLS"));
            assertEquals("-ERR No username given.", c.command("PASS rahasia"), "the USER before the handshake did not count");
            assertEquals("+OK", c.command("USER " + u));
            assertEquals("+OK Logged in.", c.command("PASS rahasia"));
            assertEquals("+OK Logging out.", c.command("QUIT"));
        }
    }

    @Test
    void implicitTlsOnThePop3sPort() throws Exception {
        String u = userWithMail("pop3s");
        try (Pop3Wire c = Pop3Wire.tls(pop3.tlsPort())) {
            assertEquals("+OK Kurir ready.", c.line());
            List<String> capa = c.multi("CAPA");
            assertTrue(capa.contains("USER") && !capa.contains("STLS"), capa.toString());
            assertEquals("-ERR TLS is already active.", c.command("STLS"));
            assertEquals("+OK", c.command("USER " + u));
            assertEquals("+OK Logged in.", c.command("PASS rahasia"));
            assertEquals(List.of("+OK", "Subject: ketiga", "", "satu baris"), c.multi("TOP 3 5"));
            assertEquals("+OK Logging out.", c.command("QUIT"));
        }
        try (Pop3Wire garbage = Pop3Wire.connect(pop3.tlsPort())) {
            garbage.send("USER " + u + "\r\n");
            assertNull(garbage.line(), "plain text on the TLS port: the handshake fails and the connection closes");
        }
        try (Pop3Wire still = Pop3Wire.tls(pop3.tlsPort())) {
            assertEquals("+OK Kurir ready.", still.line(), "and the listener keeps serving");
        }
    }

    @Test
    void hostileInputGetsAnErrNeverADroppedServer() throws Exception {
        userWithMail("pop3bad");
        try (Pop3Wire c = Pop3Wire.connect(pop3.port())) {
            c.line();
            assertEquals("-ERR Unknown command: XTND", c.command("XTND XMIT"));
            assertEquals("-ERR Unknown command: ", c.command(""));
            c.send("\u0001\u0002garbage\r\n");
            assertEquals("-ERR Unknown command: ??GARBAGE", c.line());
            assertEquals("-ERR Log in first.", c.command("RETR 1"));
            assertEquals("-ERR Noise after command: now", c.command("QUIT now"));
            // PIPELINING: three commands in one write, three answers in order
            c.send("USER pop3bad\r\nPASS rahasia\r\nSTAT\r\n");
            assertEquals("+OK", c.line());
            assertEquals("+OK Logged in.", c.line());
            assertTrue(c.line().startsWith("+OK 3 "));
            assertEquals("-ERR Invalid message number: x", c.command("RETR x"));
            assertEquals("-ERR Noise after message number:  1", c.command("DELE 1 1"), "the rest, as Dovecot echoes it");
            assertEquals("-ERR Invalid number of lines: ", c.command("TOP 1"));
            assertEquals("-ERR Message number too large: 4294967296", c.command("LIST 4294967296"));
            assertEquals("-ERR Already logged in.", c.command("STLS"), "STLS only in AUTHORIZATION (RFC 2595)");
            c.send("NOOP " + "x".repeat(300) + "\r\n");
            assertEquals("-ERR Input line too long.", c.line(), "RFC 2449: 255 octets; Dovecot answers and disconnects");
            assertNull(c.line());
        }
        try (Pop3Wire c = Pop3Wire.connect(pop3.port())) {
            c.line();
            c.send(new String(clientHello(), StandardCharsets.ISO_8859_1) + "\r\nQUIT\r\n");
            int answers = 0;
            for (String l = c.line(); l != null; l = c.line()) {
                assertTrue(l.startsWith("-ERR ") || l.equals("+OK Logging out."), "a TLS ClientHello on the plain port: " + l);
                answers++;
            }
            assertTrue(answers > 0, "answered, then closed");
        }
        try (Pop3Wire c = Pop3Wire.connect(pop3.port())) {
            assertEquals("+OK Kurir ready.", c.line(), "the server keeps serving");
        }
    }

    @Test
    void aLargeMessageIsStreamedWhole() throws Exception {
        accounts.create("pop3big", "rahasia".toCharArray());
        String big = "Subject: big\r\n\r\n" + (".x" + "y".repeat(996) + "\r\n").repeat(3000);
        store.append("pop3big", "INBOX", big.getBytes(StandardCharsets.US_ASCII), Set.of(), Instant.now());
        try (Pop3Wire c = Pop3Wire.connect(pop3.port())) {
            login(c, "pop3big");
            List<String> lines = c.multi("RETR 1");
            assertEquals("+OK " + big.length() + " octets", lines.get(0));
            assertEquals(3002, lines.size() - 1, "all 3 MB in chunks of 256 KiB");
            assertFalse(lines.subList(3, lines.size()).stream().anyMatch(l -> !l.startsWith("..x")), "every line byte-stuffed");
            assertEquals("+OK Logging out.", c.command("QUIT"));
        }
    }

    /** A real TLS ClientHello, as a client that wrongly starts TLS on the plain port sends it. */
    private static byte[] clientHello() throws Exception {
        var engine = javax.net.ssl.SSLContext.getDefault().createSSLEngine("127.0.0.1", 110);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        var out = java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(java.nio.ByteBuffer.allocate(0), out);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }
}
