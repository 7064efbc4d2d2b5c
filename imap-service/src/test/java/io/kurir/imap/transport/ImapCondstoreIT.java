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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Wire scripts for ENABLE (RFC 5161), CONDSTORE and QRESYNC (RFC 7162), ESEARCH (RFC 4731) and
 * \Recent (RFC 3501 2.3.2), against the real listener and a real PostgreSQL, with two sessions where
 * the extension is about what another session did.
 */
@QuarkusTest
@QuarkusTestResource(KurirTestResource.class)
class ImapCondstoreIT {

    @Inject
    ImapServer server;
    @Inject
    AccountStore accounts;
    @Inject
    MailboxStore store;

    /** An account with messages that an earlier session has already seen (none is \\Recent). */
    private String user(String name, int messages) {
        accounts.create(name, "rahasia".toCharArray());
        for (int i = 1; i <= messages; i++) {
            deliver(name, i);
        }
        var inbox = store.find(name, "INBOX").orElseThrow();
        store.claimRecent(inbox.id(), inbox.uidNext());
        return name;
    }

    private void deliver(String user, int n) {
        store.append(user, "INBOX", ("Subject: pesan " + n + "\r\nMessage-Id: <" + n + "@localhost>\r\n\r\nisi " + n + "\r\n")
                .getBytes(StandardCharsets.UTF_8), Set.of(), Instant.parse("2024-01-11T12:00:00Z"));
    }

    private static long number(String regex, List<String> lines) {
        Pattern p = Pattern.compile(regex);
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        throw new AssertionError(regex + " not in " + lines);
    }

    @Test
    void condstoreModseqsUnchangedSinceAndChangedSince() throws Exception {
        user("cs1", 3);
        try (ImapWire a = new ImapWire(server.port()); ImapWire b = new ImapWire(server.port())) {
            a.line();
            b.line();
            List<String> login = a.command("a1", "LOGIN cs1 rahasia");
            assertTrue(login.get(0).contains(" ENABLE CONDSTORE QRESYNC ESEARCH"), login.toString());
            List<String> select = a.command("a2", "SELECT INBOX (CONDSTORE)");
            long highest = number("^\\* OK \\[HIGHESTMODSEQ (\\d+)\\] Highest$", select);
            assertEquals("a2 OK [READ-WRITE] Select completed.", select.get(select.size() - 1));

            List<String> fetch = a.command("a3", "FETCH 1:3 (UID MODSEQ)");
            long m1 = number("^\\* 1 FETCH \\(UID 1 MODSEQ \\((\\d+)\\)\\)$", fetch);
            assertTrue(m1 <= highest);

            // STORE with UNCHANGEDSINCE: message 2 is changed by another session first, so it is left alone
            b.command("b1", "LOGIN cs1 rahasia");
            b.command("b2", "SELECT INBOX");
            b.command("b3", "STORE 2 +FLAGS.SILENT ($Penting)");
            List<String> store = a.command("a4", "STORE 1:3 (UNCHANGEDSINCE " + highest + ") +FLAGS (\\Flagged)");
            assertEquals("a4 OK [MODIFIED 2] Conditional store failed.", store.get(store.size() - 1), store.toString());
            assertTrue(store.stream().anyMatch(l -> l.matches("^\\* 1 FETCH \\(FLAGS \\(\\\\Flagged\\) MODSEQ \\(\\d+\\)\\)$")), store.toString());
            assertTrue(store.stream().noneMatch(l -> l.startsWith("* 2 FETCH (FLAGS (\\Flagged")), "message 2 was not changed: " + store);
            assertTrue(store.stream().anyMatch(l -> l.matches("^\\* 2 FETCH \\(FLAGS \\(\\$Penting\\) MODSEQ \\(\\d+\\)\\)$")),
                    "the other session's change reaches this one with its MODSEQ: " + store);

            long now = number("^\\* 3 FETCH \\(FLAGS \\(\\\\Flagged\\) MODSEQ \\((\\d+)\\)\\)$", store);
            List<String> changed = a.command("a5", "UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + (now - 1) + ")");
            assertEquals(List.of("* 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (" + now + "))",
                    "* 3 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (" + now + "))", "a5 OK Fetch completed."), changed);

            List<String> silent = a.command("a6", "STORE 3 -FLAGS.SILENT (\\Flagged)");
            assertTrue(silent.get(0).matches("^\\* 3 FETCH \\(MODSEQ \\(\\d+\\)\\)$"), "RFC 7162 3.1.3: MODSEQ even when silent: " + silent);

            List<String> search = a.command("a7", "SEARCH MODSEQ " + now);
            long top = number("^\\* SEARCH 1 3 \\(MODSEQ (\\d+)\\)$", search);
            assertTrue(top > now, search.toString());
            List<String> status = a.command("a8", "STATUS INBOX (HIGHESTMODSEQ MESSAGES UNSEEN)");
            assertEquals("* STATUS \"INBOX\" (HIGHESTMODSEQ " + top + " MESSAGES 3 UNSEEN 3)", status.get(0));
        }
    }

    @Test
    void enableAndQresyncTellWhatVanishedAndChangedWhileAway() throws Exception {
        user("qr1", 4);
        long uidValidity;
        long modseq;
        try (ImapWire a = new ImapWire(server.port())) {
            a.line();
            a.command("a1", "LOGIN qr1 rahasia");
            assertEquals(List.of("* ENABLED QRESYNC", "a2 OK Enabled."), a.command("a2", "ENABLE QRESYNC X-UNKNOWN"));
            assertEquals(List.of("* ENABLED", "a3 OK Enabled."), a.command("a3", "ENABLE CONDSTORE"),
                    "QRESYNC already turned CONDSTORE on");
            List<String> select = a.command("a4", "SELECT INBOX");
            uidValidity = number("UIDVALIDITY (\\d+)", select);
            modseq = number("HIGHESTMODSEQ (\\d+)", select);
        }
        try (ImapWire b = new ImapWire(server.port())) {
            b.line();
            b.command("b1", "LOGIN qr1 rahasia");
            b.command("b2", "SELECT INBOX");
            b.command("b3", "STORE 2,4 +FLAGS (\\Deleted)");
            b.command("b4", "EXPUNGE");
            b.command("b5", "STORE 1 +FLAGS (\\Seen)");
        }
        try (ImapWire a = new ImapWire(server.port()); ImapWire b = new ImapWire(server.port())) {
            a.line();
            a.command("a1", "LOGIN qr1 rahasia");
            assertEquals(List.of("a2 BAD Error in IMAP command SELECT: QRESYNC isn't enabled"),
                    a.command("a2", "SELECT INBOX (QRESYNC (" + uidValidity + " " + modseq + "))"));
            a.command("a3", "ENABLE QRESYNC");
            List<String> select = a.command("a4", "SELECT INBOX (QRESYNC (" + uidValidity + " " + modseq + " 1:4))");
            assertTrue(select.contains("* VANISHED (EARLIER) 2,4"), select.toString());
            assertTrue(select.stream().anyMatch(l -> l.matches("^\\* 1 FETCH \\(UID 1 FLAGS \\(\\\\Seen\\) MODSEQ \\(\\d+\\)\\)$")),
                    select.toString());
            assertTrue(select.stream().noneMatch(l -> l.startsWith("* 2 FETCH")), "message 3 did not change: " + select);
            List<String> again = a.command("a5", "SELECT INBOX (QRESYNC (" + uidValidity + " " + modseq + " 3))");
            assertEquals("* OK [CLOSED] Previous mailbox closed.", again.get(0));
            assertTrue(again.stream().noneMatch(l -> l.contains("VANISHED") || l.contains("FETCH")),
                    "only the UIDs the client knows: " + again);
            List<String> wrong = a.command("a6", "SELECT INBOX (QRESYNC (1 " + modseq + "))");
            assertTrue(wrong.stream().noneMatch(l -> l.contains("VANISHED")), "another UIDVALIDITY: a full resync, " + wrong);

            // live: another session's expunge is told as VANISHED, never as EXPUNGE
            b.line();
            b.command("b1", "LOGIN qr1 rahasia");
            b.command("b2", "SELECT INBOX");
            b.command("b3", "UID STORE 3 +FLAGS (\\Deleted)");
            b.command("b4", "EXPUNGE");
            List<String> noop = a.command("a7", "NOOP");
            assertTrue(noop.contains("* VANISHED 3"), noop.toString());
            assertTrue(noop.stream().noneMatch(l -> l.endsWith("EXPUNGE")), noop.toString());
            List<String> vanished = a.command("a8", "UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + modseq + " VANISHED)");
            assertEquals("* VANISHED (EARLIER) 2:4", vanished.get(0), vanished.toString());
        }
    }

    @Test
    void esearchAnswersMinMaxCountAll() throws Exception {
        user("es1", 5);
        try (ImapWire a = new ImapWire(server.port())) {
            a.line();
            a.command("a1", "LOGIN es1 rahasia");
            a.command("a2", "SELECT INBOX");
            a.command("a3", "STORE 2,4 +FLAGS (\\Seen)");
            assertEquals(List.of("* ESEARCH (TAG \"a4\") UID MIN 1 MAX 5 COUNT 3", "a4 OK Search completed."),
                    a.command("a4", "UID SEARCH RETURN (MIN MAX COUNT) UNSEEN"));
            assertEquals(List.of("* ESEARCH (TAG \"a5\") ALL 1,3,5", "a5 OK Search completed."),
                    a.command("a5", "SEARCH RETURN () UNSEEN"));
            assertEquals(List.of("* ESEARCH (TAG \"a6\") COUNT 0", "a6 OK Search completed."),
                    a.command("a6", "SEARCH RETURN (MIN COUNT) SUBJECT tidakada"));
            assertEquals(List.of("* ESEARCH (TAG \"a7\") ALL 2:4", "a7 OK Search completed."),
                    a.command("a7", "SEARCH RETURN (ALL) 2:4"));
            assertEquals(List.of("* ESEARCH (TAG \"a8\") COUNT 3", "a8 OK Search completed."),
                    a.command("a8", "SEARCH RETURN (SAVE COUNT) UNSEEN"), "SEARCHRES (RFC 5182): SAVE does not change the answer");
        }
    }

    @Test
    void recentBelongsToTheFirstSessionThatSelects() throws Exception {
        accounts.create("rc1", "rahasia".toCharArray());
        String u = "rc1";
        deliver(u, 1);
        deliver(u, 2);
        try (ImapWire a = new ImapWire(server.port()); ImapWire b = new ImapWire(server.port())) {
            a.line();
            b.line();
            a.command("a1", "LOGIN rc1 rahasia");
            b.command("b1", "LOGIN rc1 rahasia");
            assertTrue(a.command("a2", "STATUS INBOX (RECENT)").contains("* STATUS \"INBOX\" (RECENT 2)"));
            assertTrue(a.command("a3", "SELECT INBOX").contains("* 2 RECENT"));
            assertTrue(b.command("b2", "SELECT INBOX").contains("* 0 RECENT"), "the other session was first");
            assertEquals(List.of("* 1 FETCH (FLAGS (\\Recent))", "a4 OK Fetch completed."), a.command("a4", "FETCH 1 (FLAGS)"));
            assertEquals(List.of("* 1 FETCH (FLAGS ())", "b3 OK Fetch completed."), b.command("b3", "FETCH 1 (FLAGS)"));

            deliver(u, 3);
            List<String> noop = a.command("a5", "NOOP");
            assertEquals(List.of("* 3 EXISTS", "* 3 RECENT", "a5 OK NOOP completed."), noop);
            assertEquals(List.of("* 3 EXISTS", "b4 OK NOOP completed."), b.command("b4", "NOOP"));
            assertEquals(List.of("* SEARCH 1 2 3", "a6 OK Search completed."), a.command("a6", "SEARCH NEW"));
            assertEquals(List.of("* SEARCH", "b5 OK Search completed."), b.command("b5", "SEARCH RECENT"));
            assertEquals(List.of("* SEARCH 1 2 3", "b6 OK Search completed."), b.command("b6", "SEARCH OLD"));
            a.command("a7", "LOGOUT");
            b.command("b7", "LOGOUT");
        }
        try (ImapWire c = new ImapWire(server.port())) {
            c.line();
            c.command("c1", "LOGIN rc1 rahasia");
            assertTrue(c.command("c2", "SELECT INBOX").contains("* 0 RECENT"), "recent only once");
        }
    }
}
