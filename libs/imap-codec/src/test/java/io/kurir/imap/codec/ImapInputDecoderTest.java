package io.kurir.imap.codec;

import static io.kurir.imap.codec.DecoderDriver.command;
import static io.kurir.imap.codec.DecoderDriver.decodeEverySplit;
import static io.kurir.imap.codec.DecoderDriver.octets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Framing of lines and literals, and the AUTHENTICATE and IDLE modes. Every input is also fed split at every byte. */
class ImapInputDecoderTest {

    private static final ImapDecoderLimits LIMITS = ImapDecoderLimits.DEFAULT;

    private static List<ImapInput> decode(String wire) {
        return decodeEverySplit(octets(wire), LIMITS);
    }

    private static ImapInput.ContinueLiteral continueLiteral(String tag, long size) {
        return new ImapInput.ContinueLiteral(Optional.of(tag), size);
    }

    @Test
    void aLineIsACommandWithoutItsCrlf() {
        assertEquals(List.of(command("a1 NOOP")), decode("a1 NOOP\r\n"));
    }

    @Test
    void aBareLfEndsALineToo() {
        assertEquals(List.of(command("a1 NOOP"), command("a2 LOGOUT")), decode("a1 NOOP\na2 LOGOUT\r\n"));
    }

    @Test
    void pipelinedCommandsComeOutInOrder() {
        assertEquals(List.of(command("a1 NOOP"), command("a2 CAPABILITY"), command("a3 LOGOUT")),
                decode("a1 NOOP\r\na2 CAPABILITY\r\na3 LOGOUT\r\n"));
    }

    @Test
    void anIncompleteLineWaits() {
        assertEquals(List.of(), decode("a1 NOOP"));
        assertEquals(List.of(command("a1 NOOP")), decode("a1 NOOP\r\na2 NO"));
    }

    @Test
    void anEmptyLineIsAnEmptyCommand() {
        assertEquals(List.of(command(""), command("a1 NOOP")), decode("\r\na1 NOOP\r\n"));
    }

    @Test
    void aSynchronizingLiteralAsksForContinuationFirst() {
        assertEquals(List.of(continueLiteral("a1", 4), continueLiteral("a1", 6),
                command("a1 LOGIN {4}\r\nfred {6}\r\nsecret")),
                decode("a1 LOGIN {4}\r\nfred {6}\r\nsecret\r\n"));
    }

    @Test
    void theContinuationComesBeforeAnyLiteralByteIsExpected() {
        ImapInputDecoder decoder = new ImapInputDecoder(LIMITS);
        decoder.feed(octets("a1 LOGIN {4}\r\n"));
        assertEquals(Optional.of(continueLiteral("a1", 4)), decoder.next());
        assertEquals(Optional.empty(), decoder.next());
        decoder.feed(octets("fred \"x\"\r\n"));
        assertEquals(Optional.of(command("a1 LOGIN {4}\r\nfred \"x\"")), decoder.next());
        assertEquals(Optional.empty(), decoder.next());
    }

    @Test
    void aNonSynchronizingLiteralNeedsNoContinuation() {
        assertEquals(List.of(command("a1 LOGIN {4+}\r\nfred {6+}\r\nsecret")),
                decode("a1 LOGIN {4+}\r\nfred {6+}\r\nsecret\r\n"));
    }

    @Test
    void literal8IsFramedLikeALiteral() {
        assertEquals(List.of(continueLiteral("a1", 3), command("a1 APPEND INBOX ~{3}\r\n\0\1\2")),
                decode("a1 APPEND INBOX ~{3}\r\n\0\1\2\r\n"));
        assertEquals(List.of(command("a1 APPEND INBOX ~{3+}\r\nabc")), decode("a1 APPEND INBOX ~{3+}\r\nabc\r\n"));
    }

    @Test
    void literalDataIsNotScannedForLineEndsOrMarkers() {
        String data = "x\r\ny {5}\r\n"; // 10 octets
        assertEquals(List.of(command("a1 APPEND INBOX {10+}\r\n" + data), command("a2 NOOP")),
                decode("a1 APPEND INBOX {10+}\r\n" + data + "\r\na2 NOOP\r\n"));
    }

    @Test
    void aCrEndingTheLiteralIsData() {
        assertEquals(List.of(command("a1 X {1+}\r\n\r")), decode("a1 X {1+}\r\n\r\n"));
    }

    @Test
    void anEmptyLiteralIsAllowed() {
        assertEquals(List.of(continueLiteral("a1", 0), command("a1 LOGIN {0}\r\n \"\"")),
                decode("a1 LOGIN {0}\r\n \"\"\r\n"));
    }

    @Test
    void aBraceInsideAQuotedStringIsNotALiteral() {
        assertEquals(List.of(command("a1 SEARCH SUBJECT \"x {3}")), decode("a1 SEARCH SUBJECT \"x {3}\r\n"));
        assertEquals(List.of(command("a1 SEARCH SUBJECT \"a\\\" {3}")), decode("a1 SEARCH SUBJECT \"a\\\" {3}\r\n"));
        assertEquals(List.of(continueLiteral("a1", 3), command("a1 SEARCH SUBJECT \"a\\\\\" {3}\r\nabc")),
                decode("a1 SEARCH SUBJECT \"a\\\\\" {3}\r\nabc\r\n"));
    }

    @Test
    void onlyAMarkerAtTheEndOfALineIsALiteral() {
        assertEquals(List.of(command("a1 X {3} y")), decode("a1 X {3} y\r\n"));
        assertEquals(List.of(command("a1 X {}"), command("a2 X {+}"), command("a3 X {3+"), command("a4 X {3}}"),
                command("a5 X {-3}")), decode("a1 X {}\r\na2 X {+}\r\na3 X {3+\r\na4 X {3}}\r\na5 X {-3}\r\n"));
    }

    @Test
    void aMarkerBeforeABareLfIsALiteral() {
        assertEquals(List.of(command("a1 LOGIN {1+}\nx y")), decode("a1 LOGIN {1+}\nx y\r\n"));
    }

    @Test
    void theTagOfAContinuationIsEmptyWhenItIsNotATag() {
        assertEquals(List.of(new ImapInput.ContinueLiteral(Optional.empty(), 1), command("* X {1}\r\nx")),
                decode("* X {1}\r\nx\r\n"));
    }

    @Test
    void abandoningACommandDropsItAndReadsTheNextLine() {
        ImapInputDecoder decoder = new ImapInputDecoder(LIMITS);
        decoder.feed(octets("a1 APPEND Nowhere {20}\r\n"));
        assertEquals(Optional.of(continueLiteral("a1", 20)), decoder.next());
        decoder.abandonCommand();
        decoder.feed(octets("a2 NOOP\r\n"));
        assertEquals(Optional.of(command("a2 NOOP")), decoder.next());
        assertEquals(0, decoder.bufferedBytes());
    }

    @Test
    void abandonNeedsAnAwaitedLiteral() {
        ImapInputDecoder decoder = new ImapInputDecoder(LIMITS);
        assertThrows(IllegalStateException.class, decoder::abandonCommand);
        decoder.feed(octets("a1 X {2+}\r\n"));
        assertEquals(Optional.empty(), decoder.next());
        assertThrows(IllegalStateException.class, decoder::abandonCommand);
    }

    @Test
    void authenticateResponsesAreReadAsPlainLines() {
        List<ImapInput> inputs = decode("a1 AUTHENTICATE PLAIN\r\nAGZyZWQAc2VjcmV0\r\na2 AUTHENTICATE LOGIN\r\n*\r\na3 NOOP\r\n");
        assertEquals(List.of(command("a1 AUTHENTICATE PLAIN"), new ImapInput.AuthenticateResponse("AGZyZWQAc2VjcmV0"),
                command("a2 AUTHENTICATE LOGIN"), new ImapInput.AuthenticateResponse("*"), command("a3 NOOP")), inputs);
        assertTrue(((ImapInput.AuthenticateResponse) inputs.get(3)).isCancellation(), "* cancels");
    }

    @Test
    void anAuthenticateResponseIsNotScannedForLiterals() {
        assertEquals(List.of(command("a1 AUTHENTICATE X"), new ImapInput.AuthenticateResponse("{5}"), command("a2 NOOP")),
                decode("a1 AUTHENTICATE X\r\n{5}\r\na2 NOOP\r\n"));
    }

    @Test
    void doneEndsIdleInAnyCase() {
        assertEquals(List.of(command("a1 IDLE"), new ImapInput.IdleDone(), command("a2 IDLE"), new ImapInput.IdleDone(),
                command("a3 NOOP")), decode("a1 IDLE\r\nDONE\r\na2 IDLE\r\ndone\r\na3 NOOP\r\n"));
    }

    @Test
    void anotherLineEndsIdleAsUnexpected() {
        assertEquals(List.of(command("a1 IDLE"), new ImapInput.IdleUnexpected("a2 NOOP"), command("a3 NOOP")),
                decode("a1 IDLE\r\na2 NOOP\r\na3 NOOP\r\n"));
        assertEquals(List.of(command("a1 IDLE"), new ImapInput.IdleUnexpected("DONE ")), decode("a1 IDLE\r\nDONE \r\n"));
    }

    @Test
    void modesCannotStartInsideACommand() {
        ImapInputDecoder decoder = new ImapInputDecoder(LIMITS);
        decoder.feed(octets("a1 LOGIN {3}\r\n"));
        decoder.next();
        assertThrows(IllegalStateException.class, decoder::startIdle);
        assertThrows(IllegalStateException.class, decoder::expectAuthenticateResponse);
    }

    @Test
    void discardBufferedDropsWhatWasPipelinedBehindStartTls() {
        ImapInputDecoder decoder = new ImapInputDecoder(LIMITS);
        decoder.feed(octets("a1 STARTTLS\r\na2 LOGIN fred secret\r\na3 LOG"));
        assertEquals(Optional.of(command("a1 STARTTLS")), decoder.next());
        decoder.discardBuffered();
        assertEquals(0, decoder.bufferedBytes());
        assertEquals(Optional.empty(), decoder.next());
        decoder.feed(octets("b1 CAPABILITY\r\n"));
        assertEquals(Optional.of(command("b1 CAPABILITY")), decoder.next());
    }

    @Test
    void eightBitAndNulOctetsInALinePassThrough() {
        assertEquals(List.of(command("a1 SELECT \"Entw\u00c3\u00bcrfe\""), command("a2 X \0")),
                decode("a1 SELECT \"Entw\u00c3\u00bcrfe\"\r\na2 X \0\r\n"));
    }

    @Test
    void theDefaultLimitsAreDovecotsLineAndPostfixsMessageSize() {
        assertEquals(65536, ImapDecoderLimits.DEFAULT.maxLineLength());
        assertEquals(10_240_000, ImapDecoderLimits.DEFAULT.appendLimit());
        assertEquals(ImapDecoderLimits.NonSynchronizingLiterals.LITERAL_PLUS,
                ImapDecoderLimits.DEFAULT.nonSynchronizingLiterals());
    }

    @Test
    void limitsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> ImapDecoderLimits.DEFAULT.withMaxLineLength(10));
        assertThrows(IllegalArgumentException.class, () -> ImapDecoderLimits.DEFAULT.withMaxCommandSize(100));
        assertThrows(IllegalArgumentException.class,
                () -> ImapDecoderLimits.DEFAULT.withMaxCommandSize(ImapDecoderLimits.MAX_COMMAND_SIZE_LIMIT));
        assertEquals(ImapDecoderLimits.MAX_COMMAND_SIZE_LIMIT - 65536, ImapDecoderLimits.DEFAULT
                .withMaxCommandSize(ImapDecoderLimits.MAX_COMMAND_SIZE_LIMIT - 65536).maxCommandSize());
        assertThrows(IllegalArgumentException.class, () -> ImapDecoderLimits.DEFAULT.withAppendLimit(-1));
    }
}
