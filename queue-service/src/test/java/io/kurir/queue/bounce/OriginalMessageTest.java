package io.kurir.queue.bounce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OriginalMessageTest {

    private static String norm(String s) {
        return new String(OriginalMessage.normalise(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void lineEndingsBecomeCrlf() {
        assertEquals("a\r\nb\r\nc\r\nd\r\n", norm("a\nb\rc\r\nd"));
        assertEquals("a\r\n\r\n", norm("a\n\n"));
        assertEquals("", norm(""));
    }

    @Test
    void longLinesBreakOutsideUtf8Sequences() {
        String line = "x".repeat(997) + "\u00e9" + "z";
        String out = norm(line);
        assertEquals("x".repeat(997) + "\r\n\u00e9z\r\n", out, "the two-octet \u00e9 is not split");
        assertEquals("y".repeat(998) + "\r\n" + "y".repeat(2) + "\r\n", norm("y".repeat(1000)));
    }

    @Test
    void headersStopAtTheFirstEmptyLine() {
        byte[] m = OriginalMessage.normalise("A: 1\nB: 2\n\nbody\n\nmore\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("A: 1\r\nB: 2\r\n", new String(OriginalMessage.headers(m), StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[0], OriginalMessage.headers(OriginalMessage.normalise("\nbody".getBytes())));
        assertEquals("A: 1\r\n", new String(OriginalMessage.truncateLines(m, 8), StandardCharsets.US_ASCII));
    }
}
