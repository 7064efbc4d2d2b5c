package io.kurir.mime;

import java.util.Arrays;

/** Copies raw message bytes with every bare LF sent as CRLF, as Dovecot serves messages (RFC 3501 §2.3.1). */
final class Crlf {

    private Crlf() {
    }

    static byte[] copy(byte[] raw, int from, int to) {
        int bare = 0;
        for (int i = from; i < to; i++) {
            if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) {
                bare++;
            }
        }
        if (bare == 0) {
            return Arrays.copyOfRange(raw, from, to);
        }
        byte[] out = new byte[to - from + bare];
        int o = 0;
        for (int i = from; i < to; i++) {
            if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) {
                out[o++] = '\r';
            }
            out[o++] = raw[i];
        }
        return out;
    }
}
