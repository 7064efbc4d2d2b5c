package io.kurir.smtp.codec;

import static io.kurir.smtp.codec.DecoderDriver.decodeCutAt;
import static io.kurir.smtp.codec.DecoderDriver.decodeWhole;
import static io.kurir.smtp.codec.DecoderDriver.line;
import static io.kurir.smtp.codec.DecoderDriver.message;
import static io.kurir.smtp.codec.DecoderDriver.normalized;
import static io.kurir.smtp.codec.DecoderDriver.octets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Command framing, pipelining and the hand-over to and from DATA, under every split of the input. */
class SmtpInputDecoderTest {

    /** Two pipelined transactions, the second with the null sender and an empty message. */
    private static final String SESSION = "EHLO localhost\r\n"
            + "MAIL FROM:<afau@localhost>\r\n"
            + "RCPT TO:<fauzan@localhost>\r\n"
            + "DATA\r\n"
            + "Subject: hi\r\n"
            + "\r\n"
            + "..leading dot\r\n"
            + "body\r\n"
            + ".\r\n"
            + "MAIL FROM:<>\r\n"
            + "RCPT TO:<postmaster>\r\n"
            + "DATA\r\n"
            + ".\r\n"
            + "QUIT\r\n";

    private static final List<SmtpInput> SESSION_INPUTS = List.of(
            line("EHLO localhost"),
            line("MAIL FROM:<afau@localhost>"),
            line("RCPT TO:<fauzan@localhost>"),
            line("DATA"),
            message("Subject: hi\r\n\r\n.leading dot\r\nbody\r\n"),
            line("MAIL FROM:<>"),
            line("RCPT TO:<postmaster>"),
            line("DATA"),
            message(""),
            line("QUIT"));

    /** A session mixing bare LF endings, a bare CR and a smuggling attempt (over-long lines: see below). */
    private static final String HOSTILE = "ehlo x\n"
            + "mail from:<a@b>\r\nrcpt to:<c@d>\r\nData\r\n"
            + "one\n.\nMAIL FROM:<evil@x>\r\n.\r"
            + "\r\n.\r\nquit\n";

    @Test
    void pipelinedSessionInOneChunk() {
        assertEquals(SESSION_INPUTS, decodeWhole(octets(SESSION), BareNewline.NORMALIZE));
    }

    @Test
    void pipelinedSessionSplitAtEveryByteBoundary() {
        byte[] bytes = octets(SESSION);
        for (int cut = 0; cut <= bytes.length; cut++) {
            assertEquals(SESSION_INPUTS, decodeCutAt(bytes, BareNewline.NORMALIZE, cut), "split at offset " + cut);
        }
    }

    @Test
    void pipelinedSessionFedOneByteAtATime() {
        SmtpInputDecoder decoder = DecoderDriver.decoder(BareNewline.NORMALIZE);
        assertEquals(SESSION_INPUTS, DecoderDriver.decode(decoder, octets(SESSION), List.of(1)));
    }

    @Test
    void hostileSessionSplitAtEveryPairOfBoundaries() {
        byte[] bytes = octets(HOSTILE);
        List<SmtpInput> expected = List.of(
                line("ehlo x"),
                line("mail from:<a@b>"), line("rcpt to:<c@d>"), line("Data"),
                normalized("one\r\n\r\nMAIL FROM:<evil@x>\r\n\r\r\n"),
                line("quit"));
        assertEquals(expected, decodeWhole(bytes, BareNewline.NORMALIZE));
        for (int first = 0; first <= bytes.length; first++) {
            for (int second = first; second <= bytes.length; second++) {
                assertEquals(expected, decodeCutAt(bytes, BareNewline.NORMALIZE, first, second),
                        "split at offsets " + first + " and " + second);
            }
        }
    }

    @Test
    void commandLineEndsAtCrLfOrBareLf() {
        assertEquals(List.of(line("NOOP"), line("QUIT"), line("")),
                decodeWhole(octets("NOOP\nQUIT\r\n\r\n"), BareNewline.NORMALIZE));
    }

    @Test
    void bareCrInsideACommandLineIsKept() {
        assertEquals(List.of(line("NO\rOP"), line("X\r")),
                decodeWhole(octets("NO\rOP\r\nX\r\r\n"), BareNewline.NORMALIZE));
    }

    @Test
    void commandLineIsDecodedAsUtf8() {
        byte[] bytes = "MAIL FROM:<用户@例子.广告> SMTPUTF8\r\n".getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            assertEquals(List.of(line("MAIL FROM:<用户@例子.广告> SMTPUTF8")),
                    decodeCutAt(bytes, BareNewline.NORMALIZE, cut), "split inside a UTF-8 sequence at " + cut);
        }
    }

    @Test
    void partialLineYieldsNothingYet() {
        SmtpInputDecoder decoder = DecoderDriver.decoder(BareNewline.NORMALIZE);
        decoder.feed(octets("MAIL FROM:<a@b>\r"));
        assertEquals(Optional.empty(), decoder.next());
        decoder.feed(octets("\n"));
        assertEquals(Optional.of(line("MAIL FROM:<a@b>")), decoder.next());
        assertEquals(Optional.empty(), decoder.next());
    }

    @Test
    void lineOfExactlyTheLimitIsAccepted() {
        String exact = "NOOP " + "x".repeat(DecoderDriver.MAX_LINE - 7); // + CRLF = limit
        assertEquals(DecoderDriver.MAX_LINE, exact.length() + 2);
        assertEquals(List.of(line(exact)), decodeWhole(octets(exact + "\r\n"), BareNewline.NORMALIZE));
        String exactBareLf = "NOOP " + "x".repeat(DecoderDriver.MAX_LINE - 6);
        assertEquals(List.of(line(exactBareLf)), decodeWhole(octets(exactBareLf + "\n"), BareNewline.NORMALIZE),
                "the limit counts the terminator actually sent");
    }

    @Test
    void lineOneOctetOverTheLimitIsTooLong() {
        String over = "NOOP " + "x".repeat(DecoderDriver.MAX_LINE - 6);
        byte[] bytes = octets(over + "\r\nQUIT\r\n");
        List<SmtpInput> expected = List.of(new SmtpInput.CommandTooLong(), line("QUIT"));
        for (int cut = 0; cut <= bytes.length; cut++) {
            assertEquals(expected, decodeCutAt(bytes, BareNewline.NORMALIZE, cut), "split at " + cut);
        }
    }

    @Test
    void longCommandLineIsDroppedAndTheNextCommandStillParsed() {
        byte[] bytes = octets("MAIL FROM:<" + "a".repeat(5000) + "@example.com>\r\nRSET\r\nQUIT\r\n");
        assertEquals(List.of(new SmtpInput.CommandTooLong(), line("RSET"), line("QUIT")),
                decodeWhole(bytes, BareNewline.NORMALIZE));
    }

    @Test
    void endlessCommandLineIsNeverBuffered() {
        SmtpInputDecoder decoder = DecoderDriver.decoder(BareNewline.NORMALIZE);
        byte[] chunk = octets("z".repeat(777));
        List<SmtpInput> inputs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            decoder.feed(chunk);
            DecoderDriver.drain(decoder, inputs);
            assertTrue(decoder.bufferedBytes() < DecoderDriver.MAX_LINE,
                    "buffered " + decoder.bufferedBytes() + " bytes after chunk " + i);
        }
        assertEquals(List.of(), inputs, "nothing is complete before the LF");
        decoder.feed(octets("\nNOOP\r\n"));
        DecoderDriver.drain(decoder, inputs);
        assertEquals(List.of(new SmtpInput.CommandTooLong(), line("NOOP")), inputs);
    }

    @Test
    void dataModeStartsOnlyWhenTheSessionSaysSo() {
        SmtpInputDecoder decoder = DecoderDriver.decoder(BareNewline.NORMALIZE);
        decoder.feed(octets("DATA\r\nNOOP\r\n.\r\n"));
        assertEquals(Optional.of(line("DATA")), decoder.next());
        // The session rejected DATA (say 503): no startData, so what follows is commands.
        assertEquals(Optional.of(line("NOOP")), decoder.next());
        assertEquals(Optional.of(line(".")), decoder.next());
        assertEquals(Optional.empty(), decoder.next());
    }

    @Test
    void bytesBufferedAfterDataBecomeContentOnceDataStarts() {
        SmtpInputDecoder decoder = DecoderDriver.decoder(BareNewline.NORMALIZE);
        decoder.feed(octets("DATA\r\nSubject: x\r\n\r\nhi\r\n.\r\nQUIT\r\n"));
        assertEquals(Optional.of(line("DATA")), decoder.next());
        decoder.startData();
        assertTrue(decoder.inData(), "in data mode after startData");
        assertEquals(Optional.of(message("Subject: x\r\n\r\nhi\r\n")), decoder.next());
        assertTrue(!decoder.inData(), "back in command mode after the message");
        assertEquals(Optional.of(line("QUIT")), decoder.next());
    }

    @Test
    void startDataTwiceIsAProgrammingError() {
        SmtpInputDecoder decoder = DecoderDriver.decoder(BareNewline.NORMALIZE);
        decoder.startData();
        assertThrows(IllegalStateException.class, decoder::startData);
    }

    @Test
    void feedHonoursOffsetAndLength() {
        SmtpInputDecoder decoder = DecoderDriver.decoder(BareNewline.NORMALIZE);
        byte[] bytes = octets("xxNOOP\r\nyy");
        decoder.feed(bytes, 2, 6);
        assertEquals(Optional.of(line("NOOP")), decoder.next());
        assertEquals(0, decoder.bufferedBytes());
        assertThrows(IndexOutOfBoundsException.class, () -> decoder.feed(bytes, 8, 5));
    }

    @Test
    void constructorRefusesUnusableLimits() {
        assertThrows(IllegalArgumentException.class, () -> new SmtpInputDecoder(2, 100, BareNewline.REJECT));
        assertThrows(IllegalArgumentException.class, () -> new SmtpInputDecoder(1000, -1, BareNewline.REJECT));
        assertThrows(IllegalArgumentException.class,
                () -> new SmtpInputDecoder(1000, SmtpInputDecoder.MAX_MESSAGE_SIZE_LIMIT + 1, BareNewline.REJECT));
    }

    @Test
    void messageDataComparesContentByValue() {
        SmtpInput.MessageData a = message("x\r\n");
        SmtpInput.MessageData b = message("x\r\n");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals("MessageData[content=\"x\\r\\n\", octets=3, tooBig=false, bareNewline=false]", a.toString());
        assertTrue(!a.equals(message("y\r\n")), "different content differs");
        assertTrue(Arrays.equals(octets("x\r\n"), a.content()));
    }
}
