package io.kurir.cli;

import io.kurir.devstack.StackPorts;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kurir up}: the whole system locally, until Ctrl-C. */
@Command(name = "up", description = "Start embedded Kafka and PostgreSQL and every Kurir service; Ctrl-C stops them.")
final class UpCommand implements Callable<Integer> {

    @Mixin DataDirOption data = new DataDirOption();

    @Option(names = "--smtp-port", paramLabel = "N", defaultValue = "2525", description = "SMTP (MX) port (default: ${DEFAULT-VALUE}).")
    int smtpPort;

    @Option(names = "--submission-port", paramLabel = "N", defaultValue = "2587",
            description = "Submission port, STARTTLS + AUTH (default: ${DEFAULT-VALUE}; -1 turns it off).")
    int submissionPort;

    @Option(names = "--smtps-port", paramLabel = "N", defaultValue = "2465",
            description = "Implicit-TLS submission port (default: ${DEFAULT-VALUE}; -1 turns it off).")
    int smtpsPort;

    @Option(names = "--imap-port", paramLabel = "N", defaultValue = "2143",
            description = "IMAP port, STARTTLS (default: ${DEFAULT-VALUE}).")
    int imapPort;

    @Option(names = "--imaps-port", paramLabel = "N", defaultValue = "2993",
            description = "Implicit-TLS IMAP port (default: ${DEFAULT-VALUE}; -1 turns it off).")
    int imapsPort;

    @Option(names = "--pop3-port", paramLabel = "N", defaultValue = "2110",
            description = "POP3 port, STLS (default: ${DEFAULT-VALUE}; -1 turns it off).")
    int pop3Port;

    @Option(names = "--pop3s-port", paramLabel = "N", defaultValue = "2995",
            description = "Implicit-TLS POP3 port (default: ${DEFAULT-VALUE}; -1 turns it off).")
    int pop3sPort;

    @Option(names = "--http-port", paramLabel = "N", defaultValue = "8081",
            description = "First of the services' HTTP ports for /q/health and /q/metrics (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--kafka-port", paramLabel = "N", defaultValue = "0", description = "Kafka port (default: any free one).")
    int kafkaPort;

    @Option(names = "--postgres-port", paramLabel = "N", defaultValue = "0", description = "PostgreSQL port (default: any free one).")
    int postgresPort;

    @Option(names = "--background-nice", paramLabel = "N", defaultValue = "" + LocalStack.DEFAULT_BACKGROUND_NICE,
            description = "CPU priority, as nice(1), of rewrite-service, queue-service and delivery-service, so that a burst"
                    + " of mail is accepted first and delivered behind it: 0 (as the others) to 19 (the lowest; default: ${DEFAULT-VALUE}).")
    int backgroundNice;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("kurir.home", ".")).toAbsolutePath().normalize();
        LocalStack.Options options;
        try {
            options = new LocalStack.Options(home, data.dir(), smtpPort, submissionPort, smtpsPort, imapPort, imapsPort, pop3Port,
                    pop3sPort, httpPort, new StackPorts(kafkaPort, postgresPort), Map.of(), backgroundNice);
        } catch (IllegalArgumentException e) {
            System.err.println("kurir up: " + e.getMessage());
            return 2;
        }
        System.out.println("kurir: starting Kafka, PostgreSQL and " + LocalStack.SERVICES.size() + " services...");
        LocalStack stack = LocalStack.start(options, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("kurir: stopping...");
            stack.close();
            System.out.println("kurir: stopped");
            stopped.countDown();
        }, "kurir-stop"));
        System.out.println();
        System.out.println("Kurir is up. Ctrl-C stops it.");
        stack.endpoints().forEach(line -> System.out.println("  " + line));
        System.out.println();
        stopped.await();
        return 0;
    }
}
