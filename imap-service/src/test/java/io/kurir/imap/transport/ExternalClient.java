package io.kurir.imap.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A client program outside the JVM for a test: found on PATH, or installed from Debian by apt-get
 * (non-interactive, with a time limit), or else the test is skipped with the reason printed.
 */
final class ExternalClient {

    private ExternalClient() {
    }

    /**
     * The first of {@code programs} on PATH, installing {@code debianPackage} when none is; skips the
     * test (printing why, and what covers the same paths) when it cannot be had.
     */
    static String require(String debianPackage, String coveredBy, String... programs) {
        Optional<String> found = find(programs).or(() -> install(debianPackage) ? find(programs) : Optional.empty());
        if (found.isEmpty()) {
            String reason = String.join("/", programs) + " is not installed and `apt-get install " + debianPackage
                    + "` did not provide it; " + coveredBy;
            System.out.println("SKIPPED: " + reason);
            Assumptions.assumeTrue(false, reason);
        }
        return found.orElseThrow();
    }

    private static Optional<String> find(String... programs) {
        for (String program : programs) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                if (Files.isExecutable(Path.of(dir, program))) {
                    return Optional.of(program);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean install(String debianPackage) {
        try {
            ProcessBuilder apt = new ProcessBuilder("apt-get", "install", "-y", "-q", "--no-install-recommends", debianPackage)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            apt.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = apt.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false; // no apt-get here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code command} with stdin closed; fails the test unless it exits 0 within a minute. Returns stdout and stderr. */
    static String run(List<String> command) throws Exception {
        return run(command, Map.of());
    }

    static String run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process p = builder.start();
        p.getOutputStream().close();
        var output = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                p.getInputStream().transferTo(output);
            } catch (IOException e) {
                // the process was killed; what was read so far is reported
            }
        });
        reader.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5_000);
            fail(command.get(0) + " did not finish in 90 s; its output:\n" + output.toString(StandardCharsets.UTF_8));
        }
        reader.join(5_000);
        String out = output.toString(StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
