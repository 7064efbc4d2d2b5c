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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Independent POP3 clients against the real listeners: Python's poplib, curl, and fetchmail when it can be had. */
@QuarkusTest
@QuarkusTestResource(KurirTestResource.class)
class Pop3ClientsIT {

    @Inject
    Pop3Server pop3;
    @Inject
    AccountStore accounts;
    @Inject
    MailboxStore store;

    static final String MESSAGE = "From: Afau <afau@localhost>\r\nTo: fauzan@localhost\r\nSubject: Praktikum Jarkom\r\n"
            + "Date: Thu, 11 Jan 2024 12:00:00 +0000\r\n\r\nAyo semangat!\r\n.\r\nselesai\r\n";

    private void user(String name, int messages) {
        accounts.create(name, "rahasia".toCharArray());
        for (int i = 0; i < messages; i++) {
            store.append(name, "INBOX", MESSAGE.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.now());
        }
    }

    @Test
    void pythonPoplibPlainStlsAndPop3Ssl() throws Exception {
        user("poplib1", 2);
        String script = String.join("\n",
                "import poplib, ssl, sys",
                "port, tls_port = int(sys.argv[1]), int(sys.argv[2])",
                "ctx = ssl.create_default_context()",
                "ctx.check_hostname = False",
                "ctx.verify_mode = ssl.CERT_NONE",
                "m = poplib.POP3('127.0.0.1', port)",
                "caps = m.capa()",
                "assert 'UIDL' in caps and 'TOP' in caps and 'STLS' in caps and caps['SASL'] == ['PLAIN'], caps",
                "m.user('poplib1')",
                "assert m.pass_('rahasia') == b'+OK Logged in.'",
                "count, size = m.stat()",
                "assert count == 2 and size == 2 * " + MESSAGE.length() + ", (count, size)",
                "resp, lines, octets = m.retr(1)",
                "assert b'Ayo semangat!' in lines and b'.' in lines and lines[-1] == b'selesai', lines",
                "resp, lines, octets = m.top(2, 0)",
                "assert lines[-1] == b'' and b'Subject: Praktikum Jarkom' in lines, lines",
                "resp, uidls, octets = m.uidl()",
                "assert len(uidls) == 2 and all(len(u.split()[1]) == 16 for u in uidls), uidls",
                "m.dele(1)",
                "m.quit()",
                "s = poplib.POP3_SSL('127.0.0.1', tls_port, context=ctx)",
                "assert 'STLS' not in s.capa()",
                "s.user('poplib1')",
                "s.pass_('rahasia')",
                "assert s.stat()[0] == 1, s.stat()",
                "assert s.uidl(1).split()[2] == uidls[1].split()[1], 'the same UIDL in the next session'",
                "s.quit()",
                "t = poplib.POP3('127.0.0.1', port)",
                "t.stls(context=ctx)",
                "assert 'STLS' not in t.capa()",
                "t.user('poplib1')",
                "t.pass_('rahasia')",
                "assert t.list()[1] == [b'1 " + MESSAGE.length() + "'], t.list()",
                "t.quit()",
                "print('poplib ok')");
        String out = run(List.of("python3", "-c", script, Integer.toString(pop3.port()), Integer.toString(pop3.tlsPort())));
        assertTrue(out.contains("poplib ok"), out);
    }

    @Test
    void curlListsAndRetrievesOverPlainStlsAndPop3s() throws Exception {
        user("curl1", 2);
        String base = "pop3://127.0.0.1:" + pop3.port();
        assertEquals("1 " + MESSAGE.length() + "\r\n2 " + MESSAGE.length() + "\r\n",
                run(List.of("curl", "-sS", "-u", "curl1:rahasia", base + "/")), "curl's listing is LIST");
        assertEquals(MESSAGE, run(List.of("curl", "-sS", "-u", "curl1:rahasia", base + "/1")), "RETR unstuffed by curl");
        assertEquals(MESSAGE, run(List.of("curl", "-sS", "--ssl-reqd", "-k", "-u", "curl1:rahasia", base + "/2")), "after STLS");
        assertEquals(MESSAGE, run(List.of("curl", "-sS", "-k", "-u", "curl1:rahasia",
                "pop3s://127.0.0.1:" + pop3.tlsPort() + "/1")), "implicit TLS");
        String verbose = run(List.of("curl", "-sS", "-v", "--ssl-reqd", "-k", "-u", "curl1:rahasia", base + "/"));
        assertTrue(verbose.contains("> STLS") && verbose.contains("> AUTH PLAIN"), "curl used STLS and SASL PLAIN:\n" + verbose);
    }

    @Test
    void fetchmailDownloadsAndDeletes() throws Exception {
        ExternalClient.require("fetchmail", "poplib and curl cover the same commands", "fetchmail");
        user("fetch1", 2);
        Path dir = Files.createTempDirectory("fetchmail");
        Path out = dir.resolve("mbox");
        Path rc = dir.resolve("fetchmailrc");
        Files.writeString(rc, "set no syslog\n"
                + "poll 127.0.0.1 with proto POP3 service " + pop3.port() + " auth password\n"
                + "  user \"fetch1\" there with password \"rahasia\"\n"
                + "  sslproto '' nokeep\n"
                + "  mda \"/bin/sh -c 'cat >> " + out + "'\"\n");
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        run(List.of("fetchmail", "-f", rc.toString(), "-v", "--nodetach", "--pidfile", dir.resolve("pid").toString()));
        String mbox = Files.readString(out);
        assertEquals(2, mbox.split("Subject: Praktikum Jarkom", -1).length - 1, mbox);
        assertTrue(mbox.contains("\n.\n") || mbox.contains("\n.\r\n"), "the lone dot is unstuffed: " + mbox);
        assertEquals(0, store.messages(store.find("fetch1", "INBOX").orElseThrow().id()).size(), "nokeep: deleted at QUIT");
    }
}
