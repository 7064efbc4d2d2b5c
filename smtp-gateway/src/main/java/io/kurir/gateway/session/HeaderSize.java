package io.kurir.gateway.session;

/**
 * Postfix's header_size_limit: the size of one logical header (a field with its folded
 * continuation lines). Postfix's cleanup cuts an oversized header short and accepts the message;
 * Kurir refuses it before the 250 instead, so nothing is changed silently.
 */
final class HeaderSize {

    /** Postfix's default header_size_limit, in octets. */
    static final int DEFAULT_LIMIT = 102_400;

    private HeaderSize() {
    }

    /**
     * The octets of the longest logical header of the message's header section (which ends at the
     * first empty line), line ends included.
     */
    static long longest(byte[] message) {
        long longest = 0;
        long current = 0;
        int lineStart = 0;
        for (int i = 0; i < message.length; i++) {
            if (message[i] != '\n') {
                continue;
            }
            int lineLength = i + 1 - lineStart;
            boolean empty = lineLength == 1 || (lineLength == 2 && message[lineStart] == '\r');
            if (empty) {
                return Math.max(longest, current);
            }
            boolean continuation = message[lineStart] == ' ' || message[lineStart] == '\t';
            current = continuation ? current + lineLength : lineLength;
            longest = Math.max(longest, current);
            lineStart = i + 1;
        }
        // no empty line: the whole message is header; count the last unterminated line too
        int rest = message.length - lineStart;
        if (rest > 0) {
            boolean continuation = message[lineStart] == ' ' || message[lineStart] == '\t';
            current = continuation ? current + rest : rest;
        }
        return Math.max(longest, current);
    }
}
