package io.kurir.smtp.codec;

import java.util.Arrays;
import java.util.Optional;

/**
 * The DATA phase: reads message content up to the end-of-data sequence, byte by byte, so nothing
 * but the kept content is buffered and the state survives any split of the input.
 *
 * <p>RFC 5321 section 4.1.1.4: the content ends with {@code <CRLF>.<CRLF>}. That is the only end
 * recognised: a line holding just "." and ended by CRLF, whose preceding line was also ended by
 * CRLF (or which is the first line). {@code <LF>.<LF>}, {@code <LF>.<CR><LF>},
 * {@code <CR><LF>.<LF>} and {@code <CR>.<CR>} are content (SMTP smuggling defence, CVE-2023-51764).
 * RFC 5321 section 4.5.2: a line beginning with "." loses that first dot.
 */
final class MessageReader {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DOT = '.';
    private static final byte[] CRLF = {CR, LF};
    private static final byte[] NOTHING = new byte[0];

    private enum State {
        /** Nothing of the current line seen yet. */
        LINE_START,
        /** The line so far is ".". */
        DOT,
        /** The line so far is ".", CR. */
        DOT_CR,
        /** Inside a line; {@code pendingCr} says whether the last byte was a CR not yet written. */
        IN_LINE
    }

    private final long maxMessageSize;
    private final BareNewline bareNewlineMode;
    private final byte[] oneByte = new byte[1];

    private State state = State.LINE_START;
    private boolean pendingCr;
    private boolean previousLineCrlf = true;
    private byte[] content = NOTHING;
    private int length;
    private long octets;
    private boolean tooBig;
    private boolean bareNewline;

    MessageReader(long maxMessageSize, BareNewline bareNewlineMode) {
        this.maxMessageSize = maxMessageSize;
        this.bareNewlineMode = bareNewlineMode;
    }

    /**
     * Consumes bytes from {@code in} until end-of-data or until {@code in} is empty.
     *
     * @return the message once its end was read (the terminator is consumed, bytes after it are
     *     left in {@code in}), empty when more input is needed
     */
    Optional<SmtpInput.MessageData> read(PendingBytes in) {
        byte[] a = in.array();
        int i = in.start();
        int end = in.end();
        while (i < end) {
            byte b = a[i];
            switch (state) {
                case IN_LINE -> {
                    if (b == CR) {
                        if (pendingCr) {
                            write(CR); // a bare CR is just an octet
                        }
                        pendingCr = true;
                        i++;
                    } else if (b == LF) {
                        i++;
                        endOfLine(pendingCr);
                    } else {
                        if (pendingCr) {
                            write(CR);
                            pendingCr = false;
                        }
                        int run = i;
                        while (run < end && a[run] != CR && a[run] != LF) {
                            run++;
                        }
                        write(a, i, run - i);
                        i = run;
                    }
                }
                case LINE_START -> {
                    i++;
                    if (b == DOT) {
                        state = State.DOT;
                    } else if (b == LF) {
                        endOfLine(false);
                    } else {
                        state = State.IN_LINE;
                        pendingCr = b == CR;
                        if (b != CR) {
                            write(b);
                        }
                    }
                }
                case DOT -> {
                    // RFC 5321 section 4.5.2: the leading dot is dropped; b is read again as line content.
                    if (b == CR) {
                        i++;
                        state = State.DOT_CR;
                    } else if (b == LF) {
                        i++;
                        endOfLine(false); // ".<LF>" never ends the message
                    } else {
                        state = State.IN_LINE;
                    }
                }
                case DOT_CR -> {
                    if (b == LF && previousLineCrlf) {
                        in.skip(i + 1 - in.start());
                        return Optional.of(finish());
                    }
                    if (b == LF) {
                        i++;
                        endOfLine(true); // "<LF>.<CR><LF>" is an (unstuffed) empty line
                    } else {
                        state = State.IN_LINE; // the CR was bare; b is read again
                        pendingCr = true;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        in.skip(end - in.start());
        return Optional.empty();
    }

    private void endOfLine(boolean crlf) {
        if (!crlf) {
            bareNewline = true;
        }
        write(CRLF, 0, 2); // RFC 5321 section 2.3.8: stored lines end with CRLF
        previousLineCrlf = crlf;
        pendingCr = false;
        state = State.LINE_START;
    }

    private void write(byte b) {
        oneByte[0] = b;
        write(oneByte, 0, 1);
    }

    private void write(byte[] src, int off, int len) {
        octets += len;
        if (octets > maxMessageSize) {
            tooBig = true;
        }
        if (tooBig || (bareNewline && bareNewlineMode == BareNewline.REJECT)) {
            content = NOTHING; // not kept: the session rejects this message
            length = 0;
            return;
        }
        if (length + len > content.length) {
            long wanted = Math.max(length + (long) len, Math.max(8192L, content.length * 2L));
            content = Arrays.copyOf(content, (int) Math.min(wanted, maxMessageSize));
        }
        System.arraycopy(src, off, content, length, len);
        length += len;
    }

    private SmtpInput.MessageData finish() {
        SmtpInput.MessageData message = new SmtpInput.MessageData(
                Arrays.copyOf(content, length), octets, tooBig, bareNewline);
        state = State.LINE_START;
        pendingCr = false;
        previousLineCrlf = true;
        content = NOTHING;
        length = 0;
        octets = 0;
        tooBig = false;
        bareNewline = false;
        return message;
    }
}
