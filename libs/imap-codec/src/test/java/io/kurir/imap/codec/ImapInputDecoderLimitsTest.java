package io.kurir.imap.codec;

import static io.kurir.imap.codec.DecoderDriver.command;
import static io.kurir.imap.codec.DecoderDriver.decodeEverySplit;
import static io.kurir.imap.codec.DecoderDriver.octets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * What happens when a command breaks a limit: one {@link ImapInput.TooBig}, the command dropped
 * without being buffered, and the next command decoded normally. Small limits keep the
 * split-at-every-byte check cheap.
 */
class ImapInputDecoderLimitsTest {

    /** 40 octets of text, 10-octet string literals, 20-octet messages, 50 octets per command. */
    private static final ImapDecoderLimits SMALL = new ImapDecoderLimits(40, 10, 20, 50,
            ImapDecoderLimits.NonSynchronizingLiterals.LITERAL_PLUS);

    private static List<ImapInput> decode(String wire, ImapDecoderLimits limits) {
        return decodeEverySplit(octets(wire), limits);
    }

    private static ImapInput.TooBig tooBig(String tag, ImapInput.Limit limit) {
        return new ImapInput.TooBig(Optional.of(tag), limit, OptionalLong.empty());
    }

    private static ImapInput.TooBig tooBig(String tag, ImapInput.Limit limit, long literal) {
        return new ImapInput.TooBig(Optional.of(tag), limit, OptionalLong.of(literal));
    }

    @Test
    void aLineAtTheLimitIsFine() {
        String line = "a1 NOOP " + "x".repeat(30); // 38 octets + CRLF = 40
        assertEquals(List.of(command(line)), decode(line + "\r\n", SMALL));
    }

    @Test
    void aLongerLineIsRefusedAndTheNextOneRead() {
        String line = "a1 NOOP " + "x".repeat(31);
        assertEquals(List.of(tooBig("a1", ImapInput.Limit.LINE_LENGTH), command("a2 NOOP")),
                decode(line + "\r\na2 NOOP\r\n", SMALL));
    }

    @Test
    void aVeryLongLineIsDroppedAsItArrives() {
        ImapInputDecoder decoder = new ImapInputDecoder(SMALL);
        decoder.feed(octets("a1 SEARCH TEXT "));
        assertEquals(Optional.empty(), decoder.next());
        for (int i = 0; i < 1000; i++) {
            decoder.feed(octets("y".repeat(1000)));
            decoder.next().ifPresent(in -> assertEquals(tooBig("a1", ImapInput.Limit.LINE_LENGTH), in));
            assertTrue(decoder.bufferedBytes() <= 1000, "buffered " + decoder.bufferedBytes());
        }
        decoder.feed(octets("\r\na2 NOOP\r\n"));
        assertEquals(Optional.of(command("a2 NOOP")), decoder.next());
    }

    @Test
    void theLineLimitCountsEveryLineOfACommand() {
        String wire = "a1 LOGIN {3+}\r\nabc " + "p".repeat(25) + "\r\na2 NOOP\r\n"; // 15 + 27 octets of text
        assertEquals(List.of(tooBig("a1", ImapInput.Limit.LINE_LENGTH), command("a2 NOOP")), decode(wire, SMALL));
    }

    @Test
    void anOverLongLineEndingInANonSynchronizingLiteralSkipsTheLiteralToo() {
        // The literal "a2 NO", then more of the same command: text, another literal "{}", its end.
        String wire = "a1 X " + "z".repeat(40) + " {5+}\r\na2 NO more text {2+}\r\n{}\r\na3 NOOP\r\n";
        assertEquals(List.of(tooBig("a1", ImapInput.Limit.LINE_LENGTH), command("a3 NOOP")), decode(wire, SMALL));
    }

    @Test
    void anOverLongLineEndingInASynchronizingLiteralEndsTheCommand() {
        // The client waits for "+", gets the tagged BAD instead and gives up the command.
        String wire = "a1 X " + "z".repeat(40) + " {5}\r\na2 NOOP\r\n";
        assertEquals(List.of(tooBig("a1", ImapInput.Limit.LINE_LENGTH), command("a2 NOOP")), decode(wire, SMALL));
    }

    @Test
    void anOverLongLineWithoutATagIsAnsweredUntagged() {
        String wire = "x".repeat(50) + "\r\na2 NOOP\r\n";
        List<ImapInput> inputs = decode(wire, SMALL);
        assertEquals(List.of(new ImapInput.TooBig(Optional.empty(), ImapInput.Limit.LINE_LENGTH, OptionalLong.empty()),
                command("a2 NOOP")), inputs);
        assertEquals("* BAD Command line too long\\r\\n", ((ImapInput.TooBig) inputs.get(0)).response().toString());
    }

    @Test
    void aTagLongerThan64OctetsIsNotRead() {
        String tag = "t".repeat(65);
        ImapDecoderLimits limits = ImapDecoderLimits.DEFAULT.withMaxLiteralSize(1);
        assertEquals(List.of(new ImapInput.TooBig(Optional.empty(), ImapInput.Limit.LITERAL_SIZE, OptionalLong.of(2))),
                decode(tag + " X {2}\r\n", limits));
        assertEquals(List.of(tooBig("t".repeat(64), ImapInput.Limit.LITERAL_SIZE, 2)),
                decode("t".repeat(64) + " X {2}\r\n", limits));
    }

    @Test
    void aTooLargeSynchronizingLiteralIsNeverAskedFor() {
        List<ImapInput> inputs = decode("a1 LOGIN {11}\r\na2 NOOP\r\n", SMALL);
        assertEquals(List.of(tooBig("a1", ImapInput.Limit.LITERAL_SIZE, 11), command("a2 NOOP")), inputs);
        assertEquals("a1 BAD [TOOBIG] Literal too large\\r\\n", ((ImapInput.TooBig) inputs.get(0)).response().toString());
    }

    @Test
    void aTooLargeNonSynchronizingLiteralIsReadAndDropped() {
        assertEquals(List.of(tooBig("a1", ImapInput.Limit.LITERAL_SIZE, 11), command("a2 NOOP")),
                decode("a1 LOGIN {11+}\r\n0123456789A {3+}\r\nxyz\r\na2 NOOP\r\n", SMALL));
    }

    @Test
    void appendLiteralsHaveTheirOwnLimit() {
        String message = "Subject: x\r\n\r\nhello\r\n"; // 21 octets: one above the limit
        List<ImapInput> inputs = decode("a1 APPEND INBOX {21}\r\na2 NOOP\r\n", SMALL);
        assertEquals(List.of(tooBig("a1", ImapInput.Limit.APPEND_LIMIT, 21), command("a2 NOOP")), inputs);
        assertEquals("a1 NO [TOOBIG] Message too large\\r\\n", ((ImapInput.TooBig) inputs.get(0)).response().toString());
        assertEquals(List.of(tooBig("a1", ImapInput.Limit.APPEND_LIMIT, 21), command("a2 NOOP")),
                decode("a1 append INBOX {21+}\r\n" + message + "\r\na2 NOOP\r\n", SMALL));
        String fits = message.substring(1);
        assertEquals(List.of(command("a1 APPEND INBOX {20+}\r\n" + fits)),
                decode("a1 APPEND INBOX {20+}\r\n" + fits + "\r\n", SMALL));
    }

    @Test
    void multiappendIsBoundedByTheCommandSize() {
        String message = "m".repeat(20);
        String wire = "a1 APPEND INBOX {20+}\r\n" + message + " {20+}\r\n" + message + "\r\na2 NOOP\r\n";
        assertEquals(List.of(tooBig("a1", ImapInput.Limit.COMMAND_SIZE, 20), command("a2 NOOP")), decode(wire, SMALL));
    }

    @Test
    void literalMinusRefusesNonSynchronizingLiteralsAbove4096() {
        ImapDecoderLimits minus = ImapDecoderLimits.DEFAULT.with(ImapDecoderLimits.NonSynchronizingLiterals.LITERAL_MINUS);
        String big = "b".repeat(4097);
        ImapInputDecoder decoder = new ImapInputDecoder(minus);
        decoder.feed(octets("a1 APPEND INBOX {4097+}\r\n" + big + "\r\na2 NOOP\r\n"));
        ImapInput.TooBig refused = (ImapInput.TooBig) decoder.next().orElseThrow();
        assertEquals(tooBig("a1", ImapInput.Limit.NON_SYNCHRONIZING_LITERAL, 4097), refused);
        assertEquals("a1 BAD [TOOBIG] Non-synchronizing literal larger than 4096 octets\\r\\n", refused.response().toString());
        assertEquals(Optional.of(command("a2 NOOP")), decoder.next());

        decoder.feed(octets("a3 APPEND INBOX {4096+}\r\n" + big.substring(1) + "\r\n"));
        assertEquals(Optional.of(command("a3 APPEND INBOX {4096+}\r\n" + big.substring(1))), decoder.next());
        decoder.feed(octets("a4 APPEND INBOX {4097}\r\n"));
        assertEquals(Optional.of(new ImapInput.ContinueLiteral(Optional.of("a4"), 4097)), decoder.next());
    }

    @Test
    void anAbsurdLiteralSizeIsJustTooLarge() {
        assertEquals(List.of(tooBig("a1", ImapInput.Limit.LITERAL_SIZE, LineScanner.SATURATED), command("a2 NOOP")),
                decode("a1 LOGIN {99999999999999999999}\r\na2 NOOP\r\n", SMALL));
    }

    @Test
    void aDroppedLiteralOfManyMegabytesIsNotBuffered() {
        ImapInputDecoder decoder = new ImapInputDecoder(ImapDecoderLimits.DEFAULT);
        decoder.feed(octets("a1 APPEND INBOX {50000000+}\r\n"));
        assertEquals(Optional.of(tooBig("a1", ImapInput.Limit.APPEND_LIMIT, 50_000_000)), decoder.next());
        byte[] chunk = new byte[100_000];
        for (int i = 0; i < 500; i++) {
            decoder.feed(chunk);
            assertEquals(Optional.empty(), decoder.next());
            assertEquals(0, decoder.bufferedBytes());
        }
        decoder.feed(octets("\r\na2 NOOP\r\n"));
        assertEquals(Optional.of(command("a2 NOOP")), decoder.next());
    }

    @Test
    void idleAndAuthenticateLinesAreLimitedToo() {
        String longLine = "d".repeat(45);
        assertEquals(List.of(command("a1 IDLE"),
                new ImapInput.TooBig(Optional.empty(), ImapInput.Limit.LINE_LENGTH, OptionalLong.empty()), command("a2 NOOP")),
                decode("a1 IDLE\r\n" + longLine + "\r\na2 NOOP\r\n", SMALL));
        assertEquals(List.of(command("a1 AUTHENTICATE PLAIN"),
                new ImapInput.TooBig(Optional.empty(), ImapInput.Limit.LINE_LENGTH, OptionalLong.empty()), command("a2 NOOP")),
                decode("a1 AUTHENTICATE PLAIN\r\n" + longLine + "\r\na2 NOOP\r\n", SMALL));
    }
}
