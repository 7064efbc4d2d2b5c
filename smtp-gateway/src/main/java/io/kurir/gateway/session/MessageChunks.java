package io.kurir.gateway.session;

import java.io.ByteArrayOutputStream;

/**
 * The BDAT chunks of one message (RFC 3030), bounded by the message size limit, and the bare-LF
 * rule applied to the assembled message as {@code smtpd_forbid_bare_newline} applies it to DATA.
 */
final class MessageChunks {

    private final ByteArrayOutputStream content = new ByteArrayOutputStream();
    private final long limit;
    private boolean started;

    /** @param limit the most octets kept in all; Postfix's message_size_limit (0: the largest array) */
    MessageChunks(long limit) {
        this.limit = limit > 0 ? limit : Integer.MAX_VALUE - 8;
    }

    /** How many more octets may be kept. */
    long room() {
        return Math.max(0, limit - content.size());
    }

    void append(byte[] chunk) {
        started = true;
        content.writeBytes(chunk);
    }

    /** Whether BDAT began this transaction (then DATA may not follow). */
    boolean started() {
        return started;
    }

    void reset() {
        started = false;
        content.reset();
    }

    byte[] message() {
        return content.toByteArray();
    }

    static boolean hasBareLf(byte[] message) {
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r')) {
                return true;
            }
        }
        return false;
    }

    /** Bare LF to CRLF, as smtpd_forbid_bare_newline=normalize does for DATA. */
    static byte[] crlf(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 64);
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(message[i]);
        }
        return out.toByteArray();
    }
}
