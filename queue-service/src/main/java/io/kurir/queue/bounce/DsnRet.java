package io.kurir.queue.bounce;

import java.util.Locale;

/**
 * RFC 3461 section 4.3: the {@code RET} parameter of the original {@code MAIL FROM}, i.e. how much of
 * the message a failure notice returns.
 */
public enum DsnRet {

    /** {@code RET=FULL}: the whole message (within {@code bounce-size-limit}). */
    FULL,

    /** {@code RET=HDRS}: the headers only. */
    HDRS,

    /** No {@code RET} given: Postfix then returns the whole message, like {@link #FULL}. */
    NOT_SPECIFIED;

    /** The stored envelope value ({@code "FULL"}, {@code "HDRS"}, or null/blank when none was given). */
    public static DsnRet of(String envelopeValue) {
        if (envelopeValue == null || envelopeValue.isBlank()) {
            return NOT_SPECIFIED;
        }
        return switch (envelopeValue.trim().toUpperCase(Locale.ROOT)) {
            case "FULL" -> FULL;
            case "HDRS" -> HDRS;
            default -> throw new IllegalArgumentException("bad RET value " + envelopeValue);
        };
    }
}
