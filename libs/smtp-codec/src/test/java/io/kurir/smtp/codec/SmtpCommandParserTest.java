package io.kurir.smtp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.mail.MailAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Verbs other than MAIL and RCPT, and the lines of the course session. */
class SmtpCommandParserTest {

    private static SmtpCommand parse(String line) {
        return SmtpCommandParser.parse(line);
    }

    private static void assertParses(SmtpCommand expected, String line) {
        assertEquals(expected, parse(line), "parsing \"" + line + "\"");
    }

    @Test
    void courseSessionLines() {
        assertParses(new SmtpCommand.Ehlo("localhost"), "ehlo localhost");
        assertParses(new SmtpCommand.Mail(Optional.of(MailAddress.of("afau", "localhost")), Map.of()),
                "mail from:afau@localhost");
        assertParses(new SmtpCommand.Rcpt(MailAddress.of("fauzan", "localhost"), Map.of()),
                "rcpt to:fauzan@localhost");
        assertParses(new SmtpCommand.Data(), "Data");
        assertParses(new SmtpCommand.Quit(), "quit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"EHLO client.example.org", "ehlo client.example.org", "EhLo client.example.org",
        "EHLO   client.example.org  ", "  EHLO client.example.org", "EHLO\tclient.example.org"})
    void ehloInAnyCaseAndSpacing(String line) {
        assertParses(new SmtpCommand.Ehlo("client.example.org"), line);
    }

    @Test
    void heloAndAddressLiteral() {
        assertParses(new SmtpCommand.Helo("client.example.org"), "HELO client.example.org");
        assertParses(new SmtpCommand.Ehlo("[192.0.2.7]"), "EHLO [192.0.2.7]");
    }

    @Test
    void heloWithSeveralWordsJoinsThemLikePostfix() {
        assertParses(new SmtpCommand.Helo("my box"), "HELO my  box");
        assertParses(new SmtpCommand.Ehlo("broken client name"), "EHLO broken   client name");
    }

    @Test
    void heloAndEhloNeedAnArgument() {
        assertParses(new SmtpCommand.Invalid(SmtpReplies.EHLO_SYNTAX), "EHLO");
        assertParses(new SmtpCommand.Invalid(SmtpReplies.EHLO_SYNTAX), "ehlo   ");
        assertParses(new SmtpCommand.Invalid(SmtpReplies.HELO_SYNTAX), "HELO");
        assertParses(new SmtpCommand.Invalid(SmtpReplies.HELO_SYNTAX), "helo \t");
    }

    @Test
    void dataAndRsetTakeNoArguments() {
        assertParses(new SmtpCommand.Data(), "DATA");
        assertParses(new SmtpCommand.Data(), "data  ");
        assertParses(new SmtpCommand.Invalid(SmtpReplies.DATA_SYNTAX), "DATA now");
        assertParses(new SmtpCommand.Rset(), "RSET");
        assertParses(new SmtpCommand.Rset(), "rset");
        assertParses(new SmtpCommand.Invalid(SmtpReplies.RSET_SYNTAX), "RSET everything");
    }

    @Test
    void noopAndQuitIgnoreArgumentsLikePostfix() {
        assertParses(new SmtpCommand.Noop(), "NOOP");
        assertParses(new SmtpCommand.Noop(), "noop are you there");
        assertParses(new SmtpCommand.Quit(), "QUIT");
        assertParses(new SmtpCommand.Quit(), "QUIT now please");
    }

    @Test
    void vrfyAndHelpKeepTheirArgument() {
        assertParses(new SmtpCommand.Vrfy("postmaster"), "VRFY postmaster");
        assertParses(new SmtpCommand.Vrfy("<user@example.com>"), "vrfy  <user@example.com> ");
        assertParses(new SmtpCommand.Vrfy(""), "VRFY");
        assertParses(new SmtpCommand.Help(""), "HELP");
        assertParses(new SmtpCommand.Help("MAIL"), "help MAIL");
    }

    @Test
    void etrnKeepsItsArgumentStrippedInAnyCase() {
        assertParses(new SmtpCommand.Etrn("b.test"), "ETRN b.test");
        assertParses(new SmtpCommand.Etrn("b.test"), "etrn b.test");
        assertParses(new SmtpCommand.Etrn("@b.test"), "eTrN   @b.test \t");
        assertParses(new SmtpCommand.Etrn("#queue"), "ETRN #queue");
        assertParses(new SmtpCommand.Etrn("[192.0.2.7]"), "ETRN [192.0.2.7]");
        // the session answers these (500 Syntax: ETRN domain), as Postfix's etrn_cmd counts the words
        assertParses(new SmtpCommand.Etrn(""), "ETRN");
        assertParses(new SmtpCommand.Etrn(""), "ETRN   ");
        assertParses(new SmtpCommand.Etrn("a.test b.test"), "ETRN a.test b.test");
    }

    /** The ETRN line fed through the decoder cut at every byte boundary still parses to the same command. */
    @Test
    void etrnSplitAtEveryByteBoundary() {
        byte[] wire = DecoderDriver.octets("EHLO client.test\r\nETRN @b.test\r\nQUIT\r\n");
        for (int cut = 1; cut < wire.length; cut++) {
            List<SmtpCommand> commands = DecoderDriver.decodeCutAt(wire, BareNewline.NORMALIZE, cut).stream()
                    .map(in -> SmtpCommandParser.parse(((SmtpInput.CommandLine) in).line())).toList();
            assertEquals(List.of(new SmtpCommand.Ehlo("client.test"), new SmtpCommand.Etrn("@b.test"), new SmtpCommand.Quit()),
                    commands, "cut at byte " + cut);
            for (int second = cut + 1; second < wire.length; second++) {
                List<SmtpCommand> twice = DecoderDriver.decodeCutAt(wire, BareNewline.NORMALIZE, cut, second).stream()
                        .map(in -> SmtpCommandParser.parse(((SmtpInput.CommandLine) in).line())).toList();
                assertEquals(commands, twice, "cut at bytes " + cut + " and " + second);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"EXPN staff", "TURN", "ATRN example.com", "XEXCH50 10 2",
        "GET / HTTP/1.0", "MAILFROM:<a@b>", "X"})
    void unknownVerbsAreReportedUpperCased(String line) {
        String verb = line.split(" ")[0].toUpperCase(java.util.Locale.ROOT);
        assertParses(new SmtpCommand.Unknown(verb), line);
    }

    @Test
    void unknownVerbKeepsOriginalCharactersUpperCased() {
        assertParses(new SmtpCommand.Unknown("XCLIENT"), "xclient");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "   \t  "})
    void emptyLineIsBadSyntax(String line) {
        assertParses(new SmtpCommand.Invalid(SmtpReplies.BAD_SYNTAX), line);
    }

    @Test
    void invalidCarriesTheReplyToSend() {
        SmtpCommand.Invalid invalid = (SmtpCommand.Invalid) parse("MAIL");
        assertEquals("501 5.5.4 Syntax: MAIL FROM:<address>\r\n",
                new String(invalid.reply().encode(), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void startTlsAndAuthParseWithTheirArguments() {
        assertParses(new SmtpCommand.StartTls(), "starttls");
        assertParses(new SmtpCommand.Invalid(SmtpReplies.STARTTLS_SYNTAX), "STARTTLS now");
        assertParses(new SmtpCommand.Auth("PLAIN", java.util.Optional.empty()), "auth plain");
        assertParses(new SmtpCommand.Auth("PLAIN", java.util.Optional.of("AGJ1ZGkAcHc=")), "AUTH PLAIN AGJ1ZGkAcHc=");
        assertParses(new SmtpCommand.Auth("LOGIN", java.util.Optional.of("=")), "AUTH LOGIN =");
        assertParses(new SmtpCommand.Invalid(SmtpReplies.AUTH_SYNTAX), "AUTH");
        assertParses(new SmtpCommand.Invalid(SmtpReplies.AUTH_SYNTAX), "AUTH PLAIN a b");
        assertParses(new SmtpCommand.Invalid(SmtpReplies.AUTH_SYNTAX), "AUTH PL@IN");
    }
}
