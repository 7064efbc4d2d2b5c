package io.kurir.queue.bounce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Reads a notice with Python's {@code email} package (parse_dsn.py) — a second, independent reader. */
final class PythonEmail {

    private PythonEmail() {
    }

    /** What Python saw, as JSON; the test is skipped, with the reason printed, when python3 is missing. */
    static JsonNode parse(byte[] content) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("dsn");
        try {
            Path script = dir.resolve("parse_dsn.py");
            try (InputStream in = PythonEmail.class.getResourceAsStream("parse_dsn.py")) {
                Files.write(script, in.readAllBytes());
            }
            Path message = dir.resolve("dsn.eml");
            Files.write(message, content);
            Process p;
            try {
                p = new ProcessBuilder("python3", script.toString(), message.toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            } catch (IOException e) {
                String reason = "python3 is not available (" + e.getMessage() + "): Python email check skipped";
                System.out.println(reason);
                Assumptions.abort(reason);
                throw e;
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("parse_dsn.py failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new ObjectMapper().readTree(out);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
