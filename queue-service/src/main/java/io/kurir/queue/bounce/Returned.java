package io.kurir.queue.bounce;

/** How much of the original message a notice carries in its third part. */
enum Returned {
    /** The whole message (RFC 3461 section 4.3, {@code RET=FULL} or no {@code RET}). */
    MESSAGE,
    /** The headers, because {@code RET=HDRS} or the kind of notice returns no more. */
    HEADERS,
    /** The headers, because the message is larger than {@code bounce-size-limit}. */
    HEADERS_TOO_LARGE
}
