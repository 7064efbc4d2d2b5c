package io.kurir.smtp.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plays the session's part for decoder tests: feeds chunks, takes out every input after each
 * chunk, and switches to data mode right after a DATA command line, as the real session does
 * after sending 354.
 */
final class DecoderDriver {

    static final int MAX_LINE = SmtpInputDecoder.DEFAULT_MAX_COMMAND_LINE;
    static final long MAX_SIZE = 10_240_000;

    private DecoderDriver() {
    }

    static SmtpInputDecoder decoder(BareNewline mode) {
        return new SmtpInputDecoder(MAX_LINE, MAX_SIZE, mode);
    }

    /** Decodes {@code bytes} fed as one chunk. */
    static List<SmtpInput> decodeWhole(byte[] bytes, BareNewline mode) {
        return decode(decoder(mode), bytes, List.of(Math.max(1, bytes.length)));
    }

    /** Decodes {@code bytes} fed in chunks of the given sizes, repeated cyclically. */
    static List<SmtpInput> decode(SmtpInputDecoder decoder, byte[] bytes, List<Integer> chunkSizes) {
        List<SmtpInput> inputs = new ArrayList<>();
        int pos = 0;
        for (int k = 0; pos < bytes.length; k++) {
            int n = Math.min(chunkSizes.get(k % chunkSizes.size()), bytes.length - pos);
            decoder.feed(bytes, pos, n);
            pos += n;
            drain(decoder, inputs);
        }
        return inputs;
    }

    /** Decodes {@code bytes} cut at the given ascending offsets. */
    static List<SmtpInput> decodeCutAt(byte[] bytes, BareNewline mode, int... cuts) {
        SmtpInputDecoder decoder = decoder(mode);
        List<SmtpInput> inputs = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            decoder.feed(bytes, from, cut - from);
            drain(decoder, inputs);
            from = cut;
        }
        decoder.feed(bytes, from, bytes.length - from);
        drain(decoder, inputs);
        return inputs;
    }

    static void drain(SmtpInputDecoder decoder, List<SmtpInput> inputs) {
        for (Optional<SmtpInput> in = decoder.next(); in.isPresent(); in = decoder.next()) {
            inputs.add(in.get());
            if (in.get() instanceof SmtpInput.CommandLine line
                    && SmtpCommandParser.parse(line.line()) instanceof SmtpCommand.Data) {
                decoder.startData();
            }
        }
    }

    /** Wire bytes of test text: each char one octet, so CR and LF are exact. */
    static byte[] octets(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static SmtpInput.CommandLine line(String text) {
        return new SmtpInput.CommandLine(text);
    }

    /** A message that was kept whole, with no bare LF. */
    static SmtpInput.MessageData message(String content) {
        byte[] bytes = octets(content);
        return new SmtpInput.MessageData(bytes, bytes.length, false, false);
    }

    /** A message whose bare LFs were normalised to CRLF. */
    static SmtpInput.MessageData normalized(String content) {
        byte[] bytes = octets(content);
        return new SmtpInput.MessageData(bytes, bytes.length, false, true);
    }
}
