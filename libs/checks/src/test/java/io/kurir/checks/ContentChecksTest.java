package io.kurir.checks;

import static io.kurir.checks.Fixtures.crlf;
import static io.kurir.checks.Fixtures.inputs;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContentChecksTest {

    private static ContentChecks headers(String table) {
        return new ContentChecks(CheckTable.parse(table, "header_checks"), CheckTable.empty("body_checks"));
    }

    private static ContentChecks body(String table) {
        return new ContentChecks(CheckTable.empty("header_checks"), CheckTable.parse(table, "body_checks"));
    }

    @Test
    void foldedHeaderIsMatchedAsOneStringWithNewlinesBetweenItsLines() {
        byte[] message = crlf("Subject: cheap\r\n\tpills and\r\n  viagra\r\nTo: x@y\r\n\r\nbody\r\n");
        ContentVerdict verdict = Fixtures.everyHeader().scan(message);
        assertEquals(List.of("Subject: cheap\n\tpills and\n  viagra", "To: x@y"), inputs(verdict));
        assertEquals(List.of(1, 4), verdict.findings().stream().map(Finding::messageLine).toList());

        assertTrue(headers("/^Subject:.*viagra/ REJECT").scan(message).reject().isPresent(),
                "without m, . matches the newline of the fold");
        assertFalse(headers("/^Subject: cheap$/ REJECT").scan(message).reject().isPresent(),
                "without m, $ is the end of the whole header");
        assertTrue(headers("/^Subject: cheap$/m REJECT").scan(message).reject().isPresent(),
                "with m, $ matches before the fold");
        assertTrue(headers("/^[[:space:]]+viagra$/m REJECT").scan(message).reject().isPresent(),
                "with m, ^ matches at the start of a continuation line, its whitespace kept");
    }

    @Test
    void rejectNamesTheHeaderTheRuleAndTheLine() {
        byte[] message = crlf("From: a@b\nSubject: buy viagra now\n\nhello\n");
        ContentVerdict verdict = headers("# rules\n/^Subject:.*viagra/ REJECT spam\n").scan(message);
        Finding reject = verdict.reject().orElseThrow();
        assertEquals(InputKind.HEADER, reject.kind());
        assertEquals("header Subject: buy viagra now", reject.describe());
        assertEquals(2, reject.messageLine());
        assertEquals("header_checks:2", reject.match().location());
        assertEquals("5.7.1", ((Action.Reject) reject.action()).statusCode());
        assertEquals(reject, verdict.terminal().orElseThrow());
    }

    @Test
    void bodyChecksSeeBodyLinesOnlyAndNeverEmptyOnes() {
        byte[] message = crlf("Subject: click here\n\nline one\n\n  \nclick here\n");
        ContentVerdict verdict = Fixtures.everyBodyLine().scan(message);
        assertEquals(List.of("line one", "  ", "click here"), inputs(verdict));
        assertTrue(verdict.findings().stream().allMatch(f -> f.kind() == InputKind.BODY));
        assertEquals(List.of(3, 5, 6), verdict.findings().stream().map(Finding::messageLine).toList());
    }

    @Test
    void aLineThatIsNoHeaderEndsTheHeaderSection() {
        byte[] message = crlf("Subject: x\nthis is not a header\nTo: looks like a header\n");
        assertEquals(List.of("Subject: x"), inputs(Fixtures.everyHeader().scan(message)));
        assertEquals(List.of("this is not a header", "To: looks like a header"),
                inputs(Fixtures.everyBodyLine().scan(message)));
    }

    @Test
    void scanningStopsAtRejectAndDiscardButNotAtHold() {
        String table = """
                /^X-A:/ HOLD first
                /^X-B:/ REJECT second
                /^X-C:/ WARN never reached
                """;
        ContentVerdict verdict = headers(table).scan(crlf("X-A: 1\nX-B: 2\nX-C: 3\n\n"));
        assertEquals(List.of("HOLD", "REJECT"), verdict.findings().stream().map(f -> f.action().keyword()).toList());
        assertEquals("REJECT", verdict.terminal().orElseThrow().action().keyword(), "REJECT outranks HOLD");
        assertEquals("HOLD", verdict.hold().orElseThrow().action().keyword());

        ContentVerdict discarded = headers("/^X-A:/ DISCARD\n/^X-B:/ WARN").scan(crlf("X-A: 1\nX-B: 2\n\n"));
        assertEquals(1, discarded.findings().size());
        assertTrue(discarded.discard().isPresent());
    }

    @Test
    void nonTerminalActionsAreCollectedInMessageOrder() {
        String headerTable = """
                /^Received:.*\\[10\\./ IGNORE
                /^Subject: (.*)/    REPLACE Subject: [ext] $1
                /^X-Mailer:/        PREPEND X-Kurir-Note: mailer seen
                /^From:/            REDIRECT first@example.com
                /^Sender:/          REDIRECT last@example.com
                """;
        ContentChecks checks = new ContentChecks(CheckTable.parse(headerTable, "h"),
                CheckTable.parse("/unsubscribe/ WARN list mail", "b"));
        byte[] message = crlf("""
                Received: from ws ([10.0.0.1])
                From: a@b
                Sender: c@d
                Subject: hello
                X-Mailer: Foo

                unsubscribe here
                """);
        ContentVerdict verdict = checks.scan(message);
        assertEquals(List.of("IGNORE", "REPLACE", "PREPEND", "WARN"),
                verdict.nonTerminal().stream().map(f -> f.action().keyword()).toList());
        assertEquals("Subject: [ext] hello", verdict.nonTerminal().get(1).action().text());
        assertEquals("last@example.com", verdict.redirect().orElseThrow().action().text(), "the last REDIRECT wins");
        assertEquals("first@example.com", verdict.terminal().orElseThrow().action().text(),
                "without REJECT or DISCARD the first HOLD or REDIRECT decides");
        assertTrue(verdict.reject().isEmpty());
    }

    @Test
    void mimePartHeadersAndNestedMessageHeadersAreHeaders() {
        ContentVerdict verdict = Fixtures.everyHeader().scan(Fixtures.message("messages/forwarded-spam.eml"));
        List<String> seen = verdict.findings().stream()
                .map(f -> f.kind() + " " + f.input().substring(0, f.input().indexOf(':'))).toList();
        assertEquals(List.of(
                "HEADER From", "HEADER To", "HEADER Subject", "MIME_HEADER MIME-Version", "MIME_HEADER Content-Type",
                "MIME_HEADER Content-Type",
                "MIME_HEADER Content-Type",
                "NESTED_HEADER Received", "NESTED_HEADER From", "NESTED_HEADER Subject", "MIME_HEADER Content-Type",
                "MIME_HEADER Content-Type",
                "MIME_HEADER Content-Type"), seen);
    }

    @Test
    void bodyLinesInsidePartsAreBodyButPartHeadersAreNot() {
        ContentVerdict verdict = Fixtures.everyBodyLine().scan(Fixtures.message("messages/forwarded-spam.eml"));
        assertEquals(List.of(
                "--outer", "Forwarding the spam I got.", "--outer",
                "--inner", "Buy now.", "--inner", "<iframe src=3Dcid:abc height=3D0 width=3D0>", "--inner--",
                "--outer--"), inputs(verdict));
    }

    @Test
    void nestedHeaderOfAnAttachedMessageIsRejected() {
        ContentChecks checks = new ContentChecks(Fixtures.table("postfix/header_checks"),
                Fixtures.table("postfix/body_checks"));
        ContentVerdict verdict = checks.scan(Fixtures.message("messages/forwarded-spam.eml"));
        Finding reject = verdict.reject().orElseThrow();
        assertEquals(InputKind.NESTED_HEADER, reject.kind());
        assertEquals("Subject: cheap viagra", reject.input());
        assertEquals(17, reject.messageLine());
    }

    @Test
    void eightBitUtf8IsMatchedAsTextAndMalformedBytesDoNotBreakTheScan() {
        byte[] good = "Subject: Grüße\r\n\r\nBitte die Überweisung sofort!\r\n".getBytes(UTF_8);
        ContentChecks checks = new ContentChecks(CheckTable.parse("/^Subject: GRÜSSE|^Subject: grüße/ WARN umlaut", "h"),
                CheckTable.parse("/ÜBERWEISUNG.*sofort/ HOLD", "b"));
        ContentVerdict verdict = checks.scan(good);
        assertEquals(List.of("WARN", "HOLD"), verdict.findings().stream().map(f -> f.action().keyword()).toList());

        byte[] bad = {'S', 'u', 'b', 'j', 'e', 'c', 't', ':', ' ', (byte) 0xff, 'x', '\r', '\n', '\r', '\n',
            (byte) 0xc3, 'a', 'b', 'c', '\r', '\n'};
        ContentVerdict replaced = new ContentChecks(CheckTable.parse("/^Subject: \uFFFDx$/ WARN", "h"),
                CheckTable.parse("/^\uFFFDabc$/ WARN", "b")).scan(bad);
        assertEquals(List.of("Subject: \uFFFDx", "\uFFFDabc"), inputs(replaced));
    }

    @Test
    void bareLfMessagesAreReadToo() {
        byte[] message = "Subject: a\n\tb\n\nbody line\n".getBytes(UTF_8);
        assertEquals(List.of("Subject: a\n\tb"), inputs(Fixtures.everyHeader().scan(message)));
        assertEquals(List.of("body line"), inputs(Fixtures.everyBodyLine().scan(message)));
    }

    @Test
    void emptyChecksFindNothing() {
        ContentChecks none = new ContentChecks(CheckTable.empty("h"), CheckTable.empty("b"));
        assertTrue(none.isEmpty());
        assertTrue(none.scan(crlf("Subject: viagra\n\nviagra\n")).isClean());
        assertTrue(Fixtures.everyHeader().scan(new byte[0]).isClean());
    }
}
