package io.kurir.imap.codec;

import static io.kurir.imap.codec.ParserFixture.assertBad;
import static io.kurir.imap.codec.ParserFixture.assertParses;
import static io.kurir.imap.codec.ParserFixture.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kurir.imap.codec.ImapCommand.Authenticate;
import io.kurir.imap.codec.ImapCommand.Login;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tags, command names, and the commands of the any, not-authenticated and authenticated states without mailbox arguments. */
class CommandParserTest {

    static Stream<Arguments> commandsWithoutArguments() {
        return Stream.of(
                Arguments.of("a1 CAPABILITY", new ImapCommand.Capability("a1")),
                Arguments.of("a1 NOOP", new ImapCommand.Noop("a1")),
                Arguments.of("a1 LOGOUT", new ImapCommand.Logout("a1")),
                Arguments.of("a1 STARTTLS", new ImapCommand.StartTls("a1")),
                Arguments.of("a1 NAMESPACE", new ImapCommand.Namespace("a1")),
                Arguments.of("a1 IDLE", new ImapCommand.Idle("a1")),
                Arguments.of("a1 CHECK", new ImapCommand.Check("a1")),
                Arguments.of("a1 CLOSE", new ImapCommand.Close("a1")),
                Arguments.of("a1 UNSELECT", new ImapCommand.Unselect("a1")),
                Arguments.of("a1 EXPUNGE", new ImapCommand.Expunge("a1")));
    }

    @ParameterizedTest
    @MethodSource("commandsWithoutArguments")
    void commandsWithoutArgumentsInAnyCase(String line, ImapCommand expected) {
        assertParses(expected, line);
        assertParses(expected, line.toLowerCase(java.util.Locale.ROOT));
        String name = line.substring(3);
        assertBad(line + " now", name + ": takes no arguments");
    }

    @ParameterizedTest
    @ValueSource(strings = {"A001", "a", "1", "tag.with.dots", "x]y", "TAG-99_z", "~user", "!#$&'", "a[1"})
    void anyAstringCharExceptPlusMakesATag(String tag) {
        assertParses(new ImapCommand.Noop(tag), tag + " NOOP");
    }

    @ParameterizedTest
    @ValueSource(strings = {"* NOOP", "+ NOOP", "a+b NOOP", "a(1 NOOP", "a{1 NOOP", "a%1 NOOP", "a\"1 NOOP",
        "a\\1 NOOP", " a1 NOOP", "\u00e9 NOOP", "a\t1 NOOP"})
    void aLineWithoutAValidTagIsAnsweredUntagged(String line) {
        assertBad(line, Optional.empty(), "Invalid tag");
        assertEquals("* BAD Invalid tag\\r\\n", ((ImapCommand.Invalid) parse(line)).response().toString());
    }

    @Test
    void emptyLinesAndMissingCommands() {
        assertBad("", Optional.empty(), "Empty command line");
        assertBad("a1", "Missing command");
        assertBad("a1 ", "Missing command");
        assertBad("a1  NOOP", "Invalid command name");
        assertBad("a1 NO\u00e9OP", "Invalid command name");
        assertBad("a1 NOOP(", "Invalid command name");
    }

    @Test
    void unknownCommandsAreReportedUpperCased() {
        assertParses(new ImapCommand.Unknown("a1", "XLIST"), "a1 xlist \"\" *");
        assertParses(new ImapCommand.Unknown("a1", "GETMETADATA"), "a1 GETMETADATA INBOX /private/comment");
        assertEquals("a1 BAD Unknown command XYZZY\\r\\n", ((ImapCommand.Unknown) parse("a1 XYZZY")).response().toString());
        assertEquals("a1 BAD Unknown command " + "X".repeat(30) + "...\\r\\n",
                ((ImapCommand.Unknown) parse("a1 " + "X".repeat(40))).response().toString());
    }

    @Test
    void authenticateWithAndWithoutInitialResponse() {
        assertParses(new Authenticate("a1", "PLAIN", Optional.empty()), "a1 AUTHENTICATE plain");
        assertParses(new Authenticate("a1", "GSSAPI", Optional.empty()), "a1 authenticate GSSAPI");
        assertParses(new Authenticate("a1", "PLAIN", Optional.of("AGZyZWQAc2VjcmV0")), "a1 AUTHENTICATE PLAIN AGZyZWQAc2VjcmV0");
        assertParses(new Authenticate("a1", "EXTERNAL", Optional.of("=")), "a1 AUTHENTICATE EXTERNAL =");
        assertParses(new Authenticate("a1", "XOAUTH2", Optional.of("dXNlcj1mcmVk")), "a1 AUTHENTICATE XOAUTH2 dXNlcj1mcmVk");
        assertParses(new Authenticate("a1", "SCRAM-SHA-256", Optional.of("biwsbj11c2VyLHI9ZnlrbytkMmxiYkZnT05Sdjlx")),
                "a1 AUTHENTICATE SCRAM-SHA-256 biwsbj11c2VyLHI9ZnlrbytkMmxiYkZnT05Sdjlx");
    }

    @Test
    void authenticateErrors() {
        assertBad("a1 AUTHENTICATE", "AUTHENTICATE: missing SASL mechanism");
        assertBad("a1 AUTHENTICATE PLAIN abc", "AUTHENTICATE: initial response is not base64");
        assertBad("a1 AUTHENTICATE PLAIN ab=c", "AUTHENTICATE: initial response is not base64");
        assertBad("a1 AUTHENTICATE PLAIN a==", "AUTHENTICATE: initial response is not base64");
        assertBad("a1 AUTHENTICATE PLAIN AGZy ZWQ=", "AUTHENTICATE: unexpected \"ZWQ=\" after the arguments");
        assertBad("a1 AUTHENTICATE (PLAIN)", "AUTHENTICATE: expected SASL mechanism, found \"(\"");
    }

    @Test
    void authenticateAndLoginHideCredentialsInToString() {
        assertFalse(parse("a1 AUTHENTICATE PLAIN AGZyZWQAc2VjcmV0").toString().contains("AGZy"));
        assertFalse(parse("a1 LOGIN fred secret").toString().contains("secret"));
    }

    @Test
    void loginTakesAtomsQuotedStringsAndLiterals() {
        assertParses(new Login("a1", "fred", "secret"), "a1 LOGIN fred secret");
        assertParses(new Login("a1", "fred", "secret"), "a1 login \"fred\" \"secret\"");
        assertParses(new Login("a1", "fred@example.org", "with space"), "a1 LOGIN fred@example.org \"with space\"");
        assertParses(new Login("a1", "fred", "q\"uote\\back"), "a1 LOGIN fred \"q\\\"uote\\\\back\"");
        assertParses(new Login("a1", "fred", "secret"), "a1 LOGIN {4}\r\nfred {6}\r\nsecret");
        assertParses(new Login("a1", "fred", "secret"), "a1 LOGIN {4+}\r\nfred {6+}\r\nsecret");
        assertParses(new Login("a1", "fred", ""), "a1 LOGIN fred \"\"");
        assertParses(new Login("a1", "fred", "pass]word"), "a1 LOGIN fred pass]word");
        assertParses(new Login("a1", "fred", "p\u00e4ss"), "a1 LOGIN fred \"p\u00c3\u00a4ss\"");
        assertParses(new Login("a1", "fred", "line\r\nbreak"), "a1 LOGIN fred {11}\r\nline\r\nbreak");
    }

    @Test
    void loginErrors() {
        assertBad("a1 LOGIN", "LOGIN: missing user name");
        assertBad("a1 LOGIN fred", "LOGIN: missing password");
        assertBad("a1 LOGIN fred secret more", "LOGIN: unexpected \"more\" after the arguments");
        assertBad("a1 LOGIN fred \"secret", "LOGIN: password: quoted string is not closed");
        assertBad("a1 LOGIN fred \"sec\\ret\"", "LOGIN: password: only \\\" and \\\\ may be escaped in a quoted string");
        assertBad("a1 LOGIN fred (secret)", "LOGIN: expected password, found \"(\"");
        assertBad("a1 LOGIN fred \"p\u00e4ss\"", "LOGIN: password is not valid UTF-8");
        assertBad("a1 LOGIN fred {3}\r\na\0b", "LOGIN: password: NUL octet in a literal (only literal8 may contain NUL)");
        assertBad("a1 LOGIN fred ~{3}\r\nabc", "LOGIN: password cannot be a literal8");
        assertBad("a1 LOGIN fred pass*word", "LOGIN: unexpected \"*word\" after the arguments");
    }

    @Test
    void enableTakesCapabilitiesUpperCased() {
        assertParses(new ImapCommand.Enable("a1", List.of("CONDSTORE")), "a1 ENABLE CONDSTORE");
        assertParses(new ImapCommand.Enable("a1", List.of("QRESYNC", "UTF8=ACCEPT", "IMAP4REV2")),
                "a1 enable qresync UTF8=ACCEPT IMAP4rev2");
        assertBad("a1 ENABLE", "ENABLE: missing capability");
        assertBad("a1 ENABLE CONDSTORE ", "ENABLE: missing capability");
        assertBad("a1 ENABLE (CONDSTORE)", "ENABLE: expected capability, found \"(\"");
    }

    @Test
    void idTakesFieldValuePairsOrNil() {
        Map<String, Optional<String>> apple = new LinkedHashMap<>();
        apple.put("name", Optional.of("Mac OS X Mail"));
        apple.put("version", Optional.of("16.0 (3731.500.231)"));
        apple.put("os", Optional.of("Mac OS X"));
        apple.put("os-version", Optional.of("13.4 (22F66)"));
        apple.put("vendor", Optional.of("Apple Inc."));
        assertParses(new ImapCommand.Id("a1", apple), "a1 ID (\"name\" \"Mac OS X Mail\" \"version\" \"16.0 (3731.500.231)\""
                + " \"os\" \"Mac OS X\" \"os-version\" \"13.4 (22F66)\" \"vendor\" \"Apple Inc.\")");
        Map<String, Optional<String>> withNil = new LinkedHashMap<>();
        withNil.put("name", Optional.of("x"));
        withNil.put("support-url", Optional.empty());
        assertParses(new ImapCommand.Id("a1", withNil), "a1 ID (\"name\" {1}\r\nx \"support-url\" NIL)");
        assertParses(new ImapCommand.Id("a1", Map.of()), "a1 ID NIL");
        assertParses(new ImapCommand.Id("a1", Map.of()), "a1 id ()");
    }

    @Test
    void idErrors() {
        assertBad("a1 ID", "ID: missing parameter list or NIL");
        assertBad("a1 ID (name \"x\")", "ID: expected ID field name, found \"name\"");
        assertBad("a1 ID (\"name\")", "ID: expected a space before ID field value, found \")\"");
        assertBad("a1 ID (\"name\" \"x\"", "ID: expected \")\" closing the ID parameters, found end of line");
        assertBad("a1 ID (\"name\" x)", "ID: expected ID field value, found \"x\"");
    }

    @Test
    void getQuotaAndGetQuotaRoot() {
        assertParses(new ImapCommand.GetQuota("a1", ""), "a1 GETQUOTA \"\"");
        assertParses(new ImapCommand.GetQuota("a1", "#user/fred"), "a1 GETQUOTA #user/fred");
        assertParses(new ImapCommand.GetQuotaRoot("a1", MailboxName.INBOX), "a1 getquotaroot inbox");
        assertParses(new ImapCommand.GetQuotaRoot("a1", new MailboxName("Sent Items")), "a1 GETQUOTAROOT \"Sent Items\"");
        assertBad("a1 GETQUOTA", "GETQUOTA: missing quota root");
        assertBad("a1 GETQUOTAROOT INBOX Sent", "GETQUOTAROOT: unexpected \"Sent\" after the arguments");
    }

    @Test
    void invalidCommandsCarryTheirReply() {
        ImapCommand.Invalid invalid = (ImapCommand.Invalid) parse("a1 LOGIN");
        assertEquals("a1", invalid.tag());
        assertEquals("a1 BAD LOGIN: missing user name\\r\\n", invalid.response().toString());
        assertEquals("*", ((ImapCommand.Invalid) parse("+ x")).tag());
    }
}
