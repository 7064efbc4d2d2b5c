package io.kurir.rewrite.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.checks.CheckTable;
import io.kurir.checks.ContentChecks;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** header_checks and body_checks actions as cleanup applies them after the queue: one test per action. */
class ContentActionsTest {

    private static final String MESSAGE = """
            From: Budi <budi@b.test>\r
            To: fauzan@localhost\r
            Subject: lab report\r
            X-Mailer: BulkMailer 2.0\r
            Thread-Topic: a long header\r
             folded over\r
            \tthree lines\r
            \r
            Hello Fauzan,\r
            the report is attached.\r
            click here to unsubscribe\r
            """;

    private static ContentActions.Outcome apply(String headerChecks, String bodyChecks) {
        return apply(headerChecks, bodyChecks, MESSAGE);
    }

    private static ContentActions.Outcome apply(String headerChecks, String bodyChecks, String message) {
        var checks = new ContentChecks(CheckTable.parse(headerChecks, "header_checks"),
                CheckTable.parse(bodyChecks, "body_checks"));
        byte[] raw = message.getBytes(StandardCharsets.UTF_8);
        return ContentActions.apply(raw, checks.scan(raw));
    }

    private static String text(ContentActions.Outcome o) {
        return new String(o.message(), StandardCharsets.UTF_8);
    }

    @Test
    void nothingMatchesNothingChanges() {
        var o = apply("/^Subject: spam/ REJECT", "/viagra/ DISCARD");
        assertInstanceOf(ContentActions.Fate.Deliver.class, o.fate());
        assertEquals(MESSAGE, text(o));
        assertEquals(List.of(), o.log());
    }

    @Test
    void rejectReturnsTheMessageWithTheRulesStatusAndText() {
        var o = apply("/^X-Mailer: Bulk/ REJECT 5.7.0 bulk mail not accepted here", "");
        var reject = assertInstanceOf(ContentActions.Fate.Reject.class, o.fate());
        assertEquals("5.7.0", reject.status());
        assertEquals("bulk mail not accepted here", reject.reason());
        assertEquals(List.of(new ContentActions.Logged("reject", "header X-Mailer: BulkMailer 2.0",
                "5.7.0 bulk mail not accepted here")), o.log());
        var plain = assertInstanceOf(ContentActions.Fate.Reject.class, apply("/^X-Mailer:/ REJECT", "").fate());
        assertEquals("5.7.1", plain.status(), "Postfix's default status");
        assertEquals("Message content rejected", plain.reason());
    }

    @Test
    void discardDropsTheMessageAndEndsInspection() {
        var o = apply("/^Subject: lab/ DISCARD lab spam\n/^X-Mailer:/ WARN not reached", "/report/ HOLD not reached");
        var discard = assertInstanceOf(ContentActions.Fate.Discard.class, o.fate());
        assertEquals("DISCARD", discard.finding().action().keyword());
        assertEquals(List.of(new ContentActions.Logged("discard", "header Subject: lab report", "lab spam")), o.log());
    }

    @Test
    void holdKeepsTheMessageWholeAndStopsItForTheAdministrator() {
        var o = apply("", "/unsubscribe/ HOLD bulk mail for review");
        var divert = assertInstanceOf(ContentActions.Fate.Divert.class, o.fate());
        assertTrue(divert.hold().isPresent());
        assertTrue(divert.redirect().isEmpty());
        assertEquals(MESSAGE, text(o));
        assertEquals(List.of(new ContentActions.Logged("hold", "body click here to unsubscribe", "bulk mail for review")),
                o.log());
    }

    @Test
    void redirectSendsToOneAddressAndTheLastOneCounts() {
        var o = apply("/^Subject:/ REDIRECT first@localhost\n/^X-Mailer:/ REDIRECT abuse@localhost", "");
        var divert = assertInstanceOf(ContentActions.Fate.Divert.class, o.fate());
        assertEquals("abuse@localhost", divert.redirect().orElseThrow().action().text());
        assertTrue(divert.hold().isEmpty());
    }

    @Test
    void holdAndRedirectBothHold() {
        var divert = assertInstanceOf(ContentActions.Fate.Divert.class,
                apply("/^Subject:/ REDIRECT abuse@localhost\n/^X-Mailer:/ HOLD", "").fate());
        assertTrue(divert.hold().isPresent());
        assertTrue(divert.redirect().isPresent());
    }

    @Test
    void warnAndInfoAreLoggedAndChangeNothing() {
        var o = apply("/^X-Mailer: (.*)/ WARN mailer $1\n/^From:/ INFO from budi", "");
        assertInstanceOf(ContentActions.Fate.Deliver.class, o.fate());
        assertEquals(MESSAGE, text(o));
        assertEquals(List.of(new ContentActions.Logged("info", "header From: Budi <budi@b.test>", "from budi"),
                new ContentActions.Logged("warning", "header X-Mailer: BulkMailer 2.0", "mailer BulkMailer 2.0")), o.log());
    }

    @Test
    void ignoreDeletesTheWholeFoldedHeader() {
        var o = apply("/^Thread-Topic:/ IGNORE", "");
        assertInstanceOf(ContentActions.Fate.Deliver.class, o.fate());
        assertEquals(MESSAGE.replace("Thread-Topic: a long header\r\n folded over\r\n\tthree lines\r\n", ""), text(o));
        assertEquals(List.of(), o.log(), "Postfix does not log IGNORE");
    }

    @Test
    void ignoreDeletesABodyLine() {
        var o = apply("", "/^click here/ IGNORE");
        assertEquals(MESSAGE.replace("click here to unsubscribe\r\n", ""), text(o));
    }

    @Test
    void prependPutsAHeaderBeforeTheMatchedOne() {
        var o = apply("/^X-Mailer: Bulk/ PREPEND X-Bulk: yes", "");
        assertEquals(MESSAGE.replace("X-Mailer:", "X-Bulk: yes\r\nX-Mailer:"), text(o));
        assertEquals(List.of(new ContentActions.Logged("prepend", "header X-Mailer: BulkMailer 2.0", "X-Bulk: yes")), o.log());
    }

    @Test
    void prependBeforeAHeaderMustBeAHeaderLine() {
        var o = apply("/^X-Mailer:/ PREPEND not a header", "");
        assertEquals(MESSAGE, text(o), "nothing is inserted that would end the header section");
        assertEquals("warning", o.log().get(0).action());
    }

    @Test
    void prependBeforeABodyLineInsertsAnyText() {
        var o = apply("", "/^click here/ PREPEND -- the following line was flagged --");
        assertEquals(MESSAGE.replace("click here", "-- the following line was flagged --\r\nclick here"), text(o));
    }

    @Test
    void replaceSwapsTheWholeFoldedHeaderWithSubstitution() {
        var o = apply("/^Subject: (.*)/ REPLACE Subject: [LAB] $1\n/^Thread-Topic:/ REPLACE Thread-Topic: short", "");
        assertEquals(MESSAGE.replace("Subject: lab report", "Subject: [LAB] lab report")
                .replace("Thread-Topic: a long header\r\n folded over\r\n\tthree lines", "Thread-Topic: short"), text(o));
        assertEquals(List.of(new ContentActions.Logged("replace", "header Subject: lab report", "Subject: [LAB] lab report"),
                new ContentActions.Logged("replace", "header Thread-Topic: a long header? folded over??three lines",
                        "Thread-Topic: short")), o.log(), "bottom-up edits are still logged in message order");
    }

    @Test
    void replaceABodyLine() {
        var o = apply("", "/unsubscribe/ REPLACE [link removed]");
        assertEquals(MESSAGE.replace("click here to unsubscribe", "[link removed]"), text(o));
    }

    @Test
    void editsOfSeveralLinesKeepEachOthersPlace() {
        var o = apply("/^From:/ PREPEND X-First: 1\n/^X-Mailer:/ IGNORE\n/^Subject:/ REPLACE Subject: x",
                "/^Hello/ PREPEND X\n/^click/ IGNORE");
        assertEquals("""
                X-First: 1\r
                From: Budi <budi@b.test>\r
                To: fauzan@localhost\r
                Subject: x\r
                Thread-Topic: a long header\r
                 folded over\r
                \tthree lines\r
                \r
                X\r
                Hello Fauzan,\r
                the report is attached.\r
                """, text(o));
    }

    @Test
    void aBareLfMessageGetsBareLfLines() {
        var o = apply("/^Subject:/ REPLACE Subject: a", "/^body/ PREPEND b", "Subject: hi\nTo: a@b\n\nbody\n");
        assertEquals("Subject: a\nTo: a@b\n\nb\nbody\n", text(o));
    }

    @Test
    void mimePartHeadersAreEditedWhereTheyAre() {
        String mime = """
                Subject: files\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="b1"\r
                \r
                --b1\r
                Content-Type: text/plain\r
                \r
                see attached\r
                --b1\r
                Content-Type: application/octet-stream; name="run.exe"\r
                Content-Disposition: attachment; filename="run.exe"\r
                \r
                TVqQAAMAAAAEAAAA\r
                --b1--\r
                """;
        var o = apply("/^Content-Type:.*name=\"?[^\"]*\\.exe/ REPLACE Content-Type: text/plain; name=\"removed.txt\"", "", mime);
        assertTrue(text(o).contains("\r\nContent-Type: text/plain; name=\"removed.txt\"\r\nContent-Disposition:"), text(o));
        assertEquals(mime.length() - "application/octet-stream; name=\"run.exe\"".length()
                + "text/plain; name=\"removed.txt\"".length(), text(o).length());
    }

    @Test
    void aCleanVerdictReturnsTheSameBytes() {
        byte[] raw = MESSAGE.getBytes(StandardCharsets.UTF_8);
        var o = ContentActions.apply(raw, new io.kurir.checks.ContentVerdict(List.of()));
        assertSame(raw, o.message());
    }
}
