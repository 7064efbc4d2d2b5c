package io.kurir.imap.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
import io.kurir.store.AccountStore;
import io.kurir.store.MailboxStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wire scripts against the real listener and a real PostgreSQL: the client line and the server's
 * expected lines, as James's MPT scripts do; and Python's imaplib as an independent client.
 */
@QuarkusTest
@QuarkusTestResource(KurirTestResource.class)
class ImapSessionIT {

    @Inject
    ImapServer server;
    @Inject
    AccountStore accounts;
    @Inject
    MailboxStore store;

    static final String MESSAGE = "From: Afau <afau@localhost>\r\nTo: fauzan@localhost\r\nSubject: Praktikum Jarkom\r\n"
            + "Date: Thu, 11 Jan 2024 12:00:00 +0000\r\nMessage-Id: <1@localhost>\r\n\r\nAyo semangat!\r\n";

    @BeforeEach
    void users() {
        accounts.create("fauzan", "rahasia".toCharArray());
    }

    private String user(String name) {
        accounts.create(name, "rahasia".toCharArray());
        return name;
    }

    @Test
    void loginSelectFetchStoreExpungeLogout() throws Exception {
        String u = user("wire1");
        store.append(u, "INBOX", MESSAGE.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.parse("2024-01-11T12:00:00Z"));
        try (ImapWire c = new ImapWire(server.port())) {
            String greeting = c.line();
            assertTrue(greeting.startsWith("* OK [CAPABILITY IMAP4rev1 "), greeting);
            assertTrue(greeting.contains("AUTH=PLAIN"), "loopback counts as secure, as in Dovecot: " + greeting);
            assertEquals(List.of("a1 NO [AUTHENTICATIONFAILED] Authentication failed."), c.command("a1", "LOGIN wire1 salah"));
            assertEquals(List.of("a2 BAD Log in first."), c.command("a2", "FETCH 1 FLAGS"));
            List<String> login = c.command("a3", "LOGIN wire1 rahasia");
            assertTrue(login.get(0).startsWith("a3 OK [CAPABILITY IMAP4rev1"), login.toString());
            assertEquals(List.of("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
                    "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.",
                    "* 1 EXISTS", "* 1 RECENT", "* OK [UNSEEN 1] First unseen."),
                    c.command("a4", "SELECT INBOX").subList(0, 5), "the first session to select gets the new message as recent");
            assertEquals(List.of("* 1 FETCH (UID 1 FLAGS (\\Recent) RFC822.SIZE " + MESSAGE.length()
                    + " INTERNALDATE \"11-Jan-2024 12:00:00 +0000\")", "a5 OK Fetch completed."),
                    c.command("a5", "FETCH 1 (UID FLAGS RFC822.SIZE INTERNALDATE)"));
            List<String> header = c.command("a6", "UID FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
            assertEquals("* 1 FETCH (UID 1 BODY[HEADER.FIELDS (SUBJECT)] {29}", header.get(0));
            assertEquals("Subject: Praktikum Jarkom", header.get(1));
            List<String> body = c.command("a7", "FETCH 1 BODY[TEXT]");
            assertEquals(List.of("* 1 FETCH (BODY[TEXT] {15}", "Ayo semangat!", " FLAGS (\\Seen \\Recent))", "a7 OK Fetch completed."), body,
                    "BODY[] sets \\Seen and says so");
            assertEquals(List.of("* SEARCH 1", "a8 OK Search completed."), c.command("a8", "SEARCH SEEN SUBJECT jarkom"));
            assertEquals(List.of("* SEARCH", "a9 OK Search completed."), c.command("a9", "SEARCH UNSEEN"));
            assertEquals(List.of("* 1 FETCH (FLAGS (\\Seen \\Deleted \\Recent))", "b1 OK Store completed."),
                    c.command("b1", "STORE 1 +FLAGS (\\Deleted)"));
            assertEquals(List.of("* 1 EXPUNGE", "b2 OK Expunge completed."), c.command("b2", "EXPUNGE"));
            assertEquals(List.of("* BYE Logging out", "b3 OK Logout completed."), c.command("b3", "LOGOUT"));
        }
    }

    @Test
    void mailboxesAppendCopyMoveAndStatus() throws Exception {
        user("wire2");
        try (ImapWire c = new ImapWire(server.port())) {
            c.line();
            c.command("a1", "LOGIN wire2 rahasia");
            List<String> list = c.command("a2", "LIST \"\" *");
            assertTrue(list.contains("* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\""), list.toString());
            assertTrue(list.contains("* LIST (\\HasNoChildren) \"/\" \"INBOX\""), list.toString());
            assertEquals(List.of("a3 OK Create completed."), c.command("a3", "CREATE Kuliah/Jarkom"));
            assertEquals(List.of("a4 NO [ALREADYEXISTS] Mailbox already exists"), c.command("a4", "CREATE Kuliah"));
            c.send("a5 APPEND Kuliah/Jarkom (\\Flagged) {" + MESSAGE.length() + "}\r\n");
            assertEquals("+ Ready for literal data", c.line());
            c.send(MESSAGE + "\r\n");
            List<String> appended = c.until("a5");
            assertTrue(appended.get(0).matches("a5 OK \\[APPENDUID \\d+ 1\\] Append completed\\."), appended.toString());
            assertEquals(List.of("a6 NO [TRYCREATE] Mailbox doesn't exist: Nope"),
                    c.command("a6", "APPEND Nope {2+}\r\nhi"));
            assertEquals(List.of("* STATUS \"Kuliah/Jarkom\" (MESSAGES 1 UNSEEN 1 UIDNEXT 2)", "a7 OK Status completed."),
                    c.command("a7", "STATUS Kuliah/Jarkom (MESSAGES UNSEEN UIDNEXT)"));
            c.command("a8", "SELECT Kuliah/Jarkom");
            assertTrue(c.command("a9", "COPY 1 Archive").get(0).matches("a9 OK \\[COPYUID \\d+ 1 1\\] Copy completed\\."));
            List<String> moved = c.command("b1", "UID MOVE 1 Trash");
            assertTrue(moved.get(0).matches("\\* OK \\[COPYUID \\d+ 1 1\\] Moved UIDs\\."), moved.toString());
            assertEquals(List.of("* 1 EXPUNGE", "b1 OK Move completed."), moved.subList(1, 3));
            assertEquals(List.of("b2 OK Rename completed."), c.command("b2", "RENAME Kuliah Arsip"));
            assertTrue(c.command("b3", "LIST \"\" Arsip/%").contains("* LIST (\\HasNoChildren) \"/\" \"Arsip/Jarkom\""));
        }
    }

    @Test
    void aSecondSessionSeesNewMailAndExpunges() throws Exception {
        String u = user("wire3");
        try (ImapWire a = new ImapWire(server.port()); ImapWire b = new ImapWire(server.port())) {
            a.line();
            b.line();
            a.command("a1", "LOGIN wire3 rahasia");
            b.command("b1", "LOGIN wire3 rahasia");
            a.command("a2", "SELECT INBOX");
            b.command("b2", "SELECT INBOX");
            store.append(u, "INBOX", MESSAGE.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.now()); // a delivery
            assertEquals(List.of("* 1 EXISTS", "* 1 RECENT", "a3 OK NOOP completed."), a.command("a3", "NOOP"));
            assertEquals(List.of("* 1 EXISTS", "b3 OK NOOP completed."), b.command("b3", "NOOP"), "recent for one session only");
            a.command("a4", "STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertEquals(List.of("* 1 FETCH (FLAGS (\\Deleted))", "b4 OK NOOP completed."), b.command("b4", "NOOP"));
            a.command("a5", "EXPUNGE");
            assertEquals(List.of("* 1 EXPUNGE", "b5 OK NOOP completed."), b.command("b5", "NOOP"));
        }
    }

    @Test
    void hostileAndMalformedInputGetsBadNotADroppedServer() throws Exception {
        user("wire4");
        try (ImapWire c = new ImapWire(server.port())) {
            c.line();
            c.send("a1 LOGIN\r\n");
            assertTrue(c.line().startsWith("a1 BAD"), "missing arguments");
            c.send("\u0001\u0002garbage\r\n");
            assertTrue(c.line().startsWith("* BAD"), "no tag can be read");
            c.send("a2 " + "X".repeat(70_000) + "\r\n");
            assertTrue(c.line().contains("BAD"), "a line over the limit");
            assertEquals(List.of("a3 OK NOOP completed."), c.command("a3", "NOOP"));
            c.command("a4", "LOGIN wire4 rahasia");
            assertTrue(c.command("a5", "SELECT \"&AGE-\"").get(0).startsWith("a5 NO"), "bad modified UTF-7");
            assertTrue(c.command("a6", "XYZZY").get(0).startsWith("a6 BAD"), "unknown command");
        }
        try (ImapWire other = new ImapWire(server.port())) {
            assertTrue(other.line().startsWith("* OK"), "the server keeps serving");
        }
    }

    @Test
    void whatIsNotOfferedIsRefusedAndLimitsHold() throws Exception {
        String u = user("wire5");
        store.append(u, "INBOX", MESSAGE.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.now());
        try (ImapWire c = new ImapWire(server.port())) {
            c.line();
            c.send("a0 LOGIN wire5 {10000}\r\n"); // within the decoder's 64 KiB, over the 8 KiB before login
            assertEquals("a0 BAD Literal too large before login.", c.line(), "no big literal before login");
            c.command("a1", "LOGIN wire5 rahasia");
            assertEquals(List.of("a2 OK Create completed."), c.command("a2", "CREATE inbox/Sub"));
            assertTrue(c.command("a3", "LIST \"\" \"Inbox/*\"").contains("* LIST (\\HasNoChildren) \"/\" \"INBOX/Sub\""),
                    "INBOX in any case");
            assertEquals(List.of("a4 NO INBOX can't be deleted."), c.command("a4", "DELETE inbox"));
            c.command("a5", "CREATE Kuliah/Jarkom");
            assertEquals(List.of("a6 NO Mailbox has children, delete them first"), c.command("a6", "DELETE Kuliah"));
            assertTrue(c.command("a7", "APPEND INBOX {1+}\r\nx {1+}\r\ny").get(0).startsWith("a7 BAD"), "MULTIAPPEND is not offered");
            assertEquals(List.of("a8 BAD No mailbox selected."), c.command("a8", "FETCH 1 (BINARY[1])"), "FETCH needs a mailbox");
            c.command("a9", "SELECT INBOX");
            assertEquals(List.of("b1 BAD Error in IMAP command: Invalid messageset"), c.command("b1", "FETCH 5 FLAGS"));
            assertTrue(c.command("b2", "SEARCH YOUNGER 5").get(0).startsWith("b2 BAD"), "WITHIN is not offered");
            List<String> hostile = c.command("b3", "LIST \"\" \"" + "*a".repeat(40) + "*b\"");
            assertEquals("b3 OK LIST completed.", hostile.get(hostile.size() - 1), "no backtracking blow-up");
            c.send("b4 APPEND INBOX (\\Seen) {6}\r\n");
            assertEquals("+ Ready for literal data", c.line(), "after login APPEND gets its literal");
            c.send("x: y\r\n\r\n");
            List<String> appended = c.until("b4");
            assertEquals(List.of("* 2 EXISTS", "* 2 RECENT"), appended.subList(0, 2),
                    "the selected mailbox grew, and this session is the first to see the new message");
            assertTrue(appended.get(2).matches("b4 OK \\[APPENDUID \\d+ 2\\] Append completed\\."), appended.toString());
        }
    }

    @Test
    void aLargeFetchIsStreamedAsTheClientReads() throws Exception {
        String u = user("wire6");
        byte[] big = ("Subject: big\r\n\r\n" + ("x".repeat(998) + "\r\n").repeat(200)).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 30; i++) {
            store.append(u, "INBOX", big, Set.of(), Instant.now());
        }
        try (ImapWire c = new ImapWire(server.port())) {
            c.line();
            c.command("a1", "LOGIN wire6 rahasia");
            c.command("a2", "SELECT INBOX");
            List<String> lines = c.command("a3", "FETCH 1:* (BODY.PEEK[])");
            assertEquals(30, lines.stream().filter(l -> l.matches("\\* \\d+ FETCH \\(BODY\\[\\] \\{" + big.length + "\\}")).count(),
                    "30 messages of 200 KB in chunks of about 256 KB");
            assertEquals("a3 OK Fetch completed.", lines.get(lines.size() - 1));
            assertEquals("* 30 FETCH (FLAGS (\\Seen \\Recent) BODY[HEADER] {16}", c.command("a4", "FETCH 30 (FLAGS BODY[HEADER])").get(0),
                    "BODY[] without PEEK sets \\Seen, and FLAGS shows it");
        }
    }

    @Test
    void clientsOutsideMynetworksCannotLogInWithoutTlsAndAreCapped() throws Exception {
        user("wire7");
        try (ImapWire a = ImapWire.from("127.0.0.9", server.port()); ImapWire b = ImapWire.from("127.0.0.9", server.port());
                ImapWire c = ImapWire.from("127.0.0.9", server.port())) {
            String greeting = a.line();
            assertTrue(greeting.contains("LOGINDISABLED") && !greeting.contains("AUTH=PLAIN"), greeting);
            assertEquals(List.of("a1 NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections."),
                    a.command("a1", "LOGIN wire7 rahasia"));
            b.line();
            c.line();
            try (ImapWire d = ImapWire.from("127.0.0.9", server.port())) {
                assertEquals("* BYE Too many connections from your IP address.", d.line(), "imap-client-connection-count-limit=3");
            }
        }
        // the server sees the closes a moment later: poll with a deadline
        String greeting = "";
        for (java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
                !greeting.startsWith("* OK") && java.time.Instant.now().isBefore(deadline); ) {
            try (ImapWire again = ImapWire.from("127.0.0.9", server.port())) {
                greeting = again.line();
            }
            if (!greeting.startsWith("* OK")) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        assertTrue(greeting.startsWith("* OK"), "the count goes down when connections close: " + greeting);
    }

    @Test
    void starttlsLetsAClientOutsideMynetworksLogInAndDropsWhatWasPipelinedBehindIt() throws Exception {
        user("tls1");
        try (ImapWire a = ImapWire.from("127.0.0.9", server.port())) {
            String greeting = a.line();
            assertTrue(greeting.contains(" STARTTLS") && greeting.contains("LOGINDISABLED"), greeting);
            // a man in the middle appends a command to STARTTLS: it came in clear text and must never run
            a.send("t1 STARTTLS\r\nt2 LOGIN tls1 rahasia\r\n");
            assertEquals("t1 OK Begin TLS negotiation now.", a.line());
            a.startTls();
            assertTrue(Set.of("TLSv1.2", "TLSv1.3").contains(a.tlsProtocol()), a.tlsProtocol());
            List<String> caps = a.command("t3", "CAPABILITY");
            assertTrue(caps.get(0).contains("AUTH=PLAIN") && !caps.get(0).contains("LOGINDISABLED")
                    && !caps.get(0).contains("STARTTLS"), "after TLS: " + caps);
            assertEquals("t3 OK Capability completed.", caps.get(1), "t2 was dropped, not answered: " + caps);
            assertEquals(List.of("t4 BAD TLS is already active."), a.command("t4", "STARTTLS"));
            assertTrue(a.command("t5", "LOGIN tls1 rahasia").get(0).startsWith("t5 OK [CAPABILITY"));
            List<String> select = a.command("t6", "SELECT INBOX");
            assertTrue(select.get(select.size() - 1).startsWith("t6 OK [READ-WRITE]"), select.toString());
        }
    }

    @Test
    void implicitTlsOnTheImapsPortAndGarbageInsteadOfAHandshake() throws Exception {
        user("tls2");
        try (ImapWire a = ImapWire.tls(server.tlsPort())) {
            String greeting = a.line();
            assertTrue(greeting.startsWith("* OK [CAPABILITY ") && greeting.contains("AUTH=PLAIN")
                    && !greeting.contains("STARTTLS"), greeting);
            assertEquals(List.of("a1 BAD TLS is already active."), a.command("a1", "STARTTLS"));
            assertTrue(a.command("a2", "LOGIN tls2 rahasia").get(0).startsWith("a2 OK"));
        }
        try (ImapWire garbage = new ImapWire(server.tlsPort())) {
            garbage.send("a1 LOGIN tls2 rahasia\r\n");
            assertEquals(null, garbage.line(), "plain text on the TLS port: the handshake fails and the connection closes");
        }
        try (ImapWire still = ImapWire.tls(server.tlsPort())) {
            assertTrue(still.line().startsWith("* OK"), "and the listener keeps serving");
        }
    }

    @Test
    void idleSeesNewMailAndExpungesUntilDone() throws Exception {
        String u = user("idle1");
        try (ImapWire a = new ImapWire(server.port()); ImapWire b = new ImapWire(server.port())) {
            a.line();
            b.line();
            assertTrue(a.command("a1", "LOGIN idle1 rahasia").get(0).contains("IDLE"), "IDLE is offered after login");
            a.command("a2", "SELECT INBOX");
            a.send("a3 IDLE\r\n");
            assertEquals("+ idling", a.line());
            store.append(u, "INBOX", MESSAGE.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.now()); // a delivery
            assertEquals("* 1 EXISTS", a.line(), "pushed by PostgreSQL NOTIFY while idling (the fallback look is an hour away in tests)");
            assertEquals("* 1 RECENT", a.line());
            b.command("b1", "LOGIN idle1 rahasia");
            b.command("b2", "SELECT INBOX");
            b.command("b3", "STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertEquals("* 1 FETCH (FLAGS (\\Deleted \\Recent))", a.line(), "another session's flag change");
            b.command("b4", "EXPUNGE");
            assertEquals("* 1 EXPUNGE", a.line());
            a.send("DONE\r\n");
            assertEquals("a3 OK Idle completed.", a.line());
            assertEquals(List.of("a4 OK NOOP completed."), a.command("a4", "NOOP"), "back to commands");
            a.send("a5 IDLE\r\n");
            assertEquals("+ idling", a.line());
            a.send("NOT DONE\r\n");
            assertEquals("a5 BAD Expected DONE.", a.line());
        }
    }

    @Test
    void pythonImaplib() throws Exception {
        String u = user("imaplib1");
        store.append(u, "INBOX", MESSAGE.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.now());
        String script = String.join("\n",
                "import imaplib, sys",
                "m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))",
                "m.login('imaplib1', 'rahasia')",
                "typ, data = m.select('INBOX')",
                "assert typ == 'OK' and data == [b'1'], data",
                "typ, data = m.search(None, 'FROM', 'afau')",
                "assert data == [b'1'], data",
                "typ, data = m.fetch('1', '(RFC822)')",
                "assert b'Ayo semangat!' in data[0][1], data",
                "typ, data = m.uid('STORE', '1', '+FLAGS', '(\\\\Flagged)')",
                "assert typ == 'OK', data",
                "m.create('Tugas')",
                "typ, data = m.append('Tugas', '(\\\\Seen)', imaplib.Time2Internaldate(0), b'Subject: x\\r\\n\\r\\ny\\r\\n')",
                "assert typ == 'OK' and b'APPENDUID' in data[0], data",
                "typ, data = m.list()",
                "assert any(b'\"Tugas\"' in d for d in data), data",
                "m.logout()",
                "import ssl",
                "ctx = ssl.create_default_context()",
                "ctx.check_hostname = False",
                "ctx.verify_mode = ssl.CERT_NONE",
                "s = imaplib.IMAP4_SSL('127.0.0.1', int(sys.argv[2]), ssl_context=ctx)",
                "s.login('imaplib1', 'rahasia')",
                "typ, data = s.select('Tugas', readonly=True)",
                "assert typ == 'OK' and data == [b'1'], data",
                "s.logout()",
                "t = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))",
                "t.starttls(ssl_context=ctx)",
                "assert 'STARTTLS' not in t.capabilities, t.capabilities",
                "t.login('imaplib1', 'rahasia')",
                "t.logout()",
                "print('imaplib ok')");
        Process p = new ProcessBuilder("python3", "-c", script, Integer.toString(server.port()), Integer.toString(server.tlsPort()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("imaplib ok"), out);
    }
}
