package io.kurir.gateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
import io.kurir.gateway.session.Listener;
import io.kurir.store.AccountStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * swaks, the Swiss Army Knife for SMTP from Debian, against the real listeners. The test installs
 * it with apt-get when it is missing (as root), or is skipped with the reason printed; the same
 * paths run through Angus Mail and Python's smtplib in SmtpTlsAuthIT and the cli's CourseLabIT.
 */
@QuarkusTest
@QuarkusTestResource(KurirTestResource.class)
class SwaksIT {

    private static String skipReason;

    @Inject
    SmtpServer server;
    @Inject
    AccountStore accounts;

    record Run(int exit, String output) {
    }

    @BeforeAll
    static void installSwaks() throws Exception {
        if (onPath("swaks")) {
            return;
        }
        if (!onPath("apt-get") || !"root".equals(System.getProperty("user.name"))) {
            skipReason = "swaks is not installed and apt-get cannot install it here (not root or no apt-get)";
            return;
        }
        // perl's TLS modules are only recommended by the package: name them, for STARTTLS and port 465
        List<String> install = List.of("apt-get", "install", "-y", "--no-install-recommends", "swaks",
                "libnet-ssleay-perl", "libio-socket-ssl-perl");
        if (run(install, 300).exit() != 0) {
            run(List.of("apt-get", "update"), 300);
            Run second = run(install, 300);
            if (second.exit() != 0) {
                skipReason = "apt-get install swaks failed: " + second.output().lines().reduce((a, b) -> b).orElse("");
            }
        }
    }

    @BeforeEach
    void setUp() {
        if (skipReason != null) {
            System.out.println("SKIPPED SwaksIT: " + skipReason);
            Assumptions.abort(skipReason);
        }
        accounts.create("budi", "rahasia".toCharArray());
        accounts.create("fauzan", "rahasia".toCharArray());
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static Run run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        java.nio.file.Path log = java.nio.file.Files.createTempFile("swaks-it", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            p.getOutputStream().close();
            boolean ended = p.waitFor(timeoutSeconds, TimeUnit.SECONDS); // the output goes to a file: nothing blocks
            if (!ended) {
                p.destroyForcibly();
            }
            String out = new String(java.nio.file.Files.readAllBytes(log), StandardCharsets.UTF_8);
            return ended ? new Run(p.exitValue(), out) : new Run(-1, out + "\n(timed out)");
        } finally {
            java.nio.file.Files.deleteIfExists(log);
        }
    }

    private Run swaks(Listener listener, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("swaks", "--server", "127.0.0.1", "--port",
                Integer.toString(server.port(listener)), "--helo", "swaks.client.test", "--timeout", "30",
                "--from", "budi@localhost", "--to", "fauzan@localhost",
                "--header", "Subject: via swaks", "--body", "Halo dari swaks"));
        cmd.addAll(List.of(options));
        return run(cmd, 90);
    }

    /** The queue id in "250 2.0.0 Ok: queued as ID", after checking the record reached mail.maildrop. */
    private static String queued(Run run) {
        Matcher m = java.util.regex.Pattern.compile("<[-~]\\s+250 2\\.0\\.0 Ok: queued as ([0-9A-F]+)").matcher(run.output());
        assertTrue(m.find(), "swaks output:\n" + run.output());
        assertEquals(0, run.exit(), run.output());
        assertTrue(MaildropRecords.find(m.group(1)).isPresent(), "published " + m.group(1));
        return m.group(1);
    }

    @Test
    void plainSessionOnTheMxListener() throws Exception {
        Run run = swaks(Listener.MX);
        queued(run);
        assertTrue(run.output().contains("<-  250-PIPELINING"), run.output());
    }

    @Test
    void pipeliningAsRfc2920AllowsIt() throws Exception {
        queued(swaks(Listener.MX, "--pipeline"));
    }

    @Test
    void startTlsAndAuthOnSubmission() throws Exception {
        for (String mechanism : List.of("PLAIN", "LOGIN")) {
            String id = queued(swaks(Listener.SUBMISSION, "--tls", "--auth", mechanism, "--auth-user", "budi",
                    "--auth-password", "rahasia"));
            assertEquals("ESMTPSA", MaildropRecords.find(id).orElseThrow().client().protocol(), mechanism);
        }
    }

    @Test
    void implicitTlsOn465() throws Exception {
        queued(swaks(Listener.SMTPS, "--tls-on-connect", "--auth", "PLAIN", "--auth-user", "budi@localhost",
                "--auth-password", "rahasia"));
    }

    @Test
    void wrongPasswordAndAuthBeforeTlsAreRefused() throws Exception {
        Run wrong = swaks(Listener.SUBMISSION, "--tls", "--auth", "LOGIN", "--auth-user", "budi", "--auth-password", "salah");
        assertNotEquals(0, wrong.exit());
        assertTrue(wrong.output().contains("535 5.7.8 Error: authentication failed"), wrong.output());
        Run plain = swaks(Listener.SUBMISSION, "--auth", "PLAIN", "--auth-user", "budi", "--auth-password", "rahasia");
        assertNotEquals(0, plain.exit(), "AUTH is not offered before STARTTLS on 587:\n" + plain.output());
        assertTrue(!plain.output().contains("queued as"), plain.output());
    }
}
