package io.kurir.rewrite.cleanup;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.mail.payload.ClientInfo;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Postfix cleanup's header completion, checked against what Postfix writes for the course's session. */
class HeaderCleanupTest {

    static final Instant ARRIVAL = Instant.parse("2010-06-28T13:37:13Z");
    static final ClientInfo LOCALHOST = new ClientInfo("localhost", "127.0.0.1", "localhost", "ESMTP");
    final HeaderCleanup cleanup = new HeaderCleanup("mx.kurir.test", ZoneOffset.ofHours(7));

    private String clean(String raw, List<String> rcpts, boolean addMissing) {
        var result = cleanup.clean(new HeaderCleanup.Request(raw.getBytes(UTF_8), "98AC3161ABF", ARRIVAL, "afau@localhost",
                rcpts, LOCALHOST, addMissing));
        return new String(result.message(), UTF_8);
    }

    @Test
    void theCourseMessageGetsPostfixsHeadersInPostfixsOrder() {
        String out = clean("Subject: Praktikum Jarkom makin hot aja!!!\r\n\r\nAyo semangat!!\r\n", List.of("fauzan@localhost"), true);
        assertEquals("Received: from localhost (localhost [127.0.0.1])\r\n"
                + "\tby mx.kurir.test (Kurir) with ESMTP id 98AC3161ABF\r\n"
                + "\tfor <fauzan@localhost>; Mon, 28 Jun 2010 20:37:13 +0700\r\n"
                + "Subject: Praktikum Jarkom makin hot aja!!!\r\n"
                + "Message-Id: <20100628133713.98AC3161ABF@mx.kurir.test>\r\n"
                + "Date: Mon, 28 Jun 2010 20:37:13 +0700\r\n"
                + "From: afau@localhost\r\n"
                + "To: undisclosed-recipients:;\r\n"
                + "\r\n"
                + "Ayo semangat!!\r\n", out);
    }

    @Test
    void headersTheClientSentAreKeptByteForByteAndNotAddedTwice() {
        String raw = "From: Budi <budi@a.test>\r\nTo: anto@b.test\r\nDate: Sun, 1 Jan 2023 00:00:00 +0000\r\n"
                + "Message-ID: <x@y>\r\nSubject: =?UTF-8?B?w6k=?= caf\u00e9\r\n\tfolded\r\n\r\nbody\r\n";
        String out = clean(raw, List.of("a@localhost", "b@localhost"), true);
        assertTrue(out.endsWith(raw), "client headers and body unchanged:\n" + out);
        assertTrue(out.startsWith("Received: from localhost (localhost [127.0.0.1])\r\n\tby mx.kurir.test (Kurir) with ESMTP id "
                + "98AC3161ABF;\r\n\tMon, 28 Jun 2010"), "no 'for' clause with two recipients:\n" + out);
    }

    @Test
    void aResentMessageGetsTheMissingResentHeadersAndKeepsItsOriginalOnes() {
        String raw = "From: budi@a.test\r\nTo: anto@b.test\r\nDate: Sun, 1 Jan 2023 00:00:00 +0000\r\n"
                + "Message-Id: <orig@a.test>\r\nResent-To: dewi@localhost\r\nSubject: fwd\r\n\r\nbody\r\n";
        var result = cleanup.clean(new HeaderCleanup.Request(raw.getBytes(UTF_8), "98AC3161ABF", ARRIVAL, "afau@localhost",
                List.of("dewi@localhost"), LOCALHOST, true));
        String out = new String(result.message(), UTF_8);
        assertTrue(out.endsWith("Subject: fwd\r\n"
                + "Resent-Message-Id: <20100628133713.98AC3161ABF@mx.kurir.test>\r\n"
                + "Resent-Date: Mon, 28 Jun 2010 20:37:13 +0700\r\n"
                + "Resent-From: afau@localhost\r\n\r\nbody\r\n"), out);
        assertEquals("<orig@a.test>", result.messageId(), "the message's own Message-Id is still its id");
        assertTrue(clean("Resent-From: x@y\r\nSubject: s\r\n\r\nb\r\n", List.of("x@y"), true)
                .contains("Resent-To: undisclosed-recipients:;\r\n"), "no Resent-To/Cc/Bcc: undisclosed");
    }

    @Test
    void ccOrBccIsEnoughToSkipUndisclosedRecipients() {
        assertTrue(!clean("Cc: x@y\r\n\r\nb\r\n", List.of("x@y"), true).contains("undisclosed"));
        assertTrue(!clean("Bcc: x@y\r\n\r\nb\r\n", List.of("x@y"), true).contains("undisclosed"));
    }

    @Test
    void bccContentLengthResentBccAndReturnPathAreDroppedFromEveryMessage() {
        String raw = "Return-Path: <forged@x.test>\r\nFrom: budi@a.test\r\nTo: anto@b.test\r\nBcc: rahasia@c.test,\r\n"
                + "\tjuga@c.test\r\nContent-Length: 5\r\nResent-Bcc: r@c.test\r\nSubject: rapat\r\n\r\nbody\r\n";
        for (boolean local : new boolean[] {true, false}) {
            String out = clean(raw, List.of("anto@b.test", "rahasia@c.test"), local);
            assertTrue(out.endsWith("From: budi@a.test\r\nTo: anto@b.test\r\nSubject: rapat\r\n"
                    + (local ? out.substring(out.indexOf("Message-Id:"), out.indexOf("\r\n\r\nbody")) + "\r\n" : "")
                    + "\r\nbody\r\n"), out);
            for (String gone : List.of("Return-Path", "Bcc", "rahasia", "juga@", "Content-Length", "Resent-Bcc")) {
                assertTrue(!out.contains(gone), gone + " is dropped (message-drop-headers):\n" + out);
            }
        }
        String lastWithoutNewline = clean("Subject: s\r\nBcc: x@y", List.of("u@localhost"), true);
        assertTrue(lastWithoutNewline.contains("Subject: s\r\nMessage-Id: "), "the added headers stay headers:\n"
                + lastWithoutNewline);
        var none = new HeaderCleanup("mx.kurir.test", ZoneOffset.ofHours(7), "");
        String kept = new String(none.clean(new HeaderCleanup.Request("Bcc: x@y\r\n\r\nb\r\n".getBytes(UTF_8), "Q2",
                ARRIVAL, "afau@localhost", List.of("x@y"), LOCALHOST, false)).message(), UTF_8);
        assertTrue(kept.contains("Bcc: x@y\r\n"), "message-drop-headers empty: nothing dropped\n" + kept);
    }

    @Test
    void remoteClientsGetOnlyTheReceivedHeader() {
        String out = clean("Subject: from afar\r\n\r\nb\r\n", List.of("fauzan@localhost"), false);
        assertEquals("Received: from localhost (localhost [127.0.0.1])\r\n"
                + "\tby mx.kurir.test (Kurir) with ESMTP id 98AC3161ABF\r\n"
                + "\tfor <fauzan@localhost>; Mon, 28 Jun 2010 20:37:13 +0700\r\n"
                + "Subject: from afar\r\n\r\nb\r\n", out);
    }

    @Test
    void messagesWithoutHeaderBodySeparatorOrWithoutHeaders() {
        String noSeparator = clean("this line is no header\r\nbody\r\n", List.of("u@localhost"), true);
        assertTrue(noSeparator.contains("To: undisclosed-recipients:;\r\n\r\nthis line is no header\r\nbody\r\n"), noSeparator);
        String headersOnly = clean("Subject: only headers", List.of("u@localhost"), true);
        assertTrue(headersOnly.contains("Subject: only headers\r\nMessage-Id:"), headersOnly);
        assertTrue(headersOnly.endsWith("To: undisclosed-recipients:;\r\n\r\n"), headersOnly);
        String empty = clean("", List.of("u@localhost"), true);
        assertTrue(empty.endsWith("From: afau@localhost\r\nTo: undisclosed-recipients:;\r\n\r\n"), empty);
    }

    @Test
    void nullSenderBecomesMailerDaemonInFrom() {
        var result = cleanup.clean(new HeaderCleanup.Request("\r\nb\r\n".getBytes(UTF_8), "Q1", ARRIVAL, "",
                List.of("u@localhost"), LOCALHOST, true));
        assertTrue(new String(result.message(), UTF_8).contains("From: MAILER-DAEMON\r\n"));
        assertEquals("<20100628133713.Q1@mx.kurir.test>", result.messageId());
    }
}
