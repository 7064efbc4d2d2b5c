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
import org.junit.jupiter.api.Test;

/**
 * SORT and THREAD (RFC 5256, DISPLAYFROM RFC 5957) and SEARCH's header decoding on a small thread
 * a class would write: a question, a reply, a forward of the reply, and an unrelated mail with an
 * RFC 2047 subject and an obsolete date.
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
}
