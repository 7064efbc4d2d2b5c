package io.kurir.smtp.codec;

import static io.kurir.smtp.codec.DecoderDriver.line;
import static io.kurir.smtp.codec.DecoderDriver.octets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties over random chunkings and random message content. */
class SmtpInputDecoderSplitTest {

    /** Commands, an over-long line, bare LF, dot-stuffing, smuggling attempts and two messages. */
    private static final byte[] SESSION = octets("EHLO client.example\r\n"
            + "NOOP " + "n".repeat(1100) + "\r\n"
            + "mail from:afau@localhost\nrcpt to:fauzan@localhost\r\nData\r\n"
            + "Subject: test\r\n\r\n..stuffed\r\nbare\nlf\r\n.\n\n.\r\r\n.\r"
            + "\r\n.\r\n"
            + "MAIL FROM:<>\r\nRCPT TO:<postmaster>\r\nDATA\r\n.\r\n"
            + "QUIT\r\n");

    private static final List<SmtpInput> SESSION_INPUTS = DecoderDriver.decodeWhole(SESSION, BareNewline.NORMALIZE);

    @Provide
    Arbitrary<List<Integer>> chunkSizes() {
        return Arbitraries.integers().between(1, 64).list().ofMinSize(1).ofMaxSize(40);
    }

    /** Text lines over an alphabet rich in dots and CRs (a CR inside a line is a bare CR). */
    @Provide
    Arbitrary<List<String>> lines() {
        return Arbitraries.strings().withChars('.', 'a', ' ', '\r', 'M').ofMaxLength(8).list().ofMaxSize(12);
    }

    /** Arbitrary content bytes that contain no real end-of-data sequence. */
    @Provide
    Arbitrary<String> hostileContent() {
        return Arbitraries.strings().withChars('\r', '\n', '.', 'a').ofMaxLength(40)
                .filter(s -> !("\r\n" + s + "\r\n").contains("\r\n.\r\n"));
    }

    @Property(tries = 300)
    void anyChunkingGivesTheSameInputs(@ForAll("chunkSizes") List<Integer> sizes) {
        List<SmtpInput> inputs = DecoderDriver.decode(DecoderDriver.decoder(BareNewline.NORMALIZE), SESSION, sizes);
        assertEquals(SESSION_INPUTS, inputs, "chunk sizes " + sizes);
    }

    @Property(tries = 300)
    void dotStuffedContentRoundTrips(@ForAll("lines") List<String> lines, @ForAll("chunkSizes") List<Integer> sizes) {
        StringBuilder content = new StringBuilder();
        StringBuilder wire = new StringBuilder("DATA\r\n");
        for (String text : lines) {
            content.append(text).append("\r\n");
            // RFC 5321 section 4.5.2, the client side: a line starting with "." gets one more.
            wire.append(text.startsWith(".") ? "." : "").append(text).append("\r\n");
        }
        wire.append(".\r\nQUIT\r\n");
        List<SmtpInput> inputs = DecoderDriver.decode(
                DecoderDriver.decoder(BareNewline.NORMALIZE), octets(wire.toString()), sizes);
        assertEquals(List.of(line("DATA"), DecoderDriver.message(content.toString()), line("QUIT")), inputs);
    }

    @Property(tries = 500)
    void onlyCrLfDotCrLfEndsTheMessage(@ForAll("hostileContent") String content,
                                       @ForAll("chunkSizes") List<Integer> sizes) {
        String wire = "DATA\r\n" + content + "\r\n.\r\nQUIT\r\n";
        List<SmtpInput> inputs = DecoderDriver.decode(DecoderDriver.decoder(BareNewline.NORMALIZE), octets(wire), sizes);
        assertEquals(3, inputs.size(), "exactly DATA, one message, QUIT: " + inputs);
        assertEquals(line("DATA"), inputs.get(0));
        assertTrue(inputs.get(1) instanceof SmtpInput.MessageData, "second input is the message: " + inputs);
        assertEquals(line("QUIT"), inputs.get(2));
        SmtpInput.MessageData message = (SmtpInput.MessageData) inputs.get(1);
        boolean hasBareLf = (" " + content).matches("(?s).*[^\\r]\\n.*");
        assertEquals(hasBareLf, message.bareNewline(), "bare LF flag for " + escape(content));
        assertTrue(message.content().length == 0
                || (message.content()[message.content().length - 2] == '\r'
                && message.content()[message.content().length - 1] == '\n'),
                "content ends with CRLF: " + message);
    }

    private static String escape(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
