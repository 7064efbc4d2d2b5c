package io.kurir.imap.codec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole client sessions from {@code src/test/resources/sessions}: decoded split at every byte (with
 * IDLE and AUTHENTICATE handled as a server would), every command parsed, none refused.
 */
class ClientSessionsTest {

    /** Commands a transcript may use that this codec leaves to the server as Unknown. */
    private static final Set<String> UNKNOWN_ALLOWED = Set.of("COMPRESS");

    private static byte[] transcript(String name) throws IOException {
        try (InputStream in = ClientSessionsTest.class.getResourceAsStream("/sessions/" + name)) {
            byte[] text = in.readAllBytes();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            int lineStart = 0;
            for (int i = 0; i <= text.length; i++) {
                if (i == text.length || text[i] == '\n') {
                    if (i > lineStart && text[lineStart] != '#') {
                        wire.write(text, lineStart, i - lineStart);
                        wire.write('\r');
                        wire.write('\n');
                    }
                    lineStart = i + 1;
                }
            }
            return wire.toByteArray();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"thunderbird.txt", "apple-mail.txt", "mutt.txt", "mbsync.txt", "imaplib.txt"})
    void everyCommandOfTheSessionParses(String name) throws IOException {
        byte[] wire = transcript(name);
        List<ImapInput> inputs = DecoderDriver.decodeEverySplit(wire, ImapDecoderLimits.DEFAULT);
        int commands = 0;
        for (ImapInput input : inputs) {
            assertFalse(input instanceof ImapInput.TooBig || input instanceof ImapInput.IdleUnexpected,
                    name + ": unexpected " + input);
            if (input instanceof ImapInput.Command command) {
                commands++;
                ImapCommand parsed = ImapCommandParser.parse(command);
                assertFalse(parsed instanceof ImapCommand.Invalid, name + ": " + command + " gave " + parsed);
                if (parsed instanceof ImapCommand.Unknown unknown) {
                    assertTrue(UNKNOWN_ALLOWED.contains(unknown.name()), name + ": unknown " + unknown.name());
                }
            }
        }
        assertTrue(commands >= 14, name + " has a whole session, got " + commands + " commands");
    }
}
