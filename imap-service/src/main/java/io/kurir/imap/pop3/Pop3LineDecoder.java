package io.kurir.imap.pop3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Splits client bytes into lines, whatever the TCP segments were. Sans-I/O: the connection feeds
 * bytes and takes complete lines. RFC 2449 section 4 limits a command to 255 octets including CRLF;
 * a longer line is reported once as {@link Pop3Line.TooLong} and nothing after it is decoded (the
 * connection says {@code -ERR Input line too long.} and closes, as Dovecot's pop3 does).
 */
public final class Pop3LineDecoder {

    /** RFC 2449 section 4: "the maximum length of a command line is 255 octets, including the terminating CRLF". */
    public static final int MAX_LINE = 255;

    private final int maxLine;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private final ArrayDeque<Pop3Line> ready = new ArrayDeque<>();
    private boolean overflowed;

    public Pop3LineDecoder() {
        this(MAX_LINE);
    }

    public Pop3LineDecoder(int maxLine) {
        this.maxLine = maxLine;
    }

    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length && !overflowed; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                byte[] line = current.toByteArray();
                int end = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
                ready.add(new Pop3Line.Line(new String(line, 0, end, StandardCharsets.ISO_8859_1)));
                current.reset();
                continue;
            }
            current.write(b);
            // with its CRLF the line would exceed the limit (a CR as the last octet so far may be the CRLF's)
            int size = current.size();
            if (size >= maxLine || size == maxLine - 1 && b != '\r') {
                overflowed = true;
                current.reset();
                ready.add(new Pop3Line.TooLong());
            }
        }
    }

    /** The next complete line, in order; empty when more bytes are needed. */
    public Optional<Pop3Line> next() {
        return Optional.ofNullable(ready.poll());
    }

    /**
     * STLS (RFC 2595 section 4): whatever the client sent behind the command came in clear text and is
     * dropped, complete lines and a partial one alike.
     */
    public void discardBuffered() {
        ready.clear();
        current.reset();
    }
}
