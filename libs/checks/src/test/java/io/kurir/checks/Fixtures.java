package io.kurir.checks;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Test fixtures under src/test/resources and small builders for messages. */
final class Fixtures {

    private Fixtures() {
    }

    static String text(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture message with CRLF line ends whatever the checkout did to the file. */
    static byte[] message(String resource) {
        return crlf(text(resource));
    }

    /** The text with every line end made CRLF, encoded as UTF-8. */
    static byte[] crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(UTF_8);
    }

    static CheckTable table(String resource) {
        return CheckTable.parse(text(resource), resource);
    }

    /** Header checks that WARN on every header: shows what the scanner hands to header_checks. */
    static ContentChecks everyHeader() {
        return new ContentChecks(CheckTable.parse("/^/ WARN", "all-headers"), CheckTable.empty("none"));
    }

    /** Body checks that WARN on every line: shows what the scanner hands to body_checks. */
    static ContentChecks everyBodyLine() {
        return new ContentChecks(CheckTable.empty("none"), CheckTable.parse("/^/ WARN", "all-body"));
    }

    static List<String> inputs(ContentVerdict verdict) {
        return verdict.findings().stream().map(Finding::input).toList();
    }
}
