package io.kurir.imap.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Pop3LineDecoderTest {

    /** Feeds the input split at {@code cut} (and whole when cut is 0) and collects what comes out. */
    private static List<Pop3Line> decode(String input, int cut) {
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        Pop3LineDecoder decoder = new Pop3LineDecoder();
        List<Pop3Line> out = new ArrayList<>();
        if (cut > 0) {
            decoder.feed(bytes, 0, cut);
            decoder.next().ifPresent(out::add);
            decoder.next().ifPresent(out::add);
        }
        decoder.feed(bytes, cut, bytes.length - cut);
        for (var line = decoder.next(); line.isPresent(); line = decoder.next()) {
            out.add(line.get());
        }
        return out;
    }

    private static void assertAtEveryBoundary(String input, List<Pop3Line> expected) {
        for (int cut = 0; cut < input.length(); cut++) {
            assertEquals(expected, decode(input, cut), "input split after octet " + cut);
        }
    }

    @Test
    void linesEndInCrlfOrABareLfWhereverTheSegmentsEnd() {
        assertAtEveryBoundary("USER fauzan\r\nPASS rahasia kita\r\nSTAT\nQUIT\r\n", List.of(new Pop3Line.Line("USER fauzan"),
                new Pop3Line.Line("PASS rahasia kita"), new Pop3Line.Line("STAT"), new Pop3Line.Line("QUIT")));
    }

    @Test
    void anIncompleteLineWaitsForItsEnd() {
        assertEquals(List.of(), decode("STA", 0));
        assertEquals(List.of(new Pop3Line.Line("")), decode("\r\n", 0), "an empty line is a line");
    }

    @Test
    void everyOctetSurvivesDecoding() {
        assertAtEveryBoundary("PASS \u00e9\u0000\u00ff\r\n", List.of(new Pop3Line.Line("PASS \u00e9\u0000\u00ff")));
    }

    @Test
    void twoHundredFiftyFiveOctetsWithCrlfAreAllowedOneMoreIsNot() {
        String longest = "X".repeat(253);
        assertAtEveryBoundary(longest + "\r\nNOOP\r\n", List.of(new Pop3Line.Line(longest), new Pop3Line.Line("NOOP")));
        assertAtEveryBoundary(longest + "X\r\nNOOP\r\n", List.of(new Pop3Line.TooLong()));
        assertAtEveryBoundary("Y".repeat(10_000), List.of(new Pop3Line.TooLong()));
    }

    @Test
    void whatWasBufferedBehindStlsIsDropped() {
        Pop3LineDecoder decoder = new Pop3LineDecoder();
        byte[] bytes = "STLS\r\nUSER mitm\r\nPASS x".getBytes(StandardCharsets.US_ASCII);
        decoder.feed(bytes, 0, bytes.length);
        assertEquals(new Pop3Line.Line("STLS"), decoder.next().orElseThrow());
        decoder.discardBuffered();
        byte[] after = "CAPA\r\n".getBytes(StandardCharsets.US_ASCII);
        decoder.feed(after, 0, after.length);
        assertEquals(new Pop3Line.Line("CAPA"), decoder.next().orElseThrow(), "only what came after the handshake");
    }
}
