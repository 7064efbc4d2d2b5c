package io.kurir.queue.bounce;

import static io.kurir.queue.bounce.BounceFixtures.HOST;
import static io.kurir.queue.bounce.BounceFixtures.NEW_QID;
import static io.kurir.queue.bounce.BounceFixtures.QID;
import static io.kurir.queue.bounce.BounceFixtures.REJECTED;
import static io.kurir.queue.bounce.BounceFixtures.ascii;
import static io.kurir.queue.bounce.BounceFixtures.compose;
import static io.kurir.queue.bounce.BounceFixtures.delayed;
import static io.kurir.queue.bounce.BounceFixtures.delivered;
import static io.kurir.queue.bounce.BounceFixtures.failed;
import static io.kurir.queue.bounce.BounceFixtures.original;
import static io.kurir.queue.bounce.BounceFixtures.parse;
import static io.kurir.queue.bounce.BounceFixtures.raw;
import static io.kurir.queue.bounce.BounceFixtures.report;
import static io.kurir.queue.bounce.BounceFixtures.request;
import static io.kurir.queue.bounce.BounceFixtures.statusBlocks;
import static io.kurir.queue.bounce.BounceFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Notices read back with Jakarta Mail (Angus), as a mail client would. */
class BounceComposerTest {

    @Test
    void failureIsAMultipartReportWithTheWholeMessage() throws Exception {
        BounceMessage dsn = compose(request(DsnKind.FAILURE, DsnRet.NOT_SPECIFIED, original(),
                failed("bob@b.test", REJECTED), failed("carol@b.test", "550 5.1.1 no such user")));
        MimeMessage m = parse(dsn.content());

        assertEquals("MAILER-DAEMON@mx.kurir.test (Mail Delivery System)", m.getHeader("From", null));
        assertEquals("alice@a.test", m.getHeader("To", null));
        assertEquals("Undelivered Mail Returned to Sender", m.getSubject());
        assertEquals("Tue, 4 Mar 2025 10:15:30 +0000", m.getHeader("Date", null), "Date from the fixed clock");
        assertEquals("<20250304101530." + NEW_QID + "@" + HOST + ">", m.getHeader("Message-Id", null));
        assertEquals(dsn.messageId(), m.getHeader("Message-Id", null));
        assertEquals("auto-replied", m.getHeader("Auto-Submitted", null), "RFC 3834 marker");
        assertEquals("1.0", m.getHeader("MIME-Version", null));
        assertNull(m.getHeader("Content-Transfer-Encoding"), "an ASCII notice declares no 8bit");
        ContentType type = new ContentType(m.getContentType());
        assertEquals("multipart/report", type.getBaseType());
        assertEquals("delivery-status", type.getParameter("report-type"));
        assertEquals(QID + ".1741083330/" + HOST, type.getParameter("boundary"));
        assertEquals("", dsn.envelopeSender(), "a notice goes out with the null sender");
        assertFalse(dsn.eightBit());
        assertFalse(dsn.smtputf8());

        MimeMultipart parts = report(m);
        assertEquals(3, parts.getCount(), "text, report, returned message");
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
        assertEquals("us-ascii", new ContentType(parts.getBodyPart(0).getContentType()).getParameter("charset"));
        String human = (String) parts.getBodyPart(0).getContent();
        assertTrue(human.startsWith("This is the mail system at host mx.kurir.test.\r\n\r\n"), human);
        assertTrue(human.contains("your message could not\r\nbe delivered to one or more recipients. It's attached below."),
                human);
        assertTrue(human.contains("<bob@b.test>: host mx.b.test[192.0.2.25] said: 550 5.1.1"), human);
        assertTrue(parts.getBodyPart(1).isMimeType("message/delivery-status"));
        assertEquals("Delivery report", parts.getBodyPart(1).getDescription());
        assertTrue(parts.getBodyPart(2).isMimeType("message/rfc822"));
        MimeMessage returned = (MimeMessage) parts.getBodyPart(2).getContent();
        assertEquals("Lunch on Friday", returned.getSubject());
        assertTrue(text(raw(parts.getBodyPart(2))).contains("shall we have lunch on Friday?\r\n"), "the body is returned");

        List<Map<String, String>> blocks = statusBlocks(parts.getBodyPart(1));
        assertEquals(3, blocks.size(), "per-message fields and two recipient groups");
        Map<String, String> msg = blocks.get(0);
        assertEquals("ENV-42", msg.get("Original-Envelope-Id"));
        assertEquals("dns; mx.kurir.test", msg.get("Reporting-MTA"));
        assertEquals(QID, msg.get("X-Postfix-Queue-ID"));
        assertEquals("rfc822; alice@a.test", msg.get("X-Postfix-Sender"));
        assertEquals("Tue, 4 Mar 2025 05:15:30 +0000", msg.get("Arrival-Date"));
        Map<String, String> bob = blocks.get(1);
        assertEquals("rfc822;bob@b.test", bob.get("Original-Recipient"));
        assertEquals("rfc822; bob@b.test", bob.get("Final-Recipient"));
        assertEquals("failed", bob.get("Action"));
        assertEquals("5.1.1", bob.get("Status"));
        assertEquals("dns; mx.b.test", bob.get("Remote-MTA"));
        assertEquals("smtp; " + REJECTED, bob.get("Diagnostic-Code"));
        assertEquals("Tue, 4 Mar 2025 10:15:30 +0000", bob.get("Last-Attempt-Date"));
        assertFalse(bob.containsKey("Will-Retry-Until"), "only delayed recipients carry Will-Retry-Until");
        assertEquals("rfc822; carol@b.test", blocks.get(2).get("Final-Recipient"));
    }

    @Test
    void delayWarnsWithRetryDateAndReturnsHeadersOnly() throws Exception {
        BounceMessage dsn = compose(request(DsnKind.DELAY, DsnRet.FULL, original(), delayed("bob@b.test")));
        MimeMessage m = parse(dsn.content());
        assertEquals("Delayed Mail (still being retried)", m.getSubject());
        MimeMultipart parts = report(m);
        String human = (String) parts.getBodyPart(0).getContent();
        assertTrue(human.contains("only a warning"), human);
        assertTrue(human.contains("in the queue for 5 hours"), human);
        assertTrue(human.contains("Sun, 9 Mar 2025 05:15:30 +0000"), "the text says until when: " + human);
        Map<String, String> bob = statusBlocks(parts.getBodyPart(1)).get(1);
        assertEquals("delayed", bob.get("Action"));
        assertEquals("4.4.1", bob.get("Status"));
        assertEquals("X-Postfix; connect to mx.b.test[192.0.2.25]:25: Connection refused", bob.get("Diagnostic-Code"));
        assertEquals("Sun, 9 Mar 2025 05:15:30 +0000", bob.get("Will-Retry-Until"));
        assertFalse(bob.containsKey("Original-Recipient"), "no original recipient given");
        assertFalse(bob.containsKey("Remote-MTA"), "no remote server given");
        assertTrue(parts.getBodyPart(2).isMimeType("text/rfc822-headers"), "a delay warning returns headers only");
        assertEquals("Delayed Message Headers", parts.getBodyPart(2).getDescription());
    }

    @Test
    void successReportsDeliveredRecipientsWithHeadersOnly() throws Exception {
        BounceMessage dsn = compose(request(DsnKind.SUCCESS, DsnRet.FULL, original(), delivered("bob@b.test")));
        MimeMultipart parts = report(parse(dsn.content()));
        assertEquals("Successful Mail Delivery Report", parse(dsn.content()).getSubject());
        assertTrue(((String) parts.getBodyPart(0).getContent()).contains("was delivered"));
        assertEquals("delivered", statusBlocks(parts.getBodyPart(1)).get(1).get("Action"));
        assertEquals("2.0.0", statusBlocks(parts.getBodyPart(1)).get(1).get("Status"));
        assertTrue(parts.getBodyPart(2).isMimeType("text/rfc822-headers"));
    }

    @Test
    void postmasterCopyGoesFromDoubleBounceWithHeadersOnly() throws Exception {
        var req = new BounceRequest(DsnKind.POSTMASTER_COPY, HOST, QID, BounceFixtures.ARRIVAL, "",
                "postmaster@kurir.test", java.util.Optional.empty(), DsnRet.FULL,
                List.of(failed("alice@a.test", REJECTED)), original());
        BounceMessage dsn = compose(req);
        MimeMessage m = parse(dsn.content());
        assertEquals("Postmaster Copy: Undelivered Mail", m.getSubject());
        assertEquals("postmaster@kurir.test", m.getHeader("To", null));
        assertEquals("double-bounce@mx.kurir.test", dsn.envelopeSender(), "its own failure must be dropped");
        MimeMultipart parts = report(m);
        assertTrue(parts.getBodyPart(2).isMimeType("text/rfc822-headers"), "the postmaster sees headers only");
        Map<String, String> msg = statusBlocks(parts.getBodyPart(1)).get(0);
        assertFalse(msg.containsKey("X-Postfix-Sender"), "the null sender has no address to report");
        assertFalse(msg.containsKey("Original-Envelope-Id"));
    }

    @Test
    void retHdrsReturnsExactlyTheHeaderSection() throws Exception {
        BounceMessage dsn = compose(request(DsnKind.FAILURE, DsnRet.HDRS, original(), failed("bob@b.test", REJECTED)));
        MimeMultipart parts = report(parse(dsn.content()));
        assertTrue(parts.getBodyPart(2).isMimeType("text/rfc822-headers"));
        assertEquals("Undelivered Message Headers", parts.getBodyPart(2).getDescription());
        String headers = text(raw(parts.getBodyPart(2)));
        String expected = text(original()).split("\n\n", 2)[0].replace("\n", "\r\n") + "\r\n";
        assertEquals(expected, headers, "the header section, CRLF, without the body");
        assertFalse(text(dsn.content()).contains("shall we have lunch"), "no body text anywhere");
        assertTrue(((String) parts.getBodyPart(0).getContent()).contains("Its headers are attached below."));
    }

    @Test
    void messageOverTheSizeLimitIsReturnedAsHeaders() throws Exception {
        byte[] big = ascii("Subject: big\r\nFrom: alice@a.test\r\n\r\n" + "x".repeat(80).concat("\r\n").repeat(20));
        BounceMessage dsn = compose(request(DsnKind.FAILURE, DsnRet.FULL, big, failed("bob@b.test", REJECTED)), 1000);
        MimeMultipart parts = report(parse(dsn.content()));
        assertTrue(parts.getBodyPart(2).isMimeType("text/rfc822-headers"), "over 1000 octets: headers only");
        assertEquals("Subject: big\r\nFrom: alice@a.test\r\n", text(raw(parts.getBodyPart(2))));
        String human = (String) parts.getBodyPart(0).getContent();
        assertTrue(human.contains("larger than 1000 bytes"), "the text says why: " + human);

        BounceMessage within = compose(request(DsnKind.FAILURE, DsnRet.FULL, big, failed("bob@b.test", REJECTED)), 5000);
        assertTrue(report(parse(within.content())).getBodyPart(2).isMimeType("message/rfc822"), "within the limit");
    }

    @Test
    void eightBitOriginalIsKeptByteExact() throws Exception {
        byte[] latin1 = "Caf\u00e9 cr\u00e8me".getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf8 = "Gr\u00fc\u00dfe aus M\u00fcnchen \u2615".getBytes(StandardCharsets.UTF_8);
        byte[] head = ascii("From: alice@a.test\r\nSubject: coffee\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n");
        byte[] original = concat(head, utf8, ascii("\r\n"), latin1, ascii("\r\n"));
        BounceMessage dsn = compose(request(DsnKind.FAILURE, DsnRet.FULL, original, failed("bob@b.test", REJECTED)));
        assertTrue(dsn.eightBit(), "submit with BODY=8BITMIME");
        assertFalse(dsn.smtputf8(), "8-bit body, ASCII headers: no SMTPUTF8 needed");
        MimeMessage m = parse(dsn.content());
        assertEquals("8bit", m.getHeader("Content-Transfer-Encoding", null), "declared on the top level");
        var third = report(m).getBodyPart(2);
        assertTrue(third.isMimeType("message/rfc822"));
        assertEquals("8bit", third.getHeader("Content-Transfer-Encoding")[0], "declared on the part");
        assertArrayEquals(original, raw(third), "the original, octet for octet");
    }

    @Test
    void bareLineFeedsAndLongLinesBecomeValidSmtpInput() throws Exception {
        String longLine = "y".repeat(2500);
        byte[] original = ascii("Subject: lf\nFrom: alice@a.test\n\nline one\nline two\r" + longLine + "\n");
        BounceMessage dsn = compose(request(DsnKind.FAILURE, DsnRet.FULL, original, failed("bob@b.test", REJECTED)));
        // compose() asserted: CRLF only, no line over 998 octets
        String returned = text(raw(report(parse(dsn.content())).getBodyPart(2)));
        assertTrue(returned.startsWith("Subject: lf\r\nFrom: alice@a.test\r\n\r\nline one\r\nline two\r\n"), returned);
        assertEquals(longLine, returned.substring(returned.indexOf("yyy")).replace("\r\n", ""), "no octet lost");
    }

    @Test
    void crlfInDiagnosticAndAddressCreatesNoHeaderOrField() throws Exception {
        String evil = "550 5.1.1 rejected\r\nBcc: victim@evil.test\r\n\r\nX-Injected: yes";
        var req = new BounceRequest(DsnKind.FAILURE, HOST, QID, BounceFixtures.ARRIVAL, "alice@a.test",
                "alice@a.test\r\nBcc: victim@evil.test", java.util.Optional.of("E\r\nX-Env: 1"), DsnRet.FULL,
                List.of(failed("bob@b.test\nX-Rcpt: 1", evil)), original());
        BounceMessage dsn = compose(req);
        MimeMessage m = parse(dsn.content());
        assertNull(m.getHeader("Bcc"), "no header from the recipient address");
        assertEquals("alice@a.test Bcc: victim@evil.test", m.getHeader("To", null), "kept as text on one field");
        List<Map<String, String>> blocks = statusBlocks(report(m).getBodyPart(1));
        assertEquals(2, blocks.size(), "no extra block from the blank line in the diagnostic");
        Map<String, String> bob = blocks.get(1);
        assertEquals("smtp; 550 5.1.1 rejected Bcc: victim@evil.test X-Injected: yes", bob.get("Diagnostic-Code"));
        assertEquals(List.of("Original-Recipient", "Final-Recipient", "Action", "Status", "Remote-MTA",
                "Diagnostic-Code", "Last-Attempt-Date"), List.copyOf(bob.keySet()), "no injected field");
        assertFalse(blocks.get(0).containsKey("X-Env"));
    }

    @Test
    void longDiagnosticIsFoldedAndUnfoldsToTheReply() throws Exception {
        StringBuilder reply = new StringBuilder("550 5.7.1");
        while (reply.length() < 300) {
            reply.append(" policy").append(reply.length());
        }
        String diag = reply.substring(0, 299).stripTrailing();
        diag += "Z".repeat(300 - diag.length()); // exactly 300 characters, no trailing space
        BounceMessage dsn = compose(request(DsnKind.FAILURE, DsnRet.FULL, original(), failed("bob@b.test", diag)));
        var part = report(parse(dsn.content())).getBodyPart(1);
        String rawReport = text(raw(part));
        for (String line : rawReport.split("\r\n")) {
            assertTrue(line.length() <= 78, "folded at 78: " + line);
        }
        assertTrue(rawReport.contains("Diagnostic-Code: smtp; 550 5.7.1"), rawReport);
        assertEquals("smtp; " + diag, statusBlocks(part).get(1).get("Diagnostic-Code"), "unfolding restores it");
    }

    @Test
    void nonAsciiAddressMakesAGlobalReport() throws Exception {
        String address = "\u7528\u6237@\u4f8b\u5b50.test";
        BounceMessage dsn = compose(request(DsnKind.FAILURE, DsnRet.FULL, original(), failed(address, "550 5.1.1 unknown")));
        assertTrue(dsn.smtputf8(), "a UTF-8 address needs SMTPUTF8");
        assertTrue(dsn.eightBit());
        MimeMessage m = parse(dsn.content());
        assertEquals("global-delivery-status", new ContentType(m.getContentType()).getParameter("report-type"));
        MimeMultipart parts = report(m);
        assertEquals("utf-8", new ContentType(parts.getBodyPart(0).getContentType()).getParameter("charset"));
        assertTrue(parts.getBodyPart(1).isMimeType("message/global-delivery-status"));
        assertEquals("8bit", parts.getBodyPart(1).getHeader("Content-Transfer-Encoding")[0]);
        Map<String, String> rcpt = statusBlocks(parts.getBodyPart(1)).get(1);
        assertEquals("utf-8; " + address, rcpt.get("Final-Recipient"), "RFC 6533 utf-8 address type");
        assertEquals("utf-8;" + address, rcpt.get("Original-Recipient"));
        assertTrue(((String) parts.getBodyPart(0).getContent()).contains("<" + address + ">"));
    }

    @Test
    void boundaryNeverOccursInTheContent() throws Exception {
        String wouldBe = QID + ".1741083330/" + HOST;
        byte[] original = ascii("Subject: trap\r\n\r\n--" + wouldBe + "\r\nContent-Type: text/plain\r\n\r\n--" + wouldBe
                + "--\r\n");
        BounceMessage dsn = compose(request(DsnKind.FAILURE, DsnRet.FULL, original, failed("bob@b.test", REJECTED)));
        MimeMessage m = parse(dsn.content());
        assertEquals(wouldBe + ".1", new ContentType(m.getContentType()).getParameter("boundary"));
        assertEquals(3, report(m).getCount());
        assertArrayEquals(original, raw(report(m).getBodyPart(2)));
    }

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
