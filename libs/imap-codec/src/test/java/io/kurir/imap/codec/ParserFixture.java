package io.kurir.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Optional;

/**
 * Parses test command lines the way the server will see them: the line plus CRLF goes through
 * {@link ImapInputDecoder}, split at every byte boundary, and the one command that comes out is
 * parsed. Lines may contain literals ({@code "{3}\r\nabc"}).
 */
final class ParserFixture {

    private ParserFixture() {
    }

    /** Decodes {@code line + CRLF} at every split and parses the command, in a modified UTF-7 session. */
    static ImapCommand parse(String line) {
        return parse(line, MailboxEncoding.MODIFIED_UTF7);
    }

    static ImapCommand parse(String line, MailboxEncoding encoding) {
        byte[] wire = DecoderDriver.octets(line + "\r\n");
        List<ImapInput> inputs = DecoderDriver.decodeEverySplit(wire, ImapDecoderLimits.DEFAULT);
        List<ImapInput> commands = inputs.stream().filter(i -> !(i instanceof ImapInput.ContinueLiteral)).toList();
        if (commands.size() != 1 || !(commands.get(0) instanceof ImapInput.Command command)) {
            return fail("expected exactly one command from \"" + line + "\", decoded " + inputs);
        }
        assertEquals(DecoderDriver.command(line), command, "the decoder hands over the command as sent");
        return ImapCommandParser.parse(command, encoding);
    }

    static void assertParses(ImapCommand expected, String line) {
        assertEquals(expected, parse(line), "parsing \"" + line + "\"");
    }

    static void assertParses(ImapCommand expected, String line, MailboxEncoding encoding) {
        assertEquals(expected, parse(line, encoding), "parsing \"" + line + "\" with " + encoding);
    }

    /** Asserts a BAD with the given tag and text. */
    static void assertBad(String line, Optional<String> tag, String text) {
        ImapCommand parsed = parse(line);
        ImapCommand.Invalid invalid = assertInstanceOf(ImapCommand.Invalid.class, parsed, "\"" + line + "\" is refused");
        assertEquals(new ImapCommand.Invalid(tag, ImapResponse.Status.BAD, Optional.empty(), text),
                invalid, "\"" + line + "\"");
    }

    /** Asserts a BAD for tag {@code a1} with the given text. */
    static void assertBad(String line, String text) {
        assertBad(line, Optional.of("a1"), text);
    }
}
