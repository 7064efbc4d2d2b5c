package io.kurir.imap.pop3;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A message as RETR and TOP send it (RFC 1939 section 3), a chunk at a time: every line ends in CRLF
 * (a stored bare LF goes out as CRLF), a line that starts with "." gets another "." in front, and
 * the answer ends with ".CRLF" on a line of its own. For TOP, the header, the empty line and then
 * at most {@code bodyLines} lines of the body.
 */
public final class MessageWriter {

    private static final byte[] END = {'.', '\r', '\n'};

    private final byte[] message;
    private final OptionalInt bodyLines;
    private int pos;
    private boolean lineStart = true;
    private boolean inHeader = true;
    private boolean lineEmpty = true;
    private int bodyLinesSent;
    private boolean finished;

    public MessageWriter(byte[] message, OptionalInt bodyLines) {
        this.message = message;
        this.bodyLines = bodyLines;
    }

    /** The next part of the answer, about {@code budget} octets (at least one line's worth); empty when all is sent. */
    public Optional<byte[]> next(int budget) {
        if (finished) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(budget + 16, message.length - pos + 16));
        while (out.size() < budget) {
            if (pos >= message.length || lineStart && bodyLimitReached()) {
                if (!lineStart) {
                    out.write('\r');
                    out.write('\n');
                }
                out.write(END, 0, END.length);
                finished = true;
                break;
            }
            byte b = message[pos++];
            if (lineStart && b == '.') {
                out.write('.'); // RFC 1939 section 3: byte-stuffing
            }
            if (b == '\n') {
                out.write('\r');
                out.write('\n');
                endOfLine();
                continue;
            }
            if (b == '\r' && pos < message.length && message[pos] == '\n') {
                pos++;
                out.write('\r');
                out.write('\n');
                endOfLine();
                continue;
            }
            out.write(b);
            lineStart = false;
            lineEmpty = false;
        }
        return Optional.of(out.toByteArray());
    }

    private void endOfLine() {
        if (inHeader && lineEmpty) {
            inHeader = false; // the empty line between header and body (RFC 5322 section 2.1)
        } else if (!inHeader) {
            bodyLinesSent++;
        }
        lineStart = true;
        lineEmpty = true;
    }

    private boolean bodyLimitReached() {
        return bodyLines.isPresent() && !inHeader && bodyLinesSent >= bodyLines.getAsInt();
    }
}
