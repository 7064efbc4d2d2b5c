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

/** LIST-EXTENDED (RFC 5258), LIST-STATUS (RFC 5819), SPECIAL-USE selection (RFC 6154), STATUS=SIZE and APPENDLIMIT. */
@QuarkusTest
@QuarkusTestResource(KurirTestResource.class)
class ImapListExtendedIT {

    @Inject
    ImapServer server;
    @Inject
    AccountStore accounts;
    @Inject
    MailboxStore store;

    @Test
    void selectionAndReturnOptions() throws Exception {
        accounts.create("lx1", "rahasia".toCharArray());
        store.append("lx1", "INBOX", "Subject: a\r\n\r\nisi\r\n".getBytes(StandardCharsets.UTF_8), Set.of(), Instant.now());
        store.append("lx1", "INBOX", "Subject: b\r\n\r\nisi\r\n".getBytes(StandardCharsets.UTF_8), Set.of("\\Seen"), Instant.now());
        try (ImapWire c = new ImapWire(server.port())) {
            c.line();
            List<String> login = c.command("a1", "LOGIN lx1 rahasia");
            assertTrue(login.get(0).contains(" LIST-EXTENDED LIST-STATUS STATUS=SIZE APPENDLIMIT=10240000"), login.toString());
            c.command("a2", "CREATE Kuliah/Jarkom");
            c.command("a3", "CREATE Kuliah/Basis");
            c.command("a4", "UNSUBSCRIBE Kuliah");
            c.command("a5", "UNSUBSCRIBE Kuliah/Basis");

            assertEquals(List.of("* LIST (\\HasNoChildren \\Subscribed) \"/\" \"Kuliah/Jarkom\"", "b1 OK List completed."),
                    c.command("b1", "LIST (SUBSCRIBED) \"\" \"Kuliah*\""));
            List<String> recursive = c.command("b2", "LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"%\"");
            assertTrue(recursive.contains("* LIST (\\HasChildren) \"/\" \"Kuliah\" (\"CHILDINFO\" (\"SUBSCRIBED\"))"),
                    "an unsubscribed parent with a subscribed child: " + recursive);
            assertTrue(recursive.contains("* LIST (\\HasNoChildren \\Subscribed) \"/\" \"INBOX\""), recursive.toString());
            assertEquals(List.of("b3 BAD LIST: RECURSIVEMATCH needs another selection option such as SUBSCRIBED"),
                    c.command("b3", "LIST (RECURSIVEMATCH) \"\" \"%\""));

            assertEquals(List.of("* LIST (\\HasNoChildren \\Subscribed) \"/\" \"INBOX\"",
                    "* STATUS \"INBOX\" (MESSAGES 2 UNSEEN 1 SIZE 38)",
                    "* LIST (\\HasNoChildren \\Subscribed \\Sent) \"/\" \"Sent\"",
                    "* STATUS \"Sent\" (MESSAGES 0 UNSEEN 0 SIZE 0)", "b4 OK List completed."),
                    c.command("b4", "LIST \"\" (\"INBOX\" \"Sent\") RETURN (SUBSCRIBED STATUS (MESSAGES UNSEEN SIZE))"));

            List<String> special = c.command("b5", "LIST (SPECIAL-USE) \"\" \"*\"");
            assertEquals(6, special.size(), special.toString());
            for (String use : List.of("\\Sent", "\\Drafts", "\\Trash", "\\Junk", "\\Archive")) {
                assertTrue(special.stream().anyMatch(l -> l.contains(" " + use + ")")), use + " in " + special);
            }

            assertEquals(List.of("* STATUS \"INBOX\" (APPENDLIMIT 10240000 SIZE 38)", "b6 OK Status completed."),
                    c.command("b6", "STATUS INBOX (APPENDLIMIT SIZE)"));
            assertEquals(List.of("b7 NO [TOOBIG] Message too large"), c.command("b7", "APPEND INBOX {10240001}"),
                    "refused before the client sends it (RFC 7889)");
            assertEquals(List.of("b8 OK NOOP completed."), c.command("b8", "NOOP"), "and the session goes on");
        }
    }

    @Test
    void quotaRootUsageAndOverquota() throws Exception {
        accounts.create("quota1", "rahasia".toCharArray());
        byte[] mail = ("Subject: isi\r\n\r\n" + "x".repeat(3000) + "\r\n").getBytes(StandardCharsets.UTF_8);
        store.append("quota1", "INBOX", mail, Set.of(), Instant.now());
        try (ImapWire c = new ImapWire(server.port())) {
            c.line();
            assertTrue(c.command("a1", "LOGIN quota1 rahasia").get(0).contains(" QUOTA QUOTA=RES-STORAGE"));
            assertEquals(List.of("* QUOTAROOT \"INBOX\"", "a2 OK Getquotaroot completed."), c.command("a2", "GETQUOTAROOT INBOX"),
                    "no limit (mailbox-size-limit 0): no quota root");
            assertTrue(accounts.setQuota("quota1", java.util.OptionalLong.of(8 * 1024)));
            assertEquals(List.of("* QUOTAROOT \"INBOX\" \"User quota\"", "* QUOTA \"User quota\" (STORAGE 2 8)",
                    "a3 OK Getquotaroot completed."), c.command("a3", "GETQUOTAROOT INBOX"), "3 KB used of 8 KiB, in KiB");
            assertEquals(List.of("* QUOTA \"User quota\" (STORAGE 2 8)", "a4 OK Getquota completed."),
                    c.command("a4", "GETQUOTA \"User quota\""));
            assertEquals(List.of("a5 NO [NONEXISTENT] Quota root doesn't exist."), c.command("a5", "GETQUOTA \"\""));
            assertEquals(List.of("a6 NO [NONEXISTENT] Mailbox doesn't exist: Nope"), c.command("a6", "GETQUOTAROOT Nope"));
            c.command("a7", "SELECT INBOX");
            assertTrue(c.command("a8", "COPY 1 Archive").get(0).startsWith("a8 OK [COPYUID"), "6 KB fits in 8 KiB");
            assertEquals(List.of("a9 NO [OVERQUOTA] Quota exceeded (mailbox for user is full)"), c.command("a9", "COPY 1 Archive"));
            c.send("b1 APPEND INBOX {" + mail.length + "}\r\n");
            assertEquals("+ Ready for literal data", c.line());
            c.send(new String(mail, StandardCharsets.UTF_8) + "\r\n");
            assertEquals(List.of("b1 NO [OVERQUOTA] Quota exceeded (mailbox for user is full)"), c.until("b1"));
            List<String> moved = c.command("b2", "MOVE 1 Trash");
            assertEquals("b2 OK Move completed.", moved.get(moved.size() - 1));
            assertEquals(List.of("* STATUS \"Trash\" (MESSAGES 1)", "b4 OK Status completed."), c.command("b4", "STATUS Trash (MESSAGES)"),
                    "MOVE inside the account needs no room");
        }
    }
}
