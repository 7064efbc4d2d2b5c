package io.kurir.cli;

import io.kurir.devstack.EmbeddedStack;
import io.kurir.devstack.KurirTopics;
import io.kurir.devstack.StackPorts;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole system on one machine: embedded Kafka and PostgreSQL in this JVM, each service a child
 * process. Used by {@code kurir up} and by the system tests.
 */
public final class LocalStack implements AutoCloseable {

    /** The services this release has; their HTTP ports follow in this order from the base (8081, 8082, ...). */
    public static final List<String> SERVICES = List.of("smtp-gateway", "rewrite-service", "queue-service", "delivery-service",
            "imap-service");

    /**
     * The services that work behind the queue. They run at a lower CPU priority than the ones clients
     * wait on (smtp-gateway, imap-service), so that on a small machine a burst of mail is accepted at
     * full speed and the queue drains behind it (ADR 0013).
     */
    public static final List<String> BACKGROUND = List.of("rewrite-service", "queue-service", "delivery-service");

    /** nice(1) priority of the background services unless --background-nice says otherwise. */
    public static final int DEFAULT_BACKGROUND_NICE = 19;

    /**
     * Ports and folders of one local stack.
     *
     * @param settings Kurir settings for every service of this stack, as environment variables
     *        ({@code KURIR_MYHOSTNAME}); they override this process's own environment, so two stacks
     *        in one JVM can be two different mail domains
     * @param backgroundNice the nice(1) priority of {@link #BACKGROUND}'s services, 0 to 19 (0: as the others)
     */
    public record Options(Path home, Path dataDir, int smtpPort, int submissionPort, int smtpsPort, int imapPort, int imapsPort,
            int pop3Port, int pop3sPort, int httpPortBase, StackPorts infraPorts, Map<String, String> settings, int backgroundNice) {

        public Options {
            settings = Map.copyOf(settings);
            if (backgroundNice < 0 || backgroundNice > 19) {
                throw new IllegalArgumentException("--background-nice must be 0 to 19, not " + backgroundNice);
            }
        }

        public Options(Path home, Path dataDir, int smtpPort, int submissionPort, int smtpsPort, int imapPort, int imapsPort,
                int pop3Port, int pop3sPort, int httpPortBase, StackPorts infraPorts, Map<String, String> settings) {
            this(home, dataDir, smtpPort, submissionPort, smtpsPort, imapPort, imapsPort, pop3Port, pop3sPort, httpPortBase,
                    infraPorts, settings, DEFAULT_BACKGROUND_NICE);
        }

        public Options(Path home, Path dataDir, int smtpPort, int submissionPort, int smtpsPort, int imapPort, int imapsPort,
                int pop3Port, int pop3sPort, int httpPortBase, StackPorts infraPorts) {
            this(home, dataDir, smtpPort, submissionPort, smtpsPort, imapPort, imapsPort, pop3Port, pop3sPort, httpPortBase,
                    infraPorts, Map.of());
        }
    }

    private final Options options;
    private final EmbeddedStack infra;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    private LocalStack(Options options, EmbeddedStack infra) {
        this.options = options;
        this.infra = infra;
    }

    /** Starts infrastructure and every service and waits until all are ready. */
    public static LocalStack start(Options options, PrintStream log) throws Exception {
        Files.createDirectories(options.dataDir());
        Optional<StackFile> running = StackFile.readLive(options.dataDir());
        if (running.isPresent()) {
            throw new IllegalStateException("kurir up is already running on " + options.dataDir() + " (pid "
                    + running.get().pid() + ")");
        }
        EmbeddedStack infra = EmbeddedStack.start(options.dataDir(), options.infraPorts(), true);
        LocalStack stack = new LocalStack(options, infra);
        try {
            infra.kafka().createTopics(KurirTopics.ALL);
            var pg = infra.postgres();
            new StackFile(ProcessHandle.current().pid(), pg.jdbcUrl(), pg.user(), pg.password(),
                    infra.kafka().bootstrapServers()).write(options.dataDir());
            int port = options.httpPortBase();
            for (String name : SERVICES) {
                int nice = BACKGROUND.contains(name) ? options.backgroundNice() : 0;
                stack.services.put(name, new ServiceProcess(name, options.home(), stack.environment(name), port++, nice, log));
            }
            if (options.backgroundNice() > 0) {
                log.println(ServiceProcess.canNice()
                        ? "kurir: " + String.join(", ", BACKGROUND) + " run at nice " + options.backgroundNice()
                                + " (--background-nice): accepting mail comes before working through the queue"
                        : "kurir: no nice(1) on this system: " + String.join(", ", BACKGROUND)
                                + " run at the same priority as the other services");
            }
            for (ServiceProcess s : stack.services.values()) {
                s.start();
            }
            for (ServiceProcess s : stack.services.values()) {
                if (!s.awaitReady(Duration.ofSeconds(120))) {
                    throw new IllegalStateException(s.name() + " did not become ready (see its log lines above)");
                }
            }
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    /** The environment of a service: this process's own (so every KURIR_* setting reaches it) plus the stack's addresses. */
    Map<String, String> environment(String service) {
        Map<String, String> env = new HashMap<>(options.settings());
        infra.quarkusProperties().forEach((k, v) -> env.put(toEnv(k), v));
        if (service.equals("smtp-gateway")) {
            env.put("KURIR_SMTP_PORT", Integer.toString(options.smtpPort()));
            env.put("KURIR_SUBMISSION_PORT", Integer.toString(options.submissionPort()));
            env.put("KURIR_SMTPS_PORT", Integer.toString(options.smtpsPort()));
        }
        if (service.equals("imap-service")) {
            env.put("KURIR_IMAP_PORT", Integer.toString(options.imapPort()));
            env.put("KURIR_IMAPS_PORT", Integer.toString(options.imapsPort()));
            env.put("KURIR_POP3_PORT", Integer.toString(options.pop3Port()));
            env.put("KURIR_POP3S_PORT", Integer.toString(options.pop3sPort()));
        }
        return env;
    }

    /** MicroProfile Config's environment variable name for a property. */
    static String toEnv(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    public ServiceProcess service(String name) {
        return services.get(name);
    }

    public EmbeddedStack infrastructure() {
        return infra;
    }

    public List<String> endpoints() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-17s localhost:%d  (telnet localhost %d)", "SMTP", options.smtpPort(), options.smtpPort()));
        lines.add(String.format("%-17s localhost:%d  (STARTTLS + AUTH)", "Submission", options.submissionPort()));
        lines.add(String.format("%-17s localhost:%d  (implicit TLS + AUTH)", "SMTPS", options.smtpsPort()));
        lines.add(String.format("%-17s localhost:%d  (STARTTLS; LOGIN without TLS from mynetworks only)", "IMAP", options.imapPort()));
        if (options.imapsPort() >= 0) {
            lines.add(String.format("%-17s localhost:%d  (implicit TLS)", "IMAPS", options.imapsPort()));
        }
        if (options.pop3Port() >= 0) {
            lines.add(String.format("%-17s localhost:%d  (STLS; USER/PASS without TLS from mynetworks only)", "POP3", options.pop3Port()));
        }
        if (options.pop3sPort() >= 0) {
            lines.add(String.format("%-17s localhost:%d  (implicit TLS)", "POP3S", options.pop3sPort()));
        }
        for (ServiceProcess s : services.values()) {
            lines.add(String.format("%-17s http://localhost:%d/q/health  /q/metrics", s.name(), s.httpPort()));
        }
        lines.add(String.format("%-17s %s", "Kafka", infra.kafka().bootstrapServers()));
        lines.add(String.format("%-17s %s", "PostgreSQL", infra.postgres().jdbcUrl()));
        lines.add(String.format("%-17s %s", "Data", options.dataDir()));
        return lines;
    }

    @Override
    public void close() {
        // upstream first: the gateway stops taking mail, the others finish what is in flight
        for (ServiceProcess s : services.values()) {
            try {
                s.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        infra.close();
        StackFile.remove(options.dataDir());
    }
}
