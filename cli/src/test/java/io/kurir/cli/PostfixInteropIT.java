package io.kurir.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.store.queue.QueueStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with a real Postfix (Debian's package) on loopback: a private instance with
 * its own configuration, queue and mailbox file, never the system's Postfix. Kurir delivers
 * {@code pf.test} to it (transport-maps), takes its rejection as a bounce, and Postfix relays mail
 * for Kurir's local domain into Kurir's gateway. Postfix's master runs as root, so this test needs
 * root; it installs the package when it is missing, and otherwise is skipped with the reason
 * printed. The same paths run in every build against Java peers: the SMTP client's scripted test
 * peer (delivery-service), and Kurir's own gateway as the remote MX in TwoStacksIT.
 */
class PostfixInteropIT {

    static Path work;
    static Path conf;
    static Path mbox;
    static boolean started;

    @BeforeAll
    static void startPostfix() throws Exception {
        String why = postfixUnavailable();
        if (why != null) {
            System.out.println("PostfixInteropIT skipped: " + why);
            Assumptions.abort(why);
        }
        TestStack.get();
        work = Files.createTempDirectory(Path.of("target"), "postfix-").toAbsolutePath();
        // Postfix's daemons run as postfix and nobody: they must be able to reach their folders
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        conf = work.resolve("etc");
        Path queue = work.resolve("spool");
        Path data = work.resolve("data");
        Path mail = work.resolve("mail");
        for (Path p : List.of(conf, queue, data, mail)) {
            Files.createDirectories(p);
        }
        run("chown", "postfix", data.toString());
        run("chown", "nobody", mail.toString()); // alias file delivery runs as default_privs (nobody)
        mbox = mail.resolve("anto.mbox");
        Files.writeString(conf.resolve("main.cf"), String.join("\n",
                "# private test instance (PostfixInteropIT); nothing here touches /etc/postfix",
                "compatibility_level = 3.6",
                "queue_directory = " + queue,
                "data_directory = " + data,
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "myhostname = pf.test",
                "mydomain = pf.test",
                "myorigin = $myhostname",
                "mydestination = pf.test",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "mynetworks = 127.0.0.0/8",
                "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination",
                "alias_maps = texthash:" + conf.resolve("aliases"),
                "alias_database =",
                "local_recipient_maps = $alias_maps",
                "biff = no",
                "append_dot_mydomain = no",
                // Kurir's local domain goes to Kurir's MX listener; nothing else leaves, nothing asks DNS
                "transport_maps = texthash:" + conf.resolve("transport"),
                "default_transport = error:outbound mail is off in this test",
                "relay_transport = error:outbound mail is off in this test",
                "smtp_dns_support_level = disabled",
                "maillog_file = " + work.resolve("maillog"),
                "maillog_file_prefixes = " + work,
                ""));
        Files.writeString(conf.resolve("aliases"), "anto " + mbox + "\n");
        Files.writeString(conf.resolve("transport"), "localhost smtp:[127.0.0.1]:" + TestStack.smtpPort() + "\n");
        Files.writeString(conf.resolve("master.cf"), String.join("\n",
                "127.0.0.1:" + TestStack.postfixPort() + " inet n - n - - smtpd",
                "pickup    unix  n - n 60 1 pickup",
                "cleanup   unix  n - n - 0 cleanup",
                "qmgr      unix  n - n 300 1 qmgr",
                "tlsmgr    unix  - - n 1000? 1 tlsmgr",
                "rewrite   unix  - - n - - trivial-rewrite",
                "bounce    unix  - - n - 0 bounce",
                "defer     unix  - - n - 0 bounce",
                "trace     unix  - - n - 0 bounce",
                "verify    unix  - - n - 1 verify",
                "flush     unix  n - n 1000? 0 flush",
                "proxymap  unix  - - n - - proxymap",
                "proxywrite unix - - n - 1 proxymap",
                "smtp      unix  - - n - - smtp",
                "relay     unix  - - n - - smtp",
                "showq     unix  n - n - - showq",
                "error     unix  - - n - - error",
                "retry     unix  - - n - - error",
                "discard   unix  - - n - - discard",
                "local     unix  - n n - - local",
                "anvil     unix  - - n - 1 anvil",
                "scache    unix  - - n - 1 scache",
                "postlog   unix-dgram n - n - 1 postlogd",
                ""));
        run("postfix", "-c", conf.toString(), "check"); // creates the queue's subdirectories with their owners
        run("postfix", "-c", conf.toString(), "start");
        started = true;
        assertTrue(Poll.until(Duration.ofSeconds(60), () -> greeting(TestStack.postfixPort()).startsWith("220")),
                "the private Postfix did not answer on 127.0.0.1:" + TestStack.postfixPort());
        TestStack.accounts().create("pfsender", "rahasia".toCharArray());
        TestStack.accounts().create("pfrecv", "rahasia".toCharArray());
    }

    @AfterAll
    static void stopPostfix() throws Exception {
        if (started) {
            run("postfix", "-c", conf.toString(), "stop");
        }
    }

    /** Null when a private Postfix can run here, otherwise why not (after trying to install it). */
    static String postfixUnavailable() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "Postfix's master must run as root, and this build runs as " + System.getProperty("user.name");
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/postfix"))) {
            System.out.println("PostfixInteropIT: installing Debian's postfix (no service is started)");
            Process p = new ProcessBuilder("sh", "-c", "echo 'postfix postfix/main_mailer_type select No configuration' "
                    + "| debconf-set-selections && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isExecutable(Path.of("/usr/sbin/postfix"))) {
                return "postfix is not installed and apt-get could not install it: " + out.lines().reduce((a, b) -> b).orElse("");
            }
        }
        return null;
    }

    static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
    }

    static String greeting(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        } catch (IOException e) {
            return "";
        }
    }

    /** A plain SMTP conversation; returns the reply to the final dot. */
    static String send(int port, String from, String to, String subject) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(60_000);
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            reply(in);
            String[] commands = {"EHLO interop.test", "MAIL FROM:<" + from + ">", "RCPT TO:<" + to + ">", "DATA"};
            for (String c : commands) {
                out.write((c + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String r = reply(in);
                assertTrue(r.startsWith("2") || r.startsWith("3"), c + " -> " + r);
            }
            out.write(("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\n\r\nLewat Postfix.\r\n.\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String done = reply(in);
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return done;
        }
    }

    static String reply(BufferedReader in) throws IOException {
        String line;
        StringBuilder all = new StringBuilder();
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed after: " + all);
            }
            all.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    @Test
    void kurirDeliversToPostfixAsTheRemoteMx() throws Exception {
        assertTrue(send(TestStack.smtpPort(), "pfsender@localhost", "anto@pf.test", "Kurir ke Postfix").startsWith("250"));
        assertTrue(Poll.until(Duration.ofSeconds(90), () -> read(mbox).contains("Subject: Kurir ke Postfix")),
                "Postfix's local(8) did not write the message into " + mbox + "; its log:\n" + read(work.resolve("maillog")));
        String stored = read(mbox);
        assertTrue(stored.contains("Lewat Postfix."), stored);
        assertTrue(stored.contains("(Kurir) with ESMTP"), "Kurir's Received header travelled with it: " + stored);
        var queue = new QueueStore(TestStack.get().infrastructure().postgres().dataSource());
        assertTrue(Poll.until(Duration.ofSeconds(30), () -> queue.list().stream()
                .noneMatch(m -> m.recipients().stream().anyMatch(r -> r.address().equals("anto@pf.test")))),
                "delivered mail leaves Kurir's queue");
    }

    @Test
    void postfixRejectingAnUnknownUserBouncesToTheKurirSender() throws Exception {
        assertTrue(send(TestStack.smtpPort(), "pfsender@localhost", "nobody@pf.test", "Ke Postfix, salah alamat")
                .startsWith("250"));
        assertTrue(Poll.until(Duration.ofSeconds(90), () -> inboxSize("pfsender") > 0),
                "no bounce for pfsender; Postfix's log:\n" + read(work.resolve("maillog")));
        var bounce = TestStack.mail().messages("pfsender", "INBOX").get(0);
        String text = new String(TestStack.mail().blobs().get(bounce.blobId()).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(text.contains("Subject: Undelivered Mail Returned to Sender"), text);
        assertTrue(text.contains("Final-Recipient: rfc822; nobody@pf.test"), text);
        assertTrue(text.contains("Status: 5.1.1"), text);
        assertTrue(text.contains("Diagnostic-Code: smtp; 550 5.1.1 <nobody@pf.test>"), "Postfix's own reply: " + text);
    }

    @Test
    void postfixRelaysIntoKurirsGateway() throws Exception {
        assertTrue(send(TestStack.postfixPort(), "budi@pf.test", "pfrecv@localhost", "Postfix ke Kurir").startsWith("250"));
        assertTrue(Poll.until(Duration.ofSeconds(90), () -> inboxSize("pfrecv") == 1),
                "Postfix did not relay into Kurir; its log:\n" + read(work.resolve("maillog")));
        var m = TestStack.mail().messages("pfrecv", "INBOX").get(0);
        String text = new String(TestStack.mail().blobs().get(m.blobId()).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(text.contains("Subject: Postfix ke Kurir"), text);
        assertTrue(text.contains("by pf.test (Postfix)"), "Postfix's Received header: " + text);
        assertTrue(text.contains("Return-Path: <budi@pf.test>"), text);
    }

    static int inboxSize(String user) {
        try {
            return TestStack.mail().messages(user, "INBOX").size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
