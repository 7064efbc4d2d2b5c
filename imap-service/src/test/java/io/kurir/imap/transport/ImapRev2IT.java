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
import org.junit.jupiter.api.Test;

/**
 * Wire scripts for BINARY (RFC 3516), SEARCHRES (RFC 5182) and IMAP4rev2 after ENABLE (RFC 9051), against the real
 * listener and a real PostgreSQL; and Python's imaplib reading a literal8 and using {@code $}.
 */
@QuarkusTest
@QuarkusTestResource(KurirTestResource.class)
class ImapRev2IT {

    @Inject
    ImapServer server;
    @Inject
    AccountStore accounts;
    @Inject
    MailboxStore store;

    /** Four leaf parts: quoted-printable text with soft breaks, base64, base64 with NUL, an unknown encoding; then a message. */
    static final String PARTS = String.join("\r\n",
            "From: Afau <afau@localhost>",
            "Subject: lampiran",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"b\"",
            "",
            "--b",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Sel=C3=A4mat pa=",
            "gi, baris ini panjang=20",
            "sekali=",
            " sambung.",
            "--b",
            "Content-Type: application/octet-stream",
            "Content-Transfer-Encoding: base64",
            "",
            "SGFsbG8g",
            "ZHVuaWE=",
            "--b",
            "Content-Type: application/octet-stream",
            "Content-Transfer-Encoding: base64",
            "",
            "AAECQQ==",
            "--b",
            "Content-Type: application/x-foo",
            "Content-Transfer-Encoding: x-uuencode",
            "",
            "begin 644 x",
            "--b",
            "Content-Type: message/rfc822",
            "",
            "Subject: dalam",
            "",
            "isi",
            "--b--",
            "");

    static final String TEXT = "Sel\u00e4mat pagi, baris ini panjang \r\nsekali sambung.";

    /** An account whose messages an earlier session has seen (none is \Recent), or, with {@code claim} false, new mail. */
    private String user(String name, int messages, boolean claim) {
        accounts.create(name, "rahasia".toCharArray());
        for (int i = 1; i <= messages; i++) {
            deliver(name, "Subject: pesan " + i + "\r\nMessage-Id: <" + i + "@localhost>\r\n\r\nisi " + i + "\r\n");
        }
        if (claim) {
            claim(name);
        }
        return name;
    }

    /** As if an earlier session had selected the INBOX: nothing in it is \Recent for the next one. */
    private void claim(String user) {
        var inbox = store.find(user, "INBOX").orElseThrow();
        store.claimRecent(inbox.id(), inbox.uidNext());
    }

    private void deliver(String user, String message) {
        store.append(user, "INBOX", message.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.parse("2024-01-11T12:00:00Z"));
    }

    private static int octets(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void binaryDecodesLeafPartsAndSetsSeenLikeBody() throws Exception {
        user("bin1", 0, false);
        deliver("bin1", PARTS);
        claim("bin1");
        try (ImapWire a = new ImapWire(server.port())) {
            a.line();
            List<String> login = a.command("a1", "LOGIN bin1 rahasia");
            assertTrue(login.get(0).startsWith("a1 OK [CAPABILITY IMAP4rev1 IMAP4rev2 ") && login.get(0).contains(" BINARY SEARCHRES"),
                    login.toString());
            a.command("a2", "SELECT INBOX");
            // RFC 2045 6.7: soft line breaks vanish, =20 is kept before the hard break, every hard break is CRLF
            String[] text = TEXT.split("\r\n");
            assertEquals(List.of("* 1 FETCH (BINARY[1] {" + octets(TEXT) + "}", text[0], text[1] + ")", "a3 OK Fetch completed."),
                    a.command("a3", "FETCH 1 (BINARY.PEEK[1])"));
            assertEquals(List.of("* 1 FETCH (BINARY[2] {11}", "Hallo dunia)", "a4 OK Fetch completed."),
                    a.command("a4", "FETCH 1 (BINARY.PEEK[2])"), "base64 across two lines");
            assertEquals(List.of("* 1 FETCH (BINARY[3] ~{4}", "\0\1\2A)", "a5 OK Fetch completed."),
                    a.command("a5", "FETCH 1 (BINARY.PEEK[3])"), "RFC 3516 4.3: NUL only in a literal8");
            assertEquals(List.of("* 1 FETCH (BINARY.SIZE[1] " + octets(TEXT) + " BINARY.SIZE[2] 11 BINARY.SIZE[3] 4)",
                    "a6 OK Fetch completed."), a.command("a6", "FETCH 1 (BINARY.SIZE[1] BINARY.SIZE[2] BINARY.SIZE[3])"));
            assertEquals(List.of("* 1 FETCH (BINARY[2]<6> {5}", "dunia)", "a7 OK Fetch completed."),
                    a.command("a7", "FETCH 1 (BINARY.PEEK[2]<6.100>)"), "the partial range counts decoded octets");
            assertEquals(List.of("a8 NO [UNKNOWN-CTE] Unknown Content-Transfer-Encoding in BINARY[4]."),
                    a.command("a8", "FETCH 1 (BINARY[4])"));
            assertEquals(List.of("a9 NO Can't fetch BINARY[5]: not a leaf part (multipart, message or the whole message;"
                    + " RFC 9051 6.4.5)."), a.command("a9", "FETCH 1 (BINARY.SIZE[5])"));
            assertEquals(List.of("b1 NO Can't fetch BINARY[]: not a leaf part (multipart, message or the whole message;"
                    + " RFC 9051 6.4.5)."), a.command("b1", "FETCH 1 (BINARY[])"));
            assertEquals(List.of("* 1 FETCH (FLAGS ())", "b2 OK Fetch completed."), a.command("b2", "FETCH 1 (FLAGS)"),
                    "neither PEEK nor the failed BINARY set \\Seen");
            assertEquals(List.of("* 1 FETCH (UID 1 BINARY[2] {11}", "Hallo dunia FLAGS (\\Seen))", "b3 OK Fetch completed."),
                    a.command("b3", "UID FETCH 1 (BINARY[2])"), "BINARY without PEEK sets \\Seen, as BODY does");

            // RFC 3516 4.4: APPEND with a literal8; the message is stored as given
            String binary = "Subject: biner\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n\0\1\2";
            List<String> append = a.command("b4", "APPEND INBOX ~{" + binary.length() + "+}\r\n" + binary);
            assertTrue(append.get(append.size() - 1).startsWith("b4 OK [APPENDUID "), append.toString());
            assertEquals(List.of("* 2 FETCH (BINARY[1] ~{3}", "\0\1\2)", "b5 OK Fetch completed."),
                    a.command("b5", "FETCH 2 (BINARY.PEEK[1])"));
            assertEquals(List.of("* 2 FETCH (RFC822.SIZE " + binary.length() + ")", "b6 OK Fetch completed."),
                    a.command("b6", "FETCH 2 (RFC822.SIZE)"));
        }
    }

    @Test
    void searchResultIsSavedAsUidsAndUsedByDollar() throws Exception {
        user("sr1", 5, true);
        try (ImapWire a = new ImapWire(server.port())) {
            a.line();
            a.command("a1", "LOGIN sr1 rahasia");
            a.command("a2", "SELECT INBOX");
            assertEquals(List.of("a3 OK Fetch completed."), a.command("a3", "FETCH $ (UID)"), "$ before any SAVE is empty");
            assertEquals(List.of("a4 OK Search completed."), a.command("a4", "SEARCH RETURN (SAVE) 2:4"),
                    "RFC 5182 2.1: SAVE alone answers no ESEARCH");
            assertEquals(List.of("* 2 FETCH (UID 2)", "* 3 FETCH (UID 3)", "* 4 FETCH (UID 4)", "a5 OK Fetch completed."),
                    a.command("a5", "FETCH $ (UID)"));
            assertEquals(List.of("* 2 FETCH (UID 2 FLAGS (\\Flagged))", "* 3 FETCH (UID 3 FLAGS (\\Flagged))",
                    "* 4 FETCH (UID 4 FLAGS (\\Flagged))", "a6 OK Store completed."), a.command("a6", "UID STORE $ +FLAGS (\\Flagged)"));

            a.command("a7", "STORE 3 +FLAGS.SILENT (\\Deleted)");
            assertEquals(List.of("* 3 EXPUNGE", "a8 OK Expunge completed."), a.command("a8", "EXPUNGE"));
            assertEquals(List.of("* 2 FETCH (UID 2)", "* 3 FETCH (UID 4)", "a9 OK Fetch completed."),
                    a.command("a9", "FETCH $ (UID)"), "the expunged message drops out of $, the others keep it");
            assertEquals(List.of("* SEARCH 2 4", "b1 OK Search completed."), a.command("b1", "UID SEARCH UID $"));
            assertEquals(List.of("* SEARCH 2 3", "b2 OK Search completed."), a.command("b2", "SEARCH $"));

            assertEquals(List.of("* ESEARCH (TAG \"b3\") UID MIN 2 COUNT 3", "b3 OK Search completed."),
                    a.command("b3", "UID SEARCH RETURN (SAVE MIN COUNT) NOT 1"));
            assertEquals(List.of("* 2 FETCH (UID 2)", "* 3 FETCH (UID 4)", "* 4 FETCH (UID 5)", "b5 OK Fetch completed."),
                    a.command("b5", "FETCH $ (UID)"), "with COUNT the whole result is saved");
            assertEquals(List.of("* ESEARCH (TAG \"b6\") MIN 2", "b6 OK Search completed."),
                    a.command("b6", "SEARCH RETURN (SAVE MIN) FLAGGED"));
            assertEquals(List.of("* 2 FETCH (UID 2)", "b7 OK Fetch completed."), a.command("b7", "FETCH $ (UID)"),
                    "with MIN alone only the lowest match is saved");

            a.command("c1", "CREATE Arsip");
            List<String> copy = a.command("c2", "COPY $ Arsip");
            assertTrue(copy.get(copy.size() - 1).startsWith("c2 OK [COPYUID ") && copy.get(copy.size() - 1).contains(" 2 1]"),
                    copy.toString());
            a.command("c3", "UID STORE $ +FLAGS.SILENT (\\Deleted)");
            assertEquals(List.of("* 2 EXPUNGE", "c4 OK Expunge completed."), a.command("c4", "UID EXPUNGE $"));

            a.command("c5", "SEARCH RETURN (SAVE) ALL");
            assertTrue(a.command("c6", "SEARCH RETURN (SAVE) CHARSET ISO-8859-1 ALL").get(0).startsWith("c6 NO [BADCHARSET"));
            assertEquals(List.of("c7 OK Fetch completed."), a.command("c7", "FETCH $ (UID)"), "RFC 5182 2.1: a failed SAVE empties $");
            a.command("c8", "SEARCH RETURN (SAVE) ALL");
            assertTrue(a.command("c9", "SEARCH RETURN (SAVE) CHARSET X-TIDAKADA ALL").get(0).startsWith("c9 NO [BADCHARSET"));
            assertEquals(List.of("e1 OK Fetch completed."), a.command("e1", "FETCH $ (UID)"), "also when the parser refuses it");

            a.command("e2", "SEARCH RETURN (SAVE) ALL");
            a.command("e3", "SELECT INBOX");
            assertEquals(List.of("e4 OK Fetch completed."), a.command("e4", "FETCH $ (UID)"), "SELECT forgets the saved result");
            a.command("d1", "SEARCH RETURN (SAVE) ALL");
            a.command("d2", "UNSELECT");
            a.command("d3", "EXAMINE INBOX");
            assertEquals(List.of("d4 OK Fetch completed."), a.command("d4", "FETCH $ (UID)"), "so does UNSELECT");
        }
    }

    @Test
    void rev2HasNoRecentAnswersEsearchAndSelectGivesList() throws Exception {
        user("r2a", 2, false);
        try (ImapWire a = new ImapWire(server.port())) {
            a.line();
            a.command("a1", "LOGIN r2a rahasia");
            assertEquals(List.of("* ENABLED IMAP4rev2", "a2 OK Enabled."), a.command("a2", "ENABLE IMAP4rev2"));
            assertEquals(List.of("* ENABLED", "a3 OK Enabled."), a.command("a3", "ENABLE IMAP4rev2"), "already on");
            List<String> select = a.command("a4", "SELECT INBOX");
            assertEquals(List.of("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
                    "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.",
                    "* 2 EXISTS", "* LIST (\\HasNoChildren) \"/\" \"INBOX\""), select.subList(0, 4),
                    "RFC 9051 6.3.2: no RECENT and no UNSEEN, a LIST response instead");
            assertTrue(select.get(4).startsWith("* OK [UIDVALIDITY ") && select.get(5).equals("* OK [UIDNEXT 3] Predicted next UID")
                    && select.get(6).equals("a4 OK [READ-WRITE] Select completed.") && select.size() == 7, select.toString());
            assertEquals(List.of("* 1 FETCH (FLAGS ())", "* 2 FETCH (FLAGS ())", "a5 OK Fetch completed."),
                    a.command("a5", "FETCH 1:2 (FLAGS)"), "new mail, but no \\Recent in IMAP4rev2");
            deliver("r2a", "Subject: baru\r\n\r\nbaru\r\n");
            assertEquals(List.of("* 3 EXISTS", "a6 OK NOOP completed."), a.command("a6", "NOOP"), "no * n RECENT");

            // RFC 9051 6.4.4: SEARCH is answered with ESEARCH, as RETURN (ALL) would be
            assertEquals(List.of("* ESEARCH (TAG \"s1\") ALL 1:3", "s1 OK Search completed."), a.command("s1", "SEARCH ALL"));
            assertEquals(List.of("* ESEARCH (TAG \"s2\") UID ALL 2:3", "s2 OK Search completed."), a.command("s2", "UID SEARCH 2:*"));
            assertEquals(List.of("* ESEARCH (TAG \"s3\")", "s3 OK Search completed."), a.command("s3", "SEARCH SUBJECT tidakada"));
            assertEquals(List.of("* ESEARCH (TAG \"s4\") COUNT 3", "s4 OK Search completed."), a.command("s4", "SEARCH RETURN (COUNT) ALL"));
            assertEquals(List.of("* ESEARCH (TAG \"s5\")", "s5 OK Search completed."), a.command("s5", "SEARCH RECENT"),
                    "nothing is \\Recent in IMAP4rev2");
        }
        try (ImapWire b = new ImapWire(server.port())) {
            b.line();
            b.command("b1", "LOGIN r2a rahasia");
            b.command("b0", "SELECT INBOX");
            assertEquals(List.of("* SEARCH 1 2 3", "b2 OK Search completed."), b.command("b2", "SEARCH ALL"),
                    "IMAP4rev1 is unchanged without ENABLE");
            assertTrue(b.command("b3", "SELECT INBOX").stream().anyMatch(l -> l.startsWith("* OK [UNSEEN 1]")));
        }
    }

    @Test
    void rev2MailboxNamesAreUtf8AndRev1KeepsModifiedUtf7() throws Exception {
        user("r2b", 0, true);
        try (ImapWire a = new ImapWire(server.port()); ImapWire b = new ImapWire(server.port())) {
            a.line();
            b.line();
            a.command("a1", "LOGIN r2b rahasia");
            a.command("a2", "ENABLE IMAP4rev2");
            assertEquals(List.of("a3 OK Create completed."), a.command("a3", "CREATE \"Bahasa/\u65e5\u672c\u8a9e\""));
            assertEquals(List.of("* LIST (\\HasNoChildren) \"/\" \"Bahasa/\u65e5\u672c\u8a9e\"", "a4 OK LIST completed."),
                    a.command("a4", "LIST \"\" \"Bahasa/*\""));
            assertEquals(List.of("* STATUS \"Bahasa/\u65e5\u672c\u8a9e\" (MESSAGES 0 SIZE 0 DELETED 0)", "a5 OK Status completed."),
                    a.command("a5", "STATUS \"Bahasa/\u65e5\u672c\u8a9e\" (MESSAGES SIZE DELETED)"));
            List<String> select = a.command("a6", "SELECT \"Bahasa/\u65e5\u672c\u8a9e\"");
            assertTrue(select.contains("* LIST (\\HasNoChildren) \"/\" \"Bahasa/\u65e5\u672c\u8a9e\""), select.toString());
            assertEquals("a6 OK [READ-WRITE] Select completed.", select.get(select.size() - 1));
            assertEquals(List.of("a7 OK LIST completed."), a.command("a7", "LIST \"\" \"Bahasa/&ZeVnLIqe-\""),
                    "in IMAP4rev2 &ZeVnLIqe- is just a name, not modified UTF-7");

            // RFC 3501 5.1.3: the same mailbox, in modified UTF-7, for a client that did not enable IMAP4rev2
            b.command("b1", "LOGIN r2b rahasia");
            assertEquals(List.of("* LIST (\\HasNoChildren) \"/\" \"Bahasa/&ZeVnLIqe-\"", "b2 OK LIST completed."),
                    b.command("b2", "LIST \"\" \"Bahasa/*\""));
            List<String> rev1 = b.command("b3", "SELECT \"Bahasa/&ZeVnLIqe-\"");
            assertEquals("b3 OK [READ-WRITE] Select completed.", rev1.get(rev1.size() - 1));
            assertTrue(rev1.contains("* 0 RECENT") && rev1.stream().noneMatch(l -> l.startsWith("* LIST")), rev1.toString());
        }
    }

    @Test
    void pythonImaplibReadsLiteral8AndUsesDollar() throws Exception {
        user("pyb1", 0, false);
        deliver("pyb1", PARTS);
        String script = String.join("\n",
                "import imaplib, sys",
                "m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))",
                "m.login('pyb1', 'rahasia')",
                "typ, data = m.capability()",
                "caps = data[0].upper().split()",
                "assert b'BINARY' in caps and b'SEARCHRES' in caps and b'IMAP4REV2' in caps, caps",
                "typ, data = m.select('INBOX')",
                "typ, data = m.fetch('1', '(BINARY.PEEK[3])')",
                "assert typ == 'OK' and data[0][1] == b'\\x00\\x01\\x02A', data",
                "typ, data = m.fetch('1', '(BINARY.PEEK[2])')",
                "assert data[0][1] == b'Hallo dunia', data",
                "typ, data = m.uid('SEARCH', 'RETURN', '(SAVE)', 'SUBJECT', 'lampiran')",
                "assert typ == 'OK', data",
                "typ, data = m.fetch('$', '(UID)')",
                "assert typ == 'OK' and data == [b'1 (UID 1)'], data",
                "typ, data = m.fetch('1', '(BINARY.PEEK[4])')",
                "assert typ == 'NO' and b'UNKNOWN-CTE' in data[0], (typ, data)",
                "m.logout()",
                "print('imaplib ok')");
        Process p = new ProcessBuilder("python3", "-c", script, Integer.toString(server.port())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("imaplib ok"), out);
    }
}
