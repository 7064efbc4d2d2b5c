package io.kurir.imap.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * The decoder's input buffer: bytes fed and not yet consumed, kept in {@code buf[head, tail)}.
 * Offsets in the methods are relative to {@code head}. Consuming moves {@code head}; the array is
 * compacted or enlarged only when bytes are appended, and a large array is released once empty.
 */
final class PendingBytes {

    private static final int INITIAL_CAPACITY = 4096;
    /** An emptied buffer larger than this is replaced by a small one, so a big literal does not pin memory. */
    private static final int RELEASE_ABOVE = 256 * 1024;

    private byte[] buf = new byte[INITIAL_CAPACITY];
    private int head;
    private int tail;

    int size() {
        return tail - head;
    }

    void append(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        if (len > buf.length - tail) {
            int size = size();
            if (len > Integer.MAX_VALUE - 8 - size) {
                throw new IllegalStateException("decoder buffer overflow: call next() before feeding more");
            }
            int needed = size + len;
            byte[] target = needed <= buf.length ? buf
                    : new byte[(int) Math.min(Integer.MAX_VALUE - 8L, Math.max(2L * buf.length, needed))];
            System.arraycopy(buf, head, target, 0, size);
            buf = target;
            head = 0;
            tail = size;
        }
        System.arraycopy(src, off, buf, tail, len);
        tail += len;
    }

    byte at(int offset) {
        return buf[head + offset];
    }

    /** A copy of {@code length} bytes starting at {@code offset}. */
    byte[] copy(int offset, int length) {
        return Arrays.copyOfRange(buf, head + offset, head + offset + length);
    }

    void skip(int count) {
        if (count < 0 || count > size()) {
            throw new IndexOutOfBoundsException("skip " + count + " of " + size());
        }
        head += count;
        if (head == tail) {
            head = 0;
            tail = 0;
            if (buf.length > RELEASE_ABOVE) {
                buf = new byte[INITIAL_CAPACITY];
            }
        }
    }
}
