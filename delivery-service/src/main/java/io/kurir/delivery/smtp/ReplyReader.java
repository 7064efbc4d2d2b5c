package io.kurir.delivery.smtp;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads replies (RFC 5321 section 4.2) from a blocking stream, however the bytes are split across
 * reads. Lines end in CRLF; a bare LF is tolerated. RFC 5321 section 4.5.3.1.5 limits a reply line
 * to 512 octets; longer lines are accepted up to {@link #MAX_LINE} octets, and a reply up to
 * {@link #MAX_LINES} lines, so that a hostile server cannot make the client buffer without end.
 * Not thread-safe.
 */
final class ReplyReader {

    static final int MAX_LINE = 2048;
    static final int MAX_LINES = 1000;

    private final BufferedInputStream in;

    ReplyReader(InputStream in) {
        this.in = new BufferedInputStream(in, 4096);
    }

    /**
     * The next reply.
     *
     * @throws EOFException when the server closed the connection
     * @throws SmtpProtocolException when the bytes are not a reply
     */
    ServerReply read() throws IOException {
        List<String> lines = new ArrayList<>();
        int code = -1;
        while (true) {
            String line = line();
            if (line.length() < 3 || !isCode(line) || line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-') {
                throw new SmtpProtocolException("malformed reply line: " + printable(line));
            }
            int lineCode = Integer.parseInt(line.substring(0, 3));
            if (code >= 0 && lineCode != code) {
                throw new SmtpProtocolException("reply code changed within a multi-line reply: " + printable(line));
            }
            code = lineCode;
            lines.add(line);
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new ServerReply(code, lines);
            }
            if (lines.size() >= MAX_LINES) {
                throw new SmtpProtocolException("reply longer than " + MAX_LINES + " lines");
            }
        }
    }

    /** Octets already received but not yet read as a reply (RFC 3207 section 5: none may follow a 220 to STARTTLS). */
    int buffered() throws IOException {
        return in.available();
    }

    private static boolean isCode(String line) {
        return line.charAt(0) >= '2' && line.charAt(0) <= '5' && Character.isDigit(line.charAt(1))
                && Character.isDigit(line.charAt(2));
    }

    private String line() throws IOException {
        byte[] buf = new byte[128];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(n == 0 ? "connection closed" : "connection closed within a reply line");
            }
            if (b == '\n') {
                if (n > 0 && buf[n - 1] == '\r') {
                    n--;
                }
                return new String(buf, 0, n, StandardCharsets.UTF_8);
            }
            if (n >= MAX_LINE) {
                throw new SmtpProtocolException("reply line longer than " + MAX_LINE + " octets");
            }
            if (n == buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_LINE + 1));
            }
            buf[n++] = (byte) b;
        }
    }

    /** At most 100 characters with control characters as {@code ?}: safe for a log line and a DSN. */
    static String printable(String text) {
        return printable(text, 100);
    }

    static String printable(String text, int max) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(max).forEach(c -> out.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return out.toString();
    }
}
