package io.kurir.smtp.codec;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmtpReplyTest {

    private static String wire(SmtpReply reply) {
        return new String(reply.encode(), StandardCharsets.UTF_8);
    }

    @Test
    void singleLineReplyWithEnhancedCode() {
        assertEquals("250 2.1.0 Ok\r\n", wire(SmtpReplies.MAIL_OK));
    }

    @Test
    void multiLineEhloUsesHyphenOnAllButTheLastLine() {
        SmtpReply ehlo = SmtpReplies.ehlo("mx.example.com",
                List.of("PIPELINING", "SIZE 10240000", "ENHANCEDSTATUSCODES", "8BITMIME"));
        assertEquals("250-mx.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
                + "250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n", wire(ehlo));
    }

    @Test
    void ehloWithoutKeywordsIsOneLine() {
        assertEquals("250 mx.example.com\r\n", wire(SmtpReplies.ehlo("mx.example.com", List.of())));
    }

    @Test
    void enhancedCodeIsRepeatedOnEveryLine() {
        SmtpReply reply = SmtpReply.of(550, "5.7.1", "first", "second");
        assertEquals("550-5.7.1 first\r\n550 5.7.1 second\r\n", wire(reply));
    }

    @Test
    void greetingAndHeloCarryNoEnhancedCode() {
        assertEquals("220 mx.example.com ESMTP Kurir\r\n", wire(SmtpReplies.greeting("mx.example.com")));
        assertEquals("250 mx.example.com\r\n", wire(SmtpReplies.helo("mx.example.com")));
    }

    @Test
    void everyFixedReplyHasPostfixWording() {
        Map<SmtpReply, String> expected = Map.ofEntries(
                Map.entry(SmtpReplies.MAIL_OK, "250 2.1.0 Ok"),
                Map.entry(SmtpReplies.RCPT_OK, "250 2.1.5 Ok"),
                Map.entry(SmtpReplies.OK, "250 2.0.0 Ok"),
                Map.entry(SmtpReplies.START_DATA, "354 End data with <CR><LF>.<CR><LF>"),
                Map.entry(SmtpReplies.BYE, "221 2.0.0 Bye"),
                Map.entry(SmtpReplies.COMMAND_NOT_RECOGNIZED, "502 5.5.2 Error: command not recognized"),
                Map.entry(SmtpReplies.BAD_SYNTAX, "500 5.5.2 Error: bad syntax"),
                Map.entry(SmtpReplies.LINE_TOO_LONG, "500 5.5.2 Error: line too long"),
                Map.entry(SmtpReplies.SEND_HELO_FIRST, "503 5.5.1 Error: send HELO/EHLO first"),
                Map.entry(SmtpReplies.NESTED_MAIL, "503 5.5.1 Error: nested MAIL command"),
                Map.entry(SmtpReplies.NEED_MAIL, "503 5.5.1 Error: need MAIL command"),
                Map.entry(SmtpReplies.NEED_RCPT, "503 5.5.1 Error: need RCPT command"),
                Map.entry(SmtpReplies.NO_VALID_RECIPIENTS, "554 5.5.1 Error: no valid recipients"),
                Map.entry(SmtpReplies.MAIL_SYNTAX, "501 5.5.4 Syntax: MAIL FROM:<address>"),
                Map.entry(SmtpReplies.RCPT_SYNTAX, "501 5.5.4 Syntax: RCPT TO:<address>"),
                Map.entry(SmtpReplies.EHLO_SYNTAX, "501 Syntax: EHLO hostname"),
                Map.entry(SmtpReplies.HELO_SYNTAX, "501 Syntax: HELO hostname"),
                Map.entry(SmtpReplies.DATA_SYNTAX, "501 5.5.4 Syntax: DATA"),
                Map.entry(SmtpReplies.RSET_SYNTAX, "501 5.5.4 Syntax: RSET"),
                Map.entry(SmtpReplies.BAD_SENDER_SYNTAX, "501 5.1.7 Bad sender address syntax"),
                Map.entry(SmtpReplies.BAD_RECIPIENT_SYNTAX, "501 5.1.3 Bad recipient address syntax"),
                Map.entry(SmtpReplies.BAD_SIZE_SYNTAX, "501 5.5.4 Bad message size syntax"),
                Map.entry(SmtpReplies.VRFY_DISABLED, "502 5.5.1 VRFY command is disabled"),
                Map.entry(SmtpReplies.SIZE_EXCEEDS_LIMIT, "552 5.3.4 Message size exceeds fixed limit"),
                Map.entry(SmtpReplies.MESSAGE_TOO_BIG, "552 5.3.4 Error: message file too big"),
                Map.entry(SmtpReplies.TOO_MANY_RECIPIENTS, "452 4.5.3 Error: too many recipients"),
                Map.entry(SmtpReplies.QUEUE_WRITE_ERROR, "451 4.3.0 Error: queue file write error"),
                Map.entry(SmtpReplies.BARE_LF, "550 5.5.2 Error: bare <LF> received"),
                Map.entry(SmtpReplies.queued("4FQ2k81x0Vz9s"), "250 2.0.0 Ok: queued as 4FQ2k81x0Vz9s"),
                Map.entry(SmtpReplies.unsupportedOption("FOO=bar"), "555 5.5.4 Unsupported option: FOO=bar"),
                Map.entry(SmtpReplies.userUnknown("nobody@example.com"),
                        "550 5.1.1 <nobody@example.com>: Recipient address rejected: "
                                + "User unknown in local recipient table"),
                Map.entry(SmtpReplies.relayDenied("x@elsewhere.org"), "554 5.7.1 <x@elsewhere.org>: Relay access denied"),
                Map.entry(SmtpReplies.timeout("mx.example.com"), "421 4.4.2 mx.example.com Error: timeout exceeded"),
                Map.entry(SmtpReplies.shuttingDown("mx.example.com"), "421 4.3.2 mx.example.com Service shutting down"));
        assertAll(expected.entrySet().stream().map(e -> () ->
                assertEquals(e.getValue() + "\r\n", wire(e.getKey()), "wire text of " + e.getValue())));
    }

    @Test
    void classificationFollowsTheFirstDigit() {
        assertAll(
                () -> assertTrue(SmtpReplies.OK.isPositive(), "250 is positive"),
                () -> assertTrue(SmtpReplies.START_DATA.isPositive(), "354 is positive intermediate"),
                () -> assertFalse(SmtpReplies.START_DATA.isTransient(), "354 is not transient"),
                () -> assertTrue(SmtpReplies.TOO_MANY_RECIPIENTS.isTransient(), "452 is transient"),
                () -> assertFalse(SmtpReplies.TOO_MANY_RECIPIENTS.isPermanent(), "452 is not permanent"),
                () -> assertFalse(SmtpReplies.TOO_MANY_RECIPIENTS.isPositive(), "452 is not positive"),
                () -> assertTrue(SmtpReplies.BARE_LF.isPermanent(), "550 is permanent"),
                () -> assertFalse(SmtpReplies.BARE_LF.isTransient(), "550 is not transient"));
    }

    @Test
    void refusesRepliesThatWouldBreakTheProtocol() {
        assertAll(
                () -> assertThrows(IllegalArgumentException.class, () -> SmtpReply.basic(199, "x"), "code < 200"),
                () -> assertThrows(IllegalArgumentException.class, () -> SmtpReply.basic(600, "x"), "code > 599"),
                () -> assertThrows(IllegalArgumentException.class, () -> SmtpReply.of(250, "5.0.0", "x"),
                        "enhanced class must match the code"),
                () -> assertThrows(IllegalArgumentException.class, () -> SmtpReply.of(354, "3.0.0", "x"),
                        "there is no enhanced class 3"),
                () -> assertThrows(IllegalArgumentException.class, () -> SmtpReply.of(250, "2.0", "x"),
                        "malformed enhanced code"),
                () -> assertThrows(IllegalArgumentException.class, () -> SmtpReply.basic(250),
                        "a reply needs a line"),
                () -> assertThrows(IllegalArgumentException.class, () -> SmtpReplies.userUnknown("a\r\n250 Ok"),
                        "CRLF in reply text would inject a reply line"));
    }

    @Test
    void linesAreCopiedSoTheReplyStaysImmutable() {
        java.util.ArrayList<String> lines = new java.util.ArrayList<>(List.of("one"));
        SmtpReply reply = new SmtpReply(250, Optional.empty(), lines);
        lines.add("two");
        assertEquals(List.of("one"), reply.lines());
    }

    /** Postfix's etrn_cmd replies carry no enhanced status code (RFC 1985 section 5 codes 250, 458, 459). */
    @Test
    void etrnRepliesAreWordedAsPostfixSendsThem() {
        assertAll(
                () -> assertEquals("250 Queuing started\r\n", wire(SmtpReplies.QUEUING_STARTED)),
                () -> assertEquals("503 Error: send HELO/EHLO first\r\n", wire(SmtpReplies.ETRN_SEND_HELO_FIRST)),
                () -> assertEquals("503 Error: MAIL transaction in progress\r\n", wire(SmtpReplies.ETRN_IN_TRANSACTION)),
                () -> assertEquals("500 Syntax: ETRN domain\r\n", wire(SmtpReplies.ETRN_SYNTAX)),
                () -> assertEquals("501 Error: invalid parameter syntax\r\n", wire(SmtpReplies.ETRN_INVALID_PARAMETER)),
                () -> assertEquals("458 Unable to queue messages\r\n", wire(SmtpReplies.UNABLE_TO_QUEUE)),
                () -> assertEquals("459 <localhost>: service unavailable\r\n", wire(SmtpReplies.etrnRefused("localhost"))),
                () -> assertTrue(SmtpReplies.UNABLE_TO_QUEUE.isTransient(), "458 is temporary"));
    }

    @Test
    void toStringShowsTheWireForm() {
        assertEquals("250 2.1.5 Ok\\r\\n", SmtpReplies.RCPT_OK.toString());
    }
}
