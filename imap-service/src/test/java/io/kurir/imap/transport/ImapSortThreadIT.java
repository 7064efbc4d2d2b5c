package io.kurir.imap.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
import io.kurir.imap.session.SortFactsForTests;
import io.kurir.store.AccountStore;
import io.kurir.store.MailboxStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * SORT and THREAD (RFC 5256, DISPLAYFROM RFC 5957) and SEARCH's header decoding on a small thread
 * a class would write: a question, a reply, a forward of the reply, and an unrelated mail with an
 * RFC 2047 subject and an obsolete date. The same answers come from the header facts table
 * ({@code message_facts}, docs/adr/0010) as from the headers.
 */
@QuarkusTest
@QuarkusTestResource(KurirTestResource.class)
class ImapSortThreadIT {

    @Inject
    ImapServer server;
    @Inject
    AccountStore accounts;
    @Inject
    MailboxStore store;
    @Inject
    DataSource dataSource;

    private static final List<String> MAILS = List.of(
            // 1: the reply
            "From: Budi <budi@a.test>\r\nSubject: Re: Tugas jaringan\r\nDate: Mon, 15 Jan 2024 10:00:00 +0700\r\n"
                    + "Message-ID: <t2@x>\r\nIn-Reply-To: <t1@x>\r\n\r\nsudah\r\n",
            // 2: the question
            "From: Wati <anto@b.test>\r\nSubject: Tugas jaringan\r\nDate: Sun, 14 Jan 2024 09:00:00 +0000\r\n"
                    + "Message-ID: <t1@x>\r\n\r\nkapan?\r\n",
            // 3: unrelated, RFC 2047 subject, no day of week
            "From: \"Zaki\" <zaki@c.test>\r\nSubject: =?UTF-8?Q?=C3=9Cber_Praktikum?=\r\nDate: 13 Jan 2024 08:00 GMT\r\n"
                    + "Message-ID: <u1@x>\r\n\r\nhalo\r\n",
            // 4: a forward of the reply
            "From: cici@d.test\r\nSubject: Fwd: Tugas jaringan (fwd)\r\nDate: Tue, 16 Jan 2024 08:00:00 +0000\r\n"
                    + "Message-ID: <t3@x>\r\nReferences: <t1@x> <t2@x>\r\n\r\nfyi\r\n");

    private ImapWire login(String user) throws Exception {
        accounts.create(user, "rahasia".toCharArray());
        for (String mail : MAILS) {
            store.append(user, "INBOX", mail.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.parse("2024-02-01T00:00:00Z"));
        }
        ImapWire c = new ImapWire(server.port());
        c.line();
        List<String> login = c.command("a1", "LOGIN " + user + " rahasia");
        assertTrue(login.get(0).contains(" SORT SORT=DISPLAY THREAD=REFERENCES THREAD=ORDEREDSUBJECT"), login.toString());
        c.command("a2", "SELECT INBOX");
        return c;
    }

    @Test
    void sortByBaseSubjectDateAddressAndDisplayName() throws Exception {
        try (ImapWire c = login("sort1")) {
            assertEquals(List.of("* SORT 1 2 4 3", "s1 OK Sort completed."), c.command("s1", "SORT (SUBJECT) UTF-8 ALL"),
                    "Re:, Fwd: and (fwd) do not count; ties go by sequence number");
            assertEquals(List.of("* SORT 3 2 1 4", "s2 OK Sort completed."), c.command("s2", "SORT (DATE) UTF-8 ALL"),
                    "by the Date: header in UTC, obsolete forms read");
            assertEquals(List.of("* SORT 4 1 2 3", "s3 OK Sort completed."), c.command("s3", "SORT (REVERSE DATE) US-ASCII ALL"));
            assertEquals(List.of("* SORT 2 1 4 3", "s4 OK Sort completed."), c.command("s4", "SORT (FROM) UTF-8 ALL"),
                    "FROM sorts by the mailbox: anto, budi, cici, zaki");
            assertEquals(List.of("* SORT 1 4 2 3", "s5 OK Sort completed."), c.command("s5", "SORT (DISPLAYFROM) UTF-8 ALL"),
                    "DISPLAYFROM by the name: Budi, cici@d.test, Wati, Zaki");
            assertEquals(List.of("* SORT 4 1", "s6 OK Sort completed."), c.command("s6", "UID SORT (REVERSE DATE) UTF-8 SUBJECT jaringan NOT FROM wati"),
                    "the search key narrows, UIDs answer");
            assertEquals(List.of("s7 NO [BADCHARSET (US-ASCII UTF-8)] Unsupported charset"), c.command("s7", "SORT (DATE) KOI8-U ALL"));
            assertTrue(c.command("s8", "SORT RETURN (COUNT) (DATE) UTF-8 ALL").get(0).startsWith("s8 BAD"), "ESORT is not offered");
        }
    }

    @Test
    void aSortKeptByOneSessionIsBroughtUpToDateForAnother() throws Exception {
        try (ImapWire a = login("sort2"); ImapWire b = new ImapWire(server.port())) {
            b.line();
            b.command("b1", "LOGIN sort2 rahasia");
            b.command("b2", "SELECT INBOX");
            assertEquals(List.of("* SORT 3 2 1 4", "s1 OK Sort completed."), a.command("s1", "SORT (DATE) UTF-8 ALL"));
            // b appends a message dated between UIDs 2 and 1 (UID 5), and expunges UID 2
            String mail = "From: dedi@e.test\r\nSubject: Tugas baru\r\nDate: Sun, 14 Jan 2024 12:00:00 +0000\r\n\r\nhai\r\n";
            b.send("b3 APPEND INBOX {" + mail.length() + "+}\r\n" + mail + "\r\n");
            List<String> appended = b.until("b3");
            assertTrue(appended.get(appended.size() - 1).startsWith("b3 OK [APPENDUID"), appended.toString());
            b.command("b4", "UID STORE 2 +FLAGS.SILENT (\\Deleted)");
            b.command("b5", "UID EXPUNGE 2");
            // the order a's SORT kept loses UID 2 and gains UID 5: b's view is UIDs 1 3 4 5, sequence numbers 1 2 3 4
            assertEquals(List.of("* SORT 3 5 1 4", "s2 OK Sort completed."), b.command("s2", "UID SORT (DATE) UTF-8 ALL"));
            assertEquals(List.of("* SORT 2 4 1 3", "s3 OK Sort completed."), b.command("s3", "SORT (DATE) UTF-8 ALL"),
                    "the same order by sequence number");
            a.command("a3", "NOOP");
            assertEquals(List.of("* SORT 2 4 1 3", "s4 OK Sort completed."), a.command("s4", "SORT (DATE) UTF-8 ALL"),
                    "a, once it has seen the changes, gets b's answer");
            assertEquals(List.of("* SORT 2 4 1", "s5 OK Sort completed."), a.command("s5", "SORT (DATE) UTF-8 NOT UID 4"),
                    "a narrowed SORT keeps the order");
            assertEquals(List.of("* SORT 3 1 4 2", "s6 OK Sort completed."), a.command("s6", "SORT (REVERSE DATE) UTF-8 ALL"),
                    "other criteria, another order");
            assertEquals(List.of("* SORT 2 4 1 3", "s7 OK Sort completed."), a.command("s7", "SORT (DATE) UTF-8 ALL"),
                    "the full order again after the narrowed one");
        }
    }

    @Test
    void threadByReferencesAndByOrderedSubject() throws Exception {
        try (ImapWire c = login("thread1")) {
            assertEquals(List.of("* THREAD (3)(2 1 4)", "t1 OK Thread completed."), c.command("t1", "THREAD REFERENCES UTF-8 ALL"),
                    "the reply hangs under the question and the forward under the reply; threads by date");
            assertEquals(List.of("* THREAD (3)(2 (1)(4))", "t2 OK Thread completed."), c.command("t2", "THREAD ORDEREDSUBJECT UTF-8 ALL"));
            assertEquals(List.of("* THREAD (2 1 4)", "t3 OK Thread completed."), c.command("t3", "UID THREAD REFERENCES UTF-8 SUBJECT tugas"));
            assertEquals(List.of("* THREAD", "t4 OK Thread completed."), c.command("t4", "THREAD REFERENCES UTF-8 SUBJECT tidakada"));
            assertEquals(List.of("t5 BAD Error in IMAP command THREAD: Unknown thread algorithm"), c.command("t5", "THREAD REFS UTF-8 ALL"));
        }
    }

    @Test
    void searchDecodesHeadersAndReadsObsoleteDates() throws Exception {
        try (ImapWire c = login("search1")) {
            assertEquals(List.of("* SEARCH 3", "f1 OK Search completed."), c.command("f1", "SEARCH CHARSET UTF-8 SUBJECT {5+}\r\n\u00fcber"),
                    "the RFC 2047 subject is decoded, and compared without case");
            assertEquals(List.of("* SEARCH 3", "f2 OK Search completed."), c.command("f2", "SEARCH CHARSET UTF-8 SUBJECT {5+}\r\n\u00dcBER"));
            assertEquals(List.of("* SEARCH 3", "f3 OK Search completed."), c.command("f3", "SEARCH SENTON 13-Jan-2024"));
            assertEquals(List.of("* SEARCH 1", "f4 OK Search completed."), c.command("f4", "SEARCH SENTON 15-Jan-2024"),
                    "the date as written, not moved to UTC (RFC 3501: disregarding time and timezone)");
            assertEquals(List.of("f5 NO [BADCHARSET (US-ASCII UTF-8)] Unsupported charset"),
                    c.command("f5", "SEARCH CHARSET KOI8-U SUBJECT x"));
        }
    }

    /** The SORTs, THREADs and fact SEARCHes above, and one per remaining key. */
    private static final List<String> QUERIES = List.of(
            "SORT (SUBJECT) UTF-8 ALL", "SORT (DATE) UTF-8 ALL", "SORT (REVERSE DATE) US-ASCII ALL", "SORT (FROM) UTF-8 ALL",
            "SORT (DISPLAYFROM) UTF-8 ALL", "UID SORT (REVERSE DATE) UTF-8 SUBJECT jaringan NOT FROM wati",
            "SORT (TO) UTF-8 ALL", "SORT (CC) UTF-8 ALL", "SORT (DISPLAYTO) UTF-8 ALL", "SORT (SIZE ARRIVAL) UTF-8 ALL",
            "THREAD REFERENCES UTF-8 ALL", "THREAD ORDEREDSUBJECT UTF-8 ALL", "UID THREAD REFERENCES UTF-8 SUBJECT tugas",
            "SEARCH CHARSET UTF-8 SUBJECT {5+}\r\n\u00fcber", "SEARCH SENTON 13-Jan-2024", "SEARCH SENTON 15-Jan-2024",
            "SEARCH SENTSINCE 15-Jan-2024", "SEARCH SENTBEFORE 14-Jan-2024", "SEARCH FROM budi", "SEARCH OR TO x CC y");

    private static List<List<String>> answers(ImapWire c) throws Exception {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < QUERIES.size(); i++) {
            out.add(c.command("q" + i, QUERIES.get(i)));
        }
        return out;
    }

    @Test
    void theFactsTableGivesTheAnswersTheHeadersGive() throws Exception {
        try (ImapWire c = login("facts1")) {
            List<List<String>> fromHeaders = answers(c);
            assertEquals(List.of("* SORT 1 2 4 3", "q0 OK Sort completed."), fromHeaders.get(0));
            List<String> blobs = store.messages(store.find("facts1", "INBOX").orElseThrow().id()).stream()
                    .map(MailboxStore.Message::blobId).toList();
            assertEquals(Set.copyOf(blobs), store.facts(blobs).keySet(), "the first SORT kept the facts of every message");

            SortFactsForTests.clear();
            assertEquals(fromHeaders, answers(c), "with nothing in memory, the table gives the same answers");

            // and the table is what was read: a changed row shows
            try (var conn = dataSource.getConnection();
                    var ps = conn.prepareStatement("update message_facts set hdr_subject = ? where blob_id = ?")) {
                ps.setBytes(1, "Zebra".getBytes(StandardCharsets.US_ASCII));
                ps.setString(2, blobs.get(2));
                assertEquals(1, ps.executeUpdate());
            }
            SortFactsForTests.clear();
            assertEquals(List.of("* SEARCH 3", "z1 OK Search completed."), c.command("z1", "SEARCH SUBJECT zebra"),
                    "SEARCH SUBJECT answered from the table, not from the header");
            SortFactsForTests.clear();
        }
    }

    @Test
    void anAppendedMessageHasTheFactsTheHeadersGive() throws Exception {
        try (ImapWire c = login("facts2")) {
            byte[] mail = MAILS.get(3).getBytes(StandardCharsets.UTF_8);
            c.send("p1 APPEND INBOX {" + mail.length + "+}\r\n" + MAILS.get(3) + "\r\n");
            List<String> appended = c.until("p1");
            assertTrue(appended.get(appended.size() - 1).startsWith("p1 OK [APPENDUID "), appended.toString());
            List<MailboxStore.Message> messages = store.messages(store.find("facts2", "INBOX").orElseThrow().id());
            String copy = messages.get(3).blobId();
            String viaImap = messages.get(4).blobId();
            assertEquals(Set.of(viaImap), store.facts(List.of(copy, viaImap)).keySet(),
                    "APPEND over IMAP stored the facts; the store's own append did not");
            c.command("p2", "SORT (DATE) UTF-8 ALL");
            var rows = store.facts(List.of(copy, viaImap));
            assertEquals(rows.get(copy), rows.get(viaImap), "facts computed at APPEND equal those read from the header");
            assertEquals(Instant.parse("2024-01-16T08:00:00Z"), rows.get(viaImap).sentAt().orElseThrow());
        }
    }
}
