package io.kurir.cli;

import static io.kurir.cli.CourseLabIT.awaitMbox;
import static io.kurir.cli.CourseLabIT.kurir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The course's /etc/aliases and Postfix's virtual alias domains on the running stack: imported
 * and edited with {@code ./kurir}, expanded by rewrite-service, accepted or refused at RCPT by
 * smtp-gateway — with no service restarted.
 */
class AliasIT {

    static Path dir;

    @BeforeAll
    static void stackAndUsers() throws Exception {
        TestStack.get();
        for (String user : List.of("dewi", "eka")) {
            var r = kurir("user", "add", user, "--password", "rahasia");
            assertTrue(r.exitCode() == 0 || r.output().contains("already exists"), r.output());
        }
        dir = Files.createTempDirectory(Path.of("target"), "aliases-");
    }

    @Test
    void anAliasesFileIsImportedAndItsListsAndNestedNamesAreDelivered() throws Exception {
        Path file = dir.resolve("aliases");
        Files.writeString(file, """
                # the course's /etc/aliases
                postmaster: root
                root: dewi
                staf: dewi,
                    eka
                """);
        var imported = kurir("aliases", "import", file.toString());
        assertEquals(0, imported.exitCode(), imported.output());
        assertTrue(imported.output().contains("imported 3 aliases from " + file), imported.output());
        assertEquals(List.of("postmaster: root", "root: dewi", "staf: dewi, eka"), lines(kurir("alias", "list")));

        assertEquals("250 2.1.5 Ok", rcptUntil("staf@localhost", "250"), "the gateway knows the new names within 5 s");
        List<String> replies = send("budi@localhost", List.of("staf@localhost", "postmaster@localhost", "dewi@localhost"),
                "Rapat staf");
        for (int rcpt = 2; rcpt <= 4; rcpt++) {
            assertEquals("250 2.1.5 Ok", replies.get(rcpt), replies.toString());
        }
        String qid = queueId(replies);

        String dewi = awaitMbox("dewi", t -> t.contains(qid));
        String eka = awaitMbox("eka", t -> t.contains(qid));
        assertEquals(1, count(dewi, "Subject: Rapat staf"),
                "staf, postmaster and dewi@localhost all reach dewi; she gets the message once (duplicate filter):\n" + dewi);
        assertTrue(eka.contains("Delivered-To: eka@mx.kurir.test"), "an alias's bare name is qualified with myorigin:\n" + eka);
        assertTrue(eka.contains("X-Original-To: staf@localhost"), "the address the sender wrote is kept:\n" + eka);
    }

    @Test
    void anImportWithBadLinesSaysWhereAndChangesNothing() throws Exception {
        var before = kurir("alias", "list");
        Path file = dir.resolve("bad-aliases");
        Files.writeString(file, """
                ok: dewi
                prog: |/usr/local/bin/vacation
                nocolon dewi
                """);
        var r = kurir("aliases", "import", file.toString());
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains(file + ":2: "), r.output());
        assertTrue(r.output().contains(file + ":3: "), r.output());
        assertTrue(r.output().contains("kurir: nothing imported; the aliases are unchanged"), r.output());
        assertEquals(before.output(), kurir("alias", "list").output());

        var refused = kurir("alias", "add", "prog", "|/usr/bin/true");
        assertEquals(2, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("not supported"), refused.output());
        var forward = kurir("forward", "set", "dewi", ":include:/etc/passwd");
        assertEquals(2, forward.exitCode(), forward.output());
        assertTrue(forward.output().contains("not supported"), forward.output());
        var pattern = kurir("virtual", "add", "a@b@c.test", "dewi");
        assertEquals(2, pattern.exitCode(), pattern.output());
        assertEquals(1, kurir("virtual", "import", dir.resolve("no-such-file").toString()).exitCode());
    }

    @Test
    void aVirtualAliasDomainAcceptsOnlyItsMappedAddressesAndChangesNeedNoRestart() throws Exception {
        assertEquals(0, kurir("virtual", "add", "sekolah.test").exitCode());
        assertEquals(0, kurir("virtual", "add", "info@sekolah.test", "eka").exitCode());

        List<String> replies = send("budi@localhost", List.of("info@sekolah.test"), "Info sekolah");
        assertEquals("250 2.1.5 Ok", replies.get(2), replies.toString());
        String qid = queueId(replies);
        String eka = awaitMbox("eka", t -> t.contains(qid));
        assertTrue(eka.contains("X-Original-To: info@sekolah.test"), eka);

        // the running gateway sees the new domain within its recheck time (5 s); until then this loopback client
        // (in mynetworks) may relay to it, and cleanup, which always reads the latest tables, expands it anyway
        assertEquals("550 5.1.1 <guru@sekolah.test>: Recipient address rejected: User unknown in virtual alias table",
                rcptUntil("guru@sekolah.test", "550"));

        // a new entry is taken at RCPT within seconds, by the running gateway
        assertEquals(0, kurir("virtual", "add", "guru@sekolah.test", "dewi").exitCode());
        assertEquals("250 2.1.5 Ok", rcptUntil("guru@sekolah.test", "250"));
        assertTrue(lines(kurir("virtual", "list")).containsAll(List.of("sekolah.test anything",
                "guru@sekolah.test dewi", "info@sekolah.test eka")), kurir("virtual", "list").output());
    }

    @Test
    void anAccountsForwardSendsItsMailOnAndKeepsACopyWhenAsked() throws Exception {
        var set = kurir("forward", "set", "eka", "dewi", "--keep");
        assertEquals(0, set.exitCode(), set.output());
        assertTrue(set.output().contains("forwarding: eka: \\eka, dewi"), set.output());
        assertEquals(1, kurir("forward", "set", "nobody", "dewi").exitCode(), "no such account");

        List<String> replies = send("budi@localhost", List.of("eka@localhost"), "Titip pesan");
        String qid = queueId(replies);
        assertTrue(awaitMbox("dewi", t -> t.contains(qid)).contains("X-Original-To: eka@localhost"));
        assertTrue(awaitMbox("eka", t -> t.contains(qid)).contains("Subject: Titip pesan"), "--keep: a copy stays");

        assertEquals(0, kurir("forward", "clear", "eka").exitCode());
        assertEquals(List.of(), lines(kurir("forward", "list")).stream().filter(l -> l.startsWith("eka:")).toList());
    }

    @Test
    void aListWithAnOwnerSendsItsDeliveryProblemsToTheOwnerNotToTheSender() throws Exception {
        assertEquals(0, kurir("alias", "add", "kelas", "eka", "hantu").exitCode(), "hantu is no account: it bounces");
        assertEquals(0, kurir("alias", "add", "owner-kelas", "dewi").exitCode());
        assertEquals("250 2.1.5 Ok", rcptUntil("kelas@localhost", "250"));
        List<String> replies = send("eka@localhost", List.of("kelas@localhost"), "Tugas kelas");
        String qid = queueId(replies);

        assertTrue(awaitMbox("eka", t -> t.contains(qid) && t.contains("Subject: Tugas kelas")).contains("Subject: Tugas kelas"));
        // the member's mail went out from owner-kelas (Return-Path), and the bounce for hantu went to dewi, the owner
        String eka = awaitMbox("eka", t -> t.contains(qid));
        assertTrue(eka.contains("Return-Path: <owner-kelas@mx.kurir.test>"), eka);
        String dewi = awaitMbox("dewi", t -> t.contains("Undelivered Mail Returned to Sender") && t.contains("hantu"));
        assertTrue(dewi.contains("<hantu@mx.kurir.test>"), dewi);
        assertTrue(!kurir("mail", "cat", "eka").output().contains("hantu@"),
                "the sender, eka, gets no bounce for a list member (the one bounce went to dewi)");
        assertEquals(0, kurir("alias", "del", "kelas").exitCode());
        assertEquals(0, kurir("alias", "del", "owner-kelas").exitCode());
    }

    // ---------------------------------------------------------------- helpers

    static List<String> lines(CourseLabIT.Result r) {
        assertEquals(0, r.exitCode(), r.output());
        return r.output().lines().filter(l -> !l.isBlank()).toList();
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    static String queueId(List<String> replies) {
        String queued = replies.stream().filter(r -> r.startsWith("250 2.0.0 Ok: queued as ")).findFirst()
                .orElseThrow(() -> new AssertionError("not queued: " + replies));
        return queued.substring("250 2.0.0 Ok: queued as ".length());
    }

    /** The reply to RCPT TO, asked again until it starts with {@code code} or 30 s passed; the last reply. */
    static String rcptUntil(String recipient, String code) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String reply = rcpt(recipient);
        while (!reply.startsWith(code) && Instant.now().isBefore(deadline)) {
            reply = rcpt(recipient);
        }
        return reply;
    }

    /** The reply to RCPT TO for one address, in a session of its own. */
    static String rcpt(String recipient) throws Exception {
        try (Socket s = new Socket("127.0.0.1", TestStack.smtpPort())) {
            s.setSoTimeout(30_000);
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            reply(in);
            command(out, in, "HELO alias.test");
            command(out, in, "MAIL FROM:<budi@localhost>");
            String answer = command(out, in, "RCPT TO:<" + recipient + ">");
            command(out, in, "QUIT");
            return answer;
        }
    }

    /** A whole session: the greeting, then the replies to MAIL, each RCPT, DATA and the end of data. */
    static List<String> send(String from, List<String> to, String subject) throws Exception {
        List<String> replies = new ArrayList<>();
        try (Socket s = new Socket("127.0.0.1", TestStack.smtpPort())) {
            s.setSoTimeout(30_000);
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            replies.add(reply(in));
            command(out, in, "HELO alias.test");
            replies.add(command(out, in, "MAIL FROM:<" + from + ">"));
            for (String r : to) {
                replies.add(command(out, in, "RCPT TO:<" + r + ">"));
            }
            replies.add(command(out, in, "DATA"));
            replies.add(command(out, in, "Subject: " + subject + "\r\n\r\nHalo semua.\r\n."));
            command(out, in, "QUIT");
        }
        return replies;
    }

    static String command(OutputStream out, BufferedReader in, String line) throws Exception {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply(in);
    }

    static String reply(BufferedReader in) throws Exception {
        String line;
        do {
            line = in.readLine();
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return line;
    }
}
