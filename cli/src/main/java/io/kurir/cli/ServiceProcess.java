package io.kurir.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * One Kurir service running as its own JVM ({@code SERVICE/target/quarkus-app/quarkus-run.jar}),
 * its output streamed line by line with the service name in front, like a maillog.
 */
public final class ServiceProcess {

    private final String name;
    private final Path jar;
    private final Map<String, String> env;
    private final int httpPort;
    private final PrintStream log;
    private final int nice;
    private Process process;

    /** @param nice the CPU priority to run at, as nice(1): 0 unchanged, up to 19 the lowest */
    ServiceProcess(String name, Path home, Map<String, String> env, int httpPort, int nice, PrintStream log) {
        this.name = name;
        this.jar = home.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        this.env = env;
        this.httpPort = httpPort;
        this.nice = nice;
        this.log = log;
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    public synchronized void start() throws IOException {
        if (!Files.exists(jar)) {
            throw new IOException(jar + " is missing: build with ./mvnw -DskipTests package");
        }
        List<String> cmd = new ArrayList<>();
        Optional<Path> niceCommand = nice > 0 ? NICE : Optional.empty();
        niceCommand.ifPresent(n -> cmd.addAll(List.of(n.toString(), "-n", Integer.toString(nice)))); // nice execs java: same pid
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC"); // small heaps, four JVMs on a laptop
        // imap-service holds each selected mailbox's message list per session (100,000 messages ≈ 12 MB)
        cmd.add(name.equals("imap-service") ? "-Xmx768m" : "-Xmx256m");
        cmd.add("-jar");
        cmd.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        process = pb.start();
        Process p = process;
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.println(String.format("%-16s| %s", name, line));
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, name + "-log");
        pump.setDaemon(true);
        pump.start();
    }

    /** The service's process id while it runs. */
    public synchronized OptionalLong pid() {
        return process != null && process.isAlive() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    /** nice(1), where the system has it (every Linux and macOS does). */
    private static final Optional<Path> NICE = java.util.stream.Stream.of("/usr/bin/nice", "/bin/nice")
            .map(Path::of).filter(Files::isExecutable).findFirst();

    static boolean canNice() {
        return NICE.isPresent();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** kill -9: no shutdown hook, no flush, no goodbye. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM, then SIGKILL if it does not stop in time. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Polls {@code /q/health/ready} until it answers UP (200); false at the deadline or when the process died. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!isAlive()) {
                return false;
            }
            try {
                if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        return false;
    }
}
