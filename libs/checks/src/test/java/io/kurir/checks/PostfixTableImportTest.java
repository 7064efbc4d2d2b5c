package io.kurir.checks;

import static io.kurir.checks.Fixtures.crlf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tables written for Postfix, imported unchanged (src/test/resources/postfix). */
class PostfixTableImportTest {

    private static final CheckTable HEADER_CHECKS = Fixtures.table("postfix/header_checks");
    private static final CheckTable BODY_CHECKS = Fixtures.table("postfix/body_checks");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", textBlock = """
            Received: from ws.lan ([10.20.30.40]) by mx => IGNORE =>  => 7
            Received: from ws.lan ([192.168.1.2]) by mx => IGNORE =>  => 8
            Received: from mx.example.net ([203.0.113.9]) by mx => none =>  => 0
            Subject: Cheap VIAGRA for you => REJECT => spam => 12
            Subject: Make Money Fast => REJECT =>  => 13
            To: friend@public.com => REJECT =>  => 14
            Subject: Your Lottery win => REJECT => 5.7.0 No Lottery mail please => 15
            X-Mailer: SuperBulk 3000 => HOLD => bulk mailer => 18
            X-Mailer: Group Mail 2 => HOLD => Group mailer => 19
            Subject: =?utf-8?B?SGVsbG8=?= => WARN => base64 encoded subject => 22
            Subject: => WARN => empty subject => 23
            Subject: [SPAM] hi => PREPEND => X-Kurir-Spam-Flag: yes => 24
            To: boss@spammer.example => INFO => spammer address outside sender headers => 28
            From: boss@spammer.example => none =>  => 0
            From: someone@legal.example.com => REDIRECT => archive@example.com => 36
            Subject: report [confidential] => REPLACE => Subject: [redacted] => 37
            Precedence: bulk => DUNNO =>  => 38
            X-Spam-Status: Yes, score=12 => DISCARD => already tagged as spam upstream => 39
            X-Loop: kurir => DUNNO =>  => 40
            """)
    void headerChecksFileBehavesAsInPostfix(String header, String keyword, String text, int line) {
        Optional<Match> match = HEADER_CHECKS.match(header);
        if (keyword.equals("none")) {
            assertTrue(match.isEmpty(), () -> header + " matched " + match);
            return;
        }
        assertEquals(keyword, match.orElseThrow().action().keyword(), header);
        assertEquals(text == null ? "" : text, match.get().action().text(), header);
        assertEquals(line, match.get().line(), header);
    }

    @Test
    void continuedRuleCatchesAttachmentNamesInFoldedMimeHeaders() {
        Match match = HEADER_CHECKS.match("Content-Disposition: attachment;\n\tfilename=\"invoice.pdf.exe\"")
                .orElseThrow();
        assertEquals("Attachment type \".exe\" not allowed", match.action().text());
        assertEquals(32, match.line());
    }

    @Test
    void bodyChecksFileSkipsBase64AndCatchesTheIframeExploit() {
        String base64 = "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assertTrue(BODY_CHECKS.match(base64).orElseThrow().action() instanceof Action.Dunno);
        assertEquals("IFRAME vulnerability exploit",
                BODY_CHECKS.match("<iframe src=3Dcid:x height=3D0 width=3D0>").orElseThrow().action().text());
        assertEquals("REJECT", BODY_CHECKS.match("begin 644 payload.exe").orElseThrow().action().keyword());
    }

    @Test
    void wholeMessageWithAnExecutableAttachment() {
        ContentVerdict verdict = new ContentChecks(HEADER_CHECKS, BODY_CHECKS)
                .scan(Fixtures.message("messages/attachment-exe.eml"));
        assertEquals(List.of("IGNORE", "HOLD", "REJECT"),
                verdict.findings().stream().map(f -> f.action().keyword()).toList());
        Finding ignored = verdict.findings().get(0);
        assertEquals("Received: from workstation ([10.1.2.3])\n\tby mail.example.net with ESMTP", ignored.input());
        assertEquals(3, ignored.messageLine());
        assertEquals(InputKind.BODY, verdict.hold().orElseThrow().kind());
        assertEquals(20, verdict.hold().orElseThrow().messageLine());
        Finding reject = verdict.reject().orElseThrow();
        assertEquals(InputKind.MIME_HEADER, reject.kind());
        assertEquals(23, reject.messageLine());
        assertEquals("Content-Type: application/octet-stream;\n\tname=\"invoice.exe\"", reject.input());
        assertEquals("postfix/header_checks:32", reject.match().location());
    }

    @Test
    void withoutHeaderChecksTheBodyOfEveryPartAndTheEpilogueIsChecked() {
        ContentVerdict verdict = new ContentChecks(CheckTable.empty("none"), BODY_CHECKS)
                .scan(Fixtures.message("messages/attachment-exe.eml"));
        assertEquals(List.of(20, 30, 32), verdict.findings().stream().map(Finding::messageLine).toList());
        assertEquals(List.of("HOLD", "WARN", "WARN"), verdict.findings().stream().map(f -> f.action().keyword()).toList());
    }

    @Test
    void aCleanMessagePasses() {
        byte[] message = crlf("""
                Received: from mx.example.net ([203.0.113.9]) by mx.example.com
                From: Dana <dana@example.org>
                To: team@example.com
                Subject: Minutes of Tuesday
                MIME-Version: 1.0
                Content-Type: text/plain; charset=utf-8

                Hi all, the minutes are below.
                """);
        assertTrue(new ContentChecks(HEADER_CHECKS, BODY_CHECKS).scan(message).isClean());
    }
}
