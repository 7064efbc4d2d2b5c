package io.kurir.delivery.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reply parsing (fed whole and split at every byte boundary), EHLO keywords, DATA encoding. */
class ReplyReaderTest {

    private static final String EHLO = "250-mx.b.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-AUTH PLAIN LOGIN\r\n"
            + "250-AUTH=CRAM-MD5\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n";

    /** Returns at most {@code chunk} bytes per read, as a network might. */
    private static InputStream chunked(String text, int chunk) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, chunk), bytes.length - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    private static List<ServerReply> readAll(String text, int chunk) throws IOException {
        ReplyReader r = new ReplyReader(chunked(text, chunk));
        List<ServerReply> out = new java.util.ArrayList<>();
        try {
            while (true) {
                out.add(r.read());
            }
        } catch (EOFException e) {
            return out;
        }
    }

    @Test
    void multiLineRepliesSurviveAnySplit() throws IOException {
        String text = EHLO + "550-5.1.1 first\r\n550 5.1.1 second\r\n220\r\n";
        for (int chunk = 1; chunk <= text.length(); chunk++) {
            List<ServerReply> replies = readAll(text, chunk);
            assertEquals(3, replies.size(), "chunk " + chunk);
            assertEquals(7, replies.get(0).lines().size());
            assertEquals("550-5.1.1 first 550 5.1.1 second", replies.get(1).text(), "chunk " + chunk);
            assertEquals("5.1.1", replies.get(1).dsnStatus());
            assertEquals(220, replies.get(2).code());
        }
    }

    @Test
    void bareLfIsTolerated() throws IOException {
        ServerReply r = readAll("250-a\n250 b\n", 3).get(0);
        assertEquals(List.of("250-a", "250 b"), r.lines());
    }

    @Test
    void enhancedStatusNeedsTheSameClass() throws IOException {
        assertEquals("4.2.2", readAll("452 4.2.2 Mailbox full\r\n", 100).get(0).dsnStatus());
        assertEquals("5.0.0", readAll("550 No such user\r\n", 100).get(0).dsnStatus());
        assertEquals("5.0.0", readAll("550 4.1.1 mixed up\r\n", 100).get(0).dsnStatus());
        assertTrue(readAll("250 2.0.0\r\n", 100).get(0).enhancedStatus().isPresent());
    }

    @Test
    void garbageIsAProtocolError() {
        for (String bad : List.of("hello\r\n", "2\r\n", "250x\r\n", "999 no\r\n", "250-a\r\n251 b\r\n", "abc def\r\n")) {
            assertThrows(SmtpProtocolException.class, () -> new ReplyReader(chunked(bad, 2)).read(), bad);
        }
    }

    @Test
    void overlongLinesAndRepliesAreCut() {
        String tolerated = "250 " + "x".repeat(ReplyReader.MAX_LINE - 10) + "\r\n";
        assertEquals(1, assertDoesNotThrowRead(tolerated));
        assertThrows(SmtpProtocolException.class,
                () -> new ReplyReader(chunked("250 " + "x".repeat(5000) + "\r\n", 512)).read());
        assertThrows(SmtpProtocolException.class,
                () -> new ReplyReader(chunked("250-x\r\n".repeat(ReplyReader.MAX_LINES + 1), 512)).read());
    }

    private static int assertDoesNotThrowRead(String text) {
        try {
            return new ReplyReader(chunked(text, 7)).read().lines().size();
        } catch (IOException e) {
            throw new AssertionError("a 2 KiB line is tolerated", e);
        }
    }

    @Test
    void eofWithinAReplyIsEof() {
        assertThrows(EOFException.class, () -> new ReplyReader(chunked("250-a\r\n250 b", 3)).read());
    }

    @Test
    void ehloKeywords() throws IOException {
        EhloFeatures f = EhloFeatures.parse(readAll(EHLO, 5).get(0));
        assertTrue(f.has("pipelining"));
        assertTrue(f.has("SMTPUTF8"));
        assertFalse(f.has("STARTTLS"));
        assertEquals(OptionalLong.of(10240000), f.sizeLimit());
        assertEquals(Set.of("PLAIN", "LOGIN", "CRAM-MD5"), f.authMechanisms());
        assertEquals(OptionalLong.empty(), EhloFeatures.parse(readAll("250-x\r\n250 SIZE\r\n", 9).get(0)).sizeLimit());
    }

    @Test
    void dataIsDotStuffedWithCrlfOnly() {
        assertEquals("a\r\n..b\r\n\r\nc\r\n..\r\n.\r\n", encode("a\n.b\r\n\rc\n."));
        assertEquals("..\r\n...x\r\n.\r\n", encode(".\r\n..x\r\n"));
        assertEquals(".\r\n", encode(""));
        assertEquals("x\r\n.\r\n", encode("x"));
        assertTrue(DataEncoder.hasEightBit("ü".getBytes(StandardCharsets.UTF_8)));
        assertFalse(DataEncoder.hasEightBit("u".getBytes(StandardCharsets.UTF_8)));
        byte[] bin = {'a', (byte) 0xff, '\r', '\n'};
        assertArrayEquals(new byte[] {'a', (byte) 0xff, '\r', '\n', '.', '\r', '\n'}, DataEncoder.encode(bin));
    }

    private static String encode(String s) {
        return new String(DataEncoder.encode(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
}
