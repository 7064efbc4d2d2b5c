package io.kurir.imap.codec;

import java.util.Optional;

/**
 * Follows one text segment of a command byte by byte (everything up to, not including, the LF)
 * and tells at its end whether it announced a literal.
 *
 * <p>RFC 3501 section 4.3 / RFC 9051 section 4.3: a literal is {@code "{" number "}" CRLF} at the
 * very end of a line; RFC 7888 adds the non-synchronizing {@code {n+}}, RFC 3516 / RFC 9051 the
 * literal8 prefix {@code ~}. A brace inside a quoted string is text, so quoted strings (with their
 * backslash escapes) are tracked too. State survives across {@link ImapInputDecoder#feed} calls and
 * across discarded bytes, so the outcome does not depend on how the input was chunked.
 */
final class LineScanner {

    /** A literal announced at the end of a segment. */
    record Marker(long size, boolean synchronizing, boolean binary) {
    }

    /** Sizes are saturated here: far above any limit, and {@code 10 * SATURATED + 9} cannot overflow. */
    static final long SATURATED = Long.MAX_VALUE / 100;

    private enum State { NONE, OPEN, DIGITS, PLUS, CLOSED, CLOSED_CR }

    private boolean quoted;
    private boolean escaped;
    private State state = State.NONE;
    private long value;
    private boolean plus;
    private boolean tilde;
    private boolean afterTilde;

    void reset() {
        quoted = false;
        escaped = false;
        state = State.NONE;
        value = 0;
        plus = false;
        tilde = false;
        afterTilde = false;
    }

    /** Follows one byte of the segment; never called with LF. */
    void accept(byte b) {
        if (quoted) {
            if (escaped) {
                escaped = false;
            } else if (b == '\\') {
                escaped = true;
            } else if (b == '"') {
                quoted = false;
            }
            return;
        }
        boolean wasTilde = afterTilde;
        afterTilde = b == '~';
        switch (b) {
            case '"' -> {
                quoted = true;
                state = State.NONE;
            }
            case '{' -> {
                state = State.OPEN;
                value = 0;
                plus = false;
                tilde = wasTilde;
            }
            case '+' -> {
                plus = state == State.DIGITS;
                state = plus ? State.PLUS : State.NONE;
            }
            case '}' -> state = state == State.DIGITS || state == State.PLUS ? State.CLOSED : State.NONE;
            case '\r' -> state = state == State.CLOSED ? State.CLOSED_CR : State.NONE;
            default -> {
                if (b >= '0' && b <= '9' && (state == State.OPEN || state == State.DIGITS)) {
                    state = State.DIGITS;
                    value = Math.min(SATURATED, value * 10 + (b - '0'));
                } else {
                    state = State.NONE;
                }
            }
        }
    }

    /** The literal announced by the segment followed so far, if it ended now. */
    Optional<Marker> marker() {
        if (state != State.CLOSED && state != State.CLOSED_CR) {
            return Optional.empty();
        }
        return Optional.of(new Marker(value, !plus, tilde));
    }
}
