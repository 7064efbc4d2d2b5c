package io.kurir.imap.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MessageWriterTest {

    private static String write(String message, OptionalInt lines, int budget) {
        MessageWriter writer = new MessageWriter(message.getBytes(StandardCharsets.ISO_8859_1), lines);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Optional<byte[]> chunk = writer.next(budget); chunk.isPresent(); chunk = writer.next(budget)) {
            out.writeBytes(chunk.get());
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** The same answer whatever the chunk size. */
    private static void assertWritten(String expected, String message, OptionalInt lines) {
        for (int budget = 1; budget <= expected.length() + 1; budget++) {
            assertEquals(expected, write(message, lines, budget), "in chunks of " + budget);
        }
    }

    @Test
    void linesStartingWithADotAreStuffedAndTheAnswerEndsWithADotLine() {
        assertWritten("Subject: x\r\n\r\n..\r\n..hidden\r\nok.\r\n.\r\n", "Subject: x\r\n\r\n.\r\n.hidden\r\nok.\r\n",
                OptionalInt.empty());
    }

    @Test
    void bareLfAndAMissingFinalLineEndBecomeCrlf() {
        assertWritten("a: b\r\n\r\nline\r\nlast\r\n.\r\n", "a: b\n\nline\nlast", OptionalInt.empty());
        assertWritten(".\r\n", "", OptionalInt.empty());
    }

    @Test
    void topSendsTheHeaderTheEmptyLineAndNBodyLines() {
        String message = "From: a\r\nSubject: s\r\n\r\none\r\n.two\r\nthree\r\n";
        assertWritten("From: a\r\nSubject: s\r\n\r\n.\r\n", message, OptionalInt.of(0));
        assertWritten("From: a\r\nSubject: s\r\n\r\none\r\n..two\r\n.\r\n", message, OptionalInt.of(2));
        assertWritten("From: a\r\nSubject: s\r\n\r\none\r\n..two\r\nthree\r\n.\r\n", message, OptionalInt.of(50));
        assertWritten("From: a\r\nno body\r\n.\r\n", "From: a\r\nno body", OptionalInt.of(1));
    }
}
