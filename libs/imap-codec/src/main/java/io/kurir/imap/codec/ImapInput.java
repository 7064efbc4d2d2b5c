package io.kurir.imap.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** One unit of client input framed by {@link ImapInputDecoder}. */
public sealed interface ImapInput {

    /**
     * A complete command: the exact octets the client sent, literals included with their
     * {@code {n}} markers and line breaks, without the final CRLF (or bare LF). Pass it to
     * {@link ImapCommandParser#parse(Command, MailboxEncoding)}.
     *
     * @param bytes the command; not copied, do not modify
     */
    record Command(byte[] bytes) implements ImapInput {
        public Command {
            Objects.requireNonNull(bytes, "bytes");
        }

        /** A command from test text, one octet per character (ISO-8859-1), so CR and LF are exact. */
        public static Command of(String text) {
            return new Command(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Equal when the bytes are equal. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Command c && Arrays.equals(bytes, c.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        /** The bytes as ISO-8859-1 text with CR and LF escaped, for logs and assertion messages. */
        @Override
        public String toString() {
            return "Command[" + Ascii.escape(bytes, 0, bytes.length) + "]";
        }
    }

    /**
     * The command so far ends with a synchronizing literal {@code {n}}: the client waits for a
     * command continuation request before sending the literal data (RFC 9051 section 7.5). Write
     * {@link ImapResponse#READY_FOR_LITERAL} and keep calling {@link ImapInputDecoder#next()}; or
     * refuse the command with a tagged NO/BAD and call {@link ImapInputDecoder#abandonCommand()}.
     *
     * @param tag the command's tag, when the decoder could read one
     * @param size the announced literal size in octets
     */
    record ContinueLiteral(Optional<String> tag, long size) implements ImapInput {
        public ContinueLiteral {
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * A command broke one of the {@link ImapDecoderLimits}. The decoder has dropped what it had of
     * the command and drops the rest as it arrives (including the data of a non-synchronizing
     * literal, RFC 7888 section 4); the next command is decoded normally. Answer {@link #response()}.
     *
     * @param tag the command's tag, when the decoder could read one
     * @param limit which limit
     * @param literalSize the announced size, when a literal broke the limit
     */
    record TooBig(Optional<String> tag, Limit limit, OptionalLong literalSize) implements ImapInput {
        public TooBig {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(limit, "limit");
            Objects.requireNonNull(literalSize, "literalSize");
        }

        /** The reply: tagged, or untagged {@code * BAD} when the tag could not be read (RFC 9051 section 7.1.3). */
        public ImapResponse response() {
            if (tag.isEmpty()) {
                return ImapResponse.untagged(ImapResponse.Status.BAD, limit.code, limit.text);
            }
            return ImapResponse.tagged(tag.get(), limit.status, limit.code, limit.text);
        }
    }

    /** The {@link ImapDecoderLimits} a command can break, and how each is answered. */
    enum Limit {
        /** {@link ImapDecoderLimits#maxLineLength()}: {@code BAD Command line too long}. */
        LINE_LENGTH(ImapResponse.Status.BAD, Optional.empty(), "Command line too long"),
        /** {@link ImapDecoderLimits#maxLiteralSize()}: {@code BAD [TOOBIG] Literal too large}. */
        LITERAL_SIZE(ImapResponse.Status.BAD, Optional.of(ResponseCode.of(ResponseCode.Kind.TOOBIG)), "Literal too large"),
        /** {@link ImapDecoderLimits#appendLimit()}: {@code NO [TOOBIG]} (RFC 7889 section 4). */
        APPEND_LIMIT(ImapResponse.Status.NO, Optional.of(ResponseCode.of(ResponseCode.Kind.TOOBIG)), "Message too large"),
        /** {@link ImapDecoderLimits#maxCommandSize()}: {@code NO [TOOBIG] Command too large}. */
        COMMAND_SIZE(ImapResponse.Status.NO, Optional.of(ResponseCode.of(ResponseCode.Kind.TOOBIG)), "Command too large"),
        /** A non-synchronizing literal above 4096 octets under LITERAL-: {@code BAD [TOOBIG]} (RFC 7888 section 4). */
        NON_SYNCHRONIZING_LITERAL(ImapResponse.Status.BAD, Optional.of(ResponseCode.of(ResponseCode.Kind.TOOBIG)),
                "Non-synchronizing literal larger than 4096 octets");

        private final ImapResponse.Status status;
        private final Optional<ResponseCode> code;
        private final String text;

        Limit(ImapResponse.Status status, Optional<ResponseCode> code, String text) {
            this.status = status;
            this.code = code;
            this.text = text;
        }
    }

    /**
     * A client line read in the mode {@link ImapInputDecoder#expectAuthenticateResponse()}: one step
     * of an AUTHENTICATE exchange (RFC 9051 section 6.2.2), base64 or {@code *} to cancel. Not
     * validated.
     */
    record AuthenticateResponse(String line) implements ImapInput {
        public AuthenticateResponse {
            Objects.requireNonNull(line, "line");
        }

        /** The client cancelled the exchange with {@code *}; answer tagged BAD. */
        public boolean isCancellation() {
            return line.equals("*");
        }
    }

    /** {@code DONE} ended an IDLE (RFC 2177, RFC 9051 section 6.3.13); answer the IDLE's tagged OK. */
    record IdleDone() implements ImapInput {
    }

    /**
     * A line other than {@code DONE} during IDLE. The decoder is back in command mode; end the
     * IDLE with a tagged BAD, as Dovecot does.
     */
    record IdleUnexpected(String line) implements ImapInput {
        public IdleUnexpected {
            Objects.requireNonNull(line, "line");
        }
    }
}
