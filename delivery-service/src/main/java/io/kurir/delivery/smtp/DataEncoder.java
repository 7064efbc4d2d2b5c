package io.kurir.delivery.smtp;

import java.io.ByteArrayOutputStream;

/**
 * The message as it goes after DATA (RFC 5321 section 4.1.1.4 and 4.5.2): every line ending made
 * CRLF (a bare LF or bare CR never goes out, section 2.3.8), a line starting with {@code .} gets
 * a second one (dot-stuffing, section 4.5.2), a missing final line ending added, then
 * {@code .CRLF}.
 */
final class DataEncoder {

    private static final byte[] END = {'.', '\r', '\n'};

    private DataEncoder() {
    }

    static byte[] encode(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + message.length / 50 + 8);
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < message.length && message[i + 1] == '\n') {
                    i++;
                }
                out.write('\r');
                out.write('\n');
                lineStart = true;
                continue;
            }
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = false;
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.write(END, 0, END.length);
        return out.toByteArray();
    }

    /** Whether any octet has the high bit set (RFC 6152: then BODY=8BITMIME). */
    static boolean hasEightBit(byte[] message) {
        for (byte b : message) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }
}
