package io.kurir.imap.codec;

/**
 * How much one client command may make {@link ImapInputDecoder} buffer. Every limit is checked
 * before the bytes are kept, so a breach costs no memory: the decoder reports
 * {@link ImapInput.TooBig} and drops the rest of the command as it arrives.
 *
 * @param maxLineLength the most octets of command text, summed over all lines of one command
 *     (a command with literals has several), line terminators included, literal data excluded
 * @param maxLiteralSize the largest literal accepted in any command other than APPEND (a search
 *     string, a password, a mailbox name); like Cyrus's {@code maxliteral}
 * @param appendLimit the largest literal accepted in APPEND, i.e. the largest message; advertise it
 *     as {@code APPENDLIMIT=} (RFC 7889)
 * @param maxCommandSize the most octets one command may occupy in total, text and literals; bounds
 *     MULTIAPPEND (RFC 3502), which sends several messages in one command. At most
 *     {@link #MAX_COMMAND_SIZE_LIMIT}, because a complete command is handed out as one array
 * @param nonSynchronizingLiterals which non-synchronizing literals ({@code {n+}}) are accepted
 */
public record ImapDecoderLimits(int maxLineLength, long maxLiteralSize, long appendLimit, long maxCommandSize,
                                NonSynchronizingLiterals nonSynchronizingLiterals) {

    /** The largest {@code maxCommandSize + maxLineLength} a Java array can hold. */
    public static final long MAX_COMMAND_SIZE_LIMIT = Integer.MAX_VALUE - 8;

    /** The smallest {@link #maxLineLength} accepted: enough for a tag, a command name and a literal marker. */
    public static final int MIN_LINE_LENGTH = 32;

    /** The LITERAL- threshold: non-synchronizing literals up to this size are always allowed (RFC 7888 section 4). */
    public static final long LITERAL_MINUS_MAX = 4096;

    /**
     * 64 KiB of command text (Dovecot's {@code imap_max_line_length}), 64 KiB per non-APPEND literal,
     * 10240000-octet messages (Postfix's {@code message_size_limit} default), 64 MiB per command,
     * LITERAL+.
     */
    public static final ImapDecoderLimits DEFAULT = new ImapDecoderLimits(
            64 * 1024, 64 * 1024, 10_240_000, 64L * 1024 * 1024, NonSynchronizingLiterals.LITERAL_PLUS);

    /** Which non-synchronizing literals the server accepts; advertise the matching capability. */
    public enum NonSynchronizingLiterals {
        /** {@code LITERAL+}: any size, within the other limits (RFC 7888 section 3). */
        LITERAL_PLUS,
        /**
         * {@code LITERAL-}: at most {@link #LITERAL_MINUS_MAX} octets; a larger one is answered
         * {@code BAD [TOOBIG]} and its data is read and discarded (RFC 7888 section 4). IMAP4rev2
         * servers support at least this (RFC 9051 section 4.3).
         */
        LITERAL_MINUS
    }

    /**
     * @throws IllegalArgumentException when a limit is below its minimum, or {@code maxCommandSize}
     *     is below {@code maxLineLength} or, with it, above {@link #MAX_COMMAND_SIZE_LIMIT}
     */
    public ImapDecoderLimits {
        if (maxLineLength < MIN_LINE_LENGTH) {
            throw new IllegalArgumentException("maxLineLength below " + MIN_LINE_LENGTH + ": " + maxLineLength);
        }
        if (maxLiteralSize < 0 || appendLimit < 0) {
            throw new IllegalArgumentException("negative literal limit");
        }
        // Literals are checked against maxCommandSize; the text after the last one can add up to
        // maxLineLength more, and the whole command must still fit one array.
        if (maxCommandSize < maxLineLength || maxCommandSize + maxLineLength > MAX_COMMAND_SIZE_LIMIT) {
            throw new IllegalArgumentException("maxCommandSize out of range: " + maxCommandSize);
        }
        if (nonSynchronizingLiterals == null) {
            throw new IllegalArgumentException("nonSynchronizingLiterals is required");
        }
    }

    /** These limits with another line length. */
    public ImapDecoderLimits withMaxLineLength(int octets) {
        return new ImapDecoderLimits(octets, maxLiteralSize, appendLimit, maxCommandSize, nonSynchronizingLiterals);
    }

    /** These limits with another non-APPEND literal size. */
    public ImapDecoderLimits withMaxLiteralSize(long octets) {
        return new ImapDecoderLimits(maxLineLength, octets, appendLimit, maxCommandSize, nonSynchronizingLiterals);
    }

    /** These limits with another APPENDLIMIT. */
    public ImapDecoderLimits withAppendLimit(long octets) {
        return new ImapDecoderLimits(maxLineLength, maxLiteralSize, octets, maxCommandSize, nonSynchronizingLiterals);
    }

    /** These limits with another total command size. */
    public ImapDecoderLimits withMaxCommandSize(long octets) {
        return new ImapDecoderLimits(maxLineLength, maxLiteralSize, appendLimit, octets, nonSynchronizingLiterals);
    }

    /** These limits with another non-synchronizing literal policy. */
    public ImapDecoderLimits with(NonSynchronizingLiterals policy) {
        return new ImapDecoderLimits(maxLineLength, maxLiteralSize, appendLimit, maxCommandSize, policy);
    }
}
