package io.kurir.imap.codec;

import static io.kurir.imap.codec.DecoderDriver.octets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Chunking never changes what the decoder produces: a long session (literals of every kind, IDLE,
 * AUTHENTICATE, broken limits) cut at every byte and in random chunks; random commands with
 * literals come out exactly as generated; random garbage never throws and never grows the buffer
 * past the limits. Random tests use fixed seeds, so a failure can be replayed.
 */
class ImapInputDecoderSplitTest {

    private static final ImapDecoderLimits SMALL = new ImapDecoderLimits(64, 16, 40, 100,
            ImapDecoderLimits.NonSynchronizingLiterals.LITERAL_PLUS);

    private static final byte[] SESSION = octets("a1 CAPABILITY\r\n"
            + "a2 AUTHENTICATE PLAIN\r\nAGZyZWQAc2VjcmV0\r\n"
            + "a3 LOGIN {4}\r\nfred {6+}\r\nsecret\r\n"
            + "a4 SELECT \"x {3}\"\r\n"
            + "a5 APPEND INBOX (\\Seen) {12+}\r\nSubject: x\r\n ~{3}\r\n\0\1\2\r\n"
            + "a6 IDLE\r\nDONE\r\n"
            + "a7 SEARCH TEXT " + "y".repeat(80) + " {5+}\r\nabcde more\r\n"
            + "a8 LOGIN {17}\r\n"
            + "a9 APPEND INBOX {41+}\r\n" + "m".repeat(41) + "\r\n"
            + "b1 APPEND INBOX {40+}\r\n" + "n".repeat(40) + " {40+}\r\n" + "o".repeat(40) + "\r\n"
            + "b2 IDLE\r\nnope\r\n"
            + "\r\n"
            + "b3 NOOP\nb4 X {2+}\n\r\n\r\n"
            + "b5 LOGOUT\r\n");

    private static final List<ImapInput> SESSION_INPUTS = DecoderDriver.decodeWhole(SESSION, SMALL);

    @Test
    void theSessionDecodesAsExpected() {
        assertEquals(20, SESSION_INPUTS.size(), SESSION_INPUTS.toString());
        assertEquals(List.of(ImapInput.Limit.LINE_LENGTH, ImapInput.Limit.LITERAL_SIZE, ImapInput.Limit.APPEND_LIMIT,
                ImapInput.Limit.COMMAND_SIZE), SESSION_INPUTS.stream().filter(ImapInput.TooBig.class::isInstance)
                .map(i -> ((ImapInput.TooBig) i).limit()).toList());
        assertEquals(DecoderDriver.command("b5 LOGOUT"), SESSION_INPUTS.get(SESSION_INPUTS.size() - 1));
    }

    @Test
    void cutAtEveryByteAndOneByteAtATime() {
        DecoderDriver.decodeEverySplit(SESSION, SMALL);
    }

    @Test
    void randomChunkingsGiveTheSameInputs() {
        Random random = new Random(7888);
        for (int run = 0; run < 500; run++) {
            List<Integer> sizes = new ArrayList<>();
            for (int k = 1 + random.nextInt(40); k > 0; k--) {
                sizes.add(1 + random.nextInt(random.nextBoolean() ? 8 : 200));
            }
            assertEquals(SESSION_INPUTS, DecoderDriver.decodeChunks(SESSION, SMALL, sizes), "chunk sizes " + sizes);
        }
    }

    /** Random commands built from atoms, quoted strings and literals of every kind come out byte for byte. */
    @Test
    void randomCommandsWithLiteralsComeOutAsSent() {
        Random random = new Random(3516);
        for (int run = 0; run < 300; run++) {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            List<ImapInput> expected = new ArrayList<>();
            for (int c = 0; c < 1 + random.nextInt(4); c++) {
                String tag = "t" + run + "." + c;
                ByteArrayOutputStream command = new ByteArrayOutputStream();
                command.writeBytes(octets(tag + " X"));
                for (int a = random.nextInt(5); a > 0; a--) {
                    switch (random.nextInt(4)) {
                        case 0 -> command.writeBytes(octets(" atom" + random.nextInt(100)));
                        case 1 -> command.writeBytes(octets(" \"q {1} \\\" x\""));
                        default -> {
                            byte[] data = new byte[random.nextInt(12)];
                            random.nextBytes(data);
                            boolean sync = random.nextBoolean();
                            String marker = (random.nextInt(4) == 0 ? "~" : "") + "{" + data.length + (sync ? "" : "+") + "}";
                            command.writeBytes(octets(" " + marker + "\r\n"));
                            if (sync) {
                                expected.add(new ImapInput.ContinueLiteral(Optional.of(tag), data.length));
                            }
                            command.writeBytes(data);
                        }
                    }
                }
                expected.add(new ImapInput.Command(command.toByteArray()));
                wire.writeBytes(command.toByteArray());
                wire.writeBytes(octets(random.nextBoolean() ? "\r\n" : "\n"));
            }
            byte[] bytes = wire.toByteArray();
            List<Integer> sizes = List.of(1 + random.nextInt(7), 1 + random.nextInt(30));
            assertEquals(expected, DecoderDriver.decodeChunks(bytes, ImapDecoderLimits.DEFAULT, sizes),
                    "run " + run + ": " + Ascii.escape(bytes, 0, bytes.length));
        }
    }

    /** Bytes rich in braces, digits, quotes and line ends: no exception, the same result in any chunking, bounded memory. */
    @Test
    void garbageNeverThrowsAndStaysBounded() {
        Random random = new Random(2088);
        byte[] alphabet = octets("{}+~\"\\\r\n 0123456789aA(*)");
        for (int run = 0; run < 300; run++) {
            byte[] bytes = new byte[random.nextInt(400)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(10) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            List<ImapInput> whole = DecoderDriver.decodeWhole(bytes, SMALL);
            List<Integer> sizes = List.of(1 + random.nextInt(5), 1 + random.nextInt(50));
            assertEquals(whole, DecoderDriver.decodeChunks(bytes, SMALL, sizes), Ascii.escape(bytes, 0, bytes.length));
            ImapInputDecoder decoder = new ImapInputDecoder(SMALL);
            for (int pos = 0; pos < bytes.length; pos += 7) {
                decoder.feed(bytes, pos, Math.min(7, bytes.length - pos));
                List<ImapInput> out = new ArrayList<>();
                DecoderDriver.drain(decoder, out);
                assertTrue(decoder.bufferedBytes() <= SMALL.maxCommandSize() + 7, "buffered " + decoder.bufferedBytes());
                for (ImapInput in : out) {
                    if (in instanceof ImapInput.TooBig tooBig) {
                        tooBig.response();
                    }
                }
            }
        }
    }
}
