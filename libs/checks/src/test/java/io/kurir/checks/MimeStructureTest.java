package io.kurir.checks;

import static io.kurir.checks.Fixtures.crlf;
import static io.kurir.checks.Fixtures.inputs;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the scanner follows MIME structure, including structure meant to hurt it. */
class MimeStructureTest {

    private static final Duration QUICKLY = Duration.ofSeconds(20);

    private static List<String> headerKinds(byte[] message) {
        return Fixtures.everyHeader().scan(message).findings().stream()
                .map(f -> f.kind() + " " + f.input().lines().findFirst().orElseThrow()).toList();
    }

    @Test
    void quotedBoundaryWithSpecialCharacters() {
        byte[] message = crlf("""
                Content-Type: multipart/mixed; charset=x;
                 BOUNDARY="a'()+_,-./:=? b"

                --a'()+_,-./:=? b
                X-Part: 1

                text
                --a'()+_,-./:=? b--
                """);
        assertEquals(List.of("MIME_HEADER Content-Type: multipart/mixed; charset=x;", "MIME_HEADER X-Part: 1"),
                headerKinds(message));
    }

    @Test
    void digestPartsAreMessagesByDefault() {
        byte[] message = crlf("""
                Content-Type: multipart/digest; boundary=d

                --d

                Subject: first digested message

                text
                --d--
                """);
        assertEquals(List.of("MIME_HEADER Content-Type: multipart/digest; boundary=d",
                "NESTED_HEADER Subject: first digested message"), headerKinds(message));
    }

    @Test
    void encodedAttachedMessageAndMultipartWithoutBoundaryAreBody() {
        byte[] encoded = crlf("""
                Content-Type: message/rfc822
                Content-Transfer-Encoding: base64

                Subject: not a header here
                """);
        assertEquals(2, headerKinds(encoded).size());
        assertEquals(List.of("Subject: not a header here"), inputs(Fixtures.everyBodyLine().scan(encoded)));

        byte[] noBoundary = crlf("Content-Type: multipart/mixed\n\n--x\nSubject: body\n");
        assertEquals(List.of("--x", "Subject: body"), inputs(Fixtures.everyBodyLine().scan(noBoundary)));
    }

    @Test
    void boundaryNeverClosedLeavesThePartOpenToTheEnd() {
        byte[] message = crlf("""
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain

                still body
                and more body
                """);
        assertEquals(List.of("--b", "still body", "and more body"), inputs(Fixtures.everyBodyLine().scan(message)));
    }

    @Test
    void outerBoundaryClosesAnInnerMultipartThatNeverEnded() {
        byte[] message = crlf("""
                Content-Type: multipart/mixed; boundary=outer

                --outer
                Content-Type: multipart/alternative; boundary=inner

                --inner
                X-Inner: 1

                --outer
                X-Outer: 2

                --inner
                X-Not-A-Part: because inner is closed
                """);
        assertEquals(List.of("MIME_HEADER Content-Type: multipart/mixed; boundary=outer",
                "MIME_HEADER Content-Type: multipart/alternative; boundary=inner", "MIME_HEADER X-Inner: 1",
                "MIME_HEADER X-Outer: 2"), headerKinds(message));
    }

    @Test
    void bodyChecksSizeLimitAppliesPerPart() {
        String filler = ("x".repeat(98) + "\n").repeat(20); // 20 lines of 100 bytes with CRLF
        byte[] message = crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\n\n" + filler + "needle one\n"
                + "--b\n\nneedle two\n" + filler + "needle three\n--b--\n");
        ContentChecks limited = new ContentChecks(CheckTable.empty("h"), CheckTable.parse("/needle/ WARN", "b"), 1500);
        assertEquals(List.of("needle two"), inputs(limited.scan(message)));
        ContentChecks unlimited = new ContentChecks(CheckTable.empty("h"), CheckTable.parse("/needle/ WARN", "b"),
                Integer.MAX_VALUE);
        assertEquals(List.of("needle one", "needle two", "needle three"), inputs(unlimited.scan(message)));
    }

    @Test
    void hundredThousandLineMessage() {
        StringBuilder text = new StringBuilder("Subject: big\r\n\r\n");
        for (int i = 0; i < 100_000; i++) {
            text.append("line ").append(i).append("\r\n");
        }
        text.append("the needle\r\n");
        byte[] message = text.toString().getBytes(UTF_8);
        ContentChecks checks = new ContentChecks(CheckTable.parse("/^Subject: small/ REJECT", "h"),
                CheckTable.parse("/needle/ REJECT found it", "b"), Integer.MAX_VALUE);
        ContentVerdict verdict = assertTimeoutPreemptively(QUICKLY, () -> checks.scan(message));
        assertEquals(100_003, verdict.reject().orElseThrow().messageLine());
        assertTrue(new ContentChecks(CheckTable.empty("h"), CheckTable.parse("/needle/ REJECT", "b"))
                .scan(message).isClean(), "beyond the default 51200 bytes the body is not checked");
    }

    @Test
    void hundredThousandFoldedLinesMakeOneCappedHeader() {
        StringBuilder text = new StringBuilder("X-Long: start\r\n");
        text.append("\tfold\r\n".repeat(100_000)).append("Subject: after\r\n\r\n");
        ContentVerdict verdict = assertTimeoutPreemptively(QUICKLY,
                () -> Fixtures.everyHeader().scan(text.toString().getBytes(UTF_8)));
        assertEquals(CheckTable.MAX_INPUT_LENGTH, verdict.findings().get(0).input().length());
        assertEquals("Subject: after", verdict.findings().get(1).input());
        assertEquals(100_002, verdict.findings().get(1).messageLine());
    }

    @Test
    void fiveMegabyteLineIsCutBeforeMatching() {
        byte[] message = ("Subject: x\r\n\r\n" + "a".repeat(5_000_000) + "needle\r\nneedle\r\n").getBytes(UTF_8);
        ContentChecks checks = new ContentChecks(CheckTable.empty("h"), CheckTable.parse("/needle/ WARN", "b"),
                Integer.MAX_VALUE);
        ContentVerdict verdict = assertTimeoutPreemptively(QUICKLY, () -> checks.scan(message));
        assertEquals(List.of(4), verdict.findings().stream().map(Finding::messageLine).toList());
    }

    @Test
    void thousandNestedMultipartsStopBeingFollowedAtTheNestingLimit() {
        StringBuilder text = new StringBuilder();
        for (int level = 0; level < 1000; level++) {
            // "b2z" is no prefix of "b21z": RFC 2046 boundaries are compared as line prefixes
            text.append("Content-Type: multipart/mixed; boundary=b").append(level).append("z\r\n")
                    .append("X-Level: ").append(level).append("\r\n\r\n")
                    .append("--b").append(level).append("z\r\n");
        }
        text.append("\r\ninnermost\r\n");
        byte[] message = text.toString().getBytes(UTF_8);
        List<String> levels = assertTimeoutPreemptively(QUICKLY, () -> Fixtures.everyHeader().scan(message))
                .findings().stream().map(Finding::input).filter(h -> h.startsWith("X-Level")).toList();
        assertEquals(MessageWalker.MAX_NESTING + 1, levels.size(), "the message and 20 nested levels");
        assertEquals("X-Level: " + MessageWalker.MAX_NESTING, levels.get(levels.size() - 1));
        ContentChecks everyBodyLine = new ContentChecks(CheckTable.empty("h"), CheckTable.parse("/^/ WARN", "b"),
                Integer.MAX_VALUE);
        List<String> body = inputs(everyBodyLine.scan(message));
        assertTrue(body.contains("X-Level: 21"), "deeper headers are read as body");
        assertTrue(body.contains("innermost"));
    }

    @Test
    void thousandNestedAttachedMessagesStopBeingFollowedAtTheNestingLimit() {
        String level = "Subject: level\r\nContent-Type: message/rfc822\r\n\r\n";
        byte[] message = (level.repeat(1000) + "\r\nend\r\n").getBytes(UTF_8);
        ContentVerdict verdict = assertTimeoutPreemptively(QUICKLY, () -> Fixtures.everyHeader().scan(message));
        long subjects = verdict.findings().stream().filter(f -> f.input().startsWith("Subject")).count();
        assertEquals(MessageWalker.MAX_NESTING + 1, subjects);
        assertEquals(InputKind.NESTED_HEADER, verdict.findings().get(2).kind());
    }
}
