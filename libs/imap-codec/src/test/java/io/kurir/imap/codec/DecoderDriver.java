package io.kurir.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plays the session's part for decoder tests: feeds chunks, takes out every input after each
 * chunk, and switches modes as a server would: IDLE mode after an IDLE command, AUTHENTICATE mode
 * after an AUTHENTICATE without initial response. Continuation requests are taken as sent.
 */
final class DecoderDriver {

    private DecoderDriver() {
    }

    /** Wire bytes of test text: each char one octet, so CR and LF are exact. */
    static byte[] octets(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Decodes {@code bytes} fed as one chunk. */
    static List<ImapInput> decodeWhole(byte[] bytes, ImapDecoderLimits limits) {
        return decodeCutAt(bytes, limits);
    }

    /** Decodes {@code bytes} cut at the given ascending offsets. */
    static List<ImapInput> decodeCutAt(byte[] bytes, ImapDecoderLimits limits, int... cuts) {
        ImapInputDecoder decoder = new ImapInputDecoder(limits);
        List<ImapInput> inputs = new ArrayList<>();
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

    /** Decodes {@code bytes} fed in chunks of the given sizes, repeated cyclically. */
    static List<ImapInput> decodeChunks(byte[] bytes, ImapDecoderLimits limits, List<Integer> sizes) {
        ImapInputDecoder decoder = new ImapInputDecoder(limits);
        List<ImapInput> inputs = new ArrayList<>();
        int pos = 0;
        for (int k = 0; pos < bytes.length; k++) {
            int n = Math.min(sizes.get(k % sizes.size()), bytes.length - pos);
            decoder.feed(bytes, pos, n);
            pos += n;
            drain(decoder, inputs);
        }
        return inputs;
    }

    static void drain(ImapInputDecoder decoder, List<ImapInput> inputs) {
        for (Optional<ImapInput> in = decoder.next(); in.isPresent(); in = decoder.next()) {
            inputs.add(in.get());
            if (in.get() instanceof ImapInput.Command command) {
                ImapCommand parsed = ImapCommandParser.parse(command);
                if (parsed instanceof ImapCommand.Idle) {
                    decoder.startIdle();
                } else if (parsed instanceof ImapCommand.Authenticate auth && auth.initialResponse().isEmpty()) {
                    decoder.expectAuthenticateResponse();
                }
            }
        }
    }

    /**
     * Decodes {@code bytes} whole, then cut at every single offset, then one byte at a time, and
     * asserts that every way gives the same inputs; returns them.
     */
    static List<ImapInput> decodeEverySplit(byte[] bytes, ImapDecoderLimits limits) {
        List<ImapInput> whole = decodeWhole(bytes, limits);
        for (int cut = 1; cut < bytes.length; cut++) {
            assertEquals(whole, decodeCutAt(bytes, limits, cut),
                    "cut at " + cut + " of \"" + Ascii.escape(bytes, 0, bytes.length) + "\"");
        }
        assertEquals(whole, decodeChunks(bytes, limits, List.of(1)),
                "fed one byte at a time: \"" + Ascii.escape(bytes, 0, bytes.length) + "\"");
        return whole;
    }

    static ImapInput.Command command(String text) {
        return ImapInput.Command.of(text);
    }
}
