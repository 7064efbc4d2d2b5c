package io.kurir.smtp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kurir.mail.MailAddress;
import io.kurir.smtp.codec.SmtpCommandParser.SourceRoute;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MAIL FROM and RCPT TO: paths, the null sender, parameters and every syntax error. */
class MailRcptParserTest {

    private static final MailAddress ALICE = MailAddress.of("alice", "example.com");
    private static final SmtpCommand.Invalid BAD_SENDER = new SmtpCommand.Invalid(SmtpReplies.BAD_SENDER_SYNTAX);
    private static final SmtpCommand.Invalid BAD_RECIPIENT = new SmtpCommand.Invalid(SmtpReplies.BAD_RECIPIENT_SYNTAX);

    private static void assertParses(SmtpCommand expected, String line) {
        assertEquals(expected, SmtpCommandParser.parse(line), "parsing \"" + line + "\"");
    }

    private static SmtpCommand.Mail mailFrom(MailAddress sender) {
        return new SmtpCommand.Mail(Optional.of(sender), Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAIL FROM:<alice@example.com>", "mail from:<alice@example.com>",
        "Mail From:<alice@example.com>", "MAIL FROM: <alice@example.com>", "MAIL FROM:   <alice@example.com>",
        "MAIL  FROM:<alice@example.com>", "MAIL FROM:alice@example.com", "mail from: alice@example.com",
        "MAIL FROM:<alice@example.com>   "})
    void mailFromInEveryFormPostfixTolerates(String line) {
        assertParses(mailFrom(ALICE), line);
    }

    @Test
    void nullSender() {
        SmtpCommand.Mail expected = new SmtpCommand.Mail(Optional.empty(), Map.of());
        assertParses(expected, "MAIL FROM:<>");
        assertParses(expected, "mail from: <>");
    }

    @Test
    void nullSenderWithParameters() {
        assertParses(new SmtpCommand.Mail(Optional.empty(), Map.of("SIZE", "0")), "MAIL FROM:<> SIZE=0");
    }

    @Test
    void parametersAreSplitAndKeywordsUpperCased() {
        SmtpCommand command = SmtpCommandParser.parse(
                "MAIL FROM:<alice@example.com> size=1024 BODY=8BITMIME SMTPUTF8 ret=HDRS ENVID=QQ314159");
        SmtpCommand.Mail mail = assertInstanceOf(SmtpCommand.Mail.class, command);
        assertEquals(Optional.of(ALICE), mail.reversePath());
        assertEquals(Map.of("SIZE", "1024", "BODY", "8BITMIME", "SMTPUTF8", "", "RET", "HDRS", "ENVID", "QQ314159"),
                mail.params());
        assertEquals(List.of("SIZE", "BODY", "SMTPUTF8", "RET", "ENVID"), List.copyOf(mail.params().keySet()),
                "parameters keep the client's order");
    }

    @Test
    void valuesKeepTheirCaseAndEqualsSigns() {
        SmtpCommand.Rcpt rcpt = assertInstanceOf(SmtpCommand.Rcpt.class,
                SmtpCommandParser.parse("RCPT TO:<alice@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a+3Db@x"));
        assertEquals(Map.of("NOTIFY", "SUCCESS,FAILURE", "ORCPT", "rfc822;a+3Db@x"), rcpt.params());
    }

    @Test
    void unknownParametersAreParsedNotJudged() {
        SmtpCommand.Mail mail = assertInstanceOf(SmtpCommand.Mail.class,
                SmtpCommandParser.parse("MAIL FROM:<alice@example.com> FOO=bar XYZZY"));
        assertEquals(Map.of("FOO", "bar", "XYZZY", ""), mail.params());
    }

    @Test
    void lastDuplicateParameterWins() {
        SmtpCommand.Mail mail = assertInstanceOf(SmtpCommand.Mail.class,
                SmtpCommandParser.parse("MAIL FROM:<alice@example.com> SIZE=1 size=2"));
        assertEquals(Map.of("SIZE", "2"), mail.params());
    }

    @Test
    void paramsMapCannotBeModified() {
        SmtpCommand.Mail mail = assertInstanceOf(SmtpCommand.Mail.class,
                SmtpCommandParser.parse("MAIL FROM:<alice@example.com> SIZE=1"));
        assertThrows(UnsupportedOperationException.class, () -> mail.params().put("X", "y"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAIL", "MAIL FROM:", "MAIL FROM: ", "MAIL TO:<alice@example.com>",
        "MAIL alice@example.com", "MAIL FROM <alice@example.com>", "MAIL FROM : <alice@example.com>",
        "MAIL SENDER:<alice@example.com>"})
    void mailWithoutFromAndPathIsASyntaxError(String line) {
        assertParses(new SmtpCommand.Invalid(SmtpReplies.MAIL_SYNTAX), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAIL FROM:<alice@example.com", "MAIL FROM:<alice@@example.com>",
        "MAIL FROM:<alice@>", "MAIL FROM:<@example.com>", "MAIL FROM:<alice@exa mple.com>",
        "MAIL FROM:<alice@example..com>", "MAIL FROM:<.alice@example.com>", "MAIL FROM:alice@example.com>",
        "MAIL FROM:<<alice@example.com>>", "MAIL FROM:<alice@example.com>SIZE=10", "MAIL FROM:\"unterminated"})
    void malformedSenderAddress(String line) {
        assertParses(BAD_SENDER, line);
    }

    @Test
    void quotedLocalPartIsAccepted() {
        assertParses(mailFrom(MailAddress.of("\"john doe\"", "example.com")), "MAIL FROM:<\"john doe\"@example.com>");
    }

    @Test
    void utf8AddressIsAccepted() {
        assertParses(mailFrom(MailAddress.of("用户", "例子.广告")), "MAIL FROM:<用户@例子.广告>");
    }

    @Test
    void addressLiteralDomain() {
        assertParses(new SmtpCommand.Rcpt(MailAddress.of("postmaster", "[192.0.2.1]"), Map.of()),
                "RCPT TO:<postmaster@[192.0.2.1]>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RCPT TO:<fauzan@localhost>", "rcpt to:fauzan@localhost", "RCPT TO: <fauzan@localhost>",
        "Rcpt To:<fauzan@localhost>"})
    void rcptToInEveryForm(String line) {
        assertParses(new SmtpCommand.Rcpt(MailAddress.of("fauzan", "localhost"), Map.of()), line);
    }

    @Test
    void bareLocalPartRecipientIsUnqualified() {
        assertParses(new SmtpCommand.Rcpt(MailAddress.unqualified("postmaster"), Map.of()), "RCPT TO:<postmaster>");
        assertParses(new SmtpCommand.Rcpt(MailAddress.unqualified("Postmaster"), Map.of()), "rcpt to:Postmaster");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RCPT", "RCPT TO:", "RCPT FROM:<alice@example.com>", "RCPT <alice@example.com>",
        "RCPT TO <alice@example.com>"})
    void rcptWithoutToAndPathIsASyntaxError(String line) {
        assertParses(new SmtpCommand.Invalid(SmtpReplies.RCPT_SYNTAX), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RCPT TO:<>", "RCPT TO: <>", "RCPT TO:<alice@example.com", "RCPT TO:<a b@example.com>",
        "RCPT TO:<alice@-example.com>"})
    void malformedOrEmptyRecipient(String line) {
        assertParses(BAD_RECIPIENT, line);
    }

    @Test
    void sourceRouteIsRefusedByDefault() {
        assertParses(BAD_RECIPIENT, "RCPT TO:<@relay1.example,@relay2.example:bob@example.com>");
        assertParses(BAD_SENDER, "MAIL FROM:<@relay.example:alice@example.com>");
    }

    @Test
    void sourceRouteCanBeStrippedAsPostfixDoes() {
        assertEquals(new SmtpCommand.Rcpt(MailAddress.of("bob", "example.com"), Map.of()),
                SmtpCommandParser.parse("RCPT TO:<@relay1.example,@relay2.example:bob@example.com>", SourceRoute.STRIP));
        assertEquals(mailFrom(ALICE),
                SmtpCommandParser.parse("MAIL FROM:<@relay.example:alice@example.com>", SourceRoute.STRIP));
        assertEquals(BAD_RECIPIENT, SmtpCommandParser.parse("RCPT TO:<@relay.example:>", SourceRoute.STRIP),
                "a route with no mailbox after it is still bad");
    }

    @Test
    void aParameterGivenTwiceIsASyntaxError() {
        assertParses(new SmtpCommand.Invalid(SmtpReply.of(501, "5.5.4", "Bad RET parameter syntax")),
                "MAIL FROM:<alice@example.com> RET=FULL ret=HDRS");
        assertParses(new SmtpCommand.Invalid(SmtpReply.of(501, "5.5.4", "Error: Bad NOTIFY parameter syntax")),
                "RCPT TO:<alice@example.com> NOTIFY=NEVER Notify=SUCCESS");
        assertParses(new SmtpCommand.Invalid(BAD_SENDER.reply()), "MAIL FROM:<a@@b> RET=FULL RET=FULL");
    }
}
