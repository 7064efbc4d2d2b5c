package io.kurir.smtp.codec;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Bytes fed to the decoder and not yet consumed: a growable window {@code [start, end)} over one
 * array. Consuming advances {@code start}; the array is compacted or grown only on append.
 */
final class PendingBytes {

    private static final int INITIAL = 4096;
    /** An empty buffer larger than this is given back after a big chunk was consumed. */
    private static final int KEEP_AT_MOST = 64 * 1024;

    private byte[] buf = new byte[INITIAL];
    private int start;
    private int end;

    int size() {
        return end - start;
    }

    void append(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        if (buf.length - end < len) {
            int size = size();
            byte[] target = size + len <= buf.length ? buf : new byte[Math.max(buf.length * 2, size + len)];
            System.arraycopy(buf, start, target, 0, size);
            buf = target;
            start = 0;
            end = size;
        }
        System.arraycopy(src, off, buf, end, len);
        end += len;
    }

    /** Offset of the first {@code b} at or after {@code from} (relative to start), or -1. */
    int indexOf(byte b, int from) {
        for (int i = start + from; i < end; i++) {
            if (buf[i] == b) {
                return i - start;
            }
        }
        return -1;
    }

    byte at(int offset) {
        return buf[start + offset];
    }

    String utf8(int length) {
        return new String(buf, start, length, StandardCharsets.UTF_8);
    }

    /** Direct access for the message reader's scanning loop: the array and window bounds. */
    byte[] array() {
        return buf;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }

    void skip(int count) {
        start += count;
        if (start == end) {
            start = 0;
            end = 0;
            if (buf.length > KEEP_AT_MOST) {
                buf = new byte[INITIAL];
            }
        }
    }
}
