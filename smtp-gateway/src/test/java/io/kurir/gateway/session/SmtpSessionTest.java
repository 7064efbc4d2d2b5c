package io.kurir.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.gateway.policy.PolicyResult;
import io.kurir.gateway.session.SmtpSession.After;
import io.kurir.gateway.session.SmtpSession.Step;
import io.kurir.mail.payload.RecipientDsn;
import io.kurir.smtp.codec.BareNewline;
import io.kurir.smtp.codec.SmtpCommandParser;
import io.kurir.smtp.codec.SmtpInput;
import io.kurir.smtp.codec.SmtpReplies;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The session state machine without sockets: command in, step out (RFC 5321 4.1.4 ordering). */
class SmtpSessionTest {

    private final SmtpSession session = new SmtpSession(SessionSettings.plain("mx.kurir.test", 1000, 2, 20, BareNewline.REJECT));

    private String send(String line) {
        Step step = session.onCommand(SmtpCommandParser.parse(line));
        if (step instanceof Step.CheckRecipient check) {
            step = session.recipientChecked(check.recipient(), PolicyResult.accept());
        }
        return text(step);
    }

    private static String text(Step step) {
        Step.Reply reply = assertInstanceOf(Step.Reply.class, step);
        return new String(reply.reply().encode(), StandardCharsets.UTF_8).trim();
    }

    @Test
    void theCourseSessionGetsPostfixReplies() {
        assertEquals("220 mx.kurir.test ESMTP Kurir", new String(session.greeting().encode(), StandardCharsets.UTF_8).trim());
        assertEquals("250-mx.kurir.test\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250-ETRN\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n250 CHUNKING",
                send("ehlo localhost"));
        assertEquals("250 2.1.0 Ok", send("mail from:afau@localhost"));
        assertEquals("250 2.1.5 Ok", send("rcpt to:fauzan@localhost"));
        Step data = session.onCommand(SmtpCommandParser.parse("Data"));
        assertEquals(After.START_DATA, ((Step.Reply) data).after());
        assertEquals("354 End data with <CR><LF>.<CR><LF>", text(data));
        Step enqueue = session.onInput(new SmtpInput.MessageData("Subject: x\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII),
                19, false, false), SmtpCommandParser::parse);
        var e = assertInstanceOf(Step.Enqueue.class, enqueue);
        assertEquals("ESMTP", e.envelope().protocol());
        assertEquals("afau@localhost", e.envelope().sender().orElseThrow().toString());
        assertEquals("250 2.0.0 Ok: queued as 98AC3161ABF", text(session.queued(Optional.of("98AC3161ABF"))));
        Step quit = session.onCommand(SmtpCommandParser.parse("quit"));
        assertEquals("221 2.0.0 Bye", text(quit));
        assertEquals(After.CLOSE, ((Step.Reply) quit).after());
        assertEquals("ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5", session.commandSummary());
    }

    @Test
    void mailWithoutHeloIsAcceptedAsPostfixDoesUnlessHeloIsRequired() {
        assertEquals("250 2.1.0 Ok", send("mail from:<a@b.test>"), "smtpd_helo_required=no");
        assertEquals("250 2.1.5 Ok", send("rcpt to:<u@localhost>"));
        send("data");
        var e = assertInstanceOf(Step.Enqueue.class, session.onInput(
                new SmtpInput.MessageData(new byte[0], 0, false, false), SmtpCommandParser::parse));
        assertEquals("SMTP", e.envelope().protocol());
        assertEquals(Optional.empty(), e.envelope().helo());
        SmtpSession strict = new SmtpSession(SessionSettings.plain("mx", 0, 10, 20, BareNewline.NORMALIZE).requiringHelo());
        assertEquals("503 5.5.1 Error: send HELO/EHLO first",
                text(strict.onCommand(SmtpCommandParser.parse("mail from:<a@b.test>"))));
        assertEquals("503 5.5.1 Error: send HELO/EHLO first", text(strict.onCommand(SmtpCommandParser.parse("MAIL <a@b.test>"))),
                "state before syntax");
    }

    @Test
    void commandsOutOfOrderAreRefused() {
        assertEquals("503 5.5.1 Error: need MAIL command", send("rcpt to:<a@b.test>"));
        assertEquals("503 5.5.1 Error: need RCPT command", send("data"));
        send("helo client.test");
        assertEquals("503 5.5.1 Error: need RCPT command", send("DATA"));
        assertEquals("250 2.1.0 Ok", send("MAIL FROM:<>"));
        assertEquals("503 5.5.1 Error: nested MAIL command", send("MAIL FROM:<a@b.test>"));
        assertEquals("554 5.5.1 Error: no valid recipients", send("DATA"), "a transaction without recipients");
        assertEquals("250 2.0.0 Ok", send("RSET"));
        assertEquals("503 5.5.1 Error: need MAIL command", send("RCPT TO:<a@b.test>"), "RSET cleared the transaction");
    }

    @Test
    void stateIsCheckedBeforeSyntaxAsPostfixDoes() {
        assertEquals("503 5.5.1 Error: need MAIL command", send("RCPT <a@b.test>"));
        assertEquals("503 5.5.1 Error: need RCPT command", send("DATA now"));
        send("ehlo c");
        assertEquals("501 5.5.4 Syntax: MAIL FROM:<address>", send("MAIL <a@b.test>"));
        assertEquals("250 2.1.0 Ok", send("MAIL FROM:<a@b.test>"));
        assertEquals("503 5.5.1 Error: nested MAIL command", send("MAIL FROM:<a b@c>"));
        assertEquals("501 5.1.3 Bad recipient address syntax", send("RCPT TO:<a b@c>"));
        assertEquals("554 5.5.1 Error: no valid recipients", send("DATA now"));
        send("RCPT TO:<u@localhost>");
        assertEquals("501 5.5.4 Syntax: DATA", send("DATA now"));
    }

    @Test
    void unknownAndUnsupportedCommands() {
        send("ehlo c");
        assertEquals("502 5.5.2 Error: command not recognized", send("XYZZY"));
        assertEquals("502 5.5.1 Error: command not implemented", send("STARTTLS"), "no certificate: not advertised, not accepted");
        assertEquals("502 5.5.1 VRFY command is disabled", send("VRFY root"));
        assertEquals("555 5.5.4 Unsupported option: DSN", send("MAIL FROM:<a@b.test> DSN"));
        assertEquals("552 5.3.4 Message size exceeds fixed limit", send("MAIL FROM:<a@b.test> SIZE=1001"));
        assertEquals("250 2.1.0 Ok", send("MAIL FROM:<a@b.test> SIZE=1000 BODY=8BITMIME"));
        assertEquals("555 5.5.4 Unsupported option: XFORWARD=1", send("RCPT TO:<u@kurir.test> XFORWARD=1"));
    }

    @Test
    void dsnParametersAreCheckedAsPostfixChecksThemAndTravelInTheEnvelope() {
        SmtpSession s = new SmtpSession(SessionSettings.plain("mx.kurir.test", 1000, 20, 100, BareNewline.REJECT));
        java.util.function.Function<String, String> say = line -> {
            Step step = s.onCommand(SmtpCommandParser.parse(line));
            if (step instanceof Step.CheckRecipient check) {
                step = s.recipientChecked(check.recipient(), PolicyResult.accept());
            }
            return text(step);
        };
        say.apply("EHLO c");
        for (String bad : List.of("RET=ALL", "RET=", "ENVID=", "ENVID=a+2", "ENVID=a=b", "ENVID=+0A", "ENVID=" + "x".repeat(101))) {
            String keyword = bad.substring(0, bad.indexOf('='));
            assertEquals("501 5.5.4 Bad " + keyword + " parameter syntax", say.apply("MAIL FROM:<a@b.test> " + bad), bad);
        }
        assertEquals("501 5.5.4 Bad RET parameter syntax", say.apply("MAIL FROM:<a@b.test> RET=FULL RET=FULL"));
        assertEquals("250 2.1.0 Ok", say.apply("MAIL FROM:<a@b.test> ret=hdrs ENVID=QQ+20314"));
        for (String bad : List.of("NOTIFY=NEVER,SUCCESS", "NOTIFY=SOMETIMES", "NOTIFY=", "NOTIFY=,", "NOTIFY=NEVER,,DELAY",
                "ORCPT=u@x", "ORCPT=x400;u@x", "ORCPT=rfc822;", "ORCPT=rfc822;a+zz", "ORCPT=;u@x",
                "ORCPT=rfc822;u@x+0D+0ABcc:evil@x", "ORCPT=rfc822;u+00@x", "ORCPT=utf-8;u@x")) {
            String keyword = bad.substring(0, bad.indexOf('='));
            assertEquals("501 5.5.4 Error: Bad " + keyword + " parameter syntax", say.apply("RCPT TO:<u@localhost> " + bad), bad);
        }
        assertEquals("501 5.5.4 Error: Bad NOTIFY parameter syntax", say.apply("RCPT TO:<u@localhost> NOTIFY=NEVER NOTIFY=NEVER"));
        assertEquals("250 2.1.5 Ok", say.apply("RCPT TO:<u@localhost> notify=success,Delay ORCPT=rfc822;U+2Bx@Localhost"));
        assertEquals("250 2.1.5 Ok", say.apply("RCPT TO:<v@localhost> NOTIFY=NEVER"));
        assertEquals("250 2.1.5 Ok", say.apply("RCPT TO:<x@localhost> NOTIFY=delay,,DELAY,"), "Postfix skips empty items and repeats");
        assertEquals("250 2.1.5 Ok", say.apply("RCPT TO:<w@localhost>"));
        say.apply("DATA");
        var e = assertInstanceOf(Step.Enqueue.class, s.onInput(new SmtpInput.MessageData(new byte[0], 0, false, false),
                SmtpCommandParser::parse)).envelope();
        assertEquals(Optional.of("HDRS"), e.dsnRet());
        assertEquals(Optional.of("QQ 314"), e.dsnEnvid());
        assertEquals(java.util.Map.of(
                "u@localhost", new RecipientDsn(List.of("SUCCESS", "DELAY"), "rfc822;U+x@Localhost"),
                "v@localhost", new RecipientDsn(List.of("NEVER"), null),
                "x@localhost", new RecipientDsn(List.of("DELAY"), null)), e.recipientDsn(), "w has none");
        s.queued(Optional.of("Q1"));
        assertEquals("250 2.1.0 Ok", say.apply("MAIL FROM:<a@b.test>"));
        say.apply("RCPT TO:<w@localhost>");
        say.apply("DATA");
        e = assertInstanceOf(Step.Enqueue.class, s.onInput(new SmtpInput.MessageData(new byte[0], 0, false, false),
                SmtpCommandParser::parse)).envelope();
        assertEquals(Optional.empty(), e.dsnRet(), "the next transaction starts without DSN parameters");
        assertEquals(Optional.empty(), e.dsnEnvid());
        assertEquals(java.util.Map.of(), e.recipientDsn());
    }

    @Test
    void recipientLimitAndPolicyRejections() {
        send("ehlo c");
        send("mail from:<a@b.test>");
        Step check = session.onCommand(SmtpCommandParser.parse("rcpt to:<ghost@localhost>"));
        var c = assertInstanceOf(Step.CheckRecipient.class, check);
        assertEquals("550 5.1.1 <ghost@localhost>: Recipient address rejected: User unknown in local recipient table",
                text(session.recipientChecked(c.recipient(), PolicyResult.reject(SmtpReplies.userUnknown("ghost@localhost")))));
        assertEquals("250 2.1.5 Ok", send("rcpt to:<u1@localhost>"));
        assertEquals("250 2.1.5 Ok", send("rcpt to:<u2@localhost>"));
        assertEquals("452 4.5.3 Error: too many recipients", send("rcpt to:<u3@localhost>"));
    }

    @Test
    void tooBigAndBareNewlineMessagesAreRefusedAndTheTransactionEnds() {
        send("ehlo c");
        send("mail from:<a@b.test>");
        send("rcpt to:<u@localhost>");
        send("data");
        assertEquals("552 5.3.4 Error: message file too big",
                text(session.onInput(new SmtpInput.MessageData(new byte[0], 5000, true, false), SmtpCommandParser::parse)));
        assertEquals("503 5.5.1 Error: need RCPT command", send("data"));
        send("mail from:<a@b.test>");
        send("rcpt to:<u@localhost>");
        send("data");
        assertEquals("550 5.5.2 Error: bare <LF> received",
                text(session.onInput(new SmtpInput.MessageData(new byte[0], 10, false, true), SmtpCommandParser::parse)));
    }

    @Test
    void tooManyErrorsEndTheSession() {
        SmtpSession s = new SmtpSession(SessionSettings.plain("mx", 0, 10, 3, BareNewline.NORMALIZE));
        s.onCommand(SmtpCommandParser.parse("bogus"));
        s.onCommand(SmtpCommandParser.parse("bogus"));
        Step third = s.onCommand(SmtpCommandParser.parse("bogus"));
        assertEquals(After.TOO_MANY_ERRORS, ((Step.Reply) third).after());
        assertEquals("502 5.5.2 Error: command not recognized", text(third), "the error itself is still sent");
        assertEquals("421 4.7.0 mx Error: too many errors", new String(s.tooManyErrors().encode(), StandardCharsets.UTF_8).trim());
    }

    @Test
    void vrfyAnswersLikePostfixWhenEnabled() {
        SmtpSession s = new SmtpSession(SessionSettings.plain("mx", 0, 10, 20, BareNewline.NORMALIZE).withVrfy());
        assertEquals(List.of("PIPELINING", "SIZE", "VRFY", "ETRN", "ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING"), s.ehloKeywords());
        var check = assertInstanceOf(Step.VerifyRecipient.class, s.onCommand(SmtpCommandParser.parse("VRFY fauzan")));
        assertEquals("fauzan", check.address().toString());
        assertEquals("252 2.0.0 fauzan", text(s.verified(check, PolicyResult.accept())));
        var unknown = assertInstanceOf(Step.VerifyRecipient.class, s.onCommand(SmtpCommandParser.parse("VRFY <ghost@localhost>")));
        assertEquals("550 5.1.1 <ghost@localhost>: Recipient address rejected: User unknown in local recipient table",
                text(s.verified(unknown, PolicyResult.reject(SmtpReplies.userUnknown("ghost@localhost")))));
        assertEquals("501 5.5.4 Syntax: VRFY address", text(s.onCommand(SmtpCommandParser.parse("VRFY"))));
        assertEquals("501 5.1.3 Bad recipient address syntax", text(s.onCommand(SmtpCommandParser.parse("VRFY a b@c"))));
    }

    @Test
    void utf8AddressesNeedTheSmtputf8Parameter() {
        send("EHLO c");
        assertEquals("553 5.6.7 Must declare SMTPUTF8 to send unicode address", send("MAIL FROM:<pengirim@b\u00fccher.example>"));
        assertEquals("250 2.1.0 Ok", send("MAIL FROM:<pengirim@b\u00fccher.example> SMTPUTF8"));
        assertEquals("250 2.1.5 Ok", send("RCPT TO:<fauzan@localhost>"));
        send("DATA");
        var e = assertInstanceOf(Step.Enqueue.class, session.onInput(
                new SmtpInput.MessageData(new byte[0], 0, false, false), SmtpCommandParser::parse));
        assertTrue(e.envelope().smtputf8(), "the declaration travels with the envelope");
        session.queued(Optional.of("Q1"));
        assertEquals("250 2.1.0 Ok", send("MAIL FROM:<a@b.test>"), "a new transaction starts without SMTPUTF8");
        assertEquals("553 5.6.7 Must declare SMTPUTF8 to send unicode address", send("RCPT TO:<\u00f1and\u00fa@localhost>"));
        send("RSET");
        assertEquals("555 5.5.4 Unsupported option: SMTPUTF8=yes", send("MAIL FROM:<a@b.test> SMTPUTF8=yes"));
    }

    private Step chunk(String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        return session.onInput(new SmtpInput.Chunk(b, b.length, false), SmtpCommandParser::parse);
    }

    @Test
    void bdatChunksMakeOneMessage() {
        send("EHLO c");
        send("MAIL FROM:<a@b.test>");
        send("RCPT TO:<u@localhost>");
        var read = assertInstanceOf(Step.ReadChunk.class, session.onCommand(SmtpCommandParser.parse("BDAT 12")));
        assertEquals(12, read.size());
        assertEquals(1000, read.keepAtMost(), "up to the size limit");
        assertEquals("250 2.0.0 Ok: 12 bytes", text(chunk("Subject: x\r\n")));
        assertEquals("503 5.5.1 Error: DATA and BDAT cannot be mixed in one transaction", text(session.onCommand(SmtpCommandParser.parse("DATA"))));
        var last = assertInstanceOf(Step.ReadChunk.class, session.onCommand(SmtpCommandParser.parse("BDAT 6 LAST")));
        assertEquals(1000 - 12, last.keepAtMost(), "what is left of the limit");
        var e = assertInstanceOf(Step.Enqueue.class, chunk("\r\nhi\r\n"));
        assertEquals("Subject: x\r\n\r\nhi\r\n", new String(e.content(), StandardCharsets.UTF_8));
    }

    @Test
    void bdatErrorsComeAfterTheChunkIsRead() {
        send("EHLO c");
        var read = assertInstanceOf(Step.ReadChunk.class, session.onCommand(SmtpCommandParser.parse("BDAT 5 LAST")));
        assertEquals(0, read.keepAtMost(), "nothing kept for a chunk that will be refused");
        assertEquals("503 5.5.1 Error: need RCPT command",
                text(session.onInput(new SmtpInput.Chunk(new byte[0], 5, true), SmtpCommandParser::parse)));
        send("MAIL FROM:<a@b.test>");
        send("RCPT TO:<u@localhost>");
        session.onCommand(SmtpCommandParser.parse("BDAT 2000"));
        assertEquals("552 5.3.4 Error: message file too big",
                text(session.onInput(new SmtpInput.Chunk(new byte[0], 2000, true), SmtpCommandParser::parse)));
        assertEquals("503 5.5.1 Error: need RCPT command", text(session.onCommand(SmtpCommandParser.parse("DATA"))),
                "the transaction ended");
        send("MAIL FROM:<a@b.test>");
        send("RCPT TO:<u@localhost>");
        session.onCommand(SmtpCommandParser.parse("BDAT 9 LAST"));
        assertEquals("550 5.5.2 Error: bare <LF> received", text(chunk("a\nb\r\nc\r\n")), "REJECT mode applies to BDAT too");
        assertEquals("501 5.5.4 Syntax: BDAT count [LAST]", send("BDAT ten"));
    }

    @Test
    void heloWithControlCharactersIsMadePrintableAndShort() {
        assertEquals("evil?host?x", SmtpSession.printable("evil\u0000host\u001bx"));
        assertEquals(255, SmtpSession.printable("h".repeat(900)).length());
        send("EHLO bad\u0007name");
        assertEquals("bad?name", session.helo().orElseThrow());
    }

    @Test
    void overlongLineIsAnErrorNotACrash() {
        assertEquals("500 5.5.2 Error: line too long", text(session.onInput(new SmtpInput.CommandTooLong(), SmtpCommandParser::parse)));
        var unlimited = new SmtpSession(SessionSettings.plain("mx", 0, 10, 3, BareNewline.NORMALIZE));
        assertEquals(List.of("PIPELINING", "SIZE", "ETRN", "ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING"), unlimited.ehloKeywords());
    }

    @Test
    void commandsSentWithoutWaitingWhereRfc2920ForbidsItAreRefused() {
        java.util.function.BiFunction<SmtpSession, String, Step> pipelined = (s, line) ->
                s.onInput(new SmtpInput.CommandLine(line), SmtpCommandParser::parse, true);
        SmtpSession s = new SmtpSession(SessionSettings.plain("mx", 1000, 20, 20, BareNewline.REJECT));
        var improper = assertInstanceOf(Step.ImproperPipelining.class, pipelined.apply(s, "EHLO c"));
        assertEquals("EHLO", improper.after(), "EHLO ends a group (RFC 2920 3.1)");
        assertEquals("554 5.5.0 Error: SMTP protocol synchronization", new String(improper.reply().encode(),
                StandardCharsets.US_ASCII).trim());
        assertInstanceOf(Step.ImproperPipelining.class, pipelined.apply(s, "MAIL FROM:<a@b.test>"), "no PIPELINING before EHLO");
        s.onCommand(SmtpCommandParser.parse("HELO c"));
        assertInstanceOf(Step.ImproperPipelining.class, pipelined.apply(s, "MAIL FROM:<a@b.test>"), "HELO clients may not pipeline");
        s.onCommand(SmtpCommandParser.parse("EHLO c"));
        assertEquals("250 2.1.0 Ok", text(pipelined.apply(s, "MAIL FROM:<a@b.test>")), "MAIL may be followed by more");
        assertInstanceOf(Step.CheckRecipient.class, pipelined.apply(s, "RCPT TO:<u@localhost>"));
        s.recipientChecked(io.kurir.mail.MailAddress.parse("u@localhost").orElseThrow(), PolicyResult.accept());
        assertEquals("250 2.0.0 Ok", text(pipelined.apply(s, "RSET")));
        for (String last : List.of("DATA", "NOOP", "VRFY u", "EHLO c", "HELO c", "AUTH PLAIN")) {
            assertEquals(last.split(" ")[0], assertInstanceOf(Step.ImproperPipelining.class, pipelined.apply(s, last)).after(), last);
        }
        assertEquals("221 2.0.0 Bye", text(pipelined.apply(s, "QUIT")), "QUIT ends the session anyway");

        SmtpSession tolerant = new SmtpSession(SessionSettings.plain("mx", 1000, 20, 20, BareNewline.REJECT).allowingUnauthPipelining());
        assertTrue(text(pipelined.apply(tolerant, "EHLO c")).startsWith("250-mx"), "smtpd_forbid_unauth_pipelining=no");
    }

    @Test
    void discardedDsnIsNeitherOfferedNorAccepted() {
        SmtpSession s = new SmtpSession(SessionSettings.plain("mx", 1000, 20, 20, BareNewline.REJECT).discarding(java.util.Set.of("dsn")));
        assertTrue(!text(s.onCommand(SmtpCommandParser.parse("EHLO c"))).contains("DSN"), "smtpd_discard_ehlo_keywords = dsn");
        assertEquals("555 5.5.4 Unsupported option: RET=FULL", text(s.onCommand(SmtpCommandParser.parse("MAIL FROM:<a@b.test> RET=FULL"))));
        assertEquals("250 2.1.0 Ok", text(s.onCommand(SmtpCommandParser.parse("MAIL FROM:<a@b.test>"))));
        assertEquals("555 5.5.4 Unsupported option: NOTIFY=NEVER",
                text(s.onCommand(SmtpCommandParser.parse("RCPT TO:<u@localhost> NOTIFY=NEVER"))));
    }

    @Test
    void authWithAnInitialResponseMayBeFollowedByMore() {
        SmtpSession s = new SmtpSession(SessionSettings.plain("mx", 1000, 20, 20, BareNewline.REJECT));
        s.onCommand(SmtpCommandParser.parse("EHLO c"));
        Step withIr = s.onInput(new SmtpInput.CommandLine("AUTH PLAIN AGJ1ZGkAcmFoYXNpYQ=="), SmtpCommandParser::parse, true);
        assertTrue(!(withIr instanceof Step.ImproperPipelining), "RFC 4954 section 4: " + withIr);
        Step without = s.onInput(new SmtpInput.CommandLine("AUTH LOGIN"), SmtpCommandParser::parse, true);
        assertInstanceOf(Step.ImproperPipelining.class, without);
    }

    @Test
    void a421FromTheRestrictionsHangsUp() {
        SmtpSession s = new SmtpSession(SessionSettings.plain("mx", 1000, 20, 20, BareNewline.REJECT));
        s.onCommand(SmtpCommandParser.parse("EHLO c"));
        s.onCommand(SmtpCommandParser.parse("MAIL FROM:<a@b.test>"));
        var check = assertInstanceOf(Step.CheckRecipient.class, s.onCommand(SmtpCommandParser.parse("RCPT TO:<u@localhost>")));
        Step step = s.recipientChecked(check.recipient(), PolicyResult.reject(io.kurir.smtp.codec.SmtpReply.of(421, "4.7.0", "Go away")));
        assertEquals(After.CLOSE, assertInstanceOf(Step.Reply.class, step).after());
    }
}
