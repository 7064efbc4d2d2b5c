package io.kurir.imap.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class Pop3CommandParserTest {

    private static Pop3Command p(String line) {
        return Pop3CommandParser.parse(line);
    }

    @Test
    void keywordsInAnyCase() {
        assertEquals(new Pop3Command.Stat(), p("stat"));
        assertEquals(new Pop3Command.Capa(), p("Capa"));
        assertEquals(new Pop3Command.Quit(), p("QUIT"));
        assertEquals(new Pop3Command.Stls(), p("stls"));
        assertEquals(new Pop3Command.Noop(), p("NOOP"));
        assertEquals(new Pop3Command.Rset(), p("RSET"));
    }

    @Test
    void userAndPassKeepTheirTextAsUtf8() {
        assertEquals(new Pop3Command.User("fauzan@kurir.test"), p("USER fauzan@kurir.test"));
        assertEquals(new Pop3Command.Pass("kata sandi \u00e9"), p("PASS kata sandi \u00c3\u00a9"), "spaces and UTF-8 in a password");
        assertEquals(new Pop3Command.Invalid("No username given."), p("USER"));
        assertEquals(new Pop3Command.Invalid("No password given."), p("PASS"));
    }

    @Test
    void authWithAndWithoutInitialResponse() {
        assertEquals(new Pop3Command.Auth(Optional.empty(), Optional.empty()), p("AUTH"));
        assertEquals(new Pop3Command.Auth(Optional.of("PLAIN"), Optional.empty()), p("auth plain"));
        assertEquals(new Pop3Command.Auth(Optional.of("PLAIN"), Optional.of("AGEAYg==")), p("AUTH PLAIN AGEAYg=="));
        assertEquals(new Pop3Command.Invalid("Invalid AUTH arguments."), p("AUTH PLAIN a b"));
    }

    @Test
    void messageNumbers() {
        assertEquals(new Pop3Command.ListMessages(OptionalInt.empty()), p("LIST"));
        assertEquals(new Pop3Command.ListMessages(OptionalInt.of(2)), p("LIST 2"));
        assertEquals(new Pop3Command.Uidl(OptionalInt.of(10)), p("uidl 10"));
        assertEquals(new Pop3Command.Retr(1), p("RETR 1"));
        assertEquals(new Pop3Command.Dele(3), p("DELE 3"));
        assertEquals(new Pop3Command.Top(1, 0), p("TOP 1 0"));
        assertEquals(new Pop3Command.Invalid("Invalid message number: "), p("RETR"));
        assertEquals(new Pop3Command.Invalid("Invalid message number: x"), p("RETR x"));
        assertEquals(new Pop3Command.Invalid("Invalid message number: -1"), p("DELE -1"));
        assertEquals(new Pop3Command.Invalid("Noise after message number: x"), p("RETR 1x"));
        assertEquals(new Pop3Command.Invalid("Message number too large: 99999999999"), p("RETR 99999999999"));
        assertEquals(new Pop3Command.Invalid("Invalid number of lines: "), p("TOP 1"));
        assertEquals(new Pop3Command.Invalid("Invalid number of lines: z"), p("TOP 1 z"));
        assertEquals(new Pop3Command.Invalid("Noise after command: 1"), p("STAT 1"));
    }

    @Test
    void unknownCommandsAreNamedPrintably() {
        assertEquals(new Pop3Command.Unknown("XTND"), p("XTND XMIT"));
        assertEquals(new Pop3Command.Unknown("??GARBAGE"), p("\u0001\u00ffgarbage"));
        assertEquals(new Pop3Command.Unknown(""), p(""));
    }
}
