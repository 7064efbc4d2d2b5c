package io.kurir.queue.bounce;

import java.util.Arrays;

/** The returned message: line endings made valid SMTP input, its header section, 8-bit detection. */
final class OriginalMessage {

    /** RFC 5322 section 2.1.1 (and RFC 5321 section 4.5.3.1.6): at most 998 octets before CRLF. */
    static final int MAX_LINE = 998;

    private OriginalMessage() {
    }

    /**
     * The message with every line ending CRLF (a bare LF or bare CR becomes CRLF), lines over 998 octets
     * broken (never inside a UTF-8 sequence), and a final CRLF. All other octets are kept as they are.
     */
    static byte[] normalise(byte[] in) {
        byte[] out = new byte[in.length + in.length / 256 + 16];
        int size = 0;
        int lineStart = 0;
        int i = 0;
        while (i < in.length) {
            if (out.length - size < 8) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            byte b = in[i];
            if (b == '\r' || b == '\n') {
                out[size++] = '\r';
                out[size++] = '\n';
                i += (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') ? 2 : 1;
                lineStart = size;
                continue;
            }
            if (size - lineStart == MAX_LINE) {
                int back = 0;
                if ((b & 0xC0) == 0x80) {
                    // b continues a UTF-8 sequence: move the sequence's first octets to the next line
                    int k = 1;
                    while (k < 4 && size - k > lineStart && (out[size - k] & 0xC0) == 0x80) {
                        k++;
                    }
                    if (k < 4 && (out[size - k] & 0xC0) == 0xC0) {
                        back = k;
                    }
                }
                System.arraycopy(out, size - back, out, size - back + 2, back);
                out[size - back] = '\r';
                out[size - back + 1] = '\n';
                size += 2;
                lineStart = size - back;
            }
            out[size++] = b;
            i++;
        }
        if (size > lineStart) {
            out = Arrays.copyOf(out, size + 2);
            out[size++] = '\r';
            out[size++] = '\n';
        }
        return Arrays.copyOf(out, size);
    }

    /**
     * The header section of a normalised message, up to the first empty line and without it; the whole
     * message when it has no empty line.
     */
    static byte[] headers(byte[] normalised) {
        if (normalised.length >= 2 && normalised[0] == '\r' && normalised[1] == '\n') {
            return new byte[0];
        }
        int end = indexOf(normalised, new byte[] {'\r', '\n', '\r', '\n'}, 0);
        int length = end < 0 ? normalised.length : end + 2;
        byte[] h = new byte[length];
        System.arraycopy(normalised, 0, h, 0, length);
        return h;
    }

    /** The first {@code limit} octets at most, cut after the last complete line. */
    static byte[] truncateLines(byte[] normalised, int limit) {
        if (normalised.length <= limit) {
            return normalised;
        }
        int end = limit;
        while (end >= 2 && !(normalised[end - 2] == '\r' && normalised[end - 1] == '\n')) {
            end--;
        }
        return Arrays.copyOf(normalised, end < 2 ? 0 : end);
    }

    static boolean has8bit(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                return true;
            }
        }
        return false;
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
