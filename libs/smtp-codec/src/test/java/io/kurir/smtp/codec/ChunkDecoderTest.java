package io.kurir.smtp.codec;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** BDAT chunks (RFC 3030): exactly the announced octets, at every split of the input. */
class ChunkDecoderTest {

    static final String SESSION = "BDAT 7\r\nhel\r\n.\nBDAT 0 LAST\r\nQUIT\r\n";

    /** Drives the decoder like a session: a BDAT line starts a chunk of its size. */
    static List<SmtpInput> run(byte[] input, int split, long keepAtMost) {
        SmtpInputDecoder d = new SmtpInputDecoder(1000, 1000, BareNewline.NORMALIZE);
        List<SmtpInput> out = new ArrayList<>();
        for (int pos = 0; pos < input.length; pos += split) {
            d.feed(input, pos, Math.min(split, input.length - pos));
            Optional<SmtpInput> in;
            while ((in = d.next()).isPresent()) {
                out.add(in.get());
                if (in.get() instanceof SmtpInput.CommandLine line && SmtpCommandParser.parse(line.line()) instanceof SmtpCommand.Bdat b) {
                    d.startChunk(b.size(), keepAtMost);
                }
            }
        }
        return out;
    }

    @Test
    void chunksAreTakenAsTheyAreAtEverySplit() {
        byte[] input = SESSION.getBytes(US_ASCII);
        List<SmtpInput> whole = run(input, input.length, 100);
        assertEquals(5, whole.size(), whole.toString());
        var first = assertInstanceOf(SmtpInput.Chunk.class, whole.get(1));
        assertArrayEquals("hel\r\n.\n".getBytes(US_ASCII), first.content(), "no dot-unstuffing, no end marker in BDAT");
        assertEquals(7, first.octets());
        var last = assertInstanceOf(SmtpInput.Chunk.class, whole.get(3));
        assertEquals(0, last.octets());
        assertEquals(new SmtpInput.CommandLine("QUIT"), whole.get(4));
        for (int split = 1; split < input.length; split++) {
            assertEquals(whole, run(input, split, 100), "split every " + split + " bytes");
        }
    }

    @Test
    void aChunkLargerThanAllowedIsConsumedButNotKept() {
        List<SmtpInput> out = run("BDAT 7\r\nhel\r\n.\nNOOP\r\n".getBytes(US_ASCII), 3, 5);
        var chunk = assertInstanceOf(SmtpInput.Chunk.class, out.get(1));
        assertTrue(chunk.tooBig());
        assertEquals(0, chunk.content().length);
        assertEquals(7, chunk.octets());
        assertEquals(new SmtpInput.CommandLine("NOOP"), out.get(2), "the command after the chunk is found");
        assertFalse(assertInstanceOf(SmtpInput.Chunk.class, run("BDAT 5\r\nhello".getBytes(US_ASCII), 2, 5).get(1)).tooBig());
    }

    @Test
    void parserAndStateChecks() {
        assertEquals(new SmtpCommand.Bdat(1000, true), SmtpCommandParser.parse("bdat 1000 last"));
        assertEquals(new SmtpCommand.Invalid(SmtpReplies.BDAT_SYNTAX), SmtpCommandParser.parse("BDAT"));
        assertEquals(new SmtpCommand.Invalid(SmtpReplies.BDAT_SYNTAX), SmtpCommandParser.parse("BDAT -1"));
        assertEquals(new SmtpCommand.Invalid(SmtpReplies.BDAT_SYNTAX), SmtpCommandParser.parse("BDAT 10 FIRST"));
        assertEquals(new SmtpCommand.Invalid(SmtpReplies.BDAT_SYNTAX), SmtpCommandParser.parse("BDAT 1234567890123456789"));
        SmtpInputDecoder d = new SmtpInputDecoder(1000, 1000, BareNewline.NORMALIZE);
        d.startChunk(3, 3);
        assertTrue(d.inData());
        assertThrows(IllegalStateException.class, () -> d.startChunk(3, 3));
    }
}
