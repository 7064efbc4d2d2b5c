package io.kurir.cli;

import io.kurir.devstack.StackPorts;
import io.kurir.store.AccountStore;
import io.kurir.store.MailStore;
import io.kurir.store.PgBlobStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One real local stack per test JVM — embedded Kafka and PostgreSQL, the four services as child
 * processes, exactly what {@code ./kurir up} runs — stopped by a shutdown hook.
 */
final class TestStack {

    private static LocalStack stack;
    private static Path dataDir;
    private static int smtpPort;
    private static int submissionPort;
    private static int imapPort;
    private static int pop3Port;
    private static int postfixPort;

    private TestStack() {
    }

    static synchronized LocalStack get() throws Exception {
        if (stack == null) {
            Path home = Path.of("..").toAbsolutePath().normalize();
            dataDir = Files.createTempDirectory(Path.of("target"), "stack-").toAbsolutePath();
            smtpPort = freePort();
            submissionPort = freePort();
            imapPort = freePort();
            pop3Port = freePort();
            postfixPort = freePort();
            // pf.test is the Postfix of PostfixInteropIT, reached through transport-maps as an administrator would
            var settings = java.util.Map.of("KURIR_TRANSPORT_MAPS", "pf.test smtp:[127.0.0.1]:" + postfixPort);
            var options = new LocalStack.Options(home, dataDir, smtpPort, submissionPort, freePort(), imapPort, freePort(), pop3Port,
                    freePort(), freeRange(5), StackPorts.any(), settings);
            stack = LocalStack.start(options, System.out);
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        }
        return stack;
    }

    static Path dataDir() {
        return dataDir;
    }

    static int smtpPort() {
        return smtpPort;
    }

    static int submissionPort() {
        return submissionPort;
    }

    static int imapPort() {
        return imapPort;
    }

    static int pop3Port() {
        return pop3Port;
    }

    /** The port kept for a private Postfix that the stack's transport-maps sends pf.test to. */
    static int postfixPort() {
        return postfixPort;
    }

    static AccountStore accounts() throws Exception {
        return new AccountStore(get().infrastructure().postgres().dataSource());
    }

    static MailStore mail() throws Exception {
        var ds = get().infrastructure().postgres().dataSource();
        return new MailStore(ds, new PgBlobStore(ds));
    }

    /** How many stored blobs contain this text (a marker in a test message). */
    static int blobsContaining(String text) throws Exception {
        try (var c = get().infrastructure().postgres().dataSource().getConnection();
                var ps = c.prepareStatement("select count(*) from blobs where position(? in data) > 0")) {
            ps.setBytes(1, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The first of n consecutive free ports in 20000–30000 (below the ephemeral range). */
    static int freeRange(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20000, 30000);
            boolean free = true;
            for (int p = base; p < base + n && free; p++) {
                try (ServerSocket s = new ServerSocket(p)) {
                    s.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no free port range");
    }
}
