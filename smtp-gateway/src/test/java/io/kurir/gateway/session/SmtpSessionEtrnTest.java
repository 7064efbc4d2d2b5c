package io.kurir.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.gateway.policy.PolicyResult;
import io.kurir.gateway.session.SmtpSession.After;
import io.kurir.gateway.session.SmtpSession.Step;
import io.kurir.smtp.codec.BareNewline;
import io.kurir.smtp.codec.SmtpCommandParser;
import io.kurir.smtp.codec.SmtpInput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ETRN (RFC 1985) in the session state machine, with the replies of Postfix's etrn_cmd. */
class SmtpSessionEtrnTest {

    /** mydestination is localhost and mx.kurir.test (SessionSettings.plain). */
    private final SmtpSession session = new SmtpSession(SessionSettings.plain("mx.kurir.test", 1000, 10, 50, BareNewline.REJECT));

    private Step send(String line) {
        return session.onCommand(SmtpCommandParser.parse(line));
    }

    private static String text(Step step) {
        Step.Reply reply = assertInstanceOf(Step.Reply.class, step, "a reply, not work for the connection");
        return new String(reply.reply().encode(), StandardCharsets.UTF_8).trim();
    }

    private Step.Flush flush(String line) {
        return assertInstanceOf(Step.Flush.class, send(line), "\"" + line + "\" asks the queue to flush");
    }

    @Test
    void etrnBeforeHeloOrEhloIsRefused() {
        assertEquals("503 Error: send HELO/EHLO first", text(send("ETRN b.test")));
        send("HELO client.test");
        assertEquals("b.test", flush("ETRN b.test").node(), "HELO is enough");
    }

    @Test
    void aDomainIsFlushedAndQueuingStartedIsTheReply() {
        send("EHLO client.test");
        Step.Flush flush = flush("ETRN b.test");
        assertEquals("b.test", flush.node());
        Step done = session.flushed(Optional.of(3));
        assertEquals("250 Queuing started", text(done));
        assertEquals(After.CONTINUE, ((Step.Reply) done).after());
        assertEquals("250 Queuing started", text(session.flushed(Optional.of(0))), "nothing waiting is still started (Postfix)");
        assertTrue(session.commandSummary().contains("etrn=1"), session.commandSummary());
    }

    @Test
    void atDomainMeansTheDomainAndItsSubdomainsAndCaseDoesNotMatter() {
        send("EHLO client.test");
        assertEquals("b.test", flush("ETRN @b.test").node(), "RFC 1985 5.3: the @ is dropped, subdomains come along");
        assertEquals("b.test", flush("etrn B.Test").node());
        assertEquals("[192.0.2.1]", flush("ETRN [192.0.2.1]").node(), "Postfix also takes an address literal");
        assertEquals("[ipv6:2001:db8::1]", flush("ETRN [IPv6:2001:db8::1]").node());
        assertEquals("under_score.test", flush("ETRN under_score.test").node(), "Postfix tolerates underscores");
    }

    @Test
    void duringAMailTransactionEtrnIsRefused() {
        send("EHLO client.test");
        send("MAIL FROM:<a@client.test>");
        assertEquals("503 Error: MAIL transaction in progress", text(send("ETRN b.test")));
        var check = assertInstanceOf(Step.CheckRecipient.class, send("RCPT TO:<fauzan@localhost>"));
        session.recipientChecked(check.recipient(), PolicyResult.accept());
        assertEquals("503 Error: MAIL transaction in progress", text(send("ETRN b.test")));
        send("RSET");
        flush("ETRN b.test");
    }

    @Test
    void afterTheMessageTheTransactionIsOverAndEtrnWorks() {
        send("EHLO client.test");
        send("MAIL FROM:<a@client.test>");
        var check = assertInstanceOf(Step.CheckRecipient.class, send("RCPT TO:<fauzan@localhost>"));
        session.recipientChecked(check.recipient(), PolicyResult.accept());
        send("DATA");
        assertInstanceOf(Step.Enqueue.class, session.onInput(new SmtpInput.MessageData(new byte[0], 0, false, false),
                SmtpCommandParser::parse));
        session.queued(Optional.of("4A1F21C0D3E7"));
        flush("ETRN b.test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ETRN", "ETRN   ", "ETRN a.test b.test", "etrn @a.test\tb.test"})
    void withoutExactlyOneArgumentItIsASyntaxError(String line) {
        send("EHLO client.test");
        assertEquals("500 Syntax: ETRN domain", text(send(line)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"#queue", "#", "#b.test"})
    void namedQueuesCannotBeStarted(String argument) {
        send("EHLO client.test");
        assertEquals("458 Unable to queue messages", text(send("ETRN " + argument)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"@", "b.test.", ".b.test", "a..test", "-a.test", "a-.test", "a!b.test", "a%b.test",
        "user@b.test", "192.0.2.1", "12345", "[192.0.2.256]", "[::1]", "[IPv6:192.0.2.1]", "[b.test]", "d\u00f6m.test",
        "@@b.test"})
    void malformedNodesGetPostfixsInvalidParameterReply(String argument) {
        send("EHLO client.test");
        assertEquals("501 Error: invalid parameter syntax", text(send("ETRN " + argument)));
    }

    @Test
    void aNameLongerThanDnsAllowsIsMalformed() {
        send("EHLO client.test");
        assertEquals("501 Error: invalid parameter syntax", text(send("ETRN " + "a".repeat(64) + ".test")));
        String longName = String.join(".", java.util.Collections.nCopies(64, "abc")); // 255 characters
        assertEquals(longName, flush("ETRN " + longName).node());
        assertEquals("501 Error: invalid parameter syntax", text(send("ETRN x" + longName)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LocalHost", "mx.kurir.test", "@mx.kurir.test"})
    void ourOwnDomainsAreRefused(String argument) {
        send("EHLO client.test");
        String shown = argument.startsWith("@") ? argument.substring(1) : argument;
        assertEquals("459 <" + shown + ">: service unavailable", text(send("ETRN " + argument)));
    }

    @Test
    void theMydestinationSettingDecidesWhatIsOurs() {
        SessionSettings plain = SessionSettings.plain("mx.kurir.test", 0, 10, 20, BareNewline.REJECT);
        SmtpSession s = new SmtpSession(new SessionSettings(plain.myhostname(), 0, 10, 20, BareNewline.REJECT, Listener.MX,
                false, true, false, false, HeaderSize.DEFAULT_LIMIT, Set.of(), true, Set.of("Kurir.Test")));
        s.onCommand(SmtpCommandParser.parse("EHLO client.test"));
        assertEquals("459 <kurir.test>: service unavailable", text(s.onCommand(SmtpCommandParser.parse("ETRN kurir.test"))));
        assertInstanceOf(Step.Flush.class, s.onCommand(SmtpCommandParser.parse("ETRN sub.kurir.test")),
                "a subdomain of ours is not ours");
        assertInstanceOf(Step.Flush.class, s.onCommand(SmtpCommandParser.parse("ETRN localhost")),
                "localhost is ours only when mydestination says so");
    }

    @Test
    void aQueueThatCannotBeReachedIsATemporaryFailure() {
        send("EHLO client.test");
        flush("ETRN b.test");
        Step failed = session.flushed(Optional.empty());
        assertEquals("458 Unable to queue messages", text(failed));
        assertTrue(((Step.Reply) failed).reply().isTransient(), "the client may try again later");
    }

    @Test
    void etrnErrorsCountTowardTheHardErrorLimit() {
        SmtpSession s = new SmtpSession(SessionSettings.plain("mx", 0, 10, 3, BareNewline.REJECT));
        s.onCommand(SmtpCommandParser.parse("EHLO client.test"));
        assertEquals(After.CONTINUE, ((Step.Reply) s.onCommand(SmtpCommandParser.parse("ETRN"))).after());
        assertEquals(After.CONTINUE, ((Step.Reply) s.onCommand(SmtpCommandParser.parse("ETRN #q"))).after());
        assertEquals(After.TOO_MANY_ERRORS, ((Step.Reply) s.onCommand(SmtpCommandParser.parse("ETRN localhost"))).after());
    }

    @Test
    void ehloOffersEtrnRightAfterVrfyUnlessDiscarded() {
        SmtpSession withVrfy = new SmtpSession(SessionSettings.plain("mx", 0, 10, 20, BareNewline.REJECT).withVrfy());
        assertEquals(List.of("PIPELINING", "SIZE", "VRFY", "ETRN", "ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8",
                "CHUNKING"), withVrfy.ehloKeywords());
        SmtpSession discarded = new SmtpSession(SessionSettings.plain("mx", 0, 10, 20, BareNewline.REJECT)
                .discarding(Set.of("etrn")));
        assertEquals(List.of("PIPELINING", "SIZE", "ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING"),
                discarded.ehloKeywords());
    }

    /** RFC 2920 section 3.1 does not list ETRN among the commands that end a group, nor does Postfix. */
    @Test
    void etrnMayBeFollowedByMoreAfterEhloButNotAfterHelo() {
        SmtpSession s = new SmtpSession(SessionSettings.plain("mx", 0, 10, 20, BareNewline.REJECT));
        s.onCommand(SmtpCommandParser.parse("EHLO client.test"));
        assertInstanceOf(Step.Flush.class, s.onInput(new SmtpInput.CommandLine("ETRN b.test"), SmtpCommandParser::parse, true));
        s.onCommand(SmtpCommandParser.parse("HELO client.test"));
        var improper = assertInstanceOf(Step.ImproperPipelining.class,
                s.onInput(new SmtpInput.CommandLine("ETRN b.test"), SmtpCommandParser::parse, true),
                "without PIPELINING every command waits for its reply");
        assertEquals("ETRN", improper.after());
    }
}
