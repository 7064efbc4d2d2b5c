package io.kurir.smtp.codec;

import java.util.Arrays;
import java.util.Objects;

/** One unit of client input framed by {@link SmtpInputDecoder}. */
public sealed interface SmtpInput {

    /**
     * A command line, decoded as UTF-8 (RFC 6531 allows UTF-8 in commands), with its CRLF or bare
     * LF terminator removed. Pass it to {@link SmtpCommandParser#parse(String)}.
     */
    record CommandLine(String line) implements SmtpInput {
        public CommandLine {
            Objects.requireNonNull(line, "line");
        }
    }

    /**
     * A command line longer than the limit (RFC 5321 section 4.5.3.1.4); the whole line up to and
     * including its LF was discarded. Answer {@link SmtpReplies#LINE_TOO_LONG}.
     */
    record CommandTooLong() implements SmtpInput {
    }

    /**
     * The message content of one DATA phase, emitted when {@code <CRLF>.<CRLF>} was read; the
     * decoder is then back in command mode.
     *
     * @param content the message, dot-unstuffed, every line ended by CRLF, without the final
     *     {@code .} line; empty for an empty message, and also empty when {@code tooBig} or when a
     *     bare LF was seen in {@link BareNewline#REJECT} mode. The array is not copied; do not
     *     modify it.
     * @param octets the size the content has (or would have had, when not kept), in octets
     * @param tooBig the content exceeded the message size limit; answer
     *     {@link SmtpReplies#MESSAGE_TOO_BIG}
     * @param bareNewline the content contained at least one bare LF
     */
    record MessageData(byte[] content, long octets, boolean tooBig, boolean bareNewline) implements SmtpInput {
        public MessageData {
            Objects.requireNonNull(content, "content");
        }

        /** Equal when all components are equal, comparing the content by value. */
        @Override
        public boolean equals(Object o) {
            return o instanceof MessageData m
                    && octets == m.octets && tooBig == m.tooBig && bareNewline == m.bareNewline
                    && Arrays.equals(content, m.content);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(content), octets, tooBig, bareNewline);
        }

        /** Shows the content as ISO-8859-1 text with CR and LF escaped, for assertion messages. */
        @Override
        public String toString() {
            String text = new String(content, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .replace("\r", "\\r").replace("\n", "\\n");
            return "MessageData[content=\"" + text + "\", octets=" + octets + ", tooBig=" + tooBig
                    + ", bareNewline=" + bareNewline + "]";
        }
    }

    /**
     * One BDAT chunk (RFC 3030), read after {@link SmtpInputDecoder#startChunk}: exactly the announced
     * octets, taken as they are (no dot-stuffing, no end marker).
     *
     * @param content the octets kept: all of them, or none when the chunk was larger than allowed
     * @param octets how many octets the chunk had
     * @param tooBig the chunk was larger than the caller allowed to keep
     */
    record Chunk(byte[] content, long octets, boolean tooBig) implements SmtpInput {
        public Chunk {
            Objects.requireNonNull(content, "content");
        }

        /** Equal when all components are equal, comparing the content by value. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Chunk c && octets == c.octets && tooBig == c.tooBig && Arrays.equals(content, c.content);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(content), octets, tooBig);
        }

        @Override
        public String toString() {
            return "Chunk[" + octets + " octets, kept " + content.length + "]";
        }
    }
}
